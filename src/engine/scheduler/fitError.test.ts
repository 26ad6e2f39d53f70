import { describe, expect, it } from "vitest";
import type { Node, Pod, PodSpec } from "../api/objects";
import { fitErrorMessage, truncateEventMessage } from "./fitError";
import { Code, type FilterFailure } from "./framework";
import { NodeInfo } from "./nodeInfo";

const taint = "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
const affinity = "node(s) didn't match Pod's node affinity/selector";
const cpu = "Insufficient cpu";

function pod(name: string, spec: Partial<PodSpec> = {}, requests: Record<string, string> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "c", image: "nginx", resources: { requests } }], ...spec },
  };
}

function node(name: string, cpuCores = "2"): NodeInfo {
  const n: Node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name },
    status: { allocatable: { cpu: cpuCores, memory: "8Gi", pods: "110" } },
  };
  return new NodeInfo(n);
}

const unresolvable = (...reasons: string[]): FilterFailure => ({
  code: Code.UnschedulableAndUnresolvable,
  reasons,
});
const resolvable = (...reasons: string[]): FilterFailure => ({ code: Code.Unschedulable, reasons });

/** Failures keyed by node name, with matching empty NodeInfos. */
function cluster(failures: [string, FilterFailure][]): {
  failures: Map<string, FilterFailure>;
  nodes: Map<string, NodeInfo>;
} {
  return {
    failures: new Map(failures),
    nodes: new Map(failures.map(([name]) => [name, node(name)])),
  };
}

function message(p: Pod, failures: [string, FilterFailure][], total = failures.length): string {
  const c = cluster(failures);
  return fitErrorMessage(p, total, c.failures, c.nodes);
}

describe("fitErrorMessage", () => {
  it("control-plane taint plus a nodeSelector nothing matches: preemption cannot help anywhere", () => {
    expect(
      message(pod("p"), [
        ["control-plane", unresolvable(taint)],
        ["node-1", unresolvable(affinity)],
        ["node-2", unresolvable(affinity)],
        ["node-3", unresolvable(affinity)],
      ]),
    ).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, " +
        "3 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
  });

  it("insufficient cpu everywhere, no lower-priority pods to evict", () => {
    expect(
      message(pod("p"), [
        ["node-1", resolvable(cpu)],
        ["node-2", resolvable(cpu)],
        ["node-3", resolvable(cpu)],
      ]),
    ).toBe(
      "0/3 nodes are available: 3 Insufficient cpu. " +
        "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
  });

  it("mixes unresolvable and resolvable nodes in both halves", () => {
    expect(
      message(pod("p"), [
        ["control-plane", unresolvable(taint)],
        ["node-1", resolvable(cpu)],
        ["node-2", resolvable(cpu)],
        ["node-3", resolvable(cpu)],
      ]),
    ).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. " +
        "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, " +
        "3 No preemption victims found for incoming pod.",
    );
  });

  it("counts every reason of a node on its own", () => {
    expect(
      message(pod("p"), [
        ["node-1", resolvable("Insufficient cpu", "Insufficient memory")],
        ["node-2", resolvable("Insufficient memory")],
      ]),
    ).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. " +
        "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("sorts the entries as strings, so 10 comes before 2", () => {
    const failures: [string, FilterFailure][] = [];
    for (let i = 0; i < 10; i++) failures.push([`big-${i}`, resolvable(cpu)]);
    failures.push(["cp-1", unresolvable(taint)], ["cp-2", unresolvable(taint)]);
    failures.push(["full", resolvable("Too many pods")]);
    expect(message(pod("p"), failures)).toBe(
      "0/13 nodes are available: 1 Too many pods, 10 Insufficient cpu, " +
        "2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. " +
        "preemption: 0/13 nodes are available: 11 No preemption victims found for incoming pod, " +
        "2 Preemption is not helpful for scheduling.",
    );
  });

  it("says why a pod with preemptionPolicy Never is not eligible", () => {
    expect(message(pod("p", { preemptionPolicy: "Never" }), [["node-1", resolvable(cpu)]])).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    );
  });

  it("dry-runs preemption: lower-priority pods that would not free enough leave the filter's reasons", () => {
    // node-1 (2 cpu) runs a 1.5-cpu pod of priority 100 and a request-less pod of priority 0.
    // A 1-cpu pod of priority 50 could only evict the request-less one: still Insufficient cpu.
    const n1 = node("node-1");
    n1.addPod(pod("high", { priority: 100 }, { cpu: "1500m" }));
    n1.addPod(pod("low", { priority: 0 }));
    const n2 = node("node-2");
    n2.addPod(pod("high-2", { priority: 100 }, { cpu: "1500m" }));
    const incoming = pod("p", { priority: 50 }, { cpu: "1" });
    const failures = new Map([
      ["node-1", resolvable(cpu)],
      ["node-2", resolvable(cpu)],
    ]);
    expect(
      fitErrorMessage(
        incoming,
        2,
        failures,
        new Map([
          ["node-1", n1],
          ["node-2", n2],
        ]),
      ),
    ).toBe(
      "0/2 nodes are available: 2 Insufficient cpu. " +
        "preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod.",
    );
  });

  it("prints no preemption part when evicting lower-priority pods would make room", () => {
    const n1 = node("node-1");
    n1.addPod(pod("low", { priority: 0 }, { cpu: "1500m" }));
    const incoming = pod("p", { priority: 1000 }, { cpu: "1" });
    expect(
      fitErrorMessage(incoming, 1, new Map([["node-1", resolvable(cpu)]]), new Map([["node-1", n1]])),
    ).toBe("0/1 nodes are available: 1 Insufficient cpu.");
  });
});

describe("truncateEventMessage", () => {
  it("keeps messages up to 1024 characters", () => {
    const exact = "x".repeat(1024);
    expect(truncateEventMessage(exact)).toBe(exact);
  });

  it("cuts longer ones to 1020 characters plus ' ...'", () => {
    const long = "y".repeat(1500);
    const cut = truncateEventMessage(long);
    expect(cut).toHaveLength(1024);
    expect(cut).toBe(`${"y".repeat(1020)} ...`);
  });

  it("truncates a real FailedScheduling message with many distinct taints", () => {
    const failures: [string, FilterFailure][] = [];
    for (let i = 0; i < 40; i++)
      failures.push([`node-${i}`, unresolvable(`node(s) had untolerated taint {team-${i}: dedicated}`)]);
    const full = message(pod("p"), failures);
    expect(full.length).toBeGreaterThan(1024);
    const cut = truncateEventMessage(full);
    expect(cut).toHaveLength(1024);
    expect(
      cut.startsWith("0/40 nodes are available: 1 node(s) had untolerated taint {team-0: dedicated}, "),
    ).toBe(true);
    expect(cut.endsWith(" ...")).toBe(true);
  });
});
