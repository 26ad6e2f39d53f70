// An index over a pod informer's cache: pods by their controller's uid, orphans by namespace. It
// gives a controller the pods ClaimPods may take (its own and the orphans of its namespace) in
// O(its pods), where upstream lists every pod of the namespace and skips the ones others own: the
// same pods are claimed either way, and a 10,000-pod Deployment does not cost O(all pods) per sync.

import type { KubeObject, Pod } from "../api/objects";
import type { Informer } from "../client/informer";
import { controllerOf } from "./controllerUtils";

const keyOf = (pod: Pod): string => `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;

export class PodOwnerIndex {
  private readonly owned = new Map<string, Map<string, Pod>>();
  private readonly orphans = new Map<string, Map<string, Pod>>();

  /** Register before any other handler, so they all see the index up to date. */
  constructor(pods: Informer<KubeObject>) {
    const asPod = (object: KubeObject): Pod => object as unknown as Pod;
    pods.addHandlers({
      add: (pod) => this.add(asPod(pod)),
      update: (old, cur) => {
        this.remove(asPod(old));
        this.add(asPod(cur));
      },
      delete: (pod) => this.remove(asPod(pod)),
    });
  }

  /** Pods controlled by `owner` (any state) followed by the orphans of its namespace, in insertion order. */
  candidates(owner: KubeObject): Pod[] {
    const own = this.owned.get(owner.metadata.uid ?? "")?.values() ?? [];
    const orphans = this.orphans.get(owner.metadata.namespace ?? "")?.values() ?? [];
    return [...own, ...orphans];
  }

  private bucketOf(pod: Pod): [Map<string, Map<string, Pod>>, string] {
    const ref = controllerOf(pod);
    return ref ? [this.owned, ref.uid] : [this.orphans, pod.metadata?.namespace ?? ""];
  }

  private add(pod: Pod): void {
    const [map, bucket] = this.bucketOf(pod);
    let pods = map.get(bucket);
    if (!pods) map.set(bucket, (pods = new Map()));
    pods.set(keyOf(pod), pod);
  }

  private remove(pod: Pod): void {
    const [map, bucket] = this.bucketOf(pod);
    const pods = map.get(bucket);
    pods?.delete(keyOf(pod));
    if (pods?.size === 0) map.delete(bucket);
  }
}
