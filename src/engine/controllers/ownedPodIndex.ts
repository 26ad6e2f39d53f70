// An index over a pod informer's cache by controller uid (what listers give upstream controllers
// through a namespace list + ControllerRef filter), so a controller reads its own pods in
// O(its pods) rather than scanning every pod; pods without a controller are kept apart as
// candidates for adoption.

import type { Pod } from "../api/objects";
import { controllerOf } from "./controllerUtils";

const keyOf = (pod: Pod): string => `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;

export class OwnedPodIndex {
  private readonly byOwner = new Map<string, Map<string, Pod>>();
  private readonly ownerOf = new Map<string, string>();
  private readonly orphanPods = new Map<string, Pod>();

  /** Records the pod as it is now (call from add and update handlers). */
  set(pod: Pod): void {
    this.remove(pod);
    const key = keyOf(pod);
    const uid = controllerOf(pod)?.uid;
    if (uid === undefined) {
      this.orphanPods.set(key, pod);
      return;
    }
    let pods = this.byOwner.get(uid);
    if (!pods) this.byOwner.set(uid, (pods = new Map()));
    pods.set(key, pod);
    this.ownerOf.set(key, uid);
  }

  /** Forgets the pod (call from the delete handler). */
  remove(pod: Pod): void {
    const key = keyOf(pod);
    const previous = this.ownerOf.get(key);
    if (previous !== undefined) {
      const pods = this.byOwner.get(previous);
      pods?.delete(key);
      if (pods?.size === 0) this.byOwner.delete(previous);
      this.ownerOf.delete(key);
    }
    this.orphanPods.delete(key);
  }

  /** Pods whose controller reference has this uid. */
  owned(uid: string | undefined): Pod[] {
    return [...(this.byOwner.get(uid ?? "")?.values() ?? [])];
  }

  /** Pods in a namespace with no controller. */
  orphans(namespace: string | undefined): Pod[] {
    return [...this.orphanPods.values()].filter((p) => p.metadata?.namespace === namespace);
  }
}
