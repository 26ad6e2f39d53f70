// Models etcd v3's MVCC key-value store (server/storage/mvcc): one global revision, per-key
// create/mod revisions and versions, multi-version history for reads at past revisions,
// transactions, watches and compaction. Not modelled: Raft, leases, auth, persistence, nested
// txns and value compares. Keys are JS strings ordered by UTF-16 code units (the same as etcd's
// byte order for the ASCII keys Kubernetes uses). Values are immutable JS objects stored and
// handed out by reference, never copied. Watch callbacks run synchronously at commit time,
// where etcd would stream them over gRPC.

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

/** One key's history: live versions and tombstones, oldest first, modRevision increasing. */
type Entry<V> = KeyValue<V> | DeletedKeyValue;

function isLive<V>(entry: Entry<V>): entry is KeyValue<V> {
  return entry.version !== 0;
}

interface WatcherState<V> {
  readonly id: number;
  readonly key: string;
  readonly prefix: boolean;
  readonly prevKv: boolean;
  readonly callback: WatchCallback<V>;
  /** Next revision this watcher may receive; guards against duplicates when commits nest. */
  nextRevision: number;
  cancelled: boolean;
}

interface Commit<V> {
  readonly revision: number;
  readonly events: readonly WatchEvent<V>[];
}

function withoutPrevKv<V>(event: WatchEvent<V>): WatchEvent<V> {
  if (event.prevKv === undefined) return event;
  return event.type === "PUT" ? { type: "PUT", kv: event.kv } : { type: "DELETE", kv: event.kv };
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = sorted[mid];
    if (k !== undefined && k < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Duplicate puts, or a delete overlapping a put, are rejected by etcd before anything runs. */
function hasDuplicateKeys<V>(ops: readonly TxnOp<V>[]): boolean {
  const puts = new Set<string>();
  for (const op of ops) {
    if (op.type !== "put") continue;
    if (puts.has(op.key)) return true;
    puts.add(op.key);
  }
  if (puts.size === 0) return false;
  for (const op of ops) {
    if (op.type !== "delete") continue;
    if (op.prefix === true) {
      for (const key of puts) if (key.startsWith(op.key)) return true;
    } else if (puts.has(op.key)) return true;
  }
  return false;
}

export class MvccStore<V = unknown> {
  private rev = 1;
  private compactRev = 0;
  private liveKeys = 0;
  /** Key → its history; O(1) access to the latest version. */
  private readonly keys = new Map<string, Entry<V>[]>();
  /**
   * Every key in `keys`, sorted, for prefix ranges. New keys wait in `unsortedKeys` and are merged
   * in lazily, so a burst of creates costs one sort rather than one splice each.
   */
  private sortedKeys: string[] = [];
  private unsortedKeys: string[] = [];
  /** Events of every revision from `logBase` on (each revision has at least one): watch replay. */
  private log: (readonly WatchEvent<V>[])[] = [];
  private logBase = 2;

  private nextWatcherId = 1;
  private watcherTotal = 0;
  private readonly exactWatchers = new Map<string, Set<WatcherState<V>>>();
  private readonly prefixWatchers: WatcherState<V>[] = [];
  /**
   * Commits not yet delivered. A callback that writes would otherwise notify watchers of the
   * new revision before others have seen the current one; queueing keeps every watcher in order.
   */
  private readonly pending: Commit<V>[] = [];
  private delivering = false;

  get revision(): number {
    return this.rev;
  }

  get compactRevision(): number {
    return this.compactRev;
  }

  /** Number of live keys. */
  get size(): number {
    return this.liveKeys;
  }

  get watcherCount(): number {
    return this.watcherTotal;
  }

  /** The current version of `key`, or undefined if it does not exist. O(1). */
  get(key: string): KeyValue<V> | undefined {
    const last = this.keys.get(key)?.at(-1);
    return last !== undefined && isLive(last) ? last : undefined;
  }

  range(key: string, opts: RangeOptions = {}): RangeResult<V> {
    const error = this.checkRevision(opts.revision);
    if (error !== undefined) return { ok: false, error };
    const readRev = opts.revision !== undefined && opts.revision > 0 ? opts.revision : this.rev;
    return { ok: true, revision: this.rev, ...this.read(key, opts, readRev) };
  }

  /** Live keys starting with `prefix`. */
  countKeys(prefix: string): number {
    let count = 0;
    this.scan(prefix, true, undefined, (_key, history) => {
      const last = history.at(-1);
      if (last !== undefined && isLive(last)) count++;
    });
    return count;
  }

  put(key: string, value: V): PutResult<V> {
    const rev = this.rev + 1;
    const events: WatchEvent<V>[] = [];
    const { kv, prevKv } = this.applyPut(key, value, rev, events);
    this.commit(rev, events);
    return prevKv === undefined ? { revision: rev, kv } : { revision: rev, kv, prevKv };
  }

  delete(key: string, opts: { readonly prefix?: boolean } = {}): DeleteResult<V> {
    const rev = this.rev + 1;
    const events: WatchEvent<V>[] = [];
    const prevKvs = this.applyDelete(key, opts.prefix === true, rev, events);
    if (events.length > 0) this.commit(rev, events);
    return { revision: this.rev, deleted: prevKvs.length, prevKvs };
  }

  /**
   * If every compare holds, runs `success`, else `failure`. All writes share one revision; reads
   * inside the txn see its earlier writes. The revision only moves if something changed.
   */
  txn(request: TxnRequest<V>): TxnResult<V> {
    const success = request.success ?? [];
    const failure = request.failure ?? [];
    if (hasDuplicateKeys(success) || hasDuplicateKeys(failure)) {
      return { ok: false, error: MvccErrors.duplicateKey };
    }
    const succeeded = (request.compare ?? []).every((c) => this.evaluate(c));
    const ops = succeeded ? success : failure;
    for (const op of ops) {
      if (op.type !== "range") continue;
      const error = this.checkRevision(op.revision);
      if (error !== undefined) return { ok: false, error };
    }

    const rev = this.rev + 1;
    const events: WatchEvent<V>[] = [];
    const responses: TxnResponse<V>[] = [];
    for (const op of ops) {
      switch (op.type) {
        case "put": {
          const { prevKv } = this.applyPut(op.key, op.value, rev, events);
          responses.push(
            op.prevKv === true && prevKv !== undefined ? { type: "put", prevKv } : { type: "put" },
          );
          break;
        }
        case "delete": {
          const prevKvs = this.applyDelete(op.key, op.prefix === true, rev, events);
          responses.push({ type: "delete", deleted: prevKvs.length, prevKvs });
          break;
        }
        case "range": {
          // Reading at `rev` sees this txn's writes so far (nothing else is at `rev` yet).
          const readRev = op.revision !== undefined && op.revision > 0 ? op.revision : rev;
          responses.push({ type: "range", ...this.read(op.key, op, readRev) });
          break;
        }
      }
    }
    if (events.length > 0) this.commit(rev, events);
    return { ok: true, succeeded, revision: this.rev, responses };
  }

  /**
   * Watches `key` (or every key under it with `prefix`). With `startRevision` ≤ the current
   * revision, `callback` first gets every matching past event from there on in one call (skipped
   * if there are none); after that it gets each later commit's matching events, one call per
   * revision, in order and without gaps.
   */
  watch(key: string, opts: WatchOptions, callback: WatchCallback<V>): WatchResult {
    const start = opts.startRevision !== undefined && opts.startRevision > 0 ? opts.startRevision : 0;
    if (start > 0 && start < this.compactRev) return { ok: false, error: MvccErrors.compacted };

    const state: WatcherState<V> = {
      id: this.nextWatcherId++,
      key,
      prefix: opts.prefix === true,
      prevKv: opts.prevKv === true,
      callback,
      nextRevision: start > 0 ? start : this.rev + 1,
      cancelled: false,
    };
    this.addWatcher(state);
    const watcher: Watcher = { id: state.id, cancel: () => this.removeWatcher(state) };

    if (start > 0 && start <= this.rev) {
      const history = this.replay(state, start);
      state.nextRevision = this.rev + 1;
      if (history.length > 0) this.withDelivery(() => callback(history));
    }
    return { ok: true, watcher };
  }

  /**
   * Forgets history before `revision`, keeping for each key its newest version at or before it,
   * so reads at `revision` or later still work. Keys deleted at or before `revision` vanish.
   */
  compact(revision: number): CompactResult {
    if (revision <= this.compactRev) return { ok: false, error: MvccErrors.compacted };
    if (revision > this.rev) return { ok: false, error: MvccErrors.futureRevision };
    this.compactRev = revision;

    let removedKeys = false;
    for (const [key, history] of this.keys) {
      const i = this.indexAt(history, revision);
      if (i < 0) continue;
      const entry = history[i];
      const drop = entry !== undefined && isLive(entry) ? i : i + 1;
      if (drop === 0) continue;
      if (drop >= history.length) {
        this.keys.delete(key);
        removedKeys = true;
      } else {
        history.splice(0, drop);
      }
    }
    if (removedKeys) {
      this.mergeUnsortedKeys();
      this.sortedKeys = this.sortedKeys.filter((k) => this.keys.has(k));
    }

    const dropRevisions = revision - this.logBase;
    if (dropRevisions > 0) {
      this.log.splice(0, dropRevisions);
      this.logBase = revision;
    }
    return { ok: true, revision };
  }

  private checkRevision(revision: number | undefined): string | undefined {
    if (revision === undefined || revision <= 0) return undefined;
    if (revision < this.compactRev) return MvccErrors.compacted;
    if (revision > this.rev) return MvccErrors.futureRevision;
    return undefined;
  }

  /** Index of the newest entry with modRevision ≤ `revision`, or -1. Usually the last one. */
  private indexAt(history: readonly Entry<V>[], revision: number): number {
    let i = history.length - 1;
    while (i >= 0) {
      const entry = history[i];
      if (entry !== undefined && entry.modRevision <= revision) break;
      i--;
    }
    return i;
  }

  private liveAt(history: readonly Entry<V>[], revision: number): KeyValue<V> | undefined {
    const entry = history[this.indexAt(history, revision)];
    return entry !== undefined && isLive(entry) ? entry : undefined;
  }

  private read(key: string, opts: RangeOptions, readRev: number): RangeResponse<V> {
    const countOnly = opts.countOnly === true;
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : Infinity;
    const kvs: KeyValue<V>[] = [];
    let count = 0;
    const visit = (_key: string, history: readonly Entry<V>[]): void => {
      const kv = this.liveAt(history, readRev);
      if (kv === undefined) return;
      count++;
      if (!countOnly && kvs.length < limit) kvs.push(kv);
    };
    if (opts.prefix === true || opts.rangeEnd !== undefined) {
      this.scan(key, opts.prefix === true, opts.rangeEnd, visit);
    } else {
      const history = this.keys.get(key);
      if (history !== undefined) visit(key, history);
    }
    return { kvs, count, more: !countOnly && count > kvs.length };
  }

  /** Visits, in key order, every known key (live or not) under `key` or in [key, rangeEnd). */
  private scan(
    key: string,
    prefix: boolean,
    rangeEnd: string | undefined,
    visit: (key: string, history: readonly Entry<V>[]) => void,
  ): void {
    this.mergeUnsortedKeys();
    const sorted = this.sortedKeys;
    for (let i = lowerBound(sorted, key); i < sorted.length; i++) {
      const k = sorted[i];
      if (k === undefined) break;
      if (prefix ? !k.startsWith(key) : rangeEnd !== undefined && k >= rangeEnd) break;
      const history = this.keys.get(k);
      if (history !== undefined) visit(k, history);
    }
  }

  private mergeUnsortedKeys(): void {
    if (this.unsortedKeys.length === 0) return;
    // The default sort compares UTF-16 code units, the same order as `<` on strings.
    const added = this.unsortedKeys.sort();
    this.unsortedKeys = [];
    const sorted = this.sortedKeys;
    const lastSorted = sorted.at(-1);
    const firstAdded = added[0];
    if (lastSorted === undefined || (firstAdded !== undefined && lastSorted < firstAdded)) {
      for (const k of added) sorted.push(k);
      return;
    }
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    for (;;) {
      const a = sorted[i];
      const b = added[j];
      if (a !== undefined && (b === undefined || a < b)) {
        merged.push(a);
        i++;
      } else if (b !== undefined) {
        merged.push(b);
        j++;
      } else {
        break;
      }
    }
    this.sortedKeys = merged;
  }

  private evaluate(compare: Compare): boolean {
    const kv = this.get(compare.key);
    const actual = kv === undefined ? 0 : kv[compare.target];
    switch (compare.result) {
      case "=":
        return actual === compare.value;
      case "!=":
        return actual !== compare.value;
      case "<":
        return actual < compare.value;
      case ">":
        return actual > compare.value;
    }
  }

  private historyFor(key: string): Entry<V>[] {
    let history = this.keys.get(key);
    if (history === undefined) {
      history = [];
      this.keys.set(key, history);
      this.unsortedKeys.push(key);
    }
    return history;
  }

  private applyPut(
    key: string,
    value: V,
    rev: number,
    events: WatchEvent<V>[],
  ): { kv: KeyValue<V>; prevKv: KeyValue<V> | undefined } {
    const history = this.historyFor(key);
    const last = history.at(-1);
    const prevKv = last !== undefined && isLive(last) ? last : undefined;
    const kv: KeyValue<V> = {
      key,
      createRevision: prevKv === undefined ? rev : prevKv.createRevision,
      modRevision: rev,
      version: prevKv === undefined ? 1 : prevKv.version + 1,
      value,
    };
    history.push(kv);
    if (prevKv === undefined) {
      this.liveKeys++;
      events.push({ type: "PUT", kv });
    } else {
      events.push({ type: "PUT", kv, prevKv });
    }
    return { kv, prevKv };
  }

  private applyDelete(key: string, prefix: boolean, rev: number, events: WatchEvent<V>[]): KeyValue<V>[] {
    const prevKvs: KeyValue<V>[] = [];
    const deleteOne = (k: string, history: Entry<V>[]): void => {
      const last = history.at(-1);
      if (last === undefined || !isLive(last)) return;
      const tombstone: DeletedKeyValue = { key: k, createRevision: 0, modRevision: rev, version: 0 };
      history.push(tombstone);
      this.liveKeys--;
      prevKvs.push(last);
      events.push({ type: "DELETE", kv: tombstone, prevKv: last });
    };
    if (prefix) {
      // The scan only reads `sortedKeys`; deleting appends tombstones and never changes the key set.
      this.scan(key, true, undefined, (k) => {
        const history = this.keys.get(k);
        if (history !== undefined) deleteOne(k, history);
      });
    } else {
      const history = this.keys.get(key);
      if (history !== undefined) deleteOne(key, history);
    }
    return prevKvs;
  }

  private commit(rev: number, events: readonly WatchEvent<V>[]): void {
    this.rev = rev;
    this.log.push(events);
    if (this.watcherTotal === 0) return;
    this.pending.push({ revision: rev, events });
    this.withDelivery(() => undefined);
  }

  /** Runs `fn` (which may call a callback) as delivery work, then drains queued commits. */
  private withDelivery(fn: () => void): void {
    if (this.delivering) {
      fn();
      return;
    }
    this.delivering = true;
    try {
      fn();
      // A commit stays queued until fully delivered: if a callback throws, the next drain resumes
      // it, and `nextRevision` stops watchers that already had it from getting it twice.
      for (let c = this.pending[0]; c !== undefined; c = this.pending[0]) {
        this.deliver(c);
        this.pending.shift();
      }
    } finally {
      this.delivering = false;
    }
  }

  private deliver(commit: Commit<V>): void {
    const batches = new Map<WatcherState<V>, WatchEvent<V>[]>();
    const add = (watcher: WatcherState<V>, event: WatchEvent<V>): void => {
      const e = watcher.prevKv ? event : withoutPrevKv(event);
      const batch = batches.get(watcher);
      if (batch === undefined) batches.set(watcher, [e]);
      else batch.push(e);
    };
    for (const event of commit.events) {
      const key = event.kv.key;
      const exact = this.exactWatchers.get(key);
      if (exact !== undefined) for (const w of exact) add(w, event);
      for (const w of this.prefixWatchers) if (key.startsWith(w.key)) add(w, event);
    }
    const targets = [...batches.keys()];
    // Oldest watcher first, whatever order the events matched in.
    if (targets.length > 1) targets.sort((a, b) => a.id - b.id);
    for (const w of targets) {
      const batch = batches.get(w);
      if (w.cancelled || batch === undefined || w.nextRevision > commit.revision) continue;
      w.nextRevision = commit.revision + 1;
      w.callback(batch);
    }
  }

  private replay(watcher: WatcherState<V>, start: number): WatchEvent<V>[] {
    const out: WatchEvent<V>[] = [];
    for (let i = Math.max(0, start - this.logBase); i < this.log.length; i++) {
      const events = this.log[i];
      if (events === undefined) break;
      for (const event of events) {
        const key = event.kv.key;
        if (watcher.prefix ? key.startsWith(watcher.key) : key === watcher.key) {
          out.push(watcher.prevKv ? event : withoutPrevKv(event));
        }
      }
    }
    return out;
  }

  private addWatcher(watcher: WatcherState<V>): void {
    this.watcherTotal++;
    if (watcher.prefix) {
      this.prefixWatchers.push(watcher);
      return;
    }
    let set = this.exactWatchers.get(watcher.key);
    if (set === undefined) {
      set = new Set();
      this.exactWatchers.set(watcher.key, set);
    }
    set.add(watcher);
  }

  private removeWatcher(watcher: WatcherState<V>): void {
    if (watcher.cancelled) return;
    watcher.cancelled = true;
    this.watcherTotal--;
    if (watcher.prefix) {
      const i = this.prefixWatchers.indexOf(watcher);
      if (i >= 0) this.prefixWatchers.splice(i, 1);
      return;
    }
    const set = this.exactWatchers.get(watcher.key);
    set?.delete(watcher);
    if (set?.size === 0) this.exactWatchers.delete(watcher.key);
  }
}
