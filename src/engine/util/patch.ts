// JSON merge patch (RFC 7386, as evanphx/json-patch MergePatch/CreateMergePatch do it for
// `kubectl patch --type merge`) and strategic merge patch from
// k8s.io/apimachinery/pkg/util/strategicpatch/patch.go: StrategicMergeMapPatch (what the apiserver
// applies) and CreateThreeWayMergePatch (what `kubectl apply` sends), with the patchStrategy /
// patchMergeKey struct tags of k8s.io/api for the built-in kinds the simulator serves.
//
// Inputs are never mutated: everything works on deep copies, because upstream's Go code mutates the
// maps it is given.

import { cloneJson, jsonEqual } from "../api/objects";

type JsonObject = Record<string, unknown>;

export class PatchError extends Error {
  override readonly name = "PatchError";
}

/** `delete obj[key]` for computed keys (the lint rule forbids the operator form). */
function deleteKey(obj: JsonObject, key: string): void {
  Reflect.deleteProperty(obj, key);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's reflect.TypeOf for decoded JSON: two values are merged only when these agree. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

// ---- JSON merge patch ---------------------------------------------------------------------

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

// ---- schema: patchStrategy / patchMergeKey tags -------------------------------------------

export const PatchStrategy = { Merge: "merge", Replace: "replace", RetainKeys: "retainKeys" } as const;
export type PatchStrategy = (typeof PatchStrategy)[keyof typeof PatchStrategy];

/**
 * The strategic-merge metadata of one field and, through `fields`, of the fields of its struct
 * (for a list: of its elements). A field without `strategies` is replaced when it is a list and
 * merged when it is a map, as for an untagged Go field. Unknown fields behave the same way.
 */
export interface PatchSchema {
  readonly strategies?: readonly PatchStrategy[];
  readonly mergeKey?: string;
  readonly fields?: Readonly<Record<string, PatchSchema>>;
}

const EMPTY_SCHEMA: PatchSchema = Object.freeze({});

function lookup(schema: PatchSchema, key: string): PatchSchema {
  const fields = schema.fields;
  return fields && Object.hasOwn(fields, key) ? (fields[key] as PatchSchema) : EMPTY_SCHEMA;
}

/** extractRetainKeysPatchStrategy. */
function splitStrategies(schema: PatchSchema): { retainKeys: boolean; strategy: string } {
  const s = schema.strategies ?? [];
  if (s.length === 0) return { retainKeys: false, strategy: "" };
  if (s.length === 1)
    return s[0] === "retainKeys"
      ? { retainKeys: true, strategy: "" }
      : { retainKeys: false, strategy: s[0] as string };
  if (s.length === 2) {
    if (s[0] === "retainKeys") return { retainKeys: true, strategy: s[1] as string };
    if (s[1] === "retainKeys") return { retainKeys: true, strategy: s[0] as string };
  }
  throw new PatchError(`unexpected patch strategy: [${s.join(" ")}]`);
}

const MERGE: readonly PatchStrategy[] = Object.freeze(["merge"]);
const MERGE_RETAIN_KEYS: readonly PatchStrategy[] = Object.freeze(["merge", "retainKeys"]);
const RETAIN_KEYS: readonly PatchStrategy[] = Object.freeze(["retainKeys"]);
const merge = (mergeKey: string, fields?: Readonly<Record<string, PatchSchema>>): PatchSchema =>
  Object.freeze(fields ? { strategies: MERGE, mergeKey, fields } : { strategies: MERGE, mergeKey });
const mergeRetainKeys = (mergeKey: string): PatchSchema =>
  Object.freeze({ strategies: MERGE_RETAIN_KEYS, mergeKey });
/** A merged list of scalars (a set), like metadata.finalizers. */
const mergeScalars: PatchSchema = Object.freeze({ strategies: MERGE });
const struct = (fields: Record<string, PatchSchema>): PatchSchema =>
  Object.freeze({ fields: Object.freeze(fields) });

// k8s.io/api/core/v1 types.go
const containerSchema: Readonly<Record<string, PatchSchema>> = Object.freeze({
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
});

const podSpecSchema = struct({
  volumes: mergeRetainKeys("name"),
  initContainers: merge("name", containerSchema),
  containers: merge("name", containerSchema),
  ephemeralContainers: merge("name", containerSchema),
  imagePullSecrets: merge("name"),
  hostAliases: merge("ip"),
  topologySpreadConstraints: merge("topologyKey"),
  schedulingGates: merge("name"),
  resourceClaims: mergeRetainKeys("name"),
  // tolerations, readinessGates, args, command, envFrom: untagged, so replaced whole.
});

const conditionsByType = merge("type");

// k8s.io/apimachinery/pkg/apis/meta/v1 types.go
const objectMetaSchema = struct({
  ownerReferences: merge("uid"),
  finalizers: mergeScalars,
});

const podStatusSchema = struct({
  conditions: conditionsByType,
  podIPs: merge("ip"),
  hostIPs: merge("ip"),
  // containerStatuses, initContainerStatuses, ephemeralContainerStatuses: untagged (replaced).
});

const podTemplateSchema = struct({ metadata: objectMetaSchema, spec: podSpecSchema });
const statusWithConditions = struct({ conditions: conditionsByType });
const workload = (specFields: Record<string, PatchSchema>): PatchSchema =>
  struct({
    metadata: objectMetaSchema,
    spec: struct({ template: podTemplateSchema, ...specFields }),
    status: statusWithConditions,
  });

/** Built-in schemas by kind (the Go types the apiserver would look tags up in). */
export const BUILTIN_PATCH_SCHEMAS: Readonly<Record<string, PatchSchema>> = Object.freeze({
  Pod: struct({ metadata: objectMetaSchema, spec: podSpecSchema, status: podStatusSchema }),
  PodTemplate: struct({ metadata: objectMetaSchema, template: podTemplateSchema }),
  Deployment: workload({ strategy: Object.freeze({ strategies: RETAIN_KEYS }) }),
  ReplicaSet: workload({}),
  ReplicationController: workload({}),
  DaemonSet: workload({}),
  StatefulSet: workload({}),
  Job: workload({}),
  CronJob: struct({
    metadata: objectMetaSchema,
    spec: struct({
      jobTemplate: struct({ metadata: objectMetaSchema, spec: struct({ template: podTemplateSchema }) }),
    }),
  }),
  Node: struct({
    metadata: objectMetaSchema,
    spec: struct({ podCIDRs: mergeScalars }),
    status: struct({ conditions: conditionsByType, addresses: merge("type") }),
  }),
  Service: struct({ metadata: objectMetaSchema, spec: struct({ ports: merge("port") }) }),
  Namespace: struct({ metadata: objectMetaSchema, status: statusWithConditions }),
});

/** The schema for a kind; other kinds still get ObjectMeta's tags. */
export function patchSchemaForKind(kind: string): PatchSchema {
  return Object.hasOwn(BUILTIN_PATCH_SCHEMAS, kind)
    ? (BUILTIN_PATCH_SCHEMAS[kind] as PatchSchema)
    : struct({ metadata: objectMetaSchema });
}

// ---- strategic merge: shared helpers --------------------------------------------------------

const DIRECTIVE_MARKER = "$patch";
const DELETE_DIRECTIVE = "delete";
const REPLACE_DIRECTIVE = "replace";
const MERGE_DIRECTIVE = "merge";
const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER_PREFIX = "$setElementOrder";

/** fmt.Sprintf("%v") of a scalar merge-key value, used for sorting as upstream does. */
function goString(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** sliceElementType: "object" for lists of maps, "scalar" otherwise; lists of lists are refused. */
function elementKind(...lists: readonly (readonly unknown[])[]): "object" | "scalar" {
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

function mergeKeyValue(item: unknown, mergeKey: string): unknown {
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

function findByKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  return list.findIndex((v) => {
    if (!isObject(v)) throw new PatchError("value in a merged list is not a map");
    return Object.hasOwn(v, mergeKey) && v[mergeKey] === value;
  });
}

function isDeleteDirective(v: unknown): boolean {
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
function normalizeSliceOrder(
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

function normalizeElementOrder(
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

function partition(
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
function deduplicateScalars(s: unknown[]): unknown[] {
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
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
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

function discardNullValues(v: unknown): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) deleteKey(v, k);
      else discardNullValues(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const item of v) discardNullValues(item);
  }
}

function extractKey(key: string, prefix: string): string {
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

// ---- strategic merge: applying a patch (StrategicMergeMapPatch) ----------------------------

interface MergeOptions {
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

function mergeMap(
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

// ---- strategic merge: creating a three-way patch (CreateThreeWayMergePatch) ------------------

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
  const original = isObject(lastApplied) ? cloneJson(lastApplied) : {};
  const mod = isObject(modified) ? cloneJson(modified) : {};
  const cur = isObject(current) ? cloneJson(current) : {};
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
    isObject(original) ? cloneJson(original) : {},
    isObject(modified) ? cloneJson(modified) : {},
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
