// The garbage collector of kube-controller-manager (pkg/controller/garbagecollector/
// garbagecollector.go): informers on every resource feed the dependency graph (gcGraph.ts); the
// attemptToDelete queue deletes objects whose owners are all gone (checked with live GETs, the
// absent-owner cache, and a uid + resourceVersion precondition on the DELETE), deletes the
// blocking dependents of an owner with the `foregroundDeletion` finalizer and then removes that
// finalizer; the attemptToOrphan queue removes an `orphan` owner's ownerReferences from its
// dependents, then the finalizer. It calls the apiserver as
// system:serviceaccount:kube-system:generic-garbage-collector.
// Simplified: events (ignored upstream too) and Leases (for cost: every node renews one each
// 10 s) are not watched, so a deleted Node's Lease is not collected; an owner of an unwatched
// kind is trusted once a GET finds it; a DELETE answered 404 is retried like any error (1.32).

import type { KubeObject, OwnerReference } from "../api/objects";
import { RESOURCES, type ResourceInfo, resourceForKind } from "../api/resources";
import {
  FinalizerDeleteDependents,
  FinalizerOrphanDependents,
  type PropagationPolicy,
} from "../apiserver/verbs/deletionFinalizers";
import type { ApiClient } from "../client/apiClient";
import { Informer } from "../client/informer";
import { GraphBuilder } from "./gcGraph";
import {
  type GcNode,
  type ObjectIdentity,
  absentKey,
  beingDeleted,
  hasFinalizer,
  identityOf,
} from "./gcNode";
import { GcOperations, deleteOwnerRefPatch, unblockOwnerRefsPatch } from "./gcOperations";
import { WorkQueue } from "./workQueue";

/** Resources the collector does not watch (see the header). */
export const GC_IGNORED_RESOURCES: ReadonlySet<string> = new Set(["events", "leases"]);

/** kube-controller-manager --concurrent-gc-syncs. */
const CONCURRENT_GC_SYNCS = 20;

type Done = (result?: number | "error") => void;
type Outcome = "ok" | "forget" | "error";

interface Classified {
  readonly solid: OwnerReference[];
  readonly dangling: OwnerReference[];
  readonly waiting: OwnerReference[];
}

export class GarbageCollector {
  readonly graph: GraphBuilder;
  readonly informers: readonly Informer<KubeObject>[];
  readonly attemptToDelete: WorkQueue;
  readonly attemptToOrphan: WorkQueue;
  private readonly ops: GcOperations;
  private readonly monitored: ReadonlySet<string>;
  /** While the informers list at start-up, nothing is queued (the graph is settled afterwards). */
  private syncing = false;

  constructor(client: ApiClient) {
    this.ops = new GcOperations(client);
    this.attemptToDelete = new WorkQueue(
      client.sim,
      (uid, done) => this.deleteWorker(uid, done),
      CONCURRENT_GC_SYNCS,
    );
    this.attemptToOrphan = new WorkQueue(
      client.sim,
      (uid, done) => this.orphanWorker(uid, done),
      CONCURRENT_GC_SYNCS,
    );
    this.graph = new GraphBuilder({
      attemptToDelete: (node) => {
        if (!this.syncing) this.attemptToDelete.add(node.identity.uid);
      },
      attemptToOrphan: (node) => {
        if (!this.syncing) this.attemptToOrphan.add(node.identity.uid);
      },
    });
    const infos = RESOURCES.filter((r) => !GC_IGNORED_RESOURCES.has(r.resource));
    this.monitored = new Set(infos.map((r) => r.resource));
    this.informers = infos.map((info) => this.monitor(client, info));
  }

  private monitor(client: ApiClient, info: ResourceInfo): Informer<KubeObject> {
    const informer = new Informer<KubeObject>(client, info.resource);
    informer.addHandlers({
      add: (object) => this.graph.observe(info, undefined, object),
      update: (old, object) => this.graph.observe(info, old, object),
      delete: (object) => this.graph.removed(info, object),
    });
    return informer;
  }

  start(): void {
    this.syncing = true;
    for (const informer of this.informers) informer.start();
    this.syncing = false;
    // The cluster was running before: queue what a running collector would have pending.
    for (const node of this.graph.uidToNode.values())
      if (node.virtual) this.attemptToDelete.add(node.identity.uid);
    for (const informer of this.informers)
      for (const object of informer.list()) {
        const node = beingDeleted(object) ? this.graph.uidToNode.get(object.metadata.uid ?? "") : undefined;
        if (node) this.graph.processTransitions(undefined, object, node);
      }
  }

  /** processAttemptToDeleteWorker: one node, then forget it or requeue it with backoff. */
  private deleteWorker(uid: string, done: Done): void {
    const node = this.graph.uidToNode.get(uid);
    if (!node) return done(); // left the graph meanwhile
    this.attemptToDeleteItem(node, (outcome) => {
      if (outcome === "forget") return done();
      if (outcome === "error") return done("error");
      // A virtual node stays queued until an informer has seen its object.
      done(node.virtual && this.graph.uidToNode.get(uid) === node ? "error" : undefined);
    });
  }

  /** Looks up the live object; deletes it when all its owners are gone or waiting for it. */
  attemptToDeleteItem(item: GcNode, done: (outcome: Outcome) => void): void {
    // Being deleted is a one-way trip: wait for the DELETED event, then see to the dependents.
    if (item.beingDeleted && !item.deletingDependents) return done("ok");
    this.ops.get(item.identity, (response) => {
      const latest = response.code === 200 ? (response.body as KubeObject) : undefined;
      if (response.code === 404 || (latest && latest.metadata.uid !== item.identity.uid)) {
        this.graph.virtualDelete(item.identity);
        return done("forget");
      }
      if (!latest) return done("error");
      const info = resourceForKind(item.identity.apiVersion, item.identity.kind);
      if (item.virtual && info && !this.monitored.has(info.resource))
        this.graph.markObserved(item, identityOf(info, latest));
      if (item.deletingDependents) return this.processDeletingDependentsItem(item, done);
      const refs = latest.metadata.ownerReferences ?? [];
      if (refs.length === 0) return done("ok");
      this.classifyReferences(item, refs, (classified) => {
        if (classified === "forget" || classified === "error") return done(classified);
        this.decide(item, latest, classified, done);
      });
    });
  }

  private decide(item: GcNode, latest: KubeObject, c: Classified, done: (outcome: Outcome) => void): void {
    const { solid, dangling, waiting } = c;
    const meta = latest.metadata;
    const owners = meta.ownerReferences ?? [];
    const fromPatch = (code: number): Outcome => (code === 200 ? "ok" : "error");
    const fromDelete = (result: string): Outcome => (result === "ok" ? "ok" : "error");
    const remove = (policy: PropagationPolicy): void =>
      this.ops.deleteObject(item.identity, meta.resourceVersion ?? "", owners, policy, (r) =>
        done(fromDelete(r)),
      );
    if (solid.length > 0) {
      // A live owner keeps it; references to absent or foreground-deleting owners are dropped
      // so those owners are not held up.
      if (dangling.length === 0 && waiting.length === 0) return done("ok");
      const uids = [...dangling, ...waiting].map((r) => r.uid);
      return this.ops.patch(item.identity, deleteOwnerRefPatch(item.identity.uid, uids), (r) =>
        done(fromPatch(r.code)),
      );
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      // An owner waits for it and it has dependents itself: delete it in the foreground too. A
      // dependent also deleting its dependents could be a cycle: unblock this object's references first.
      const cycle = [...item.dependents].some((dep) => dep.deletingDependents);
      if (!cycle) return remove("Foreground");
      return this.ops.patch(item.identity, unblockOwnerRefsPatch(item.identity.uid, owners), (r) =>
        r.code === 200 ? remove("Foreground") : done("error"),
      );
    }
    // No live owner: collect it, honouring a GC finalizer it already carries.
    const policy: PropagationPolicy = hasFinalizer(latest, FinalizerOrphanDependents)
      ? "Orphan"
      : hasFinalizer(latest, FinalizerDeleteDependents)
        ? "Foreground"
        : "Background";
    remove(policy);
  }

  /** solid (owner exists), dangling (absent), waiting (owner deleting with foregroundDeletion). */
  private classifyReferences(
    item: GcNode,
    refs: readonly OwnerReference[],
    done: (result: Classified | "forget" | "error") => void,
  ): void {
    const result: Classified = { solid: [], dangling: [], waiting: [] };
    const next = (i: number): void => {
      const ref = refs[i];
      if (ref === undefined) return done(result);
      this.isDangling(ref, item, (answer) => {
        if (answer === "forget" || answer === "error") return done(answer);
        if (answer === true) result.dangling.push(ref);
        else if (beingDeleted(answer) && hasFinalizer(answer, FinalizerDeleteDependents))
          result.waiting.push(ref);
        else result.solid.push(ref);
        next(i + 1);
      });
    };
    next(0);
  }

  /** true when the owner is absent (cache, 404 or another uid), else the live owner. */
  private isDangling(
    ref: OwnerReference,
    item: GcNode,
    done: (answer: true | KubeObject | "forget" | "error") => void,
  ): void {
    const cache = this.graph.absentOwnerCache;
    const namespace = item.identity.namespace;
    if (cache.has(absentKey(ref, "")) || cache.has(absentKey(ref, namespace))) return done(true);
    const info = resourceForKind(ref.apiVersion, ref.kind);
    if (!info) return done("error");
    // A cluster-scoped object cannot have a namespaced owner; retrying would not help.
    if (namespace === "" && info.namespaced) return done("forget");
    const key = absentKey(ref, info.namespaced ? namespace : "");
    this.ops.getByName(ref, info.namespaced ? namespace : "", ref.name, (response) => {
      const owner = response.code === 200 ? (response.body as KubeObject) : undefined;
      if (response.code === 404 || (owner && owner.metadata.uid !== ref.uid)) {
        cache.add(key);
        return done(true);
      }
      done(owner ?? "error");
    });
  }

  /** An owner deleting in the foreground: finish once no blocking dependent is left. */
  private processDeletingDependentsItem(item: GcNode, done: (outcome: Outcome) => void): void {
    const blocking = item.blockingDependents();
    if (blocking.length === 0)
      return this.ops.removeFinalizer(item.identity, FinalizerDeleteDependents, (ok) =>
        done(ok ? "ok" : "error"),
      );
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.identity.uid);
    done("ok");
  }

  /** attemptToOrphanWorker: drop the owner from every dependent's ownerReferences, then the finalizer. */
  private orphanWorker(uid: string, done: Done): void {
    const owner = this.graph.uidToNode.get(uid);
    if (!owner) return done();
    const identity: ObjectIdentity = owner.identity;
    const dependents = [...owner.dependents];
    let pending = dependents.length;
    let failed = false;
    const finish = (): void => {
      if (failed) return done("error");
      this.ops.removeFinalizer(identity, FinalizerOrphanDependents, (ok) => done(ok ? undefined : "error"));
    };
    if (pending === 0) return finish();
    for (const dep of dependents) {
      this.ops.patch(dep.identity, deleteOwnerRefPatch(dep.identity.uid, [identity.uid]), (response) => {
        if (response.code !== 200 && response.code !== 404) failed = true;
        if (--pending === 0) finish();
      });
    }
  }
}
