// `kubectl explain` as its OpenAPI v3 plaintext template renders it
// (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl, funcs.go "wrap" =
// mitchellh/go-wordwrap WrapString, sprig "indent"), read from the generated schema
// (src/generated/k8s-schema.json). That schema puts `$ref` beside a field's description where
// OpenAPI v3 wraps it in `allOf`, so such nodes are read as v3 would have them.
// Simplified: no enums (the generated schema has none), no --output=plaintext-openapiv2.

import schemaJson from "../../../../generated/k8s-schema.json";

type Schema = { readonly [key: string]: unknown };
const generated = schemaJson as unknown as {
  definitions: Readonly<Record<string, Schema>>;
  "x-kinds": Readonly<Record<string, string>>;
};

/** The generated schema requires apiVersion and kind of top-level kinds; the OpenAPI spec does not. */
const KIND_DEFINITIONS = new Set(
  Object.values(generated["x-kinds"]).map((name) => generated.definitions[name]),
);

const asSchema = (v: unknown): Schema | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Schema) : undefined;

/** v3 shape: `{$ref, description}` becomes `{description, allOf: [{$ref}]}`. */
function normalize(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || Object.keys(schema).length === 1) return schema;
  const { $ref: _ref, ...rest } = schema;
  return { ...rest, allOf: [{ $ref: ref }] };
}

function resolveRef(ref: unknown): Schema | undefined {
  if (typeof ref !== "string") return undefined;
  const def = generated.definitions[ref.slice(ref.lastIndexOf("/") + 1)];
  return def ? normalize(def) : undefined;
}

const items = (s: Schema): Schema | undefined => {
  const i = asSchema(s.items);
  return i ? normalize(i) : undefined;
};
const mapValues = (s: Schema): Schema | undefined => {
  const a = asSchema(s.additionalProperties);
  return a ? normalize(a) : undefined;
};
const allOf = (s: Schema): Schema[] =>
  Array.isArray(s.allOf)
    ? (s.allOf as unknown[]).flatMap((x) => (asSchema(x) ? [normalize(x as Schema)] : []))
    : [];
const properties = (s: Schema): [string, Schema][] =>
  Object.entries(asSchema(s.properties) ?? {})
    .map(([k, v]): [string, Schema] => [k, normalize(v as Schema)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** mitchellh/go-wordwrap WrapString. */
export function wrapString(s: string, lim: number): string {
  let buf = "";
  let current = 0;
  let word = "";
  let space = "";
  for (const char of s) {
    if (char === "\n") {
      if (word.length === 0) {
        if (current + space.length <= lim) buf += space;
      } else buf += space + word;
      space = "";
      word = "";
      buf += char;
      current = 0;
    } else if (/\s/.test(char) && char !== "\u00a0") {
      if (space.length === 0 || word.length > 0) {
        current += space.length + word.length;
        buf += space + word;
        space = "";
        word = "";
      }
      space += char;
    } else {
      word += char;
      if (current + space.length + word.length > lim && word.length < lim) {
        buf += "\n";
        current = 0;
        space = "";
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

const indent = (n: number, s: string): string => {
  const pad = " ".repeat(n);
  return pad + s.replace(/\n/g, `\n${pad}`);
};

function typeGuess(schema: Schema): string {
  const it = items(schema);
  if (it) return `[]${typeGuess(it)}`;
  const map = mapValues(schema);
  if (map) return `map[string]${typeGuess(map)}`;
  const all = allOf(schema);
  if (all.length === 1 && !schema.properties) return typeGuess(all[0] as Schema);
  if (typeof schema.$ref === "string") {
    const target = resolveRef(schema.$ref);
    if (!target || !target.type || target.type === "object") {
      return (
        schema.$ref
          .slice(schema.$ref.lastIndexOf("/") + 1)
          .split(".")
          .pop() || "Object"
      );
    }
    return String(target.type);
  }
  if (schema["x-kubernetes-int-or-string"]) return "IntOrString";
  if (schema.type === "object" || typeof schema.type !== "string") return "Object";
  return schema.type;
}

function description(schema: Schema): string {
  const s = resolveRef(schema.$ref) ?? schema;
  let out = typeof s.description === "string" && s.description ? `${s.description}\n` : "";
  for (const sub of allOf(s)) out += description(sub);
  const it = items(s);
  if (it) out += description(it);
  const map = mapValues(s);
  if (map) out += description(map);
  return out;
}

function fieldDetail(name: string, parent: Schema, short: boolean, level: number): string {
  const indentAmount = level * 2;
  const field = properties(parent).find(([k]) => k === name)?.[1] ?? {};
  const required =
    Array.isArray(parent.required) &&
    (parent.required as unknown[]).includes(name) &&
    !(KIND_DEFINITIONS.has(parent) && (name === "apiVersion" || name === "kind"));
  let out = `${indent(indentAmount, name)}\t<${typeGuess(field)}>${required ? " -required-" : ""}\n`;
  if (!short) {
    const text =
      typeof field.description === "string" && field.description ? field.description : "<no description>";
    out += `${indent(indentAmount + 2, wrapString(text, 78 - indentAmount))}\n\n`;
  }
  return out;
}

function fieldList(schema: Schema, level: number, recursive: boolean, history: ReadonlySet<string>): string {
  const ref = typeof schema.$ref === "string" ? schema.$ref : "";
  if (ref && history.has(ref)) return "";
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref) ?? schema;
  let out = "";
  for (const [name, sub] of properties(resolved)) {
    out += fieldDetail(name, resolved, recursive, level);
    if (recursive) out += fieldList(sub, level + 1, recursive, next);
  }
  for (const sub of allOf(resolved)) out += fieldList(sub, level, recursive, next);
  const it = items(resolved);
  if (it) out += fieldList(it, level, recursive, next);
  const map = mapValues(resolved);
  if (map) out += fieldList(map, level, recursive, next);
  return out;
}

/** The template's "output": follows the field path, then prints DESCRIPTION and FIELDS. */
function output(
  schema: Schema,
  path: readonly string[],
  recursive: boolean,
  history: ReadonlySet<string>,
): string {
  const ref = typeof schema.$ref === "string" ? schema.$ref : "";
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref) ?? schema;
  const first = path[0];
  if (first === undefined) {
    let out = `DESCRIPTION:\n${indent(4, wrapString(description(resolved) || "<empty>", 76))}\n`;
    const fields = fieldList(resolved, 1, recursive, new Set());
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history.has(ref)) return "";
  const sub = properties(resolved).find(([k]) => k === first)?.[1];
  if (sub) {
    const head = path.length === 1 ? `FIELD: ${first} <${typeGuess(sub)}>\n\n\n` : "";
    const rest = output(sub, path.slice(1), recursive, new Set());
    return rest ? head + rest : "";
  }
  const it = items(resolved);
  if (it) return output(it, path, recursive, next);
  const map = mapValues(resolved);
  if (map) return output(map, path, recursive, next);
  for (const alt of allOf(resolved)) {
    const out = output(alt, path, recursive, next);
    if (out) return out;
  }
  return "";
}

/** `kubectl explain <kind>[.field…]`: the text, or the error kubectl prints. */
export function explain(
  gvk: { group: string; version: string; kind: string },
  fieldPath: readonly string[],
  recursive: boolean,
): { ok: true; text: string } | { ok: false; error: string } {
  const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  const def = generated["x-kinds"][`${apiVersion}/${gvk.kind}`];
  const schema = def ? generated.definitions[def] : undefined;
  if (!schema)
    return { ok: false, error: `error: GVK ${apiVersion}, Kind=${gvk.kind} not found in OpenAPI schema` };
  const body = output(normalize(schema), fieldPath, recursive, new Set());
  if (!body)
    return { ok: false, error: `error: field "${fieldPath[fieldPath.length - 1] ?? ""}" does not exist` };
  const group = gvk.group ? `GROUP:      ${gvk.group}\n` : "";
  return { ok: true, text: `${group}KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n${body}\n` };
}
