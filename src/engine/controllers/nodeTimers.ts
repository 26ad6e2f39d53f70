// The timers of a node failure, as pure functions of the objects: when the node lifecycle
// controller marks a silent node Ready=Unknown (pkg/controller/nodelifecycle tryUpdateNodeHealth),
// and when the taint eviction controller deletes a pod from a node with NoExecute taints
// (pkg/controller/tainteviction processPodOnNode, getMinTolerationTime). Both controllers decide
// with these functions and the UI draws its countdowns with them, so a countdown on screen ends
// when the engine acts. Simplified: upstream measures from the instant the controller observed a
// heartbeat or a taint (its own clock); here the clock starts at the timestamps written in the
// objects (Lease renewTime, the Ready condition's lastHeartbeatTime, the taint's timeAdded), which
// differ from those instants only by the watch latency and the second precision of timeAdded.

import type { KubeObject, Lease, Node, NodeCondition, Pod, Taint, Toleration } from "../api/objects";
import { Timing } from "../cluster/timing";
import { toleratesTaint } from "../scheduler/plugins/tolerations";
import { SECOND, parseRfc3339 } from "../sim/time";

/** The taint keys kube-controller-manager manages (k8s.io/api/core/v1 well_known_taints.go). */
export const TaintKeys = {
  notReady: "node.kubernetes.io/not-ready",
  unreachable: "node.kubernetes.io/unreachable",
  unschedulable: "node.kubernetes.io/unschedulable",
  memoryPressure: "node.kubernetes.io/memory-pressure",
  diskPressure: "node.kubernetes.io/disk-pressure",
  pidPressure: "node.kubernetes.io/pid-pressure",
  networkUnavailable: "node.kubernetes.io/network-unavailable",
} as const;

/** nodeConditionToTaintKeyStatusMap: which condition status gives which (NoSchedule) taint. */
export const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TaintKeys.notReady, Unknown: TaintKeys.unreachable },
  MemoryPressure: { True: TaintKeys.memoryPressure },
  DiskPressure: { True: TaintKeys.diskPressure },
  NetworkUnavailable: { True: TaintKeys.networkUnavailable },
  PIDPressure: { True: TaintKeys.pidPressure },
};

/** A kubelet renews its Lease every 10 s; a heartbeat older than this means it missed one. */
export const HEARTBEAT_OVERDUE_MS = Timing.leaseRenewInterval + SECOND;

const time = (text: string | null | undefined): number | undefined => (text ? parseRfc3339(text) : undefined);

const later = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

export function nodeCondition(node: Node | undefined, type: string): NodeCondition | undefined {
  return (node?.status?.conditions ?? []).find((c) => c.type === type);
}

/** The node's last sign of life (epoch ms): its Lease's renewTime or its Ready heartbeat, the later. */
export function lastHeartbeat(node: Node, lease: Lease | undefined): number | undefined {
  return later(time(lease?.spec?.renewTime), time(nodeCondition(node, "Ready")?.lastHeartbeatTime));
}

/**
 * The instant (epoch ms) after which the next health check posts Ready=Unknown: the last heartbeat
 * plus --node-monitor-grace-period, or, for a kubelet that never posted status, the node's creation
 * (or its last Lease renewal) plus --node-startup-grace-period.
 */
export function graceDeadline(node: Node, lease: Lease | undefined): number | undefined {
  if (nodeCondition(node, "Ready") === undefined) {
    const since = later(time(node.metadata?.creationTimestamp), time(lease?.spec?.renewTime));
    return since === undefined ? undefined : since + Timing.nodeStartupGracePeriod;
  }
  const heartbeat = lastHeartbeat(node, lease);
  return heartbeat === undefined ? undefined : heartbeat + Timing.nodeMonitorGracePeriod;
}

/** What the health checks compare, parsed once per version of the node and its Lease. */
export interface NodeHealthTimes {
  /** The last heartbeat, or the node's creation if it never had one (epoch ms). */
  readonly heartbeat: number | undefined;
  readonly deadline: number | undefined;
}

export function nodeHealthTimes(node: Node, lease: Lease | undefined): NodeHealthTimes {
  return {
    heartbeat: lastHeartbeat(node, lease) ?? time(node.metadata?.creationTimestamp),
    deadline: graceDeadline(node, lease),
  };
}

/** The kubelet missed at least one Lease renewal: the node may be failing. */
export function overdue(times: NodeHealthTimes, nowEpochMs: number): boolean {
  return times.heartbeat !== undefined && nowEpochMs - times.heartbeat > HEARTBEAT_OVERDUE_MS;
}

export function heartbeatOverdue(node: Node, lease: Lease | undefined, nowEpochMs: number): boolean {
  return overdue(nodeHealthTimes(node, lease), nowEpochMs);
}

/** The NoExecute taint the node lifecycle controller wants for this Ready status, if any. */
export function desiredNoExecuteTaintKey(node: Node): string | undefined {
  const status = nodeCondition(node, "Ready")?.status;
  return status === "False" ? TaintKeys.notReady : status === "Unknown" ? TaintKeys.unreachable : undefined;
}

export function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === "NoExecute");
}

/** v1helper.GetMatchingTolerations: is every taint tolerated, and by which toleration (one per taint). */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/** getMinTolerationTime in seconds: 0 if any is ≤ 0 (or none is used), undefined for "forever". */
export function minTolerationSeconds(used: readonly Toleration[]): number | undefined {
  if (used.length === 0) return 0;
  let min: number | undefined;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = min === undefined ? t.tolerationSeconds : Math.min(min, t.tolerationSeconds);
  }
  return min;
}

/** What the taint eviction controller does with a pod on its node. */
export type EvictionPlan =
  /** The node has no NoExecute taints. */
  | { readonly kind: "none" }
  /** Every NoExecute taint is tolerated without tolerationSeconds. */
  | { readonly kind: "forever" }
  /** Deleted at `at` (epoch ms); `untolerated`: at once, some taint is not tolerated at all. */
  | { readonly kind: "evict"; readonly at: number; readonly untolerated: boolean };

/** When the pod landed on its node: its PodScheduled transition, or its creation. */
function boundAt(pod: Pod): number | undefined {
  const scheduled = (pod.status?.conditions ?? []).find((c) => c.type === "PodScheduled");
  return time(scheduled?.lastTransitionTime) ?? time(pod.metadata?.creationTimestamp);
}

/**
 * When the pod is deleted from its node. The toleration clock starts when the pod became subject to
 * the node's NoExecute taints: the earliest timeAdded among them (`observedMs` for a taint that has
 * none), or the pod's binding if that came later; it runs for the shortest tolerationSeconds used.
 */
export function evictionPlan(pod: Pod, node: Node | undefined, observedMs?: number): EvictionPlan {
  const taints = noExecuteTaints(node);
  if (taints.length === 0) return { kind: "none" };
  let start: number | undefined;
  for (const taint of taints) {
    const added = time(taint.timeAdded) ?? observedMs;
    if (added === undefined) return { kind: "none" };
    start = start === undefined ? added : Math.min(start, added);
  }
  const since = later(start, boundAt(pod)) as number;
  const { allTolerated, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
  if (!allTolerated) return { kind: "evict", at: since, untolerated: true };
  const seconds = minTolerationSeconds(used);
  if (seconds === undefined) return { kind: "forever" };
  return { kind: "evict", at: since + seconds * SECOND, untolerated: false };
}

export interface NodeFailureTimer {
  /** Lease renewTime or Ready heartbeat, the later (epoch ms). */
  readonly lastHeartbeat?: number;
  /** Ready becomes Unknown at the first health check after this (absent once it is Unknown). */
  readonly graceDeadline?: number;
  /** The kubelet missed a Lease renewal. */
  readonly overdue: boolean;
  /** When the not-ready/unreachable NoExecute taint was added (epoch ms). */
  readonly taintedAt?: number;
}

export interface PodEvictionTimer {
  readonly node: string;
  /** When the taint eviction controller deletes the pod (epoch ms; in the past: at once). */
  readonly evictAt: number;
}

export interface NodeFailureTimers {
  readonly nodes: Record<string, NodeFailureTimer>;
  /** By `namespace/name`; only pods that will be evicted and are not being deleted yet. */
  readonly pods: Record<string, PodEvictionTimer>;
}

/** Every node's failure timers and every pod's eviction time, for countdowns. */
export function nodeFailureTimers(
  nodes: Iterable<Node | KubeObject>,
  leases: Iterable<Lease | KubeObject>,
  pods: Iterable<Pod | KubeObject>,
  nowEpochMs: number,
): NodeFailureTimers {
  const leaseOf = new Map<string, Lease>();
  for (const l of leases as Iterable<Lease>)
    if (l.metadata?.namespace === "kube-node-lease") leaseOf.set(l.metadata.name ?? "", l);
  const byName = new Map<string, Node>();
  const nodeTimers: Record<string, NodeFailureTimer> = {};
  for (const node of nodes as Iterable<Node>) {
    const name = node.metadata?.name ?? "";
    byName.set(name, node);
    const lease = leaseOf.get(name);
    const heartbeat = lastHeartbeat(node, lease);
    const deadline =
      nodeCondition(node, "Ready")?.status === "Unknown" ? undefined : graceDeadline(node, lease);
    const taint = noExecuteTaints(node).find(
      (t) => t.key === TaintKeys.unreachable || t.key === TaintKeys.notReady,
    );
    const taintedAt = time(taint?.timeAdded);
    nodeTimers[name] = {
      ...(heartbeat !== undefined ? { lastHeartbeat: heartbeat } : {}),
      ...(deadline !== undefined ? { graceDeadline: deadline } : {}),
      overdue: heartbeatOverdue(node, lease, nowEpochMs),
      ...(taintedAt !== undefined ? { taintedAt } : {}),
    };
  }
  const podTimers: Record<string, PodEvictionTimer> = {};
  for (const pod of pods as Iterable<Pod>) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || pod.metadata?.deletionTimestamp) continue;
    const plan = evictionPlan(pod, byName.get(nodeName));
    if (plan.kind === "evict")
      podTimers[`${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`] = {
        node: nodeName,
        evictAt: plan.at,
      };
  }
  return { nodes: nodeTimers, pods: podTimers };
}
