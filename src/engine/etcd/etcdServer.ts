// etcd as a component: kube-apiserver's only database. It receives Range and Txn requests
// from the apiserver, answers them, and streams watch events back. Simplified: one member (no
// Raft), values are stored as objects rather than protobuf bytes.

import type { KubeObject } from "../api/objects";
import type { Simulation } from "../sim/simulation";
import { Timing } from "../cluster/timing";
import type { ObjectRef } from "../trace/traceEvent";
import {
  MvccStore,
  type KeyValue,
  type RangeOptions,
  type RangeResult,
  type TxnRequest,
  type TxnResult,
  type WatchEvent,
} from "./mvccStore";

export type EtcdStore = MvccStore<KubeObject>;
export type EtcdKeyValue = KeyValue<KubeObject>;
export type EtcdWatchEvent = WatchEvent<KubeObject>;

export class EtcdServer {
  readonly store: EtcdStore = new MvccStore<KubeObject>();

  constructor(private readonly sim: Simulation) {}

  /** kube-apiserver → etcd: a transaction; the reply arrives after the write is durable. */
  txn(
    request: TxnRequest<KubeObject>,
    summary: string,
    key: string,
    object: ObjectRef | undefined,
    reply: (result: TxnResult<KubeObject>, committed: EtcdKeyValue | undefined) => void,
  ): void {
    const objectField = object ? { object } : {};
    this.sim.send(
      {
        from: "kube-apiserver",
        to: "etcd",
        kind: "request",
        summary,
        ...objectField,
        detail: { type: "etcd", op: "txn", key },
      },
      Timing.networkMs,
      () => {
        const result = this.store.txn(request);
        const ok = result.ok && result.succeeded;
        // The key as this txn left it: the caller's answer must not see later writes.
        const committed = this.store.get(key);
        const revision = result.ok ? result.revision : undefined;
        this.sim.send(
          {
            from: "etcd",
            to: "kube-apiserver",
            kind: "response",
            summary: result.ok
              ? `Txn ${ok ? "succeeded" : "compare failed"}, revision ${result.revision}`
              : `Txn error: ${result.error}`,
            ...objectField,
            ...(ok && revision !== undefined ? { revision } : {}),
            detail: {
              type: "etcd",
              op: "txn",
              key,
              succeeded: ok,
              ...(revision !== undefined ? { revision } : {}),
            },
          },
          Timing.etcdWriteMs,
          () => reply(result, committed),
        );
      },
    );
  }

  /** kube-apiserver → etcd: a read (a key, or every key under a prefix). */
  range(
    key: string,
    options: RangeOptions,
    object: ObjectRef | undefined,
    reply: (result: RangeResult<KubeObject>) => void,
  ): void {
    const objectField = object ? { object } : {};
    const what = options.prefix ? `Range ${key} (prefix)` : `Range ${key}`;
    this.sim.send(
      {
        from: "kube-apiserver",
        to: "etcd",
        kind: "request",
        summary: what,
        ...objectField,
        detail: { type: "etcd", op: "range", key },
      },
      Timing.networkMs,
      () => {
        const result = this.store.range(key, options);
        this.sim.send(
          {
            from: "etcd",
            to: "kube-apiserver",
            kind: "response",
            summary: result.ok
              ? `Range: ${result.count} key(s), revision ${result.revision}`
              : `Range error: ${result.error}`,
            ...objectField,
            detail: {
              type: "etcd",
              op: "range",
              key,
              ...(result.ok ? { revision: result.revision, count: result.count } : {}),
            },
          },
          Timing.etcdReadMs,
          () => reply(result),
        );
      },
    );
  }

  /**
   * kube-apiserver's watch on a key prefix (one per resource, as the apiserver's cacher does).
   * Each event travels to the apiserver as its own traced message.
   */
  watchPrefix(
    prefix: string,
    describe: (event: EtcdWatchEvent) => ObjectRef | undefined,
    onEvent: (event: EtcdWatchEvent) => void,
  ): void {
    const result = this.store.watch(prefix, { prefix: true, prevKv: true }, (events) => {
      for (const event of events) {
        const object = describe(event);
        this.sim.send(
          {
            from: "etcd",
            to: "kube-apiserver",
            kind: "watch",
            summary: `${event.type} ${event.kv.key}`,
            ...(object ? { object } : {}),
            revision: event.kv.modRevision,
            detail: {
              type: "etcd",
              op: "watch",
              key: event.kv.key,
              eventType: event.type,
              revision: event.kv.modRevision,
            },
          },
          // Watchers are notified after the writer's response has gone out, as etcd's watch stream
          // trails the applied write.
          Timing.etcdWriteMs + 2,
          () => onEvent(event),
        );
      }
    });
    if (!result.ok) throw new Error(result.error);
  }

  /** Compaction requested by kube-apiserver's periodic compactor. */
  compact(revision: number): void {
    this.sim.send(
      {
        from: "kube-apiserver",
        to: "etcd",
        kind: "request",
        summary: `Compact revision ${revision}`,
        detail: { type: "etcd", op: "compact", key: "", revision },
      },
      Timing.networkMs,
      () => {
        this.store.compact(revision);
      },
    );
  }
}
