// The ReplicaSet controller of kube-controller-manager (pkg/controller/replicaset/replica_set.go),
// which also runs as the ReplicationController manager (pkg/controller/replication): it keeps
// `spec.replicas` active pods for each controller. Pod events wake the owning controller (orphans
// wake every controller whose selector matches, to adopt them); reconcile claims pods
// (adopt/release by PATCH), creates or deletes pods (replicaSetReplicas.ts), then writes status
// (replicaSetStatus.ts). Simplified: one worker; no periodic resync; pods come from an index by
// owner (podOwnerIndex.ts) rather than a namespace-wide list (the same pods are claimed either way).

import type { KubeObject, OwnerReference, Pod } from "../api/objects";
import { objectKey } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { SECOND } from "../sim/time";
import { labelSelectorAsSelector, matchesLabels } from "../util/labelSelector";
import { ControllerExpectations } from "./controllerExpectations";
import { ControllerRefManager } from "./controllerRefManager";
import { controllerOf, isPodActive, isPodReady } from "./controllerUtils";
import { PodControl } from "./podControl";
import { PodOwnerIndex } from "./podOwnerIndex";
import { type ReplicaSetKind, REPLICATION_CONTROLLER, REPLICA_SET, specView } from "./replicaSetKinds";
import { BURST_REPLICAS, manageReplicas, podKey } from "./replicaSetReplicas";
import { calculateStatus, statusOf, updateReplicaSetStatus } from "./replicaSetStatus";
import { WorkQueue } from "./workQueue";

const asPod = (object: KubeObject): Pod => object as unknown as Pod;

export interface ReplicaSetControllerOptions {
  readonly burstReplicas?: number;
}

export class ReplicaSetController {
  readonly replicaSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;
  readonly burstReplicas: number;
  private readonly podControl: PodControl;
  private readonly podIndex: PodOwnerIndex;
  private running = false;

  constructor(
    private readonly client: ApiClient,
    readonly kind: ReplicaSetKind = REPLICA_SET,
    options: ReplicaSetControllerOptions = {},
  ) {
    this.burstReplicas = options.burstReplicas ?? BURST_REPLICAS;
    this.expectations = new ControllerExpectations(client.sim);
    this.podControl = new PodControl(client, new EventRecorder(client, { component: kind.component }));
    this.replicaSets = new Informer(client, kind.resource);
    this.pods = new Informer(client, "pods");
    this.queue = new WorkQueue(client.sim, (key, done) => this.reconcile(key, done));
    this.replicaSets.addHandlers({
      add: (rs) => this.enqueue(objectKey(rs)),
      update: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.deleteRS(old);
        this.enqueue(objectKey(cur));
      },
      delete: (rs) => this.deleteRS(rs),
    });
    this.podIndex = new PodOwnerIndex(this.pods);
    this.pods.addHandlers({
      add: (pod) => this.addPod(asPod(pod)),
      update: (old, cur) => this.updatePod(asPod(old), asPod(cur)),
      delete: (pod) => this.deletePod(asPod(pod)),
    });
  }

  /** Starts the informers and the worker (Run). */
  start(): void {
    this.running = true;
    this.startInformers();
  }

  /**
   * Syncs the caches without processing the queue: what a test does to drive `reconcile` itself
   * (upstream's informer factory starts informers; Run starts the workers).
   */
  startInformers(): void {
    this.replicaSets.start();
    this.pods.start();
  }

  /** syncReplicaSet: one pass over the controller stored under `key` (`namespace/name`). */
  reconcile(key: string, done: (result?: number | "error") => void): void {
    const rs = this.replicaSets.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return done();
    }
    const needsSync = this.expectations.satisfied(key);
    const parsed = labelSelectorAsSelector(this.kind.selectorOf(rs));
    // An invalid selector is a user error no retry can fix.
    if (!parsed.ok) return done();
    const selector = parsed.value;
    const controllerRef = this.controllerRefFor(rs);
    const manager = new ControllerRefManager(this.client, {
      owner: rs,
      ownerResource: this.kind.resource,
      controllerRef,
      resource: "pods",
      kind: "Pod",
      match: (pod) => matchesLabels(selector, pod.metadata.labels),
    });
    const candidates = this.podIndex.candidates(rs).filter(isPodActive) as unknown as KubeObject[];
    manager.claim(candidates, (claimedObjects, claimError) => {
      if (claimError !== undefined) return done("error");
      const claimed = claimedObjects.map(asPod);
      const afterManage = (manageError?: string): void => {
        const sim = this.client.sim;
        const status = calculateStatus(rs, claimed, manageError, sim.epochMs + sim.now, sim.timestamp());
        // Always update status as pods come up or die.
        updateReplicaSetStatus(this.client, this.kind, rs, status, (updated) => {
          if (!updated) return done("error");
          if (manageError !== undefined) return done("error");
          // Look again after minReadySeconds, so availability is noticed without another event.
          const spec = specView(updated);
          const st = statusOf(updated);
          if (
            spec.minReadySeconds > 0 &&
            (st.readyReplicas ?? 0) === spec.replicas &&
            (st.availableReplicas ?? 0) !== spec.replicas
          ) {
            return done(spec.minReadySeconds * SECOND);
          }
          done();
        });
      };
      if (!needsSync || rs.metadata.deletionTimestamp) return afterManage();
      manageReplicas(
        {
          sim: this.client.sim,
          podControl: this.podControl,
          expectations: this.expectations,
          burstReplicas: this.burstReplicas,
          controllerRef,
          relatedPods: () => this.indirectlyRelatedPods(rs),
        },
        key,
        rs,
        claimed,
        afterManage,
      );
    });
  }

  private enqueue(key: string): void {
    if (this.running) this.queue.add(key);
  }

  private enqueueAfter(key: string, delayMs: number): void {
    if (this.running) this.queue.addAfter(key, delayMs);
  }

  /** metav1.NewControllerRef(rs, kind). */
  private controllerRefFor(rs: KubeObject): OwnerReference {
    return {
      apiVersion: this.kind.apiVersion,
      kind: this.kind.kind,
      name: rs.metadata.name ?? "",
      uid: rs.metadata.uid ?? "",
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  /** getIndirectlyRelatedPods: pods selected by any controller with the same owner as `rs`. */
  private indirectlyRelatedPods(rs: KubeObject): Pod[] {
    const owner = controllerOf(rs);
    if (!owner) return [];
    const seen = new Map<string, Pod>();
    for (const related of this.replicaSets.list()) {
      if (controllerOf(related)?.uid !== owner.uid || related.metadata.namespace !== rs.metadata.namespace)
        continue;
      const parsed = labelSelectorAsSelector(this.kind.selectorOf(related));
      if (!parsed.ok) continue;
      for (const object of this.pods.list()) {
        const pod = asPod(object);
        if (pod.metadata?.namespace !== rs.metadata.namespace) continue;
        if (matchesLabels(parsed.value, pod.metadata?.labels)) seen.set(pod.metadata?.uid ?? "", pod);
      }
    }
    return [...seen.values()];
  }

  private deleteRS(rs: KubeObject): void {
    const key = objectKey(rs);
    // So a controller recreated under the same name starts clean.
    this.expectations.delete(key);
    this.enqueue(key);
  }

  /** resolveControllerRef: the controller a reference names, if it is one of ours with that uid. */
  private resolveControllerRef(namespace: string, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== this.kind.kind) return undefined;
    const rs = this.replicaSets.get(`${namespace}/${ref.name}`);
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  /** getPodReplicaSets: controllers whose (non-empty) selector matches an orphan's labels. */
  private podReplicaSets(pod: Pod): KubeObject[] {
    const labels = pod.metadata?.labels;
    if (!labels || Object.keys(labels).length === 0) return [];
    const matching: KubeObject[] = [];
    for (const rs of this.replicaSets.list()) {
      if (rs.metadata.namespace !== pod.metadata?.namespace) continue;
      const parsed = labelSelectorAsSelector(this.kind.selectorOf(rs));
      if (!parsed.ok || parsed.value.requirements.length === 0 || parsed.value.matchesNothing) continue;
      if (matchesLabels(parsed.value, labels)) matching.push(rs);
    }
    return matching;
  }

  /** addPod: a new pod is a creation this controller may be waiting for. */
  private addPod(pod: Pod): void {
    // A pod already being deleted (seen after a restart) is not a creation.
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
      if (!rs) return;
      const key = objectKey(rs);
      this.expectations.creationObserved(key);
      this.enqueue(key);
      return;
    }
    // An orphan: every matching controller syncs, to see whether it wants to adopt it.
    for (const rs of this.podReplicaSets(pod)) this.enqueue(objectKey(rs));
  }

  /** updatePod: wake the controllers of the old and the new pod. */
  private updatePod(old: Pod, cur: Pod): void {
    if (cur.metadata?.resourceVersion === old.metadata?.resourceVersion) return;
    const labelChanged = !sameLabels(old.metadata?.labels, cur.metadata?.labels);
    if (cur.metadata?.deletionTimestamp) {
      // A graceful deletion started: replace the pod now, not when the kubelet has removed it.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    const namespace = cur.metadata?.namespace ?? "";
    if (refChanged && oldRef) {
      const oldRs = this.resolveControllerRef(namespace, oldRef);
      if (oldRs) this.enqueue(objectKey(oldRs));
    }
    if (curRef) {
      const rs = this.resolveControllerRef(namespace, curRef);
      if (!rs) return;
      this.enqueue(objectKey(rs));
      // The pod just became ready: availability comes minReadySeconds later (plus a second of skew).
      const minReadySeconds = specView(rs).minReadySeconds;
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) {
        this.enqueueAfter(objectKey(rs), minReadySeconds * SECOND + SECOND);
      }
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.podReplicaSets(cur)) this.enqueue(objectKey(rs));
  }

  /** deletePod: a deletion this controller may be waiting for. */
  private deletePod(pod: Pod): void {
    const ref = controllerOf(pod);
    // No controller cares about orphans being deleted.
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.enqueue(key);
  }
}

function sameLabels(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => b?.[k] === a?.[k]);
}

/** The ReplicationController manager: the same controller for v1 ReplicationControllers. */
export function newReplicationManager(
  client: ApiClient,
  options: ReplicaSetControllerOptions = {},
): ReplicaSetController {
  return new ReplicaSetController(client, REPLICATION_CONTROLLER, options);
}
