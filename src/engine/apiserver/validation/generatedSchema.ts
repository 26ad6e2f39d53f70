// The generated OpenAPI definitions (src/generated/k8s-schema.json, built from the Kubernetes
// 1.32 openapi-spec) as the strict decoder sees them: the definitions by name, the kind index
// (`x-kinds`), and the few definitions whose Go types decode with their own UnmarshalJSON
// (resource.Quantity, metav1.Time, metav1.MicroTime) or are kept opaque.

import schemaJson from "../../../generated/k8s-schema.json";

export type SchemaNode = { readonly [key: string]: unknown };

interface GeneratedSchema {
  readonly definitions: Readonly<Record<string, SchemaNode>>;
  readonly "x-kinds": Readonly<Record<string, string>>;
}

const generated = schemaJson as unknown as GeneratedSchema;
export const definitions = generated.definitions;

export const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
export const TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
export const MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
export const OPAQUE = new Set([
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
  "io.k8s.apimachinery.pkg.runtime.RawExtension",
]);

/** The kind index of the generated schema: `apiVersion/kind` to definition name. */
export const kinds = generated["x-kinds"];

/** Whether `n` is an integer in [-bound, bound), as Go's intN types hold. */
export function isIntIn(n: number, bound: number): boolean {
  return Number.isInteger(n) && n >= -bound && n < bound;
}
