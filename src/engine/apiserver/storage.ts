// The apiserver's storage layer over etcd (k8s.io/apiserver/pkg/storage/etcd3): keys, optimistic
// concurrency on mod revision, and resourceVersion = the etcd mod revision of the object.

import type { KubeObject } from "../api/objects";
import type { ObjectRef } from "../trace/traceEvent";
import type { EtcdKeyValue, EtcdServer } from "../etcd/etcdServer";
import { Cmp, Op } from "../etcd/mvccStore";

/** An object as read from storage: its resourceVersion set from the key's mod revision. */
export interface StoredObject {
  readonly object: KubeObject;
  readonly modRevision: number;
}

export type WriteResult =
  | { readonly ok: true; readonly stored: StoredObject }
  | {
      readonly ok: false;
      readonly reason: "exists" | "conflict" | "notFound" | "error";
      readonly message?: string;
    };

const decoded = new WeakMap<EtcdKeyValue, KubeObject>();

/** Objects are stored without resourceVersion (as upstream does); reads add it from the revision. */
export function decodeKv(kv: EtcdKeyValue): KubeObject {
  let object = decoded.get(kv);
  if (object === undefined) {
    object = { ...kv.value, metadata: { ...kv.value.metadata, resourceVersion: String(kv.modRevision) } };
    decoded.set(kv, object);
  }
  return object;
}

function encode(object: KubeObject): KubeObject {
  if (object.metadata.resourceVersion === undefined) return object;
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata };
}

export class EtcdStorage {
  constructor(private readonly etcd: EtcdServer) {}

  get revision(): number {
    return this.etcd.store.revision;
  }

  /** The current object, as the apiserver knows it from its watch cache (untraced). */
  peek(key: string): StoredObject | undefined {
    const kv = this.etcd.store.get(key);
    return kv ? { object: decodeKv(kv), modRevision: kv.modRevision } : undefined;
  }

  create(key: string, object: KubeObject, ref: ObjectRef, done: (result: WriteResult) => void): void {
    this.etcd.txn(
      { compare: [Cmp.absent(key)], success: [Op.put(key, encode(object))] },
      `Txn put ${key} (if absent)`,
      key,
      ref,
      (result, committed) => done(afterWrite(result, committed, "exists")),
    );
  }

  update(
    key: string,
    object: KubeObject,
    expectedModRevision: number,
    ref: ObjectRef,
    done: (result: WriteResult) => void,
  ): void {
    this.etcd.txn(
      { compare: [Cmp.modRevision(key, "=", expectedModRevision)], success: [Op.put(key, encode(object))] },
      `Txn put ${key} (if mod_revision = ${expectedModRevision})`,
      key,
      ref,
      (result, committed) => done(afterWrite(result, committed, "conflict")),
    );
  }

  remove(
    key: string,
    expectedModRevision: number,
    ref: ObjectRef,
    done: (result: WriteResult) => void,
  ): void {
    this.etcd.txn(
      { compare: [Cmp.modRevision(key, "=", expectedModRevision)], success: [Op.delete(key)] },
      `Txn delete ${key} (if mod_revision = ${expectedModRevision})`,
      key,
      ref,
      (result) => {
        if (!result.ok) return done({ ok: false, reason: "error", message: result.error });
        const response = result.responses[0];
        const prev = response?.type === "delete" ? response.prevKvs[0] : undefined;
        if (!result.succeeded || !prev) return done({ ok: false, reason: "conflict" });
        done({ ok: true, stored: { object: decodeKv(prev), modRevision: prev.modRevision } });
      },
    );
  }

  get(key: string, ref: ObjectRef, done: (stored: StoredObject | undefined) => void): void {
    this.etcd.range(key, {}, ref, (result) => {
      const kv = result.ok ? result.kvs[0] : undefined;
      done(kv ? { object: decodeKv(kv), modRevision: kv.modRevision } : undefined);
    });
  }

  list(prefix: string, done: (objects: KubeObject[], revision: number) => void): void {
    this.etcd.range(prefix, { prefix: true }, undefined, (result) => {
      done(result.ok ? result.kvs.map(decodeKv) : [], result.ok ? result.revision : this.revision);
    });
  }

  /** Every object under a prefix, synchronously: for informers that start with a synced cache. */
  snapshot(prefix: string): { objects: KubeObject[]; revision: number } {
    const result = this.etcd.store.range(prefix, { prefix: true });
    return { objects: result.ok ? result.kvs.map(decodeKv) : [], revision: this.revision };
  }
}

function afterWrite(
  result: { readonly ok: true; readonly succeeded: boolean } | { readonly ok: false; readonly error: string },
  committed: EtcdKeyValue | undefined,
  failure: "exists" | "conflict",
): WriteResult {
  if (!result.ok) return { ok: false, reason: "error", message: result.error };
  if (!result.succeeded) return { ok: false, reason: failure };
  return committed
    ? { ok: true, stored: { object: decodeKv(committed), modRevision: committed.modRevision } }
    : { ok: false, reason: "notFound" };
}
