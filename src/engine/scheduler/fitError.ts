// The FailedScheduling message (pkg/scheduler/framework/types.go FitError.Error, v1.32), and the
// message of the preemption PostFilter that follows it. Preemption itself is not simulated: a
// node whose filter failure preemption could address is reported as having no victims, which is
// what upstream says whenever no pod on the node has a lower priority.

import type { Pod } from "../api/objects";
import { Code, type FilterFailure } from "./framework";
import type { NodeInfo } from "./nodeInfo";

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

function hasLowerPriorityPod(pod: Pod, node: NodeInfo | undefined): boolean {
  const priority = pod.spec?.priority ?? 0;
  if (!node) return false;
  for (const other of node.pods.values()) if ((other.spec?.priority ?? 0) < priority) return true;
  return false;
}

export function fitErrorMessage(
  pod: Pod,
  totalNodes: number,
  failures: ReadonlyMap<string, FilterFailure>,
  nodes: ReadonlyMap<string, NodeInfo>,
): string {
  const counts = new Map<string, number>();
  for (const failure of failures.values()) for (const r of failure.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  let message = noNodesMessage(totalNodes, counts);

  if (pod.spec?.preemptionPolicy === "Never") return `${message} preemption: not eligible due to preemptionPolicy=Never.`;
  // PostFilter (DefaultPreemption): only nodes that failed with a resolvable code are candidates.
  const preemption = new Map<string, number>();
  let candidates = 0;
  for (const [name, failure] of failures) {
    if (failure.code !== Code.Unschedulable) continue;
    candidates++;
    const reason = hasLowerPriorityPod(pod, nodes.get(name))
      ? (failure.reasons[0] ?? "")
      : "No preemption victims found for incoming pod";
    preemption.set(reason, (preemption.get(reason) ?? 0) + 1);
  }
  const notHelpful = totalNodes - candidates;
  if (notHelpful > 0) preemption.set("Preemption is not helpful for scheduling", notHelpful);
  message += ` preemption: ${noNodesMessage(totalNodes, preemption)}`;
  return message;
}

/** Events notes are limited to 1024 bytes (truncateMessage in schedule_one.go). */
export function truncateEventMessage(message: string): string {
  const max = 1024;
  return message.length <= max ? message : `${message.slice(0, max - " ...".length)} ...`;
}
