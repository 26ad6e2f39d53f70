// Taint writes as kube-controller-manager makes them (pkg/controller/controller_utils.go
// AddOrUpdateTaintOnNode, RemoveTaintOffNode, PatchNodeTaints; pkg/controller/util/node
// SwapNodeControllerTaint): GET the node, change spec.taints, then PATCH it with a strategic
// merge patch that carries the resourceVersion read — taints have no merge key, so the whole list
// is replaced, and a concurrent change is a 409 Conflict — retried (UpdateTaintBackoff: 5 tries,
// 100 ms apart). Every taint added gets timeAdded = now.

import type { Node, Taint } from "../api/objects";
import type { ApiClient } from "../client/apiClient";

const RETRIES = 5;
const RETRY_DELAY_MS = 100;

/** Taint.MatchTaint: the same key and effect. */
export function taintMatches(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, taint: Taint): boolean {
  return (taints ?? []).some((t) => taintMatches(t, taint));
}

const sameTaint = (a: Taint, b: Taint): boolean =>
  a.key === b.key &&
  a.effect === b.effect &&
  (a.value ?? "") === (b.value ?? "") &&
  (a.timeAdded ?? "") === (b.timeAdded ?? "");

/** taintutils.AddOrUpdateTaint for several taints: the new list, or undefined if nothing changes. */
function withTaints(current: readonly Taint[], add: readonly Taint[]): Taint[] | undefined {
  let taints = [...current];
  let updated = false;
  for (const taint of add) {
    const i = taints.findIndex((t) => taintMatches(t, taint));
    if (i < 0) {
      taints = [...taints, taint];
      updated = true;
    } else if (!sameTaint(taints[i] as Taint, taint)) {
      taints = taints.map((t, j) => (j === i ? taint : t));
      updated = true;
    }
  }
  return updated ? taints : undefined;
}

/** taintutils.RemoveTaint for several taints: the new list, or undefined if none was there. */
function withoutTaints(current: readonly Taint[], remove: readonly Taint[]): Taint[] | undefined {
  const taints = current.filter((t) => !remove.some((r) => taintMatches(t, r)));
  return taints.length === current.length ? undefined : taints;
}

/**
 * GET the node, compute its new taints, PATCH them; on a conflict read it again and retry.
 * `change` returns undefined when the node needs no write.
 */
function updateTaints(
  client: ApiClient,
  nodeName: string,
  change: (taints: readonly Taint[]) => Taint[] | undefined,
  done: (ok: boolean) => void,
  attempt = 1,
): void {
  client.request({ verb: "get", resource: "nodes", name: nodeName }, (got) => {
    if (got.code !== 200) return done(false);
    const node = got.body as unknown as Node;
    const taints = change(node.spec?.taints ?? []);
    if (taints === undefined) return done(true);
    // PatchNodeTaints: a two-way patch from the node without its resourceVersion to the node with
    // it and the new taints, so the write is pinned to the version read.
    const patch = {
      metadata: { resourceVersion: node.metadata?.resourceVersion ?? "" },
      spec: { taints: taints.length > 0 ? taints : null },
    };
    client.patch("nodes", undefined, nodeName, patch, { strategic: true }, (patched) => {
      if (patched.code === 200) return done(true);
      if (patched.code === 409 && attempt < RETRIES) {
        client.sim.schedule(RETRY_DELAY_MS, () => updateTaints(client, nodeName, change, done, attempt + 1));
        return;
      }
      done(false);
    });
  });
}

/** AddOrUpdateTaintOnNode: no call at all when there is nothing to add. */
export function addOrUpdateTaintsOnNode(
  client: ApiClient,
  nodeName: string,
  taints: readonly Taint[],
  done: (ok: boolean) => void,
): void {
  if (taints.length === 0) return done(true);
  updateTaints(client, nodeName, (current) => withTaints(current, taints), done);
}

/** RemoveTaintOffNode: no call when the cached node has none of the taints. */
export function removeTaintsOffNode(
  client: ApiClient,
  cached: Node,
  taints: readonly Taint[],
  done: (ok: boolean) => void,
): void {
  if (!taints.some((t) => taintExists(cached.spec?.taints, t))) return done(true);
  updateTaints(client, cached.metadata?.name ?? "", (current) => withoutTaints(current, taints), done);
}

/** SwapNodeControllerTaint: stamp the new taints with timeAdded, add them, then remove the others. */
export function swapNodeControllerTaint(
  client: ApiClient,
  node: Node,
  add: readonly Taint[],
  remove: readonly Taint[],
  done: (ok: boolean) => void,
): void {
  const now = client.sim.timestamp();
  const stamped = add.map((t) => ({ ...t, timeAdded: now }));
  addOrUpdateTaintsOnNode(client, node.metadata?.name ?? "", stamped, (added) => {
    if (!added) return done(false);
    removeTaintsOffNode(client, node, remove, done);
  });
}
