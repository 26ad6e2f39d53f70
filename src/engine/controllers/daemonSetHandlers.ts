// The informer event handlers of pkg/controller/daemon/daemon_controller.go: DaemonSet changes
// enqueue it; pod events record observed creations and deletions (expectations) and wake the
// owning DaemonSet (or, for an orphan, every DaemonSet selecting it); a new node, or a node whose
// labels or taints change what it should run, wakes the DaemonSets concerned; an orphan
// ControllerRevision wakes DaemonSets that might adopt it.

import type { KubeObject, Node, Pod } from "../api/objects";
import { jsonEqual, objectKey } from "../api/objects";
import { SECOND } from "../sim/time";
import { controllerOf, isPodReady, selectorMatches } from "./controllerUtils";
import type { DaemonSetController } from "./daemonSetController";
import { type DaemonSetObject, minReadySeconds, nodeShouldRunDaemonPod } from "./daemonSetUtil";

class Handlers {
  constructor(private readonly ctrl: DaemonSetController) {}

  /** resolveControllerRef: the DaemonSet a controller reference names, if it is still the same one. */
  ownerOf(pod: Pod | KubeObject): DaemonSetObject | undefined {
    const ref = controllerOf(pod);
    if (ref?.kind !== "DaemonSet") return undefined;
    const ds = this.ctrl.daemonSets.get(`${pod.metadata?.namespace ?? ""}/${ref.name}`);
    return ds && ds.metadata.uid === ref.uid ? (ds as DaemonSetObject) : undefined;
  }

  addPod(pod: Pod): void {
    this.ctrl.podIndex.set(pod);
    if (pod.metadata?.deletionTimestamp) return this.podGone(pod);
    const ds = this.ownerOf(pod);
    if (ds) {
      this.ctrl.creations.creationObserved(objectKey(ds));
      return this.ctrl.enqueue(ds);
    }
    if (!controllerOf(pod)) this.enqueueMatching(pod);
  }

  updatePod(old: Pod, cur: Pod): void {
    this.ctrl.podIndex.set(cur);
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    // A graceful delete: act now rather than when the kubelet finally removes the pod.
    if (cur.metadata?.deletionTimestamp) return this.podGone(cur);
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    if (oldRef?.uid !== curRef?.uid && oldRef) {
      const previous = this.ownerOf(old);
      if (previous) this.ctrl.enqueue(previous);
    }
    if (curRef) {
      const ds = this.ownerOf(cur);
      if (!ds) return;
      this.ctrl.enqueue(ds);
      const becameReady = !isPodReady(old) && isPodReady(cur);
      const minReady = minReadySeconds(ds);
      if (becameReady && minReady > 0) this.ctrl.queue.addAfter(objectKey(ds), minReady * SECOND + SECOND);
      return;
    }
    if (!jsonEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {}) || oldRef) {
      this.enqueueMatching(cur);
    }
  }

  deletePod(pod: Pod): void {
    this.ctrl.podIndex.remove(pod);
    this.podGone(pod);
  }

  podGone(pod: Pod): void {
    const ds = this.ownerOf(pod);
    if (!ds) return;
    const key = objectKey(ds);
    this.ctrl.deletions.deletionObserved(key, `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`);
    this.ctrl.enqueue(ds);
  }

  /** An orphan pod: wake every DaemonSet in its namespace that selects it. */
  enqueueMatching(pod: Pod): void {
    for (const ds of this.ctrl.daemonSets.list() as IterableIterator<DaemonSetObject>) {
      if (ds.metadata.namespace !== pod.metadata?.namespace) continue;
      if (selectorMatches(ds.spec?.selector, pod.metadata?.labels)) this.ctrl.enqueue(ds);
    }
  }

  addNode(node: Node): void {
    for (const ds of this.ctrl.daemonSets.list() as IterableIterator<DaemonSetObject>) {
      if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.ctrl.enqueue(ds);
    }
  }

  /** updateNode: only label and taint changes matter (shouldIgnoreNodeUpdate). */
  updateNode(old: Node, cur: Node): void {
    const same =
      jsonEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {}) &&
      jsonEqual(old.spec?.taints ?? [], cur.spec?.taints ?? []);
    if (same) return;
    for (const ds of this.ctrl.daemonSets.list() as IterableIterator<DaemonSetObject>) {
      const before = nodeShouldRunDaemonPod(old, ds);
      const after = nodeShouldRunDaemonPod(cur, ds);
      if (
        before.shouldRun !== after.shouldRun ||
        before.shouldContinueRunning !== after.shouldContinueRunning
      ) {
        this.ctrl.enqueue(ds);
      }
    }
  }

  revisionChanged(revision: KubeObject, ownedToo = false): void {
    const ref = controllerOf(revision);
    if (ref) {
      if (!ownedToo || ref.kind !== "DaemonSet") return;
      const ds = this.ctrl.daemonSets.get(`${revision.metadata.namespace ?? ""}/${ref.name}`);
      if (ds && ds.metadata.uid === ref.uid) this.ctrl.enqueue(ds);
      return;
    }
    for (const ds of this.ctrl.daemonSets.list() as IterableIterator<DaemonSetObject>) {
      if (ds.metadata.namespace !== revision.metadata.namespace) continue;
      if (selectorMatches(ds.spec?.selector, revision.metadata.labels)) this.ctrl.enqueue(ds);
    }
  }
}

/** Registers the controller's handlers on its informers. */
export function addDaemonSetHandlers(ctrl: DaemonSetController): void {
  const h = new Handlers(ctrl);
  ctrl.daemonSets.addHandlers({
    add: (ds) => ctrl.enqueue(ds),
    update: (_old, ds) => ctrl.enqueue(ds),
    delete: (ds) => ctrl.enqueue(ds),
  });
  ctrl.pods.addHandlers({
    add: (o) => h.addPod(o as unknown as Pod),
    update: (old, cur) => h.updatePod(old as unknown as Pod, cur as unknown as Pod),
    delete: (o) => h.deletePod(o as unknown as Pod),
  });
  ctrl.nodes.addHandlers({
    add: (n) => h.addNode(n as unknown as Node),
    update: (old, cur) => h.updateNode(old as unknown as Node, cur as unknown as Node),
  });
  ctrl.revisions.addHandlers({
    // A revision with a controller needs no sync; an orphan may be adopted by a matching DaemonSet.
    add: (r) => h.revisionChanged(r),
    update: (old, cur) => {
      if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) h.revisionChanged(cur, true);
    },
    delete: (r) => h.revisionChanged(r, true),
  });
}
