// kube-apiserver's watch cache (k8s.io/apiserver/pkg/storage/cacher): one etcd watch per
// resource, fanned out to every client watch. Watches are indexed by `spec.nodeName` and
// `metadata.name`, so a kubelet's watch costs O(its pods), not O(all pods), as upstream's
// "triggered watchers" do.

import type { KubeObject } from "../api/objects";
import type { ResourceInfo } from "../api/resources";
import type { Simulation } from "../sim/simulation";
import { Timing } from "../cluster/timing";
import type { ComponentName } from "../trace/traceEvent";
import type { EtcdWatchEvent } from "../etcd/etcdServer";
import { decodeKv } from "./storage";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface ClientWatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject;
}

export interface WatchSpec {
  readonly component: ComponentName;
  /** Watch only this namespace. */
  readonly namespace?: string;
  /** An exact `spec.nodeName=` requirement: the index key. Use "" for unscheduled pods. */
  readonly nodeName?: string;
  /** An exact `metadata.name=` requirement: the index key. */
  readonly name?: string;
  /** Remaining label/field selector requirements. */
  readonly matches?: (object: KubeObject) => boolean;
  readonly handler: (event: ClientWatchEvent) => void;
}

interface Watcher extends WatchSpec {
  readonly id: number;
  cancelled: boolean;
}

function nodeNameOf(object: KubeObject | undefined): string | undefined {
  if (object === undefined || object.kind !== "Pod") return undefined;
  const spec = object["spec"] as { nodeName?: string } | undefined;
  return spec?.nodeName ?? "";
}

/** Whether an object passes a watch's filters (namespace, indexed fields, other selectors). */
export function watchSpecMatches(
  spec: Pick<WatchSpec, "namespace" | "nodeName" | "name" | "matches">,
  object: KubeObject,
): boolean {
  if (spec.namespace !== undefined && object.metadata.namespace !== spec.namespace) return false;
  if (spec.nodeName !== undefined && nodeNameOf(object) !== spec.nodeName) return false;
  if (spec.name !== undefined && object.metadata.name !== spec.name) return false;
  return spec.matches === undefined || spec.matches(object);
}

export class WatchCache {
  /** The current objects, by etcd key, with a spec.nodeName index: informers LIST from here. */
  private readonly objects = new Map<string, KubeObject>();
  private readonly keysByNode = new Map<string, Set<string>>();
  private readonly all = new Set<Watcher>();
  private readonly byNodeName = new Map<string, Set<Watcher>>();
  private readonly byName = new Map<string, Set<Watcher>>();
  private nextId = 1;

  constructor(
    private readonly sim: Simulation,
    readonly info: ResourceInfo,
  ) {}

  get watcherCount(): number {
    let n = this.all.size;
    for (const set of this.byNodeName.values()) n += set.size;
    for (const set of this.byName.values()) n += set.size;
    return n;
  }

  addWatcher(spec: WatchSpec): () => void {
    const watcher: Watcher = { ...spec, id: this.nextId++, cancelled: false };
    const bucket =
      spec.nodeName !== undefined
        ? this.bucket(this.byNodeName, spec.nodeName)
        : spec.name !== undefined
          ? this.bucket(this.byName, spec.name)
          : this.all;
    bucket.add(watcher);
    return () => {
      watcher.cancelled = true;
      bucket.delete(watcher);
    };
  }

  private bucket(index: Map<string, Set<Watcher>>, key: string): Set<Watcher> {
    let set = index.get(key);
    if (set === undefined) {
      set = new Set();
      index.set(key, set);
    }
    return set;
  }

  /** Fills the cache at start-up (the cacher's initial LIST from etcd). */
  prime(entries: readonly { key: string; object: KubeObject }[]): void {
    for (const { key, object } of entries) this.store(key, object, undefined);
  }

  /** What a LIST with these filters returns, using the indexes (for informers starting up). */
  list(spec: Pick<WatchSpec, "namespace" | "nodeName" | "name" | "matches">): KubeObject[] {
    const candidates: Iterable<KubeObject> =
      spec.nodeName !== undefined
        ? [...(this.keysByNode.get(spec.nodeName) ?? [])].map((k) => this.objects.get(k) as KubeObject)
        : this.objects.values();
    const out: KubeObject[] = [];
    for (const object of candidates) if (watchSpecMatches(spec, object)) out.push(object);
    return out;
  }

  private store(key: string, current: KubeObject | undefined, previous: KubeObject | undefined): void {
    const oldNode = nodeNameOf(previous);
    const newNode = nodeNameOf(current);
    if (oldNode !== undefined && oldNode !== newNode) this.keysByNode.get(oldNode)?.delete(key);
    if (current === undefined) {
      this.objects.delete(key);
      return;
    }
    this.objects.set(key, current);
    if (newNode !== undefined) {
      let keys = this.keysByNode.get(newNode);
      if (!keys) this.keysByNode.set(newNode, (keys = new Set()));
      keys.add(key);
    }
  }

  /** An event from the etcd watch: work out what each interested client sees, and send it. */
  onEtcdEvent(event: EtcdWatchEvent): void {
    const current = event.type === "PUT" ? decodeKv(event.kv) : undefined;
    const previous = event.prevKv ? decodeKv(event.prevKv) : undefined;
    this.store(event.kv.key, current, previous);
    // A deleted object is delivered as its last state, stamped with the deletion revision.
    const deleted =
      event.type === "DELETE" && previous
        ? { ...previous, metadata: { ...previous.metadata, resourceVersion: String(event.kv.modRevision) } }
        : undefined;

    const deliver = (watcher: Watcher): void => {
      if (watcher.cancelled) return;
      const was = previous !== undefined && this.passes(watcher, previous);
      const is = current !== undefined && this.passes(watcher, current);
      let type: WatchEventType;
      let object: KubeObject;
      if (is && was) [type, object] = ["MODIFIED", current];
      else if (is) [type, object] = ["ADDED", current];
      else if (was) [type, object] = ["DELETED", deleted ?? current ?? previous];
      else return;
      this.send(watcher, type, object, event.kv.modRevision);
    };

    for (const watcher of this.all) deliver(watcher);
    const oldNode = nodeNameOf(previous);
    const newNode = nodeNameOf(current);
    const nodeWatchers = new Set<Watcher>();
    for (const node of [oldNode, newNode]) {
      if (node === undefined) continue;
      for (const watcher of this.byNodeName.get(node) ?? []) nodeWatchers.add(watcher);
    }
    for (const watcher of nodeWatchers) deliver(watcher);
    const name = (current ?? previous)?.metadata.name;
    if (name !== undefined) for (const watcher of this.byName.get(name) ?? []) deliver(watcher);
  }

  private passes(watcher: Watcher, object: KubeObject): boolean {
    return watchSpecMatches(watcher, object);
  }

  private send(watcher: Watcher, type: WatchEventType, object: KubeObject, revision: number): void {
    const ns = object.metadata.namespace;
    const name = object.metadata.name ?? "";
    this.sim.send(
      {
        from: "kube-apiserver",
        to: watcher.component,
        kind: "watch",
        summary: `${type} ${this.info.kind} ${ns ? `${ns}/` : ""}${name}`,
        object: {
          kind: this.info.kind,
          name,
          ...(ns ? { namespace: ns } : {}),
          ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
        },
        revision,
        detail: { type: "watch", eventType: type, resource: this.info.resource },
      },
      Timing.networkMs,
      () => {
        if (!watcher.cancelled) watcher.handler({ type, object });
      },
    );
  }
}
