// Generates src/generated/k8s-schema.json: one JSON Schema holding the kinds Pilothouse serves,
// built with ts-json-schema-generator from the `kubernetes-types` declarations (their JSDoc
// becomes the `description`s monaco-yaml shows on hover), then post-processed to say what the
// apiserver really accepts. The engine's strict decoder compiles the same file with ajv.
//
// Run: npx tsx scripts/generate-schema.ts (or npm run generate:schema). The output is committed;
// scripts/generate-schema.test.ts regenerates it in memory so it cannot drift.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import {
  DEFAULT_CONFIG,
  SchemaGenerator,
  createFormatter,
  createParser,
  createProgram,
  type CompletedConfig,
} from "ts-json-schema-generator";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const typesDir = path.join(root, "node_modules", "kubernetes-types");
export const OUTPUT_PATH = path.join(root, "src", "generated", "k8s-schema.json");

/** kubernetes-types module (path under the package, no `.d.ts`) → upstream OpenAPI name prefix. */
const MODULES: Readonly<Record<string, string>> = {
  "core/v1": "io.k8s.api.core.v1",
  "apps/v1": "io.k8s.api.apps.v1",
  "batch/v1": "io.k8s.api.batch.v1",
  "coordination/v1": "io.k8s.api.coordination.v1",
  "discovery/v1": "io.k8s.api.discovery.v1",
  "autoscaling/v2": "io.k8s.api.autoscaling.v2",
  "meta/v1": "io.k8s.apimachinery.pkg.apis.meta.v1",
  "api/resource": "io.k8s.apimachinery.pkg.api.resource",
  runtime: "io.k8s.apimachinery.pkg.runtime",
};

interface KindSpec {
  readonly module: string;
  readonly apiVersion: string;
  readonly kind: string;
}

export const KINDS: readonly KindSpec[] = [
  ...[
    "Pod",
    "Namespace",
    "Node",
    "Event",
    "Service",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "Endpoints",
    "ReplicationController",
    "PersistentVolumeClaim",
    "PersistentVolume",
  ].map((kind) => ({ module: "core/v1", apiVersion: "v1", kind })),
  { module: "coordination/v1", apiVersion: "coordination.k8s.io/v1", kind: "Lease" },
  ...["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ControllerRevision"].map((kind) => ({
    module: "apps/v1",
    apiVersion: "apps/v1",
    kind,
  })),
  { module: "batch/v1", apiVersion: "batch/v1", kind: "Job" },
  { module: "batch/v1", apiVersion: "batch/v1", kind: "CronJob" },
  { module: "discovery/v1", apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" },
  { module: "autoscaling/v2", apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler" },
];

// []byte fields: Go decodes them from base64, upstream OpenAPI marks them `format: byte`.
const BYTE_MAPS: ReadonlyArray<readonly [string, string]> = [
  ["io.k8s.api.core.v1.Secret", "data"],
  ["io.k8s.api.core.v1.ConfigMap", "binaryData"],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const moduleFile = (mod: string): string => path.join(typesDir, `${mod}.d.ts`);
const moduleOfFile = (file: string): string | undefined => {
  const rel = path
    .relative(typesDir, file)
    .replace(/\\/g, "/")
    .replace(/\.d\.ts$/, "");
  return rel in MODULES ? rel : undefined;
};

/** Generates the schema text (compact JSON with sorted keys and a final newline). */
export function generateSchema(): string {
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: path.join(typesDir, "{core,apps,batch,coordination,discovery,autoscaling}/{v1,v2}.d.ts"),
    skipTypeCheck: true,
    topRef: true,
    jsDoc: "extended",
    sortProps: true,
    expose: "export",
    additionalProperties: false,
  };
  const program = createProgram(config);
  const generator = new SchemaGenerator(
    program,
    createParser(program, config),
    createFormatter(config),
    config,
  );

  const declared = declaredNames(program);
  const definitions: JsonObject = {};
  const kinds: JsonObject = {};

  for (const spec of KINDS) {
    const source = program.getSourceFile(moduleFile(spec.module));
    const node = source?.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === spec.kind);
    if (!node) throw new Error(`${spec.kind} is not declared in kubernetes-types/${spec.module}`);
    const schema = generator.createSchemaFromNodes([node]) as unknown as JsonObject;
    const defs = schema["definitions"];
    if (!isObject(defs)) throw new Error(`no definitions for ${spec.kind}`);

    // ts-json-schema-generator names definitions by their bare TypeScript name (it throws on a
    // collision within one run), so each name is qualified by the module that declares it,
    // looked up among the modules reachable from the kind's own module.
    const rename = new Map<string, string>();
    for (const name of Object.keys(defs)) rename.set(name, qualify(name, spec.module, declared));
    for (const [name, def] of Object.entries(defs)) {
      const qualified = rename.get(name) as string;
      const renamed = renameRefs(def, rename);
      const existing = definitions[qualified];
      if (existing !== undefined && JSON.stringify(sortKeys(existing)) !== JSON.stringify(sortKeys(renamed)))
        throw new Error(`definition ${qualified} differs between kinds`);
      definitions[qualified] = renamed;
    }
    kinds[`${spec.apiVersion}/${spec.kind}`] = `${MODULES[spec.module]}.${spec.kind}`;
  }

  // apiVersion and kind are fixed per kind, so an editor can tell the documents apart. They are
  // required only of kinds no other definition embeds (a StatefulSet's volumeClaimTemplates hold
  // PersistentVolumeClaims without them).
  const embedded = new Set<string>();
  collectRefs(definitions, embedded);
  for (const spec of KINDS) {
    const defName = `${MODULES[spec.module]}.${spec.kind}`;
    const def = definitions[defName];
    if (!isObject(def) || !isObject(def["properties"])) throw new Error(`bad definition ${defName}`);
    const props = def["properties"];
    props["apiVersion"] = { ...asObject(props["apiVersion"]), type: "string", const: spec.apiVersion };
    props["kind"] = { ...asObject(props["kind"]), type: "string", const: spec.kind };
    const required = Array.isArray(def["required"])
      ? def["required"].filter((r) => typeof r === "string")
      : [];
    def["required"] = [
      ...new Set([...(embedded.has(defName) ? [] : ["apiVersion", "kind"]), ...required]),
    ].sort();
  }

  const intFormats = probeIntegerFormats(definitions);
  for (const [name, def] of Object.entries(definitions))
    definitions[name] = postProcess(name, def, intFormats);
  for (const [defName, prop] of BYTE_MAPS) {
    const props = asObject(asObject(definitions[defName])["properties"]);
    props[prop] = { ...asObject(props[prop]), additionalProperties: { type: "string", format: "byte" } };
  }

  const out: JsonObject = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $comment: "Generated by scripts/generate-schema.ts from kubernetes-types; do not edit.",
    anyOf: KINDS.map((k) => ({ $ref: `#/definitions/${kinds[`${k.apiVersion}/${k.kind}`] as string}` })),
    definitions,
    "x-kinds": kinds,
  };
  return `${JSON.stringify(sortKeys(out))}\n`;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, into);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") into.add(v.replace("#/definitions/", ""));
      else collectRefs(v, into);
    }
}

function asObject(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

/** Names each kubernetes-types module declares, and the modules it imports. */
function declaredNames(program: ts.Program): Map<string, { names: Set<string>; imports: string[] }> {
  const result = new Map<string, { names: Set<string>; imports: string[] }>();
  for (const mod of Object.keys(MODULES)) {
    const sf = program.getSourceFile(moduleFile(mod));
    if (!sf) continue;
    const names = new Set<string>();
    const imports: string[] = [];
    for (const s of sf.statements) {
      if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name) names.add(s.name.text);
      if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
        const target = moduleOfFile(
          path.resolve(path.dirname(sf.fileName), `${s.moduleSpecifier.text}.d.ts`),
        );
        if (target) imports.push(target);
      }
    }
    result.set(mod, { names, imports });
  }
  return result;
}

function qualify(
  name: string,
  from: string,
  declared: Map<string, { names: Set<string>; imports: string[] }>,
): string {
  // The kind's own module shadows the others (discovery/v1 and core/v1 both declare EndpointPort).
  const seen = new Set<string>();
  const queue = [from];
  const hits: string[] = [];
  while (queue.length > 0) {
    const mod = queue.shift() as string;
    if (seen.has(mod)) continue;
    seen.add(mod);
    const info = declared.get(mod);
    if (!info) continue;
    if (info.names.has(name)) {
      if (mod === from) return `${MODULES[mod]}.${name}`;
      hits.push(mod);
    }
    queue.push(...info.imports);
  }
  if (hits.length !== 1)
    throw new Error(`cannot place ${name} (from ${from}): found in [${hits.join(", ")}]`);
  return `${MODULES[hits[0] as string]}.${name}`;
}

function renameRefs(value: Json, rename: Map<string, string>): Json {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, rename));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/definitions/")) {
      const name = decodeURIComponent(v.slice("#/definitions/".length));
      const target = rename.get(name);
      if (!target) throw new Error(`dangling $ref ${v}`);
      out[k] = `#/definitions/${target}`;
    } else {
      out[k] = renameRefs(v, rename);
    }
  }
  return out;
}

type IntFormat = "int32" | "int64" | "double";

/**
 * kubernetes-types says `number` for every integer; which Go type a field has (int32 or int64)
 * matters for the decoder's error text and for range checks. kubernetes-models ships ajv-compiled
 * validators of the upstream OpenAPI, which reject 1.5 with the field's `format`: ask them.
 */
function probeIntegerFormats(definitions: JsonObject): Map<string, IntFormat> {
  const require = createRequire(import.meta.url);
  const formats = new Map<string, IntFormat>();
  for (const [name, def] of Object.entries(definitions)) {
    const props = asObject(asObject(def)["properties"]);
    const numeric = Object.entries(props).filter(([, p]) => numericLeaf(p) !== undefined);
    if (numeric.length === 0) continue;
    const file = modelsSchemaFile(name);
    let validate: ((data: unknown) => boolean) & {
      errors?: { instancePath: string; keyword: string; params: { format?: string } }[] | null;
    };
    try {
      validate = (require(file) as { validate: typeof validate }).validate;
    } catch {
      throw new Error(`no kubernetes-models validator for ${name} (${file})`);
    }
    for (const [prop, schema] of numeric) {
      const leaf = numericLeaf(schema) as { sample: Json; pointer: string };
      validate({ [prop]: leaf.sample });
      const pointer = `/${prop}${leaf.pointer}`;
      const errors = (validate.errors ?? []).filter((e) => e.instancePath === pointer);
      const format = errors.find((e) => e.keyword === "format")?.params.format;
      const isInteger = errors.some((e) => e.keyword === "type");
      if (format === "int32" || format === "int64") formats.set(`${name}.${prop}`, format);
      else if (!isInteger && errors.length === 0) formats.set(`${name}.${prop}`, "double");
      else throw new Error(`cannot tell the integer format of ${name}.${prop}`);
    }
  }
  return formats;
}

/** The sample value putting 1.5 where a property's number sits (itself, an item, a map value). */
function numericLeaf(schema: Json | undefined): { sample: Json; pointer: string } | undefined {
  const s = asObject(schema);
  if (s["type"] === "number") return { sample: 1.5, pointer: "" };
  if (s["type"] === "array") {
    const inner = numericLeaf(s["items"]);
    return inner && { sample: [inner.sample], pointer: `/0${inner.pointer}` };
  }
  if (s["type"] === "object" && isObject(s["additionalProperties"])) {
    const inner = numericLeaf(s["additionalProperties"]);
    return inner && { sample: { k: inner.sample }, pointer: `/k${inner.pointer}` };
  }
  return undefined;
}

function modelsSchemaFile(qualified: string): string {
  const pascal = qualified
    .split(".")
    .map((part) => (part.length > 0 ? (part[0] as string).toUpperCase() + part.slice(1) : part))
    .join("");
  const pkg = qualified.startsWith("io.k8s.apimachinery.")
    ? path.join(root, "node_modules", "@kubernetes-models", "apimachinery")
    : path.join(root, "node_modules", "kubernetes-models");
  return path.join(pkg, "_schemas", `${pascal}.js`);
}

const TIME_DEFS = new Set([
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
]);
const OPAQUE_DEFS = new Set([
  // Both have UnmarshalJSON methods that accept any JSON object.
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
  "io.k8s.apimachinery.pkg.runtime.RawExtension",
]);

function postProcess(name: string, def: Json, intFormats: Map<string, IntFormat>): Json {
  const d = asObject(def);
  const description = typeof d["description"] === "string" ? { description: d["description"] } : {};
  if (name === "io.k8s.apimachinery.pkg.api.resource.Quantity") {
    // Quantity.UnmarshalJSON takes a JSON number too (`cpu: 0.5`), as upstream's OpenAPI v3 says.
    return { ...description, type: ["string", "number"] };
  }
  if (TIME_DEFS.has(name)) return { ...description, type: "string", format: "date-time" };
  if (OPAQUE_DEFS.has(name)) return { ...description, type: "object" };
  const props = d["properties"];
  if (!isObject(props)) return def;
  const newProps: JsonObject = {};
  for (const [prop, schema] of Object.entries(props)) {
    newProps[prop] = fixNumbers(schema, intFormats.get(`${name}.${prop}`));
  }
  return { ...d, properties: newProps };
}

function fixNumbers(schema: Json, format: IntFormat | undefined): Json {
  const s = asObject(schema);
  const type = s["type"];
  if (Array.isArray(type) && type.length === 2 && type.includes("number") && type.includes("string")) {
    // kubernetes-types spells intstr.IntOrString as `number | string`.
    return { ...s, type: ["integer", "string"], format: "int-or-string", "x-kubernetes-int-or-string": true };
  }
  if (type === "number") {
    if (format === undefined) throw new Error("number without a probed format");
    return format === "double" ? { ...s, format } : { ...s, type: "integer", format };
  }
  if (type === "array" && s["items"] !== undefined) return { ...s, items: fixNumbers(s["items"], format) };
  if (type === "object" && isObject(s["additionalProperties"]))
    return { ...s, additionalProperties: fixNumbers(s["additionalProperties"], format) };
  return schema;
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as Json);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const text = generateSchema();
  writeFileSync(OUTPUT_PATH, text);
  console.log(
    `wrote ${path.relative(root, OUTPUT_PATH)} (${text.length} bytes) in ${Math.round(performance.now() - started)} ms`,
  );
}
