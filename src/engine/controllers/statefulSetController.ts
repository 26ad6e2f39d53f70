// The StatefulSet controller of kube-controller-manager (pkg/controller/statefulset/stateful_set.go):
// informers on StatefulSets, pods, PersistentVolumeClaims and ControllerRevisions; pod events wake
// the owning set (or every set selecting an orphan); sync claims the set's pods (matching the
// selector and named `<set>-<ordinal>`) and hands them to UpdateStatefulSet (statefulSetControl.ts).
// Simplified: orphan ControllerRevisions are not adopted; one worker; pods are listed through an
// index by controller uid. PVCs stay Pending: nothing provisions volumes in the simulation, and
// the scheduler has no VolumeBinding plugin, so the pods schedule regardless.

import type { KubeObject, Pod } from "../api/objects";
import { jsonEqual, objectKey } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { SECOND } from "../sim/time";
import type { ControllerRevision } from "./controllerHistory";
import { ControllerRefManager } from "./controllerRefManager";
import { controllerOf, controllerRefTo, isPodReady, selectorMatches } from "./controllerUtils";
import { OwnWrites } from "./ownWrites";
import { OwnedPodIndex } from "./ownedPodIndex";
import { type StatefulSetControlContext, updateStatefulSet } from "./statefulSetControl";
import { StatefulPodControl } from "./statefulSetPods";
import { type StatefulSetObject, isMemberOf, minReadySeconds, replicasOf } from "./statefulSetUtils";
import { labelSelectorAsSelector } from "../util/labelSelector";
import { WorkQueue } from "./workQueue";

/** Informers another part of kube-controller-manager may share with this controller. */
export interface StatefulSetInformers {
  readonly statefulSets?: Informer<KubeObject>;
  readonly pods?: Informer<KubeObject>;
  readonly claims?: Informer<KubeObject>;
  readonly revisions?: Informer<KubeObject>;
}

export class StatefulSetController implements StatefulSetControlContext {
  readonly statefulSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly claims: Informer<KubeObject>;
  readonly revisions: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  readonly podControl: StatefulPodControl;
  readonly ownWrites = new OwnWrites();
  private readonly podIndex = new OwnedPodIndex();
  private readonly owned: Informer<KubeObject>[] = [];

  constructor(
    readonly client: ApiClient,
    shared: StatefulSetInformers = {},
  ) {
    const informer = (given: Informer<KubeObject> | undefined, resource: string): Informer<KubeObject> => {
      if (given) return given;
      const created = new Informer(client, resource);
      this.owned.push(created);
      return created;
    };
    this.statefulSets = informer(shared.statefulSets, "statefulsets");
    this.pods = informer(shared.pods, "pods");
    this.claims = informer(shared.claims, "persistentvolumeclaims");
    this.revisions = informer(shared.revisions, "controllerrevisions");
    this.queue = new WorkQueue(client.sim, (key, done) => this.reconcile(key, done));
    this.recorder = new EventRecorder(client, { component: "statefulset-controller" });
    this.podControl = new StatefulPodControl(client, this.recorder, this.claims);

    this.statefulSets.addHandlers({
      add: (set) => this.enqueue(set),
      update: (_old, set) => this.enqueue(set),
      delete: (set) => this.enqueue(set),
    });
    this.pods.addHandlers({
      add: (o) => this.addPod(o as unknown as Pod),
      update: (old, cur) => this.updatePod(old as unknown as Pod, cur as unknown as Pod),
      delete: (o) => this.deletePod(o as unknown as Pod),
    });
  }

  start(): void {
    for (const i of this.owned) i.start();
  }

  enqueue(set: KubeObject): void {
    this.queue.add(objectKey(set));
  }

  now(): number {
    return this.client.sim.epochMs + this.client.sim.now;
  }

  listRevisions(set: StatefulSetObject): ControllerRevision[] {
    const uid = set.metadata.uid ?? "";
    return ([...this.revisions.list()] as ControllerRevision[]).filter(
      (r) =>
        r.metadata.namespace === set.metadata.namespace &&
        controllerOf(r)?.uid === uid &&
        selectorMatches(set.spec?.selector, r.metadata.labels),
    );
  }

  /** sync: the set's pods, claimed, then UpdateStatefulSet. */
  reconcile(key: string, done: (result?: number | "error") => void): void {
    const set = this.statefulSets.get(key) as StatefulSetObject | undefined;
    if (!set) {
      this.ownWrites.forget(key);
      return done();
    }
    // The watch event of our last status write will enqueue the key again.
    if (this.ownWrites.isStale(key, set)) return done();
    // An invalid selector is not going to heal by retrying.
    if (!labelSelectorAsSelector(set.spec?.selector).ok) return done();
    this.claimPods(set, (pods, claimError) => {
      if (claimError !== undefined) return done("error");
      updateStatefulSet(this, set, pods, (status, error) => {
        if (error !== undefined) return done("error");
        // Look again once pods may have become available.
        const minReady = minReadySeconds(set);
        if (minReady > 0 && status && status.availableReplicas !== replicasOf(set))
          return done(minReady * SECOND);
        done();
      });
    });
  }

  /** getPodsForStatefulSet: ClaimPods with the selector and the `<set>-<ordinal>` name as filter. */
  private claimPods(set: StatefulSetObject, done: (pods: Pod[], error?: string) => void): void {
    const wants = (p: Pod): boolean =>
      selectorMatches(set.spec?.selector, p.metadata?.labels) && isMemberOf(set, p);
    const owned = this.podIndex.owned(set.metadata.uid);
    const keep = owned.filter(wants);
    // Only pods whose ownership changes need the ref manager; the rest are claimed as they are.
    const candidates = [
      ...owned.filter((p) => !wants(p)),
      ...this.podIndex.orphans(set.metadata.namespace).filter(wants),
    ];
    if (candidates.length === 0 || set.metadata.deletionTimestamp) return done(keep);
    const manager = new ControllerRefManager(this.client, {
      owner: set,
      ownerResource: "statefulsets",
      controllerRef: controllerRefTo(set),
      resource: "pods",
      kind: "Pod",
      match: (o) => wants(o as unknown as Pod),
    });
    manager.claim(candidates as unknown as KubeObject[], (claimed, error) =>
      done([...keep, ...(claimed as unknown as Pod[])], error),
    );
  }

  /** resolveControllerRef. */
  private ownerOf(pod: Pod): StatefulSetObject | undefined {
    const ref = controllerOf(pod);
    if (ref?.kind !== "StatefulSet") return undefined;
    const set = this.statefulSets.get(`${pod.metadata?.namespace ?? ""}/${ref.name}`);
    return set && set.metadata.uid === ref.uid ? (set as StatefulSetObject) : undefined;
  }

  /** getStatefulSetsForPod: the sets in the pod's namespace whose selector matches it. */
  private enqueueMatching(pod: Pod): void {
    for (const set of this.statefulSets.list() as IterableIterator<StatefulSetObject>) {
      if (set.metadata.namespace !== pod.metadata?.namespace) continue;
      if (selectorMatches(set.spec?.selector, pod.metadata?.labels)) this.enqueue(set);
    }
  }

  private addPod(pod: Pod): void {
    this.podIndex.set(pod);
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod, false);
    const set = this.ownerOf(pod);
    if (set) return this.enqueue(set);
    if (!controllerOf(pod)) this.enqueueMatching(pod);
  }

  private updatePod(old: Pod, cur: Pod): void {
    this.podIndex.set(cur);
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelChanged = !jsonEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {});
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    const refChanged = !jsonEqual(oldRef ?? null, curRef ?? null);
    if (refChanged && oldRef) {
      const previous = this.ownerOf(old);
      if (previous) this.enqueue(previous);
    }
    if (curRef) {
      const set = this.ownerOf(cur);
      if (!set) return;
      this.enqueue(set);
      // Available needs minReadySeconds of readiness: look again then.
      const minReady = minReadySeconds(set);
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(objectKey(set), minReady * SECOND);
      return;
    }
    if (labelChanged || refChanged) this.enqueueMatching(cur);
  }

  private deletePod(pod: Pod, forget = true): void {
    if (forget) this.podIndex.remove(pod);
    const set = this.ownerOf(pod);
    if (set) this.enqueue(set);
  }
}
