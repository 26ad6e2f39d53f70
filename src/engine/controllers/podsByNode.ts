// The `spec.nodeName` index controllers add to their pod informer (cache.Indexers, as the node
// lifecycle and taint eviction controllers do with getPodsAssignedToNode): the pods bound to a
// node without scanning every pod.

import type { KubeObject, Pod } from "../api/objects";
import { objectKey } from "../api/objects";
import type { Informer } from "../client/informer";

export class PodsByNode {
  private readonly index = new Map<string, Set<string>>();

  /** Registers the index's handlers; do this before the controller's own handlers. */
  constructor(private readonly pods: Informer<KubeObject>) {
    pods.addHandlers({
      add: (p) => this.put(p),
      update: (old, p) => {
        this.remove(old);
        this.put(p);
      },
      delete: (p) => this.remove(p),
    });
  }

  private put(object: KubeObject): void {
    const node = (object as unknown as Pod).spec?.nodeName;
    if (!node) return;
    let keys = this.index.get(node);
    if (!keys) this.index.set(node, (keys = new Set()));
    keys.add(objectKey(object));
  }

  private remove(object: KubeObject): void {
    const node = (object as unknown as Pod).spec?.nodeName;
    if (!node) return;
    const keys = this.index.get(node);
    keys?.delete(objectKey(object));
    if (keys?.size === 0) this.index.delete(node);
  }

  /** The pods bound to `node`, sorted by namespace/name so every pass runs in the same order. */
  podsOn(node: string): Pod[] {
    const keys = [...(this.index.get(node) ?? [])].sort();
    const pods: Pod[] = [];
    for (const key of keys) {
      const pod = this.pods.get(key);
      if (pod) pods.push(pod as unknown as Pod);
    }
    return pods;
  }
}
