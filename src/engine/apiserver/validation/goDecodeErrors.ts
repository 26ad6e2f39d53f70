// How sigs.k8s.io/json (a fork of encoding/json, Kubernetes 1.32) reports a body that does not
// decode into the typed Go struct: each ajv error is mapped to Go's own text (UnmarshalTypeError,
// the UnmarshalJSON errors of resource.Quantity, metav1.Time and intstr.IntOrString, base64
// CorruptInputError, strict-mode unknown fields), and Go's precedence picks what is returned.

import type { ErrorObject } from "ajv";
import { tryParseQuantity } from "../../util/quantity";
import { MICRO_TIME, OPAQUE, QUANTITY, TIME, definitions, isIntIn, type SchemaNode } from "./generatedSchema";
import { base64ErrorOffset } from "./goBase64";
import { RFC3339, RFC3339_MICRO, goTimeParseError } from "./goTime";

/** Values with their own decoding rules, checked by the decode schema's `x-go` keyword. */
export type SpecialKind = "quantity" | "time" | "microtime" | "intstr" | "bytes";

// ---- Go's decoder, error by error ------------------------------------------------------------

/** How an error ends decoding (see `pick`). */
const Severity = {
  /** Returned by an UnmarshalJSON method: decoding stops, earlier saved errors are dropped. */
  Abort: 0,
  /** Saved (the first one wins) while decoding carries on. */
  Saved: 1,
  /** A strict-mode finding, reported only when nothing else failed. */
  Strict: 2,
} as const;
type Severity = (typeof Severity)[keyof typeof Severity];

interface Finding {
  readonly severity: Severity;
  /** Position in the document, to order findings as Go meets them. */
  readonly position: readonly (string | number)[];
  readonly message: string;
}

/**
 * Go reports, in document order (kubectl sends keys sorted, as Go marshals maps): the first error
 * returned by an UnmarshalJSON method (Quantity, Time, IntOrString) if any; else the first saved
 * error (a type mismatch, bad base64); else all unknown fields as one strict decoding error.
 */
export function pick(defName: string, obj: unknown, errors: readonly ErrorObject[]): string | undefined {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const segments = parsePointer(error.instancePath);
    if (error.keyword === "additionalProperties") {
      const field = (error.params as { additionalProperty: string }).additionalProperty;
      const position = [...positionOf(obj, segments), field];
      const message = `unknown field ${JSON.stringify(strictPath(obj, [...segments, field]))}`;
      if (!seen.has(message)) {
        seen.add(message);
        findings.push({ severity: Severity.Strict, position, message });
      }
      continue;
    }
    const key = `value:${error.instancePath}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding = valueFinding(defName, obj, segments);
    if (finding) findings.push(finding);
  }
  for (const severity of [Severity.Abort, Severity.Saved] as const) {
    const first = findings.filter((f) => f.severity === severity).sort(byPosition)[0];
    if (first) return first.message;
  }
  // sigs.k8s.io/json keeps at most 100 strict errors.
  const strict = findings
    .filter((f) => f.severity === Severity.Strict)
    .sort(byPosition)
    .slice(0, 100);
  if (strict.length === 0) return undefined;
  return `strict decoding error: ${strict.map((f) => f.message).join(", ")}`;
}

function byPosition(a: Finding, b: Finding): number {
  const n = Math.min(a.position.length, b.position.length);
  for (let i = 0; i < n; i++) {
    const x = a.position[i] as string | number;
    const y = b.position[i] as string | number;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.position.length - b.position.length;
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function childOf(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) return value[Number(segment)];
  if (typeof value === "object" && value !== null) return (value as Record<string, unknown>)[segment];
  return undefined;
}

/** Array indices become numbers so positions compare as Go walks the document. */
function positionOf(obj: unknown, segments: readonly string[]): (string | number)[] {
  const out: (string | number)[] = [];
  let cur = obj;
  for (const s of segments) {
    out.push(Array.isArray(cur) ? Number(s) : s);
    cur = childOf(cur, s);
  }
  return out;
}

/** The path sigs.k8s.io/json prints in strict errors: `spec.containers[0].imagee`. */
function strictPath(obj: unknown, segments: readonly string[]): string {
  let out = "";
  let cur = obj;
  for (const s of segments) {
    if (Array.isArray(cur)) out += `[${s}]`;
    else out += out === "" ? s : `.${s}`;
    cur = childOf(cur, s);
  }
  return out;
}

interface GoView {
  /** The schema node of the value as referenced, then after following $refs (and that definition). */
  readonly raw: SchemaNode | undefined;
  readonly node: SchemaNode;
  readonly def: string | undefined;
  /** Name of the innermost struct holding the field, and the JSON names of the fields walked. */
  readonly struct: string;
  readonly fields: readonly string[];
  readonly value: unknown;
}

function deref(node: SchemaNode | undefined): { node: SchemaNode; def: string | undefined } {
  let n: SchemaNode = node ?? {};
  let def: string | undefined;
  for (let guard = 0; typeof n["$ref"] === "string" && guard < 16; guard++) {
    def = (n["$ref"] as string).slice("#/definitions/".length);
    n = definitions[def] ?? {};
  }
  return { node: n, def };
}

const shortName = (def: string | undefined): string => (def ? def.slice(def.lastIndexOf(".") + 1) : "");
const isStruct = (n: SchemaNode): boolean => typeof n["properties"] === "object" && n["properties"] !== null;
const asNode = (v: unknown): SchemaNode | undefined =>
  typeof v === "object" && v !== null ? (v as SchemaNode) : undefined;

/** Walks schema and value along a JSON pointer the way Go's decoder keeps its error context. */
function goView(defName: string, obj: unknown, segments: readonly string[]): GoView {
  let node: SchemaNode | undefined = { $ref: `#/definitions/${defName}` };
  let struct = "";
  const fields: string[] = [];
  let value = obj;
  for (const s of segments) {
    const { node: n, def } = deref(node);
    if (isStruct(n)) {
      // Go's errorContext: the struct type holding the field, and the field stack (map keys and
      // slice indices are not part of it).
      struct = shortName(def);
      fields.push(s);
      node = asNode((n["properties"] as Record<string, unknown>)[s]);
    } else if (n["type"] === "array") {
      node = asNode(n["items"]);
    } else {
      node = asNode(n["additionalProperties"]);
    }
    value = childOf(value, s);
  }
  const { node: n, def } = deref(node);
  return { raw: node, node: n, def, struct, fields, value };
}

/** reflect.Type.String() of the Go type behind a schema node. */
function goType(node: SchemaNode | undefined): string {
  const { node: n, def } = deref(node);
  if (def === QUANTITY) return "resource.Quantity";
  if (def !== undefined && (isStruct(n) || OPAQUE.has(def) || def === TIME || def === MICRO_TIME)) {
    const pkg = def.slice(0, def.lastIndexOf("."));
    return `${pkg.slice(pkg.lastIndexOf(".") + 1)}.${shortName(def)}`;
  }
  if (n["x-kubernetes-int-or-string"] === true) return "intstr.IntOrString";
  switch (n["type"]) {
    case "string":
      return n["format"] === "byte" ? "[]uint8" : "string";
    case "boolean":
      return "bool";
    case "integer":
      return n["format"] === "int64" ? "int64" : "int32";
    case "number":
      return "float64";
    case "array":
      return `[]${goType(asNode(n["items"]))}`;
    case "object":
      return `map[string]${goType(asNode(n["additionalProperties"]))}`;
    default:
      return "interface {}";
  }
}

/** encoding/json's UnmarshalTypeError text. */
function typeError(view: Pick<GoView, "struct" | "fields">, jsonValue: string, type: string): string {
  if (view.fields.length === 0) return `json: cannot unmarshal ${jsonValue} into Go value of type ${type}`;
  return `json: cannot unmarshal ${jsonValue} into Go struct field ${view.struct}.${view.fields.join(".")} of type ${type}`;
}

/** How encoding/json names a JSON value in UnmarshalTypeError (`number 1.5` for numeric targets). */
function jsonKind(value: unknown, numericTarget: boolean): string {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return numericTarget ? `number ${goNumber(value)}` : "number";
  return "object";
}

/** The JSON text kubectl sends for a number: Go marshals float64 as ES6 does. */
function goNumber(n: number): string {
  return String(n);
}

function valueFinding(defName: string, obj: unknown, segments: readonly string[]): Finding | undefined {
  const view = goView(defName, obj, segments);
  const position = positionOf(obj, segments);
  const special = specialKindOf(view);
  if (special !== undefined) {
    const failure = specialError(special, view.value);
    if (!failure) return undefined;
    const message =
      failure.type === "typeError" ? typeError(view, failure.jsonValue, failure.goType) : failure.message;
    return { severity: special === "bytes" ? Severity.Saved : Severity.Abort, position, message };
  }
  const type = view.node["type"];
  const numeric = type === "integer" || type === "number";
  return {
    severity: Severity.Saved,
    position,
    message: typeError(view, jsonKind(view.value, numeric), goType(view.raw)),
  };
}

function specialKindOf(view: GoView): SpecialKind | undefined {
  if (view.def === QUANTITY) return "quantity";
  if (view.def === TIME) return "time";
  if (view.def === MICRO_TIME) return "microtime";
  if (view.node["x-kubernetes-int-or-string"] === true) return "intstr";
  if (view.node["format"] === "byte") return "bytes";
  return undefined;
}

type SpecialFailure =
  | { readonly type: "typeError"; readonly jsonValue: string; readonly goType: string }
  | { readonly type: "message"; readonly message: string };

/** Go's verdict on a value with its own decoding rules; undefined when it decodes. */
export function specialError(kind: SpecialKind, value: unknown): SpecialFailure | undefined {
  if (value === null || value === undefined) return undefined;
  switch (kind) {
    case "quantity": {
      // Quantity.UnmarshalJSON hands the raw JSON text to ParseQuantity: `true` or `{…}` fail its format.
      const parsed =
        typeof value === "string" || typeof value === "number" ? tryParseQuantity(value) : undefined;
      if (parsed?.ok) return undefined;
      return { type: "message", message: parsed ? parsed.error : QUANTITY_FORMAT_WRONG };
    }
    case "time":
    case "microtime": {
      // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse.
      if (typeof value !== "string")
        return { type: "typeError", jsonValue: jsonKind(value, false), goType: "string" };
      const err = goTimeParseError(kind === "time" ? RFC3339 : RFC3339_MICRO, value);
      return err === undefined ? undefined : { type: "message", message: err };
    }
    case "intstr": {
      // IntOrString.UnmarshalJSON: a JSON string is the string form, anything else goes into an int32.
      if (typeof value === "string") return undefined;
      if (typeof value === "number" && isIntIn(value, 2 ** 31)) return undefined;
      return { type: "typeError", jsonValue: jsonKind(value, true), goType: "int32" };
    }
    case "bytes":
      return bytesError(value);
  }
}

const QUANTITY_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** A []byte field: base64 from a string, or (rarely) a JSON array of byte values. */
function bytesError(value: unknown): SpecialFailure | undefined {
  if (typeof value === "string") {
    const at = base64ErrorOffset(value);
    return at === undefined
      ? undefined
      : { type: "message", message: `illegal base64 data at input byte ${at}` };
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === null) continue;
      if (typeof item === "number" && Number.isInteger(item) && item >= 0 && item <= 255) continue;
      return { type: "typeError", jsonValue: jsonKind(item, true), goType: "uint8" };
    }
    return undefined;
  }
  return { type: "typeError", jsonValue: jsonKind(value, false), goType: "[]uint8" };
}
