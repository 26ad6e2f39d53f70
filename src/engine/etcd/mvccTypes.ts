// The request, response and event types of the MVCC store, mirroring etcd's
// api/etcdserverpb (RangeRequest, TxnRequest, Compare, ...) and api/mvccpb (KeyValue, Event),
// with the error strings of server/storage/mvcc and the clientv3 Op/Compare builders (op.go,
// compare.go).

/** etcd's error strings, so traces and kubectl output read like the real thing. */
export const MvccErrors = {
  compacted: "mvcc: required revision has been compacted",
  futureRevision: "mvcc: required revision is a future revision",
  duplicateKey: "etcdserver: duplicate key given in txn request",
} as const;

export interface MvccFailure {
  readonly ok: false;
  readonly error: string;
}

export interface KeyValue<V = unknown> {
  readonly key: string;
  /** Revision of the put that created this incarnation of the key. */
  readonly createRevision: number;
  /** Revision of the last put. */
  readonly modRevision: number;
  /** 1 on create, +1 per put; a delete resets it. */
  readonly version: number;
  readonly value: V;
}

/** What a DELETE event carries as `kv`: the key and the revision of the delete, no value. */
export interface DeletedKeyValue {
  readonly key: string;
  readonly createRevision: 0;
  readonly modRevision: number;
  readonly version: 0;
}

export type WatchEvent<V = unknown> =
  | { readonly type: "PUT"; readonly kv: KeyValue<V>; readonly prevKv?: KeyValue<V> }
  | { readonly type: "DELETE"; readonly kv: DeletedKeyValue; readonly prevKv?: KeyValue<V> };

export type WatchEventType = WatchEvent["type"];

export interface RangeOptions {
  /** Range over every key starting with `key`. */
  readonly prefix?: boolean;
  /** Range over [key, rangeEnd) (ignored with `prefix`); lets callers resume a paginated list. */
  readonly rangeEnd?: string;
  /** Read the store as it was at this revision; omitted or ≤ 0 means the current revision. */
  readonly revision?: number;
  /** At most this many kvs (0 or omitted: no limit); `count` still counts the whole range. */
  readonly limit?: number;
  readonly countOnly?: boolean;
}

export interface RangeResponse<V = unknown> {
  /** Sorted by key. */
  readonly kvs: KeyValue<V>[];
  /** Keys in the range, ignoring `limit`. */
  readonly count: number;
  /** True when `limit` cut the result short. */
  readonly more: boolean;
}

/** `revision` is the store's current revision (etcd's response header), not the one read at. */
export type RangeResult<V = unknown> =
  ({ readonly ok: true; readonly revision: number } & RangeResponse<V>) | MvccFailure;

export type CompareTarget = "version" | "createRevision" | "modRevision";
export type CompareResult = "=" | "!=" | "<" | ">";

/** A missing (or deleted) key has version, createRevision and modRevision 0, as in etcd. */
export interface Compare {
  readonly key: string;
  readonly target: CompareTarget;
  readonly result: CompareResult;
  readonly value: number;
}

export type TxnOp<V = unknown> =
  | { readonly type: "put"; readonly key: string; readonly value: V; readonly prevKv?: boolean }
  | { readonly type: "delete"; readonly key: string; readonly prefix?: boolean }
  | ({ readonly type: "range"; readonly key: string } & RangeOptions);

export type TxnResponse<V = unknown> =
  | { readonly type: "put"; readonly prevKv?: KeyValue<V> }
  /** `prevKvs` is always filled (it costs nothing here), in key order. */
  | { readonly type: "delete"; readonly deleted: number; readonly prevKvs: KeyValue<V>[] }
  | ({ readonly type: "range" } & RangeResponse<V>);

export interface TxnRequest<V = unknown> {
  readonly compare?: readonly Compare[];
  readonly success?: readonly TxnOp<V>[];
  readonly failure?: readonly TxnOp<V>[];
}

export type TxnResult<V = unknown> =
  | {
      readonly ok: true;
      readonly succeeded: boolean;
      /** The store revision after the txn: the txn's own revision if it wrote anything. */
      readonly revision: number;
      readonly responses: TxnResponse<V>[];
    }
  | MvccFailure;

export interface PutResult<V = unknown> {
  readonly revision: number;
  readonly kv: KeyValue<V>;
  readonly prevKv?: KeyValue<V>;
}

export interface DeleteResult<V = unknown> {
  /** Unchanged when nothing was deleted: etcd only bumps the revision on a change. */
  readonly revision: number;
  readonly deleted: number;
  readonly prevKvs: KeyValue<V>[];
}

export interface WatchOptions {
  readonly prefix?: boolean;
  /** First revision to deliver; omitted or ≤ 0 means "from the next commit on". */
  readonly startRevision?: number;
  /** Include the previous kv in events (etcd's WithPrevKV). */
  readonly prevKv?: boolean;
}

export type WatchCallback<V = unknown> = (events: readonly WatchEvent<V>[]) => void;

export interface Watcher {
  readonly id: number;
  cancel(): void;
}

export type WatchResult = { readonly ok: true; readonly watcher: Watcher } | MvccFailure;

export type CompactResult = { readonly ok: true; readonly revision: number } | MvccFailure;

/** Builders for txn ops, so call sites read like clientv3's `OpPut`/`OpDelete`/`OpGet`. */
export const Op = {
  put: <V>(key: string, value: V, opts: { readonly prevKv?: boolean } = {}): TxnOp<V> => ({
    type: "put",
    key,
    value,
    ...opts,
  }),
  delete: (key: string, opts: { readonly prefix?: boolean } = {}): TxnOp<never> => ({
    type: "delete",
    key,
    ...opts,
  }),
  range: (key: string, opts: RangeOptions = {}): TxnOp<never> => ({ type: "range", key, ...opts }),
} as const;

/** Builders for txn compares, like clientv3's `Compare(ModRevision(key), "=", rev)`. */
export const Cmp = {
  modRevision: (key: string, result: CompareResult, value: number): Compare => ({
    key,
    target: "modRevision",
    result,
    value,
  }),
  createRevision: (key: string, result: CompareResult, value: number): Compare => ({
    key,
    target: "createRevision",
    result,
    value,
  }),
  version: (key: string, result: CompareResult, value: number): Compare => ({
    key,
    target: "version",
    result,
    value,
  }),
  /** The key does not exist (how Kubernetes guards a create). */
  absent: (key: string): Compare => ({ key, target: "createRevision", result: "=", value: 0 }),
  exists: (key: string): Compare => ({ key, target: "createRevision", result: ">", value: 0 }),
} as const;
