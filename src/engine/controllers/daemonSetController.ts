// The DaemonSet controller of kube-controller-manager (pkg/controller/daemon/daemon_controller.go):
// one pod per eligible node. Informers on DaemonSets, pods, nodes and ControllerRevisions enqueue
// `namespace/name`; syncDaemonSet claims the pods, records the template as a ControllerRevision,
// creates missing pods (bound to their node through a node-name affinity, placed by the default
// scheduler), deletes pods on nodes that no longer qualify, rolls out template changes
// (daemonSetUpdate.ts), then writes status. Create/delete expectations keep it from acting twice
// before its informer has seen its writes (handlers in daemonSetHandlers.ts). Simplified: one
// worker, pods listed through an index by controller uid instead of a namespace scan.

import type { KubeObject, Node, Pod } from "../api/objects";
import { objectKey } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { ControllerExpectations } from "./controllerExpectations";
import type { ControllerRevision } from "./controllerHistory";
import { ControllerRefManager } from "./controllerRefManager";
import { controllerOf, controllerRefTo, selectorMatches } from "./controllerUtils";
import { FailedPodsBackoff, manage } from "./daemonSetNodes";
import { updateDaemonSetStatus } from "./daemonSetStatus";
import { cleanupHistory, constructHistory, rollingUpdate } from "./daemonSetUpdate";
import {
  ControllerRevisionHashLabelKey,
  type DaemonSetObject,
  targetNodeName,
  updateStrategyType,
} from "./daemonSetUtil";
import { addDaemonSetHandlers } from "./daemonSetHandlers";
import { OwnWrites } from "./ownWrites";
import { OwnedPodIndex } from "./ownedPodIndex";
import { PodControl } from "./podControl";
import { WorkQueue } from "./workQueue";

/** Informers another part of kube-controller-manager may share with this controller. */
export interface DaemonSetInformers {
  readonly daemonSets?: Informer<KubeObject>;
  readonly pods?: Informer<KubeObject>;
  readonly nodes?: Informer<KubeObject>;
  readonly revisions?: Informer<KubeObject>;
}

export class DaemonSetController {
  readonly daemonSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly nodes: Informer<KubeObject>;
  readonly revisions: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  readonly podControl: PodControl;
  /** Creations and (UID-tracked) deletions each DaemonSet still waits to observe. */
  readonly creations: ControllerExpectations;
  readonly deletions: ControllerExpectations;
  readonly failedPodsBackoff = new FailedPodsBackoff();
  readonly ownWrites = new OwnWrites();
  /** Pods by their controller's uid, and pods with no controller (candidates for adoption). */
  readonly podIndex = new OwnedPodIndex();
  private readonly owned: Informer<KubeObject>[] = [];

  constructor(
    readonly client: ApiClient,
    shared: DaemonSetInformers = {},
  ) {
    const informer = (given: Informer<KubeObject> | undefined, resource: string): Informer<KubeObject> => {
      if (given) return given;
      const created = new Informer(client, resource);
      this.owned.push(created);
      return created;
    };
    this.daemonSets = informer(shared.daemonSets, "daemonsets");
    this.pods = informer(shared.pods, "pods");
    this.nodes = informer(shared.nodes, "nodes");
    this.revisions = informer(shared.revisions, "controllerrevisions");
    this.queue = new WorkQueue(client.sim, (key, done) => this.reconcile(key, done));
    this.recorder = new EventRecorder(client, { component: "daemonset-controller" });
    this.podControl = new PodControl(client, this.recorder);
    this.creations = new ControllerExpectations(client.sim);
    this.deletions = new ControllerExpectations(client.sim);

    addDaemonSetHandlers(this);
  }

  start(): void {
    for (const i of this.owned) i.start();
  }

  enqueue(ds: KubeObject): void {
    this.queue.add(objectKey(ds));
  }

  /** satisfied expectations: every create and delete of the last sync has been observed (or expired). */
  expectationsSatisfied(key: string): boolean {
    return this.creations.satisfied(key) && this.deletions.satisfied(key);
  }

  /** Nodes in name order (upstream's lister order is random; ours must be deterministic). */
  nodeList(): Node[] {
    return ([...this.nodes.list()] as unknown as Node[]).sort((a, b) =>
      (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""),
    );
  }

  /** The DaemonSet's pods: controlled by it and still selected. */
  daemonPods(ds: DaemonSetObject): Pod[] {
    return this.podIndex
      .owned(ds.metadata.uid)
      .filter((p) => selectorMatches(ds.spec?.selector, p.metadata?.labels))
      .sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
  }

  /** getNodesToDaemonPods: the DaemonSet's pods by target node (terminal pods being deleted left out). */
  nodesToDaemonPods(ds: DaemonSetObject, includeDeletedTerminal = false): Map<string, Pod[]> {
    const byNode = new Map<string, Pod[]>();
    for (const pod of this.daemonPods(ds)) {
      const phase = pod.status?.phase;
      const terminal = phase === "Succeeded" || phase === "Failed";
      if (!includeDeletedTerminal && terminal && pod.metadata?.deletionTimestamp) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      const list = byNode.get(node);
      if (list) list.push(pod);
      else byNode.set(node, [pod]);
    }
    return byNode;
  }

  /** The ControllerRevisions this DaemonSet controls (controlledHistories, adoption left out). */
  controlledRevisions(ds: DaemonSetObject): ControllerRevision[] {
    const uid = ds.metadata.uid ?? "";
    return ([...this.revisions.list()] as ControllerRevision[]).filter(
      (r) => r.metadata.namespace === ds.metadata.namespace && controllerOf(r)?.uid === uid,
    );
  }

  /** syncDaemonSet. */
  reconcile(key: string, done: (result?: number | "error") => void): void {
    const ds = this.daemonSets.get(key) as DaemonSetObject | undefined;
    if (!ds) {
      this.creations.delete(key);
      this.deletions.delete(key);
      this.ownWrites.forget(key);
      return done();
    }
    // The watch event of our last status write will enqueue the key again.
    if (this.ownWrites.isStale(key, ds)) return done();
    const selector = ds.spec?.selector;
    if (
      selector &&
      Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0
    ) {
      this.recorder.event(
        ds,
        "Warning",
        "SelectingAll",
        "This daemon set is selecting all pods. A non-empty selector is required.",
      );
      return done();
    }
    // History owned by a DaemonSet being deleted may already be gone: leave it to the garbage collector.
    if (ds.metadata.deletionTimestamp) return done();
    this.claimPods(ds, (claimError) => {
      constructHistory(this, ds, (cur, old, historyError) => {
        if (!cur) return done("error");
        const hash = cur.metadata.labels?.[ControllerRevisionHashLabelKey] ?? "";
        const finish = (error: string | undefined, observed: boolean): void =>
          updateDaemonSetStatus(this, ds, hash, observed, (statusError, requeueAfter) => {
            if (error !== undefined || statusError !== undefined || claimError !== undefined)
              return done("error");
            done(requeueAfter);
          });
        // Only update status until the last writes are observed; observedGeneration is not raised.
        if (historyError !== undefined || !this.expectationsSatisfied(key)) {
          return finish(historyError, false);
        }
        manage(this, ds, hash, (manageError) => {
          if (manageError !== undefined) return finish(manageError, true);
          const afterUpdate = (updateError?: string): void => {
            if (updateError !== undefined) return finish(updateError, true);
            cleanupHistory(this, ds, old, (cleanupError) => finish(cleanupError, true));
          };
          if (this.expectationsSatisfied(key) && updateStrategyType(ds) === "RollingUpdate") {
            rollingUpdate(this, ds, hash, afterUpdate);
          } else afterUpdate();
        });
      });
    });
  }

  /** getDaemonPods' ClaimPods: adopt matching orphans, release owned pods that stopped matching. */
  private claimPods(ds: DaemonSetObject, done: (error?: string) => void): void {
    const selects = (p: Pod): boolean => selectorMatches(ds.spec?.selector, p.metadata?.labels);
    // Only pods whose ownership changes need the ref manager; the rest are claimed as they are.
    const candidates = [
      ...this.podIndex.owned(ds.metadata.uid).filter((p) => !selects(p)),
      ...this.podIndex.orphans(ds.metadata.namespace).filter(selects),
    ];
    if (candidates.length === 0) return done();
    const manager = new ControllerRefManager(this.client, {
      owner: ds,
      ownerResource: "daemonsets",
      controllerRef: controllerRefTo(ds),
      resource: "pods",
      kind: "Pod",
      match: (o) => selectorMatches(ds.spec?.selector, o.metadata.labels),
    });
    manager.claim(candidates as unknown as KubeObject[], (_claimed, error) => done(error));
  }
}
