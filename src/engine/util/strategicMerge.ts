// Applying a strategic merge patch: StrategicMergeMapPatch of
// k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (what the apiserver does for built-in
// kinds), also used to combine the two halves of a three-way patch. Copy-on-write: the target is
// never cloned or mutated (its untouched subtrees are shared with the result); only the patch is
// deep-copied, because the merge consumes it.

import { cloneJson, jsonEqual } from "../api/objects";
import { PatchError, deleteKey, isObject, jsonType, type JsonObject } from "./patchCommon";
import { lookup, splitStrategies, type PatchSchema } from "./patchSchema";
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  deduplicateScalars,
  discardNullValues,
  elementKind,
  extractKey,
  findByKey,
  goString,
  isDeleteDirective,
  mergeKeyValue,
  normalizeElementOrder,
  partition,
  removeDirectives,
} from "./strategicMergeHelpers";

export interface MergeOptions {
  /** True when applying a patch; false when combining two patches (three-way creation). */
  readonly mergeParallelList: boolean;
  readonly ignoreUnmatchedNulls: boolean;
}

/**
 * Applies a strategic merge patch as the apiserver does for built-in kinds (StrategicMergeMapPatch):
 * maps merge, lists with patchStrategy merge are merged by their patchMergeKey, other lists are
 * replaced, and the `$patch`, `$retainKeys`, `$deleteFromPrimitiveList/` and `$setElementOrder/`
 * directives are honoured. Returns a new object.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, schema: PatchSchema): JsonObject {
  if (!isObject(patch)) throw new PatchError("a strategic merge patch must be a JSON object");
  // Copy-on-write (see mergeMap): the target is shared, only the patch is copied.
  const original = isObject(target) ? target : {};
  return mergeMap(original, cloneJson(patch), schema, {
    mergeParallelList: true,
    ignoreUnmatchedNulls: true,
  });
}

export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: PatchSchema,
  options: MergeOptions,
): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) {
    const directive = patch[DIRECTIVE_MARKER];
    if (directive === REPLACE_DIRECTIVE) {
      deleteKey(patch, DIRECTIVE_MARKER);
      return patch;
    }
    if (directive === DELETE_DIRECTIVE) return {};
    throw new PatchError(`Unknown patch type: ${goString(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const out: JsonObject = original ? { ...original } : {};
  applyRetainKeys(out, patch, options);
  mergeSetElementOrder(out, patch, schema, options);

  for (const key of Object.keys(patch)) {
    if (!Object.hasOwn(patch, key)) continue;
    const patchV = patch[key];
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!options.mergeParallelList) {
        out[key] = patchV;
        continue;
      }
      k = extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }

    if (patchV === null) {
      deleteKey(out, k);
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!Object.hasOwn(out, k) || jsonType(out[k]) !== jsonType(patchV)) {
      if (!isDeleteList) {
        if (options.ignoreUnmatchedNulls) discardNullValues(patchV);
        const r = removeDirectives(patchV);
        if (r.keep) out[k] = r.value;
        else deleteKey(out, k);
      }
      continue;
    }

    const sub = lookup(schema, k);
    const { strategy } = splitStrategies(sub);
    const current = out[k];
    if (isObject(current) && isObject(patchV)) {
      out[k] = strategy === REPLACE_DIRECTIVE ? patchV : mergeMap(current, patchV, sub, options);
    } else if (Array.isArray(current) && Array.isArray(patchV)) {
      out[k] = mergeSliceHandler(current, patchV, sub, strategy, sub.mergeKey ?? "", isDeleteList, options);
    } else {
      const r = removeDirectives(patchV);
      if (r.keep) out[k] = r.value;
      else deleteKey(out, k);
    }
  }
  return out;
}

/** applyRetainKeysDirective. */
function applyRetainKeys(original: JsonObject, patch: JsonObject, options: MergeOptions): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  deleteKey(patch, RETAIN_KEYS_DIRECTIVE);
  if (!options.mergeParallelList) {
    if (Object.hasOwn(original, RETAIN_KEYS_DIRECTIVE)) {
      if (!jsonEqual(original[RETAIN_KEYS_DIRECTIVE], retain))
        throw new PatchError(
          `${JSON.stringify(original[RETAIN_KEYS_DIRECTIVE])} and ${JSON.stringify(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retain;
    }
    return;
  }
  if (!Array.isArray(retain)) throw new PatchError("invalid patch format of retainKeys");
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (
      v === null ||
      k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      k.startsWith(SET_ELEMENT_ORDER_PREFIX)
    )
      continue;
    if (!keep.has(k)) throw new PatchError("invalid patch format of retainKeys");
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) deleteKey(original, k);
}

/** mergePatchIntoOriginal: lists that come with a `$setElementOrder/<key>` list. */
function mergeSetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX) || !Object.hasOwn(patch, key)) continue;
    const order = patch[key];
    if (!options.mergeParallelList) {
      if (Object.hasOwn(original, key)) {
        if (!jsonEqual(original[key], order))
          throw new PatchError("invalid patch format of setElementOrder list");
      } else {
        original[key] = order;
      }
    }
    deleteKey(patch, key);
    if (!Array.isArray(order)) throw new PatchError("invalid patch format of setElementOrder list");

    const listKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = Object.hasOwn(original, listKey);
    const foundPatch = Object.hasOwn(patch, listKey);
    const originalList = original[listKey];
    const patchList = patch[listKey];
    if (foundOriginal && !Array.isArray(originalList)) throw new PatchError(`${listKey} is not a list`);
    if (foundPatch && !Array.isArray(patchList)) throw new PatchError(`${listKey} is not a list`);
    const originalItems = (foundOriginal ? originalList : []) as unknown[];
    const patchItems = (foundPatch ? patchList : []) as unknown[];

    const sub = lookup(schema, listKey);
    const { strategy } = splitStrategies(sub);
    const mergeKey = sub.mergeKey ?? "";
    validatePatchWithSetOrderList(patchItems, order, mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalItems;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchItems).value as unknown[];
    else if (foundOriginal && foundPatch)
      merged = mergeSliceHandler(originalItems, patchItems, sub, strategy, mergeKey, false, options);
    else continue;

    const { inList, serverOnly } = partition(merged, order, mergeKey);
    const kind = elementKind(originalItems, patchItems);
    original[listKey] = normalizeElementOrder(inList, serverOnly, order, originalItems, mergeKey, kind);
    deleteKey(patch, listKey);
  }
}

/** validatePatchWithSetOrderList: the patch list must follow the `$setElementOrder` order. */
function validatePatchWithSetOrderList(
  patchList: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey === "" ? patchList : patchList.filter((v) => !isDeleteDirective(v));
  let p = 0;
  let o = 0;
  while (p < nonDelete.length && o < order.length) {
    const item = nonDelete[p];
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    const equal =
      mergeKey === ""
        ? item === order[o]
        : mergeKeyValue(item, mergeKey) === mergeKeyValue(order[o], mergeKey);
    if (equal) p++;
    o++;
  }
  if (p < nonDelete.length && o >= order.length)
    throw new PatchError(
      `the order in patch list:\n${JSON.stringify(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${JSON.stringify(order)}`,
    );
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): unknown[] {
  if (strategy === MERGE_DIRECTIVE || isDeleteList)
    return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  return patch;
}

function mergeSlice(
  originalIn: unknown[],
  patchIn: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (originalIn.length === 0 && patchIn.length === 0) return originalIn;
  const kind = elementKind(originalIn, patchIn);
  let original = originalIn;
  let patch = patchIn;
  let merged: unknown[];
  if (kind === "scalar") {
    if (options.mergeParallelList && isDeleteList) {
      const drop = new Set(patch);
      return original.filter((v) => !drop.has(v));
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "") throw new PatchError("cannot merge lists without merge key");
    ({ original, patch } = mergeSliceWithSpecialElements(original, patch, mergeKey));
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, schema, options);
  }
  const { inList, serverOnly } = partition(merged, patch, mergeKey);
  return normalizeElementOrder(inList, serverOnly, patch, original, mergeKey, kind);
}

/** `$patch: delete` removes matching items; `$patch: replace` makes the list the patch's items. */
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let result = original;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!Object.hasOwn(item, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      const value = mergeKeyValue(item, mergeKey);
      result = result.filter((o) => !(isObject(o) && Object.hasOwn(o, mergeKey) && o[mergeKey] === value));
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw new PatchError("merging lists cannot yet be specified in the patch");
    } else {
      throw new PatchError(`Unknown patch type: ${goString(directive)} in map: ${JSON.stringify(item)}`);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: result, patch: plain };
}

function mergeSliceWithoutSpecialElements(
  original: unknown[],
  patch: readonly unknown[],
  mergeKey: string,
  schema: PatchSchema,
  options: MergeOptions,
): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const value = mergeKeyValue(v, mergeKey);
    const at = findByKey(out, mergeKey, value);
    if (at >= 0) out[at] = mergeMap(out[at] as JsonObject, v as JsonObject, schema, options);
    else out.push(v);
  }
  return out;
}
