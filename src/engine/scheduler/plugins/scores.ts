// The default profile's Score plugins and weights (pkg/scheduler/apis/config/v1/default_plugins.go):
// TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1 (LeastAllocated),
// NodeResourcesBalancedAllocation 1, ImageLocality 1. PodTopologySpread and InterPodAffinity
// are not modelled yet (they score equally when a pod has no such constraints).

import { MAX_NODE_SCORE, type ScorePlugin, defaultNormalizeScore } from "../framework";
import { termMatches } from "./filters";
import { tolerated } from "./tolerations";

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * LeastAllocated over cpu and memory (weight 1 each), on the "non-zero" requests: a resource the
 * node has none of allocatable is left out of the average, as upstream does.
 */
export const nodeResourcesFitScore: ScorePlugin = {
  name: "NodeResourcesFit",
  weight: 1,
  score(state, node) {
    let score = 0;
    let weightSum = 0;
    const add = (requested: number, allocatable: number): void => {
      if (allocatable === 0) return;
      score += leastRequestedScore(requested, allocatable);
      weightSum++;
    };
    add(node.nonZeroMilliCpu + state.requests.nonZeroMilliCpu, node.allocatableMilliCpu);
    add(node.nonZeroMemory + state.requests.nonZeroMemory, node.allocatableMemory);
    return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
  },
};

export const balancedAllocation: ScorePlugin = {
  name: "NodeResourcesBalancedAllocation",
  weight: 1,
  score(state, node) {
    const fractions: number[] = [];
    if (node.allocatableMilliCpu > 0)
      fractions.push(
        Math.min(1, (node.requestedMilliCpu + state.requests.milliCpu) / node.allocatableMilliCpu),
      );
    if (node.allocatableMemory > 0)
      fractions.push(Math.min(1, (node.requestedMemory + state.requests.memory) / node.allocatableMemory));
    let std = 0;
    if (fractions.length === 2) std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: "TaintToleration",
  weight: 3,
  score(state, node) {
    const preferTolerations = state.preferNoScheduleTolerations;
    let intolerable = 0;
    for (const taint of node.taints)
      if (taint.effect === "PreferNoSchedule" && !tolerated(preferTolerations, taint)) intolerable++;
    return intolerable;
  },
  normalize: (scores) => defaultNormalizeScore(scores, true),
};

export const nodeAffinityScore: ScorePlugin = {
  name: "NodeAffinity",
  weight: 2,
  score(state, node) {
    let total = 0;
    for (const term of state.pod.spec?.affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (term.weight !== 0 && termMatches(term.preference, node)) total += term.weight;
    }
    return total;
  },
  normalize: (scores) => defaultNormalizeScore(scores, false),
};

const MB = 1024 * 1024;
const minThreshold = 23 * MB;
const maxContainerThreshold = 1000 * MB;

/**
 * ImageLocality: prefer nodes that already have the pod's images, scaled by how widely they are
 * spread. Names are matched as upstream does (only `:latest` is added), so `nginx:1.27` in a pod
 * does not match the `docker.io/library/nginx:1.27` a containerd node reports.
 */
export function imageLocalityScore(
  imageSizes: (image: string) => { size: number; numNodes: number } | undefined,
): ScorePlugin {
  return {
    name: "ImageLocality",
    weight: 1,
    score(state, node) {
      let sum = 0;
      for (const image of state.images) {
        if (!node.images.has(image)) continue;
        const info = imageSizes(image);
        // scaledImageScore: int64(float64(size) * spread), spread computed first, as upstream.
        if (info) sum += Math.trunc(info.size * (info.numNodes / state.totalNodes));
      }
      const maxThreshold = maxContainerThreshold * Math.max(1, state.images.length);
      const clamped = Math.min(Math.max(sum, minThreshold), maxThreshold);
      return Math.trunc((MAX_NODE_SCORE * (clamped - minThreshold)) / (maxThreshold - minThreshold));
    },
  };
}
