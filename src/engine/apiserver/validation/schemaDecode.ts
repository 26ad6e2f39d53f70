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
//
// Split by concern: generatedSchema.ts (the definitions), goDecodeErrors.ts (mapping ajv errors
// to Go's texts), goBase64.ts (encoding/base64) and goTime.ts (time.Parse).

import Ajv, { type ValidateFunction } from "ajv";
import { badRequest, type Status } from "../../api/status";
import {
  MICRO_TIME,
  OPAQUE,
  QUANTITY,
  TIME,
  definitions,
  isIntIn,
  kinds,
  type SchemaNode,
} from "./generatedSchema";
import { pick, specialError, type SpecialKind } from "./goDecodeErrors";

/** The definition name of a kind in the generated schema, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function schemaDefinitionFor(apiVersion: string, kind: string): string | undefined {
  return kinds[`${apiVersion}/${kind}`];
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
