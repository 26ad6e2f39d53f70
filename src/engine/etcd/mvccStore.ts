// Models etcd v3's MVCC key-value store (server/storage/mvcc): one global revision, per-key
// create/mod revisions and versions, multi-version history for reads at past revisions,
// transactions, watches and compaction. Not modelled: Raft, leases, auth, persistence, nested
// txns and value compares. Keys are JS strings ordered by UTF-16 code units (the same as etcd's
// byte order for the ASCII keys Kubernetes uses). Values are immutable JS objects stored and
// handed out by reference, never copied. Watch callbacks run synchronously at commit time,
// where etcd would stream them over gRPC.
// The code lives in:
//   mvccStore.ts  the store: key histories, range, put/delete, txn, compaction
//   mvccWatch.ts  the event log, watcher registry and delivery
//   mvccTypes.ts  request/response/event types, error strings and the Op/Cmp builders
// This file is the public entry point and re-exports the types.

import {
  MvccErrors,
  type Compare,
  type CompactResult,
  type DeleteResult,
  type DeletedKeyValue,
  type KeyValue,
  type PutResult,
  type RangeOptions,
  type RangeResponse,
  type RangeResult,
  type TxnOp,
  type TxnRequest,
  type TxnResponse,
  type TxnResult,
  type WatchCallback,
  type WatchEvent,
  type WatchOptions,
  type WatchResult,
} from "./mvccTypes";
import { MvccWatchHub } from "./mvccWatch";

export * from "./mvccTypes";

/** One key's history: live versions and tombstones, oldest first, modRevision increasing. */
type Entry<V> = KeyValue<V> | DeletedKeyValue;

function isLive<V>(entry: Entry<V>): entry is KeyValue<V> {
  return entry.version !== 0;
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
  /** Event log, watchers and delivery (mvccWatch.ts). */
  private readonly watches = new MvccWatchHub<V>();

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
    return this.watches.watcherCount;
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
    return { ok: true, watcher: this.watches.watch(key, opts, start, this.rev, callback) };
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

    this.watches.compact(revision);
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
    this.watches.commit(rev, events);
  }
}
