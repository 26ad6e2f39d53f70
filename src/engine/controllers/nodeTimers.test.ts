import { describe, expect, it } from "vitest";
import type { Lease, Node, Pod, Taint, Toleration } from "../api/objects";
import { SECOND, formatRfc3339, formatRfc3339Micro } from "../sim/time";
import {
  evictionPlan,
  graceDeadline,
  heartbeatOverdue,
  lastHeartbeat,
  nodeFailureTimers,
} from "./nodeTimers";

const T = 1_767_258_000_000; // 2026-01-01T09:00:00Z

const node = (
  name: string,
  readyHeartbeatMs: number | undefined,
  taints: Taint[] = [],
  ready = "True",
): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, creationTimestamp: formatRfc3339(T - 3_600_000) },
  spec: taints.length ? { taints } : {},
  status: {
    conditions:
      readyHeartbeatMs === undefined
        ? []
        : [{ type: "Ready", status: ready, lastHeartbeatTime: formatRfc3339(readyHeartbeatMs) }],
  },
});

const lease = (name: string, renewMs: number): Lease => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name, namespace: "kube-node-lease" },
  spec: { renewTime: formatRfc3339Micro(renewMs) },
});

const pod = (
  name: string,
  nodeName: string,
  tolerations: Toleration[],
  scheduledMs = T - 3_600_000,
): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { nodeName, tolerations, containers: [] },
  status: {
    conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: formatRfc3339(scheduledMs) }],
  },
});

const unreachable = (at: number): Taint => ({
  key: "node.kubernetes.io/unreachable",
  effect: "NoExecute",
  timeAdded: formatRfc3339(at),
});
const tolerate = (key: string, seconds?: number): Toleration => ({
  key,
  operator: "Exists",
  effect: "NoExecute",
  ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
});

describe("node failure timers", () => {
  it("takes the later of the Lease renewal and the Ready heartbeat, plus the 40 s grace period", () => {
    const n = node("node-1", T - 60 * SECOND);
    expect(lastHeartbeat(n, lease("node-1", T - 7_250))).toBe(T - 7_250);
    expect(lastHeartbeat(n, undefined)).toBe(T - 60 * SECOND);
    expect(graceDeadline(n, lease("node-1", T - 7_250))).toBe(T + 32_750);
    // A kubelet that never posted status: creation + the 60 s startup grace period.
    expect(graceDeadline(node("node-2", undefined), undefined)).toBe(T - 3_600_000 + 60 * SECOND);
  });

  it("calls a node overdue once it missed a Lease renewal (10 s, with a second of slack)", () => {
    const n = node("node-1", T - 60 * SECOND);
    expect(heartbeatOverdue(n, lease("node-1", T - 11 * SECOND), T)).toBe(false);
    expect(heartbeatOverdue(n, lease("node-1", T - 11 * SECOND - 1), T)).toBe(true);
  });

  it("evicts at the taint's time plus the shortest tolerationSeconds, at once if not tolerated", () => {
    const tainted = node("node-1", T, [unreachable(T)]);
    expect(
      evictionPlan(pod("a", "node-1", [tolerate("node.kubernetes.io/unreachable", 300)]), tainted),
    ).toEqual({
      kind: "evict",
      at: T + 300 * SECOND,
      untolerated: false,
    });
    expect(evictionPlan(pod("b", "node-1", []), tainted)).toEqual({
      kind: "evict",
      at: T,
      untolerated: true,
    });
    expect(evictionPlan(pod("c", "node-1", [tolerate("node.kubernetes.io/unreachable")]), tainted)).toEqual({
      kind: "forever",
    });
    // Two NoExecute taints: the clock starts at the first, the shortest toleration wins.
    const twice = node("node-1", T, [
      unreachable(T),
      { key: "maintenance", effect: "NoExecute", timeAdded: formatRfc3339(T + 60 * SECOND) },
    ]);
    const both = pod("d", "node-1", [
      tolerate("node.kubernetes.io/unreachable", 300),
      tolerate("maintenance", 120),
    ]);
    expect(evictionPlan(both, twice)).toEqual({ kind: "evict", at: T + 120 * SECOND, untolerated: false });
    // A pod bound after the taint counts from its binding.
    const late = pod("e", "node-1", [tolerate("node.kubernetes.io/unreachable", 300)], T + 30 * SECOND);
    expect(evictionPlan(late, tainted)).toEqual({ kind: "evict", at: T + 330 * SECOND, untolerated: false });
    // A taint without timeAdded counts from when it was observed, if known.
    const noTime = node("node-1", T, [{ key: "maintenance", effect: "NoExecute" }]);
    expect(evictionPlan(pod("f", "node-1", [tolerate("maintenance", 10)]), noTime)).toEqual({ kind: "none" });
    expect(evictionPlan(pod("f", "node-1", [tolerate("maintenance", 10)]), noTime, T + 5_000)).toEqual({
      kind: "evict",
      at: T + 15_000,
      untolerated: false,
    });
    expect(evictionPlan(pod("g", "node-1", []), node("node-1", T))).toEqual({ kind: "none" });
  });

  it("gives every node and every pod to be evicted its countdown", () => {
    const nodes = [
      node("node-1", T - 100 * SECOND, [unreachable(T - 50 * SECOND)], "Unknown"),
      node("node-2", T - 60 * SECOND),
    ];
    const leases = [lease("node-1", T - 100 * SECOND), lease("node-2", T - 2 * SECOND)];
    const defaults = [tolerate("node.kubernetes.io/unreachable", 300)];
    const pods = [
      pod("web-1", "node-1", defaults),
      {
        ...pod("web-2", "node-1", defaults),
        metadata: { name: "web-2", namespace: "default", deletionTimestamp: "x" },
      },
      pod("web-3", "node-2", defaults),
    ];
    expect(nodeFailureTimers(nodes, leases, pods, T)).toEqual({
      nodes: {
        "node-1": { lastHeartbeat: T - 100 * SECOND, overdue: true, taintedAt: T - 50 * SECOND },
        "node-2": { lastHeartbeat: T - 2 * SECOND, graceDeadline: T + 38 * SECOND, overdue: false },
      },
      pods: { "default/web-1": { node: "node-1", evictAt: T + 250 * SECOND } },
    });
  });
});
