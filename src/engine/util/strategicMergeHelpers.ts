// Helpers shared by applying and creating strategic merge patches: the directive names and the
// list-ordering, merge-key and directive-stripping functions of
// k8s.io/apimachinery/pkg/util/strategicpatch/patch.go.

import { PatchError, deleteKey, isObject, jsonType } from "./patchCommon";

export const DIRECTIVE_MARKER = "$patch";
export const DELETE_DIRECTIVE = "delete";
export const REPLACE_DIRECTIVE = "replace";
export const MERGE_DIRECTIVE = "merge";
export const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList";
export const SET_ELEMENT_ORDER_PREFIX = "$setElementOrder";

/** fmt.Sprintf("%v") of a scalar merge-key value, used for sorting as upstream does. */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** sliceElementType: "object" for lists of maps, "scalar" otherwise; lists of lists are refused. */
export function elementKind(...lists: readonly (readonly unknown[])[]): "object" | "scalar" {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = jsonType(v);
      if (prev === undefined) {
        if (t === "array") throw new PatchError("lists of lists are not supported");
        prev = t;
      } else if (prev !== t) {
        throw new PatchError(`list element types are not identical: ${JSON.stringify(lists)}`);
      }
    }
  }
  if (prev === undefined) throw new PatchError("no elements in any of the given slices");
  return prev === "object" ? "object" : "scalar";
}

export function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  if (!isObject(item)) throw new PatchError(`expected a map in a list merged by key ${mergeKey}`);
  if (!Object.hasOwn(item, mergeKey))
    throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
  return item[mergeKey];
}

/** index(): position of an item in a list, by merge key for maps, by value for scalars. */
function indexOf(
  list: readonly unknown[],
  item: unknown,
  mergeKey: string,
  kind: "object" | "scalar",
): number {
  const key = (v: unknown): unknown => (kind === "object" ? (isObject(v) ? v[mergeKey] : undefined) : v);
  const want = key(item);
  return list.findIndex((v) => key(v) === want);
}

export function findByKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  return list.findIndex((v) => {
    if (!isObject(v)) throw new PatchError("value in a merged list is not a map");
    return Object.hasOwn(v, mergeKey) && v[mergeKey] === value;
  });
}

export function isDeleteDirective(v: unknown): boolean {
  return isObject(v) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE;
}

/** sort.SliceStable with upstream's comparator, which calls items it cannot place "less". */
function stableSortByOrder(
  items: unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: "object" | "scalar",
): void {
  const less = (a: unknown, b: unknown): boolean => {
    const ia = indexOf(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOf(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  // Insertion sort, as Go's SliceStable does for short runs.
  for (let i = 1; i < items.length; i++)
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      const t = items[j];
      items[j] = items[j - 1];
      items[j - 1] = t;
    }
}

/** normalizeSliceOrder: sort by `order`, with `$patch: delete` items moved to the end. */
export function normalizeSliceOrder(
  toSort: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: "object" | "scalar",
): unknown[] {
  let keep = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === "object") {
    for (const item of [...toSort, ...order]) mergeKeyValue(item, mergeKey);
    toDelete = keep.filter(isDeleteDirective);
    keep = keep.filter((v) => !isDeleteDirective(v));
  }
  stableSortByOrder(keep, order, mergeKey, kind);
  return [...keep, ...toDelete];
}

/** mergeSortedSlice: interleave server-only items into patch items by their live order. */
function mergeSortedSlice(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: "object" | "scalar",
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexOf(serverOrder, left[i], mergeKey, kind);
    const ri = indexOf(serverOrder, right[j], mergeKey, kind);
    if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
    else out.push(right[j++]);
  }
  return [...out, ...left.slice(i), ...right.slice(j)];
}

export function normalizeElementOrder(
  patch: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: "object" | "scalar",
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

export function partition(
  items: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): { inList: unknown[]; serverOnly: unknown[] } {
  const inList: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of items) {
    const found = mergeKey === "" ? by.includes(v) : findByKey(by, mergeKey, mergeKeyValue(v, mergeKey)) >= 0;
    (found ? inList : serverOnly).push(v);
  }
  return { inList, serverOnly };
}

/** deduplicateScalars, including its swap-with-last order quirk (order is normalized later). */
export function deduplicateScalars(s: unknown[]): unknown[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++)
    for (let j = i + 1; j <= length; j++)
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
  return s;
}

/** removeDirectives: drops maps carrying `$patch`; returns undefined when `v` itself is one. */
export function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (isObject(v)) {
    if (Object.hasOwn(v, DIRECTIVE_MARKER)) return { value: undefined, keep: false };
    for (const k of Object.keys(v)) {
      const r = removeDirectives(v[k]);
      if (r.keep) v[k] = r.value;
      else deleteKey(v, k);
    }
    return { value: v, keep: true };
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const r = removeDirectives(item);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  return { value: v, keep: true };
}

export function discardNullValues(v: unknown): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) deleteKey(v, k);
      else discardNullValues(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const item of v) discardNullValues(item);
  }
}

export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX)
      throw new PatchError(
        "invalid patch format of the parallel list for deleting from a list of primitives",
      );
    throw new PatchError("invalid patch format of setElementOrder list");
  }
  return key.slice(slash + 1);
}
