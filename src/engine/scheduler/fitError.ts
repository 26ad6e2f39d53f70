// The FailedScheduling message (pkg/scheduler/framework/types.go FitError.Error, v1.32), and the
// message of the preemption PostFilter that follows it (preemption.Evaluator.Preempt).
// Preemption's dry run is modelled (which nodes could take the pod if lower-priority pods were
// removed), but no victim is evicted: when the dry run finds a candidate, the message is the one
// upstream prints for that cycle (no PostFilter part), and the pod stays pending.

import type { Pod } from "../api/objects";
import { Code, type FilterFailure, cycleState } from "./framework";
import { NodeInfo } from "./nodeInfo";
import { defaultFilterPlugins } from "./plugins/filters";

function histogram(counts: Map<string, number>): string {
  // Upstream sorts the "<count> <reason>" strings lexicographically (sort.Strings).
  return [...counts.entries()]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(", ");
}

function noNodesMessage(totalNodes: number, counts: Map<string, number>): string {
  let message = `0/${totalNodes} nodes are available:`;
  const reasons = histogram(counts);
  if (reasons) message += ` ${reasons}.`;
  return message;
}

function count(counts: Map<string, number>, reasons: readonly string[]): void {
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
}

/**
 * SelectVictimsOnNode: remove every pod of lower priority, then run the filters again. Returns
 * undefined when the pod would fit (the node is a preemption candidate), else why it still fails.
 */
function dryRunPreemption(pod: Pod, node: NodeInfo, totalNodes: number): FilterFailure | undefined {
  const priority = pod.spec?.priority ?? 0;
  const victims = [...node.pods.values()].filter((p) => (p.spec?.priority ?? 0) < priority);
  if (victims.length === 0) {
    return {
      code: Code.UnschedulableAndUnresolvable,
      reasons: ["No preemption victims found for incoming pod"],
    };
  }
  const without = new NodeInfo(node.node);
  for (const p of node.pods.values()) if ((p.spec?.priority ?? 0) >= priority) without.addPod(p);
  const state = cycleState(pod, totalNodes);
  for (const plugin of defaultFilterPlugins) {
    const failure = plugin.filter(state, without);
    if (failure) return failure;
  }
  return undefined;
}

export function fitErrorMessage(
  pod: Pod,
  totalNodes: number,
  failures: ReadonlyMap<string, FilterFailure>,
  nodes: ReadonlyMap<string, NodeInfo>,
): string {
  const counts = new Map<string, number>();
  for (const failure of failures.values()) count(counts, failure.reasons);
  const message = noNodesMessage(totalNodes, counts);

  // PodEligibleToPreemptOthers.
  if (pod.spec?.preemptionPolicy === "Never")
    return `${message} preemption: not eligible due to preemptionPolicy=Never.`;
  // DefaultPreemption: only nodes whose filter failure is resolvable (code Unschedulable) are tried.
  const preemption = new Map<string, number>();
  let candidates = 0;
  for (const [name, failure] of failures) {
    if (failure.code !== Code.Unschedulable) continue;
    candidates++;
    const node = nodes.get(name);
    const result = node
      ? dryRunPreemption(pod, node, totalNodes)
      : {
          code: Code.UnschedulableAndUnresolvable,
          reasons: ["No preemption victims found for incoming pod"],
        };
    // A candidate: upstream would evict the victims and nominate the node; the PostFilter
    // status is Success, so the message carries no preemption part.
    if (!result) return message;
    count(preemption, result.reasons);
  }
  // Nodes not tried (absent from the dry run's statuses) count as "not helpful".
  const notHelpful = totalNodes - candidates;
  if (notHelpful > 0) preemption.set("Preemption is not helpful for scheduling", notHelpful);
  return `${message} preemption: ${noNodesMessage(totalNodes, preemption)}`;
}

/** Events notes are limited to 1024 bytes (truncateMessage in schedule_one.go). */
export function truncateEventMessage(message: string): string {
  const max = 1024;
  return message.length <= max ? message : `${message.slice(0, max - " ...".length)} ...`;
}
