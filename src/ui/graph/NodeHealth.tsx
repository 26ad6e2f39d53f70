// A node's health as the control plane sees it, with the countdowns of a node failure: the
// heartbeat the kubelet missed and when the node lifecycle controller will mark it Ready=Unknown
// (--node-monitor-grace-period), then when the taint eviction controller will delete its pods
// (tolerationSeconds). The times come from the engine's own nodeTimers functions, which the
// controllers use to decide, so a countdown reaches zero when the engine acts.

import { memo } from "react";
import type { KubeObject, Node, Pod } from "../../engine/api/objects";
import { nodeCondition, nodeFailureTimers } from "../../engine/controllers/nodeTimers";
import { useCluster, type ClusterState } from "../store/clusterStore";
import { POD_PREFIX } from "./topology";

/** `4m12s`, `37s`, `0s`. */
function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** The text of the health pill (empty when the node is healthy and schedulable). */
export function nodeHealthText(state: ClusterState, nodeKey: string): string {
  const node = state.objects.get(nodeKey) as Node | undefined;
  if (!node) return "";
  const name = node.metadata?.name ?? "";
  const now = state.clock.epochMs + state.clock.now;
  const lease = state.objects.get(`/registry/leases/kube-node-lease/${name}`);
  const pods: KubeObject[] = [];
  for (const [key, object] of state.objects)
    if (key.startsWith(POD_PREFIX) && (object as unknown as Pod).spec?.nodeName === name) pods.push(object);
  const timers = nodeFailureTimers([node as unknown as KubeObject], lease ? [lease] : [], pods, now);
  const t = timers.nodes[name];
  const parts: string[] = [];
  const ready = nodeCondition(node, "Ready")?.status;
  if (ready === "Unknown" || ready === "False") parts.push("NotReady");
  if (node.spec?.unschedulable) parts.push("SchedulingDisabled");
  if (t?.overdue && t.graceDeadline !== undefined)
    parts.push(`no heartbeat · NotReady in ${countdown(t.graceDeadline - now)}`);
  const evictions = Object.values(timers.pods).map((p) => p.evictAt);
  if (evictions.length > 0) parts.push(`evicting pods in ${countdown(Math.min(...evictions) - now)}`);
  return parts.join(" · ");
}

/** The pill over a node group; re-renders only when its text changes (about once a second while counting). */
export const NodeHealth = memo(function NodeHealth({ nodeKey }: { nodeKey: string }) {
  const text = useCluster((s) => nodeHealthText(s, nodeKey));
  if (!text) return null;
  const bad = text.startsWith("NotReady") || text.includes("no heartbeat");
  return (
    <span
      className={`gx-health${bad ? " gx-health-bad" : ""}`}
      role="status"
      aria-label={`node health: ${text}`}
    >
      {text}
    </span>
  );
});
