// Strict decoding, as the apiserver does it for `fieldValidation=Strict` (kubectl's default):
// the JSON body is unmarshalled into the typed Go struct by sigs.k8s.io/json (a fork of
// encoding/json) and every failure becomes a 400 BadRequest whose text is Go's own:
//
//   Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"
//   Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct
//     field ContainerPort.spec.containers.ports.containerPort of type int32
//
// ajv (compiled once per kind from the generated schema) says whether the object decodes; when
// it does not, each ajv error is mapped to what Go's decoder would report, and Go's rules pick
// the one(s) the apiserver returns (see `pick`). Missing required fields are not decode errors:
// validation reports them later, so `required` is dropped here.

import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import schemaJson from "../../../generated/k8s-schema.json";
import { badRequest, type Status } from "../../api/status";
import { tryParseQuantity } from "../../util/quantity";

type SchemaNode = { readonly [key: string]: unknown };

interface GeneratedSchema {
  readonly definitions: Readonly<Record<string, SchemaNode>>;
  readonly "x-kinds": Readonly<Record<string, string>>;
}

const generated = schemaJson as unknown as GeneratedSchema;
const definitions = generated.definitions;

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
const MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
const OPAQUE = new Set([
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
  "io.k8s.apimachinery.pkg.runtime.RawExtension",
]);

/** The definition name of a kind in the generated schema, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function schemaDefinitionFor(apiVersion: string, kind: string): string | undefined {
  return generated["x-kinds"][`${apiVersion}/${kind}`];
}

/**
 * Decodes `obj` as the apiserver's strict JSON decoder would. Returns the 400 BadRequest Status
 * the apiserver sends, or undefined when the object decodes (or the kind has no schema).
 */
export function decodeStrict(apiVersion: string, kind: string, obj: unknown): Status | undefined {
  const text = decodeErrorText(apiVersion, kind, obj);
  if (text === undefined) return undefined;
  // transformDecodeError (apiserver/pkg/endpoints/handlers/rest.go) prints gvk.Version, without the group.
  const version = apiVersion.slice(apiVersion.indexOf("/") + 1);
  return badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${text}`);
}

/** The decoder's own error text (`json: cannot unmarshal …`, `strict decoding error: …`), if any. */
export function decodeErrorText(apiVersion: string, kind: string, obj: unknown): string | undefined {
  const defName = schemaDefinitionFor(apiVersion, kind);
  if (defName === undefined) return undefined;
  const validate = validatorFor(defName);
  if (validate(obj)) return undefined;
  return pick(defName, obj, validate.errors ?? []);
}

// ---- ajv -----------------------------------------------------------------------------------

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(defName: string): ValidateFunction {
  let validate = validators.get(defName);
  if (!validate) {
    const instance = (ajv ??= createAjv());
    validate = instance.getSchema(`k8s#/definitions/${defName}`);
    if (!validate) throw new Error(`no schema for ${defName}`);
    validators.set(defName, validate);
  }
  return validate;
}

function createAjv(): Ajv {
  const instance = new Ajv({ allErrors: true, strict: false, validateSchema: false, addUsedSchema: false });
  instance.addFormat("int32", { type: "number", validate: (n: number) => isIntIn(n, 2 ** 31) });
  instance.addFormat("int64", { type: "number", validate: (n: number) => isIntIn(n, 2 ** 63) });
  instance.addFormat("double", { type: "number", validate: () => true });
  instance.addKeyword({
    keyword: "x-go",
    schemaType: "string",
    errors: false,
    validate: (goKind: string, data: unknown) => specialError(goKind as SpecialKind, data) === undefined,
  });
  const decodeDefinitions: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(definitions)) decodeDefinitions[name] = toDecodeSchema(name, def);
  instance.addSchema({ definitions: decodeDefinitions }, "k8s");
  return instance;
}

function isIntIn(n: number, bound: number): boolean {
  return Number.isInteger(n) && n >= -bound && n < bound;
}

type SpecialKind = "quantity" | "time" | "microtime" | "intstr" | "bytes";

/**
 * The schema ajv checks: JSON null is accepted anywhere (Go leaves the field alone), `required`
 * and `const` are not decode-time checks, and values with their own UnmarshalJSON (or base64
 * decoding) are checked by the `x-go` keyword with Go's exact rules.
 */
function toDecodeSchema(defName: string, def: SchemaNode): unknown {
  if (defName === QUANTITY) return { "x-go": "quantity" };
  if (defName === TIME) return { "x-go": "time" };
  if (defName === MICRO_TIME) return { "x-go": "microtime" };
  if (OPAQUE.has(defName)) return {};
  return transform(def);
}

function transform(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(transform);
  if (typeof node !== "object" || node === null) return node;
  const n = node as SchemaNode;
  if (n["x-kubernetes-int-or-string"] === true) return { "x-go": "intstr" };
  if (n["format"] === "byte") return { "x-go": "bytes" };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(n)) {
    if (key === "description" || key === "required" || key === "const") continue;
    if (key === "type") out[key] = [...(Array.isArray(value) ? value : [value]), "null"];
    else if (key === "properties") {
      const props: Record<string, unknown> = {};
      for (const [p, s] of Object.entries(value as SchemaNode)) props[p] = transform(s);
      out[key] = props;
    } else out[key] = transform(value);
  }
  return out;
}

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
function pick(defName: string, obj: unknown, errors: readonly ErrorObject[]): string | undefined {
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
function specialError(kind: SpecialKind, value: unknown): SpecialFailure | undefined {
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

// ---- encoding/base64 (StdEncoding.Decode) ------------------------------------------------------

function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

const isBase64Char = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
const isNewline = (c: number | undefined): boolean => c === 10 || c === 13;
const PAD = 61;

/** The byte offset of Go's CorruptInputError, or undefined when the text decodes. */
export function base64ErrorOffset(text: string): number | undefined {
  const src = utf8Bytes(text);
  let si = 0;
  // Go's fast paths only ever consume whole valid quanta, so decoding quantum by quantum
  // (decodeQuantum) meets the same first error at the same offset.
  while (si < src.length) {
    let j = 0;
    let end = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si] as number;
      si++;
      if (isBase64Char(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD) return si - 1;
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) return si;
      end = true;
      break;
    }
    if (end) return undefined;
  }
  return undefined;
}

// ---- time.Parse, for the two layouts metav1 uses ----------------------------------------------

const RFC3339 = "2006-01-02T15:04:05Z07:00";
const RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

type Std = "year" | "month" | "day" | "hour" | "minute" | "second" | "frac6" | "tz";

const CHUNKS: Readonly<Record<string, readonly (readonly [string, Std, string])[]>> = {
  [RFC3339]: [
    ["", "year", "2006"],
    ["-", "month", "01"],
    ["-", "day", "02"],
    ["T", "hour", "15"],
    [":", "minute", "04"],
    [":", "second", "05"],
    ["", "tz", "Z07:00"],
  ],
  [RFC3339_MICRO]: [
    ["", "year", "2006"],
    ["-", "month", "01"],
    ["-", "day", "02"],
    ["T", "hour", "15"],
    [":", "minute", "04"],
    [":", "second", "05"],
    ["", "frac6", ".000000"],
    ["", "tz", "Z07:00"],
  ],
};

/** time's quote(): printable ASCII as is (escaping `"` and `\`), other bytes as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of utf8Bytes(ch)) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return `${out}"`;
}

const isDigitAt = (s: string, i: number): boolean =>
  i < s.length && s[i] !== undefined && s[i] >= "0" && s[i] <= "9";

/** time.getnum. */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return { n: Number(s[0]), rest: s.slice(1) };
  }
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

/** time.atoi: optional sign, then only digits. */
function atoi(s: string): number | undefined {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[2]);
  return m[1] === "-" ? -n : n;
}

/** time.parseNanoseconds: `value[0]` is the separator, `value[1:nbytes]` the digits. */
function parseNanoseconds(value: string, nbytes: number): { err: boolean; range?: string } {
  if (value[0] !== "." && value[0] !== ",") return { err: true };
  const digits = value.slice(1, Math.min(nbytes, 10));
  const ns = atoi(digits);
  if (ns === undefined) return { err: true };
  if (ns < 0) return { err: false, range: "fractional second" };
  return { err: false };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** The error text of Go's time.Parse(layout, value), or undefined when it parses. */
export function goTimeParseError(layout: string, value: string): string | undefined {
  const chunks = CHUNKS[layout];
  if (!chunks) throw new Error(`unsupported layout ${layout}`);
  const parseError = (layoutElem: string, valueElem: string): string =>
    `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`;
  const rangeError = (what: string): string => `parsing time ${goQuote(value)}: ${what} out of range`;

  let rest = value;
  let year = 0;
  let month = -1;
  let day = -1;
  for (let i = 0; i < chunks.length; i++) {
    const [prefix, std, stdstr] = chunks[i] as readonly [string, Std, string];
    for (const ch of prefix) {
      if (rest.length === 0 || rest[0] !== ch) return parseError(prefix, rest);
      rest = rest.slice(1);
    }
    const hold = rest;
    let bad = false;
    let range: string | undefined;
    switch (std) {
      case "year": {
        if (rest.length < 4 || !isDigitAt(rest, 0)) bad = true;
        else {
          const y = atoi(rest.slice(0, 4));
          rest = rest.slice(4);
          if (y === undefined) bad = true;
          else year = y;
        }
        break;
      }
      case "month":
      case "day":
      case "hour":
      case "minute":
      case "second": {
        const got = getnum(rest, std !== "hour");
        if (!got) {
          bad = true;
          break;
        }
        rest = got.rest;
        if (std === "month") {
          month = got.n;
          if (month <= 0 || month > 12) range = "month";
        } else if (std === "day") {
          day = got.n;
        } else if (std === "hour") {
          if (got.n >= 24) range = "hour";
        } else if (std === "minute") {
          if (got.n >= 60) range = "minute";
        } else {
          if (got.n >= 60) {
            range = "second";
            break;
          }
          // A fraction the layout does not spell out is still read (RFC3339 only).
          const next = chunks[i + 1];
          if (
            rest.length >= 2 &&
            (rest[0] === "." || rest[0] === ",") &&
            isDigitAt(rest, 1) &&
            next?.[1] !== "frac6"
          ) {
            let n = 2;
            while (n < rest.length && isDigitAt(rest, n)) n++;
            const ns = parseNanoseconds(rest, n);
            rest = rest.slice(n);
            if (ns.err) bad = true;
            range = ns.range;
          }
        }
        break;
      }
      case "frac6": {
        const ndigit = 7;
        if (rest.length < ndigit) {
          bad = true;
          break;
        }
        const ns = parseNanoseconds(rest, ndigit);
        rest = rest.slice(ndigit);
        if (ns.err) bad = true;
        range = ns.range;
        break;
      }
      case "tz": {
        if (rest.length >= 1 && rest[0] === "Z") {
          rest = rest.slice(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== ":") {
          bad = true;
          break;
        }
        const sign = rest[0];
        const hh = getnum(rest.slice(1, 3), true);
        const mm = hh ? getnum(rest.slice(4, 6), true) : undefined;
        rest = rest.slice(6);
        if (!hh || !mm) bad = true;
        // The range checks run even after a bad digit, and win over it (as in Go).
        if ((hh?.n ?? 0) > 24) range = "time zone offset hour";
        if ((mm?.n ?? 0) > 60) range = "time zone offset minute";
        if (sign !== "+" && sign !== "-") bad = true;
        break;
      }
    }
    if (range !== undefined) return rangeError(range);
    if (bad) return parseError(stdstr, hold);
  }
  if (rest.length !== 0) return `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return rangeError("day");
  return undefined;
}
