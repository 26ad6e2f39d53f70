// The Deployment controller of kube-controller-manager (pkg/controller/deployment/
// deployment_controller.go): informers on Deployments, ReplicaSets and pods feed a work queue of
// Deployment keys; each sync adopts or releases ReplicaSets by controllerRef, then pauses, scales
// or rolls out (RollingUpdate or Recreate) and writes the status. Simplified: one worker; no
// maxRetries limit (the queue's backoff retries forever); the extensions/v1beta1 rollbackTo
// field does not exist in apps/v1, so there is no server-side rollback (kubectl patches the
// template instead, see kubectl/rollout.ts).

import type { KubeObject, OwnerReference, Pod } from "../api/objects";
import { cloneJson, objectKey } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { labelSelectorAsSelector, labelSelectorString, matchesLabels } from "../util/labelSelector";
import { controllerOf, controllerRefTo, isControlledBy, selectorMatches } from "./controllerUtils";
import { ControllerRefManager } from "./controllerRefManager";
import { updateDeploymentStatus } from "./deploymentProgress";
import { type PodMap, rolloutRecreate } from "./deploymentRecreate";
import { rolloutRolling } from "./deploymentRolling";
import { type Done, type Result, type SyncContext, errorText } from "./deploymentContext";
import { semanticEqual } from "./deploymentReplicaSets";
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from "./deploymentSync";
import { type DeploymentObject, type ReplicaSetObject, strategyType } from "./deploymentUtil";
import { WorkQueue } from "./workQueue";

export class DeploymentController {
  readonly deployments: Informer<KubeObject>;
  readonly replicaSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  private running = false;

  constructor(private readonly client: ApiClient) {
    this.deployments = new Informer(client, "deployments");
    this.replicaSets = new Informer(client, "replicasets");
    this.pods = new Informer(client, "pods");
    this.recorder = new EventRecorder(client, { component: "deployment-controller" });
    // A requeue is the progress-deadline check: due only while the rollout is still progressing.
    this.queue = new WorkQueue(
      client.sim,
      (key, done) => this.reconcile(key, done),
      1,
      (key) => {
        const progressing = (
          this.deployments.get(key) as DeploymentObject | undefined
        )?.status?.conditions?.find((c) => c.type === "Progressing");
        return (
          progressing !== undefined &&
          progressing.reason !== "NewReplicaSetAvailable" &&
          progressing.reason !== "ProgressDeadlineExceeded"
        );
      },
    );

    const enqueue = (d: KubeObject): void => this.enqueue(d);
    this.deployments.addHandlers({ add: enqueue, update: (_old, d) => enqueue(d), delete: enqueue });
    this.replicaSets.addHandlers({
      add: (rs) => this.addReplicaSet(rs),
      update: (old, cur) => this.updateReplicaSet(old, cur),
      delete: (rs) => this.deleteReplicaSet(rs),
    });
    this.pods.addHandlers({ delete: (pod) => this.deletePod(pod as unknown as Pod) });
  }

  start(): void {
    this.running = true;
    this.startInformers();
  }

  /** Syncs the caches without processing the queue: what a test does to drive `reconcile` itself. */
  startInformers(): void {
    this.deployments.start();
    this.replicaSets.start();
    this.pods.start();
  }

  private enqueue(d: KubeObject): void {
    if (this.running) this.queue.add(objectKey(d));
  }

  // ---- event handlers: which Deployment does this concern? ---------------------------------

  private resolveControllerRef(namespace: string, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== "Deployment") return undefined;
    const d = this.deployments.get(`${namespace}/${ref.name}`);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  /** GetDeploymentsForReplicaSet: Deployments in its namespace whose (non-empty) selector matches it. */
  private deploymentsSelecting(rs: KubeObject): KubeObject[] {
    return [...this.deployments.list()].filter((d) => {
      const selector = (d as DeploymentObject).spec?.selector;
      const empty = semanticEqual(selector, {});
      return (
        d.metadata.namespace === rs.metadata.namespace &&
        !empty &&
        selectorMatches(selector, rs.metadata.labels)
      );
    });
  }

  private addReplicaSet(rs: KubeObject): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = controllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace ?? "", ref);
      if (d) this.enqueue(d);
      return;
    }
    // An orphan: every matching Deployment may want to adopt it.
    for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = !semanticEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace ?? "", oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace ?? "", curRef);
      if (d) this.enqueue(d);
      return;
    }
    if (refChanged || !semanticEqual(cur.metadata.labels, old.metadata.labels))
      for (const d of this.deploymentsSelecting(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: KubeObject): void {
    const ref = controllerOf(rs);
    const d = ref ? this.resolveControllerRef(rs.metadata.namespace ?? "", ref) : undefined;
    if (d) this.enqueue(d);
  }

  /** A Recreate Deployment waits for its old pods: sync it once the last one is gone. */
  private deletePod(pod: Pod): void {
    const podRef = controllerOf(pod);
    if (podRef?.kind !== "ReplicaSet") return;
    const ns = pod.metadata?.namespace ?? "default";
    const rs = this.replicaSets.get(`${ns}/${podRef.name}`);
    if (!rs || rs.metadata.uid !== podRef.uid) return;
    const rsRef = controllerOf(rs);
    const d = rsRef ? (this.resolveControllerRef(ns, rsRef) as DeploymentObject | undefined) : undefined;
    if (!d || strategyType(d) !== "Recreate") return;
    // Upstream lists the ReplicaSets from the apiserver here (util.ListReplicaSets with a client).
    const selector = labelSelectorAsSelector(d.spec?.selector);
    if (!selector.ok) return;
    this.client.request(
      {
        verb: "list",
        resource: "replicasets",
        namespace: ns,
        labelSelector: labelSelectorString(selector.value),
      },
      (res) => {
        if (res.code !== 200) return;
        const owned = ((res.body as { items?: KubeObject[] }).items ?? []).filter((x) =>
          isControlledBy(x, d),
        );
        let pods = 0;
        for (const list of this.podMap(d, owned as ReplicaSetObject[]).values()) pods += list.length;
        if (pods === 0) this.enqueue(d);
      },
    );
  }

  // ---- sync ---------------------------------------------------------------------------------

  /** The sync steps' view of the controller; a requeue they ask for becomes the queue's requeue-after. */
  private context(requeue: (ms: number) => void): SyncContext {
    const sim = this.client.sim;
    return {
      client: this.client,
      recorder: this.recorder,
      replicaSets: this.replicaSets,
      now: () => sim.epochMs + sim.now,
      timestamp: () => sim.timestamp(),
      enqueueAfter: requeue,
      errorOf: errorText,
    };
  }

  /** syncDeployment: one pass over a Deployment; `done(ms)` asks for another pass after `ms`. */
  reconcile(key: string, done: (result?: number | "error") => void): void {
    const cached = this.deployments.get(key);
    if (!cached) return done();
    let requeueAfter: number | undefined;
    const ctx = this.context((ms) => (requeueAfter = ms));
    const finish: Done = (error) => done(error !== undefined ? "error" : requeueAfter);
    // A deep copy: the cache's objects are shared and frozen.
    const d = cloneJson(cached) as DeploymentObject;
    if (semanticEqual(d.spec?.selector, {}) && d.spec?.selector !== undefined) {
      this.recorder.event(
        d,
        "Warning",
        "SelectingAll",
        "This deployment is selecting all pods. A non-empty selector is required.",
      );
      if ((d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)) return done();
      d.status = { ...d.status, observedGeneration: d.metadata.generation ?? 0 };
      return updateDeploymentStatus(ctx, d, () => done());
    }
    this.claimReplicaSets(d, (claimed) => {
      if (!claimed.ok) return finish(claimed.error);
      const rsList = claimed.value;
      const podMap = this.podMap(d, rsList);
      if (d.metadata.deletionTimestamp) return syncStatusOnly(ctx, d, rsList, finish);
      checkPausedConditions(ctx, d, (error) => {
        if (error !== undefined) return finish(error);
        if (d.spec?.paused) return sync(ctx, d, rsList, finish);
        isScalingEvent(ctx, d, rsList, (scaling) => {
          if (!scaling.ok) return finish(scaling.error);
          if (scaling.value) return sync(ctx, d, rsList, finish);
          const type = strategyType(d);
          if (type === "Recreate") return rolloutRecreate(ctx, d, rsList, podMap, finish);
          if (type === "RollingUpdate") return rolloutRolling(ctx, d, rsList, finish);
          finish(`unexpected deployment strategy type: ${type}`);
        });
      });
    });
  }

  /** getPodMapForDeployment: the Deployment's pods (any phase) grouped by their ReplicaSet's uid. */
  private podMap(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): PodMap {
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? "", []]));
    const ns = d.metadata.namespace ?? "default";
    for (const object of this.pods.list()) {
      const pod = object as unknown as Pod;
      if (pod.metadata?.namespace !== ns || !selectorMatches(d.spec?.selector, pod.metadata.labels)) continue;
      map.get(controllerOf(pod)?.uid ?? "")?.push(pod);
    }
    return map;
  }

  /**
   * getReplicaSetsForDeployment: ClaimReplicaSets keeps ours that match the selector, releases ours
   * that no longer match and adopts matching orphans (ControllerRefManager).
   */
  private claimReplicaSets(d: DeploymentObject, cb: (r: Result<ReplicaSetObject[]>) => void): void {
    const ns = d.metadata.namespace ?? "default";
    const selector = labelSelectorAsSelector(d.spec?.selector);
    if (!selector.ok)
      return cb({
        ok: false,
        error: `deployment ${ns}/${d.metadata.name ?? ""} has invalid label selector: ${selector.error}`,
      });
    const all = [...this.replicaSets.list()].filter(
      (rs) => rs.metadata.namespace === ns,
    ) as ReplicaSetObject[];
    const manager = new ControllerRefManager(this.client, {
      owner: d,
      ownerResource: "deployments",
      controllerRef: controllerRefTo(d),
      resource: "replicasets",
      kind: "ReplicaSet",
      match: (rs) => matchesLabels(selector.value, rs.metadata.labels),
    });
    manager.claim(all, (claimed, error) =>
      cb(error !== undefined ? { ok: false, error } : { ok: true, value: claimed }),
    );
  }
}
