// The watch side of the MVCC store, mirroring etcd's server/storage/mvcc watchable_store.go
// (synced/unsynced watchers, catch-up from history) and watcher_group.go (exact-key and prefix
// watcher sets): the event log kept for replay, the watcher registry and in-order delivery.
// Callbacks run synchronously at commit time, where etcd would stream them over gRPC.

import type { WatchCallback, WatchEvent, WatchOptions, Watcher } from "./mvccTypes";

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

/** The event log, watchers and delivery queue of one MvccStore. */
export class MvccWatchHub<V> {
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

  get watcherCount(): number {
    return this.watcherTotal;
  }

  /**
   * Registers a watcher; `start` > 0 is the first revision to deliver (already checked against
   * the compact revision), 0 means the commit after `currentRevision`. Past events from `start`
   * on are replayed at once in one call, if there are any.
   */
  watch(
    key: string,
    opts: WatchOptions,
    start: number,
    currentRevision: number,
    callback: WatchCallback<V>,
  ): Watcher {
    const state: WatcherState<V> = {
      id: this.nextWatcherId++,
      key,
      prefix: opts.prefix === true,
      prevKv: opts.prevKv === true,
      callback,
      nextRevision: start > 0 ? start : currentRevision + 1,
      cancelled: false,
    };
    this.addWatcher(state);
    const watcher: Watcher = { id: state.id, cancel: () => this.removeWatcher(state) };

    if (start > 0 && start <= currentRevision) {
      const history = this.replay(state, start);
      state.nextRevision = currentRevision + 1;
      if (history.length > 0) this.withDelivery(() => callback(history));
    }
    return watcher;
  }

  /** Logs a commit's events and delivers them; the store's revision is already `rev`. */
  commit(rev: number, events: readonly WatchEvent<V>[]): void {
    this.log.push(events);
    if (this.watcherTotal === 0) return;
    this.pending.push({ revision: rev, events });
    this.withDelivery(() => undefined);
  }

  /** Drops the logged events of revisions before `revision`. */
  compact(revision: number): void {
    const dropRevisions = revision - this.logBase;
    if (dropRevisions > 0) {
      this.log.splice(0, dropRevisions);
      this.logBase = revision;
    }
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
