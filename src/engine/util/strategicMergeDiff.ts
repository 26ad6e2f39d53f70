// Creating strategic merge patches: CreateThreeWayMergePatch (what `kubectl apply` sends) and
// CreateTwoWayMergePatch of k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (diffMaps,
// handleMapDiff, handleSliceDiff, diffLists*). Inputs are deep-copied first, never mutated.

import { jsonEqual } from "../api/objects";
import { isObject, jsonType, type JsonObject } from "./patchCommon";
import { lookup, splitStrategies, type PatchSchema } from "./patchSchema";
import { mergeMap } from "./strategicMerge";
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  byString,
  deduplicateScalars,
  elementKind,
  goString,
  mergeKeyValue,
  normalizeSliceOrder,
} from "./strategicMergeHelpers";

interface DiffOptions {
  readonly ignoreChangesAndAdditions: boolean;
  readonly ignoreDeletions: boolean;
  readonly setElementOrder: boolean;
  readonly buildRetainKeysDirective: boolean;
}

export interface ThreeWayOptions {
  /** Emit `$setElementOrder/<list>` directives as kubectl does (default true). */
  readonly setElementOrder?: boolean;
}

/**
 * The patch `kubectl apply` sends: changes from `current` (live) to `modified` (the manifest),
 * without deleting what only the server set, plus deletions of whatever left the manifest since
 * `lastApplied` (nulls for fields, `$patch: delete` for keyed list items,
 * `$deleteFromPrimitiveList/` for merged scalar lists). `{}` when nothing changed, so apply can
 * report `unchanged`. `lastApplied` may be undefined (no annotation yet).
 */
export function createThreeWayStrategicPatch(
  lastApplied: unknown,
  modified: unknown,
  current: unknown,
  schema: PatchSchema,
  options: ThreeWayOptions = {},
): JsonObject {
  const original = isObject(lastApplied) ? lastApplied : {};
  const mod = isObject(modified) ? modified : {};
  const cur = isObject(current) ? current : {};
  const setElementOrder = options.setElementOrder ?? true;

  const delta = diffMaps(cur, mod, schema, {
    ignoreChangesAndAdditions: false,
    ignoreDeletions: true,
    setElementOrder,
    buildRetainKeysDirective: false,
  });
  const deletions = diffMaps(original, mod, schema, {
    ignoreChangesAndAdditions: true,
    ignoreDeletions: false,
    setElementOrder,
    buildRetainKeysDirective: false,
  });
  return mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

/** CreateTwoWayMergePatch: the strategic patch turning `original` into `modified`. */
export function createTwoWayStrategicPatch(
  original: unknown,
  modified: unknown,
  schema: PatchSchema,
): JsonObject {
  return diffMaps(
    // The diff only reads its inputs (checked by running every test on frozen copies): no clones.
    isObject(original) ? original : {},
    isObject(modified) ? modified : {},
    schema,
    {
      ignoreChangesAndAdditions: false,
      ignoreDeletions: false,
      setElementOrder: true,
      buildRetainKeysDirective: false,
    },
  );
}

function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  schema: PatchSchema,
  options: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!Object.hasOwn(original, key)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (goString(originalValue) !== goString(modifiedValue)) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (jsonType(originalValue) !== jsonType(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isObject(originalValue) && isObject(modifiedValue)) {
      handleMapDiff(key, originalValue, modifiedValue, patch, schema, options);
    } else if (Array.isArray(originalValue) && Array.isArray(modifiedValue)) {
      handleSliceDiff(key, originalValue, modifiedValue, patch, schema, options);
    } else if (!options.ignoreChangesAndAdditions && !jsonEqual(originalValue, modifiedValue)) {
      patch[key] = modifiedValue;
    }
  }
  if (!options.ignoreDeletions)
    for (const key of Object.keys(original)) if (!Object.hasOwn(modified, key)) patch[key] = null;
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified)))
    patch[RETAIN_KEYS_DIRECTIVE] = retainKeys.sort(byString);
  return patch;
}

function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !Object.hasOwn(modified, k));
}

function handleMapDiff(
  key: string,
  original: JsonObject,
  modified: JsonObject,
  patch: JsonObject,
  schema: PatchSchema,
  options: DiffOptions,
): void {
  const sub = lookup(schema, key);
  const { retainKeys, strategy } = splitStrategies(sub);
  if (strategy === REPLACE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const value = diffMaps(original, modified, sub, { ...options, buildRetainKeysDirective: retainKeys });
  if (Object.keys(value).length > 0) patch[key] = value;
}

function handleSliceDiff(
  key: string,
  original: unknown[],
  modified: unknown[],
  patch: JsonObject,
  schema: PatchSchema,
  options: DiffOptions,
): void {
  const sub = lookup(schema, key);
  const { retainKeys, strategy } = splitStrategies(sub);
  if (strategy !== MERGE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified)) patch[key] = modified;
    return;
  }
  const { add, del, order } = diffLists(original, modified, sub, sub.mergeKey ?? "", {
    ...options,
    buildRetainKeysDirective: retainKeys,
  });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = order;
}

function diffLists(
  original: unknown[],
  modified: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: DiffOptions,
): { add: unknown[]; del: unknown[]; order: unknown[] } {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return { add: [], del: [], order: [] };
    return { add: modified, del: [], order: [] };
  }
  const kind = elementKind(original, modified);
  if (kind === "object") {
    const { patch, deletions } = diffListsOfMaps(original, modified, schema, mergeKey, options);
    const patchList = [...normalizeSliceOrder(patch, modified, mergeKey, kind), ...deletions];
    const orderSame =
      original.length === modified.length &&
      original.every((o, i) => mergeKeyValue(o, mergeKey) === mergeKeyValue(modified[i], mergeKey));
    let order: unknown[] = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patchList.length > 0))
    )
      order = modified.map((v) => ({ [mergeKey]: mergeKeyValue(v, mergeKey) }));
    return { add: patchList, del: [], order };
  }
  const { add, del } = diffListsOfScalars(original, modified, options);
  const patchList = normalizeSliceOrder(add, modified, mergeKey, kind);
  const order =
    options.setElementOrder &&
    ((!options.ignoreDeletions && del.length > 0) ||
      (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified)))
      ? modified
      : [];
  return { add: patchList, del, order };
}

/** Walks both lists sorted by merge key (as strings), like diffListsOfMaps. */
function diffListsOfMaps(
  original: readonly unknown[],
  modified: readonly unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: DiffOptions,
): { patch: unknown[]; deletions: unknown[] } {
  const sortByKey = (list: readonly unknown[]): JsonObject[] =>
    [...list]
      .map((v) => {
        mergeKeyValue(v, mergeKey);
        return v as JsonObject;
      })
      .sort((a, b) => byString(goString(a[mergeKey]), goString(b[mergeKey])));
  const o = sortByKey(original);
  const m = sortByKey(modified);
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const oe = o[i];
    const me = m[j];
    const ok = oe === undefined ? "" : goString(oe[mergeKey]);
    const mk = me === undefined ? "" : goString(me[mergeKey]);
    if (oe !== undefined && me !== undefined && ok === mk) {
      const value = diffMaps(oe, me, schema, options);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = me[mergeKey];
        patch.push(value);
      }
      i++;
      j++;
    } else if (me !== undefined && (oe === undefined || ok > mk)) {
      if (!options.ignoreChangesAndAdditions) patch.push(me);
      j++;
    } else if (oe !== undefined) {
      if (!options.ignoreDeletions)
        deletions.push({ [DIRECTIVE_MARKER]: DELETE_DIRECTIVE, [mergeKey]: oe[mergeKey] });
      i++;
    }
  }
  return { patch, deletions };
}

function diffListsOfScalars(
  original: readonly unknown[],
  modified: readonly unknown[],
  options: DiffOptions,
): { add: unknown[]; del: unknown[] } {
  const sortScalars = (list: readonly unknown[]): unknown[] =>
    [...list].sort((a, b) => byString(goString(a), goString(b)));
  const o = sortScalars(original);
  const m = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const inO = i < o.length;
    const inM = j < m.length;
    const os = inO ? goString(o[i]) : "";
    const ms = inM ? goString(m[j]) : "";
    if (inO && inM && os === ms) {
      i++;
      j++;
    } else if (inO && (!inM || os < ms)) {
      if (!options.ignoreDeletions) del.push(o[i]);
      i++;
    } else {
      if (!options.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    }
  }
  return { add, del: deduplicateScalars(del) };
}
