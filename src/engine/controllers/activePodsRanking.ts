// Which pods a scale-down deletes first: controller.ActivePodsWithRanks (pkg/controller/controller_utils.go)
// with the default feature gates of 1.32 (PodDeletionCost and LogarithmicScaleDown on), and
// getPodsToDelete / getPodsRankedByRelatedPodsOnSameNode of pkg/controller/replicaset/replica_set.go.
// Go's sort.Sort is not stable; this sort is, which only matters for pods that compare equal.

import type { Pod } from "../api/objects";
import { parseRfc3339 } from "../sim/time";
import { isPodActive, isPodReady } from "./controllerUtils";

/** core.PodDeletionCost. */
export const POD_DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

const podPhaseToOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  readonly pod: Pod;
  /** Active related pods on the same node: more means delete sooner ("doubled up"). */
  readonly rank: number;
}

/** helper.GetDeletionCostFromPodAnnotations: 0 when absent or invalid (no `+`, no leading zeros, int32). */
export function podDeletionCost(pod: Pod): number {
  const value = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (value === undefined) return 0;
  if (!/^(-[0-9]+|0|[1-9][0-9]*)$/.test(value)) return 0;
  const n = Number(value);
  return Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : 0;
}

/** podReadyTime: when the Ready condition last turned True, or undefined (Go's zero time). */
function podReadyTime(pod: Pod): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === "Ready" && c.status === "True");
  return ready?.lastTransitionTime ? parseRfc3339(ready.lastTransitionTime) : undefined;
}

function creationTime(pod: Pod): number | undefined {
  const ts = pod.metadata?.creationTimestamp;
  return ts ? parseRfc3339(ts) : undefined;
}

/** afterOrZero: a zero time counts as after any other. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: compares floor(log2(age in nanoseconds)), so pods of similar age tie. */
function logarithmicRankDiff(t1: number, t2: number, nowMs: number): number {
  const rank = (t: number): number => {
    const d = (nowMs - t) * 1_000_000;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return rank(t1) - rank(t2);
}

/** Compares two times the LogarithmicScaleDown way; undefined when they are equal. */
function compareTimes(
  t1: number | undefined,
  t2: number | undefined,
  nowMs: number,
  uid1: string,
  uid2: string,
): boolean | undefined {
  if (t1 === t2) return undefined;
  if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const diff = logarithmicRankDiff(t1, t2, nowMs);
  if (diff === 0) return uid1 < uid2;
  return diff < 0;
}

/** maxContainerRestarts: regular containers, then restartable init containers (sidecars). */
function maxContainerRestarts(pod: Pod): [number, number] {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set(
    (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name),
  );
  let sidecar = 0;
  for (const c of pod.status?.initContainerStatuses ?? [])
    if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}

/** ActivePodsWithRanks.Less: whether `a` should be deleted before `b`. */
export function deleteBefore(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const pi = a.pod;
  const pj = b.pod;
  const nodeI = pi.spec?.nodeName ?? "";
  const nodeJ = pj.spec?.nodeName ?? "";
  // 1. Unassigned < assigned.
  if (nodeI !== nodeJ && (nodeI === "" || nodeJ === "")) return nodeI === "";
  // 2. Pending < Unknown < Running.
  const phaseI = podPhaseToOrdinal[pi.status?.phase ?? ""] ?? 0;
  const phaseJ = podPhaseToOrdinal[pj.status?.phase ?? ""] ?? 0;
  if (phaseI !== phaseJ) return phaseI < phaseJ;
  // 3. Not ready < ready.
  if (isPodReady(pi) !== isPodReady(pj)) return !isPodReady(pi);
  // 4. Lower pod-deletion-cost < higher.
  const costI = podDeletionCost(pi);
  const costJ = podDeletionCost(pj);
  if (costI !== costJ) return costI < costJ;
  // 5. Doubled up (more related pods on the same node) < not doubled up.
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidI = pi.metadata?.uid ?? "";
  const uidJ = pj.metadata?.uid ?? "";
  // 6. Ready for a shorter time < longer.
  if (isPodReady(pi) && isPodReady(pj)) {
    const byReady = compareTimes(podReadyTime(pi), podReadyTime(pj), nowMs, uidI, uidJ);
    if (byReady !== undefined) return byReady;
  }
  // 7. More container restarts < fewer.
  const [regularI, sidecarI] = maxContainerRestarts(pi);
  const [regularJ, sidecarJ] = maxContainerRestarts(pj);
  if (regularI !== regularJ) return regularI > regularJ;
  if (sidecarI !== sidecarJ) return sidecarI > sidecarJ;
  // 8. Newer < older (empty creation time first).
  return compareTimes(creationTime(pi), creationTime(pj), nowMs, uidI, uidJ) ?? false;
}

/** getPodsRankedByRelatedPodsOnSameNode: rank = active related pods on the pod's node. */
export function rankPodsByRelatedPodsOnSameNode(
  podsToRank: readonly Pod[],
  relatedPods: readonly Pod[],
): RankedPod[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? "";
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((pod) => ({ pod, rank: podsOnNode.get(pod.spec?.nodeName ?? "") ?? 0 }));
}

/** getPodsToDelete: the first `diff` pods in deletion order (no sort when all of them go). */
export function getPodsToDelete(
  filteredPods: readonly Pod[],
  relatedPods: readonly Pod[],
  diff: number,
  nowMs: number,
): Pod[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const ranked = rankPodsByRelatedPodsOnSameNode(filteredPods, relatedPods);
  ranked.sort((a, b) => (deleteBefore(a, b, nowMs) ? -1 : deleteBefore(b, a, nowMs) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
