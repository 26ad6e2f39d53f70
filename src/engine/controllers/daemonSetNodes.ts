// manage, podsShouldBeOnNode and syncNodes of pkg/controller/daemon/daemon_controller.go: compare
// each node's daemon pods with what NodeShouldRunDaemonPod says, then create the missing pods in
// slow-start batches (1, 2, 4, ...) and delete the surplus, setting expectations first. Failed
// daemon pods are deleted with a per-node exponential backoff (1 s doubling to 15 min), as
// kube-controller-manager configures failedPodsBackoff.

import type { Node, Pod } from "../api/objects";
import { objectKey } from "../api/objects";
import { MINUTE, SECOND } from "../sim/time";
import { parallel, slowStartBatch } from "./asyncSteps";
import { aggregateErrors } from "./controllerRefManager";
import { controllerRefTo, isPodAvailable, isPodReady } from "./controllerUtils";
import type { DaemonSetController } from "./daemonSetController";
import {
  ControllerRevisionHashLabelKey,
  type DaemonSetObject,
  allowsSurge,
  byCreationTimestampAndPhase,
  createPodTemplate,
  minReadySeconds,
  nodeShouldRunDaemonPod,
  replaceNodeNameAffinity,
  templateGeneration,
} from "./daemonSetUtil";
import { isNamespaceTerminating } from "./podControl";

/** BurstReplicas: at most this many creates (and deletes) per sync. */
export const BURST_REPLICAS = 250;
const BACKOFF_INITIAL_MS = 1 * SECOND;
const BACKOFF_MAX_MS = 15 * MINUTE;

/** flowcontrol.Backoff for failed daemon pods, keyed `<ds uid>/<node>`. */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, { backoff: number; lastUpdate: number }>();

  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return e !== undefined && now - e.lastUpdate < e.backoff;
  }

  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  next(key: string, now: number): void {
    const e = this.entries.get(key);
    // An entry idle for twice the maximum starts over (hasExpired).
    if (!e || now - e.lastUpdate > 2 * BACKOFF_MAX_MS) {
      this.entries.set(key, { backoff: BACKOFF_INITIAL_MS, lastUpdate: now });
    } else {
      e.backoff = Math.min(e.backoff * 2, BACKOFF_MAX_MS);
      e.lastUpdate = now;
    }
  }
}

interface NodeWork {
  readonly create: string[];
  readonly remove: string[];
}

/** podsShouldBeOnNode. */
function podsShouldBeOnNode(
  ctrl: DaemonSetController,
  node: Node,
  nodeToDaemonPods: ReadonlyMap<string, Pod[]>,
  ds: DaemonSetObject,
  hash: string,
): NodeWork {
  const nodeName = node.metadata?.name ?? "";
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const daemonPods = nodeToDaemonPods.get(nodeName);
  const create: string[] = [];
  const remove: string[] = [];
  if (shouldRun && !daemonPods) {
    create.push(nodeName);
  } else if (shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata?.deletionTimestamp) continue;
      const phase = pod.status?.phase;
      if (phase === "Failed") {
        // The DaemonSet often fights a kubelet that rejects its pods: back off between kills.
        const key = `${ds.metadata.uid ?? ""}/${nodeName}`;
        const now = ctrl.client.sim.now;
        if (ctrl.failedPodsBackoff.isInBackOffSinceUpdate(key, now)) {
          ctrl.queue.addAfter(objectKey(ds), ctrl.failedPodsBackoff.get(key));
          continue;
        }
        ctrl.failedPodsBackoff.next(key, now);
        const message = `Found failed daemon pod ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""} on node ${nodeName}, will try to kill it`;
        ctrl.recorder.event(ds, "Warning", "FailedDaemonPod", message);
        remove.push(pod.metadata?.name ?? "");
      } else if (phase === "Succeeded") {
        remove.push(pod.metadata?.name ?? "");
      } else running.push(pod);
    }
    running.sort(byCreationTimestampAndPhase);
    if (!allowsSurge(ds)) {
      // Without surge, keep only the oldest running pod.
      for (const extra of running.slice(1)) remove.push(extra.metadata?.name ?? "");
    } else if (running.length <= 1) {
      if (running.length === 0 && shouldRun) create.push(nodeName);
    } else {
      // Surging: keep the oldest new pod, and the oldest old pod only while the new one is not yet available.
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        if (pod.metadata?.labels?.[ControllerRevisionHashLabelKey] === hash) {
          if (!oldestNew) {
            oldestNew = pod;
            continue;
          }
        } else if (!oldestOld) {
          oldestOld = pod;
          continue;
        }
        remove.push(pod.metadata?.name ?? "");
      }
      if (oldestNew && oldestOld) {
        const nowEpoch = ctrl.client.sim.epochMs + ctrl.client.sim.now;
        if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReadySeconds(ds), nowEpoch)) {
          remove.push(oldestOld.metadata?.name ?? "");
        }
      }
    }
  } else if (daemonPods) {
    // The node no longer qualifies: delete all its daemon pods.
    for (const pod of daemonPods) if (!pod.metadata?.deletionTimestamp) remove.push(pod.metadata?.name ?? "");
  }
  return { create, remove };
}

/** getUnscheduledPodsWithoutNode: unbound pods aimed at nodes that no longer exist. */
function unscheduledPodsWithoutNode(
  nodes: readonly Node[],
  nodeToDaemonPods: ReadonlyMap<string, Pod[]>,
): string[] {
  const existing = new Set(nodes.map((n) => n.metadata?.name ?? ""));
  const out: string[] = [];
  for (const [node, pods] of nodeToDaemonPods) {
    if (existing.has(node)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) out.push(pod.metadata?.name ?? "");
  }
  return out;
}

/** manage: create and delete daemon pods so each eligible node has exactly one. */
export function manage(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  hash: string,
  done: (error?: string) => void,
): void {
  const nodeToDaemonPods = ctrl.nodesToDaemonPods(ds);
  const nodes = ctrl.nodeList();
  const create: string[] = [];
  const remove: string[] = [];
  for (const node of nodes) {
    const work = podsShouldBeOnNode(ctrl, node, nodeToDaemonPods, ds, hash);
    create.push(...work.create);
    remove.push(...work.remove);
  }
  remove.push(...unscheduledPodsWithoutNode(nodes, nodeToDaemonPods));
  syncNodes(ctrl, ds, remove, create, hash, done);
}

/** syncNodes: deletes `podsToDelete` and creates a pod for each of `nodesNeedingDaemonPods`. */
export function syncNodes(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  podsToDelete: readonly string[],
  nodesNeedingDaemonPods: readonly string[],
  hash: string,
  done: (error?: string) => void,
): void {
  const key = objectKey(ds);
  const namespace = ds.metadata.namespace ?? "default";
  const createDiff = Math.min(nodesNeedingDaemonPods.length, BURST_REPLICAS);
  const toDelete = podsToDelete.slice(0, BURST_REPLICAS);
  ctrl.creations.expectCreations(key, createDiff);
  ctrl.deletions.expectDeletions(
    key,
    toDelete.map((name) => `${namespace}/${name}`),
  );
  const template = createPodTemplate(ds.spec?.template, templateGeneration(ds), hash);
  const controllerRef = controllerRefTo(ds);
  slowStartBatch(
    createDiff,
    1,
    (ix, cb) => {
      // The node-name affinity makes the default scheduler bind the pod to its node.
      const spec = template.spec ?? { containers: [] };
      const podTemplate = {
        ...template,
        spec: { ...spec, affinity: replaceNodeNameAffinity(spec.affinity, nodesNeedingDaemonPods[ix] ?? "") },
      };
      ctrl.podControl.createPod(namespace, podTemplate, ds, controllerRef, (error) => {
        // A terminating namespace refuses every create: nothing to retry.
        if (error && isNamespaceTerminating(error)) return cb();
        if (error) {
          ctrl.creations.creationObserved(key);
          return cb(error.message);
        }
        cb();
      });
    },
    (_successes, skipped, createErrors) => {
      // Pods never attempted after a failed batch are not expected any more (LowerExpectations).
      for (let i = 0; i < skipped; i++) ctrl.creations.creationObserved(key);
      parallel(
        toDelete,
        (name, _i, cb) =>
          ctrl.podControl.deletePod(namespace, name, ds, (error) => {
            if (!error) return cb();
            ctrl.deletions.deletionObserved(key, `${namespace}/${name}`);
            cb(error.code === 404 ? undefined : error.message);
          }),
        (deleteErrors) => done(aggregateErrors([...createErrors, ...deleteErrors])),
      );
    },
  );
}
