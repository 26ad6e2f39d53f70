// JSON merge patch (RFC 7386), as evanphx/json-patch MergePatch/CreateMergePatch do it for
// `kubectl patch --type merge`. Applying is copy-on-write: the target is never cloned or mutated,
// untouched subtrees are shared with the result.

import { cloneJson, jsonEqual } from "../api/objects";
import { PatchError, deleteKey, isObject, type JsonObject } from "./patchCommon";

/** RFC 7386 MergePatch: objects merge key by key, `null` deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergePatchInto(target, patch);
}

// Copy-on-write: untouched subtrees of `target` are shared, never copied or mutated (stored
// objects are immutable, so sharing is safe and saves the engine most of its patch cost).
function mergePatchInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) deleteKey(out, key);
    else out[key] = mergePatchInto(out[key], value);
  }
  return out;
}

/** CreateMergePatch: the smallest merge patch turning `original` into `modified` (`{}` if equal). */
export function createMergePatch(original: unknown, modified: unknown): JsonObject {
  if (!isObject(original) || !isObject(modified))
    throw new PatchError("merge patches can only be created between two JSON objects");
  return diffForMergePatch(original, modified);
}

function diffForMergePatch(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(modified)) {
    if (value === undefined) continue;
    const before = original[key];
    if (!Object.hasOwn(original, key) || before === undefined) {
      patch[key] = cloneJson(value);
    } else if (isObject(before) && isObject(value)) {
      const sub = diffForMergePatch(before, value);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!jsonEqual(before, value)) {
      patch[key] = cloneJson(value);
    }
  }
  for (const key of Object.keys(original))
    if (original[key] !== undefined && (!Object.hasOwn(modified, key) || modified[key] === undefined))
      patch[key] = null;
  return patch;
}
