// The scheduling framework (pkg/scheduler/framework): Filter plugins say whether a pod can run on
// a node, Score plugins rank the nodes that can. Each plugin is a small object; this file holds
// their shared types and the per-cycle state computed once per pod (PreFilter).

import type { NodeSelectorTerm, Pod, Toleration } from "../api/objects";
import type { NodeInfo } from "./nodeInfo";
import { type PodRequests, podRequests } from "./podResources";

export const Code = {
  Unschedulable: "Unschedulable",
  UnschedulableAndUnresolvable: "UnschedulableAndUnresolvable",
} as const;
export type Code = (typeof Code)[keyof typeof Code];

/** A failed Filter: the code decides whether preemption could help; reasons feed FailedScheduling. */
export interface FilterFailure {
  readonly code: Code;
  readonly reasons: readonly string[];
}

/** What PreFilter computes once per scheduling cycle. */
export interface CycleState {
  readonly pod: Pod;
  readonly requests: PodRequests;
  readonly tolerations: readonly Toleration[];
  /** Image names of the pod's init containers and containers, as ImageLocality looks them up. */
  readonly images: readonly string[];
  readonly totalNodes: number;
  /** PreFilter results, computed once per cycle instead of once per node. */
  readonly nodeSelector: readonly (readonly [string, string])[];
  readonly requiredTerms: readonly NodeSelectorTerm[] | undefined;
  readonly preferNoScheduleTolerations: readonly Toleration[];
}

export interface FilterPlugin {
  readonly name: string;
  filter(state: CycleState, node: NodeInfo): FilterFailure | undefined;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  score(state: CycleState, node: NodeInfo): number;
  /** Rescales raw scores to 0–100 in place (NormalizeScore). */
  normalize?(scores: number[]): void;
}

export const MAX_NODE_SCORE = 100;

/** helper.DefaultNormalizeScore. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * (scores[i] as number)) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}

/**
 * Docker-style reference normalisation (distribution/reference ParseNormalizedNamed + TagNameOnly),
 * as containerd reports images: `nginx` → `docker.io/library/nginx:latest`. The kubelet and the
 * container runtime use it; the scheduler's ImageLocality does not (see `schedulerImageName`).
 */
export function normalizeImageName(image: string): string {
  let name = image;
  const lastSlash = name.lastIndexOf("/");
  const hasTag = name.indexOf(":", lastSlash + 1) >= 0 || name.includes("@");
  if (!hasTag) name += ":latest";
  const firstSlash = name.indexOf("/");
  const first = firstSlash >= 0 ? name.slice(0, firstSlash) : "";
  const hasRegistry =
    firstSlash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  let domain = "docker.io";
  let remainder = name;
  if (hasRegistry) {
    domain = first === "index.docker.io" ? "docker.io" : first;
    remainder = name.slice(firstSlash + 1);
  }
  // Official images live under library/ on Docker Hub, however the reference spelled the host.
  if (domain === "docker.io" && !remainder.includes("/")) remainder = `library/${remainder}`;
  return `${domain}/${remainder}`;
}

/**
 * imagelocality.normalizedImageName: only a missing tag is filled in (`:latest`). Upstream leaves
 * the registry alone (a known gap, see the TODO there), so short names do not match the fully
 * qualified names containerd reports in node status.
 */
export function schedulerImageName(image: string): string {
  return image.lastIndexOf(":") <= image.lastIndexOf("/") ? `${image}:latest` : image;
}

export function cycleState(pod: Pod, totalNodes: number): CycleState {
  return {
    pod,
    requests: podRequests(pod),
    tolerations: pod.spec?.tolerations ?? [],
    images: [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) =>
      schedulerImageName(c.image ?? ""),
    ),
    totalNodes,
    nodeSelector: Object.entries(pod.spec?.nodeSelector ?? {}),
    requiredTerms:
      pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    preferNoScheduleTolerations: (pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === "PreferNoSchedule",
    ),
  };
}

/** numFeasibleNodesToFind (schedule_one.go): large clusters stop filtering once enough nodes fit. */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  const minFeasibleNodesToFind = 100;
  const minFeasibleNodesPercentageToFind = 5;
  if (numAllNodes < minFeasibleNodesToFind || percentageOfNodesToScore >= 100) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < minFeasibleNodesPercentageToFind) percentage = minFeasibleNodesPercentageToFind;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < minFeasibleNodesToFind ? minFeasibleNodesToFind : numNodes;
}
