import { describe, expect, it } from "vitest";
import type {
  Container,
  Node,
  NodeSelectorRequirement,
  Pod,
  PodSpec,
  Taint,
  Toleration,
} from "../../api/objects";
import { Code, type FilterPlugin, cycleState } from "../framework";
import { NodeInfo } from "../nodeInfo";
import {
  defaultFilterPlugins,
  nodeAffinity,
  nodeName,
  nodePorts,
  nodeResourcesFit,
  nodeUnschedulable,
  taintToleration,
} from "./filters";

function node(
  name: string,
  options: {
    labels?: Record<string, string>;
    taints?: Taint[];
    unschedulable?: boolean;
    allocatable?: Record<string, string>;
  } = {},
): NodeInfo {
  const n: Node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: options.labels ?? { "kubernetes.io/hostname": name } },
    spec: {
      ...(options.taints ? { taints: options.taints } : {}),
      ...(options.unschedulable ? { unschedulable: true } : {}),
    },
    status: { allocatable: options.allocatable ?? { cpu: "4", memory: "8Gi", pods: "110" } },
  };
  return new NodeInfo(n);
}

function pod(name: string, spec: Partial<PodSpec> = {}, container: Partial<Container> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { containers: [{ name: "c", image: "nginx:1.27", ...container }], ...spec },
  };
}

function withRequests(name: string, requests: Record<string, string>, spec: Partial<PodSpec> = {}): Pod {
  return pod(name, spec, { resources: { requests } });
}

function run(plugin: FilterPlugin, p: Pod, n: NodeInfo) {
  return plugin.filter(cycleState(p, 1), n);
}

function affinity(
  ...terms: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[]
) {
  return {
    affinity: {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
    },
  };
}

describe("default filter plugins", () => {
  it("run in upstream order", () => {
    expect(defaultFilterPlugins.map((p) => p.name)).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
    ]);
  });
});

describe("NodeUnschedulable", () => {
  const cordoned = node("n1", { unschedulable: true });

  it("passes a schedulable node", () => {
    expect(run(nodeUnschedulable, pod("p"), node("n1"))).toBeUndefined();
  });

  it("rejects a cordoned node as unresolvable", () => {
    expect(run(nodeUnschedulable, pod("p"), cordoned)).toEqual({
      code: Code.UnschedulableAndUnresolvable,
      reasons: ["node(s) were unschedulable"],
    });
  });

  it("lets a pod that tolerates node.kubernetes.io/unschedulable:NoSchedule through", () => {
    const exists: Toleration = {
      key: "node.kubernetes.io/unschedulable",
      operator: "Exists",
      effect: "NoSchedule",
    };
    expect(run(nodeUnschedulable, pod("p", { tolerations: [exists] }), cordoned)).toBeUndefined();
    // An empty effect tolerates every effect; an empty key with Exists tolerates every taint.
    expect(
      run(
        nodeUnschedulable,
        pod("p", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists" }] }),
        cordoned,
      ),
    ).toBeUndefined();
    expect(
      run(nodeUnschedulable, pod("p", { tolerations: [{ operator: "Exists" }] }), cordoned),
    ).toBeUndefined();
  });

  it("is not fooled by tolerations for another key or effect", () => {
    const wrongEffect: Toleration = {
      key: "node.kubernetes.io/unschedulable",
      operator: "Exists",
      effect: "NoExecute",
    };
    const wrongKey: Toleration = {
      key: "node.kubernetes.io/not-ready",
      operator: "Exists",
      effect: "NoSchedule",
    };
    expect(
      run(nodeUnschedulable, pod("p", { tolerations: [wrongEffect, wrongKey] }), cordoned)?.reasons,
    ).toEqual(["node(s) were unschedulable"]);
  });
});

describe("NodeName", () => {
  it("passes every node when spec.nodeName is empty, and only the named node otherwise", () => {
    expect(run(nodeName, pod("p"), node("n1"))).toBeUndefined();
    expect(run(nodeName, pod("p", { nodeName: "n1" }), node("n1"))).toBeUndefined();
    expect(run(nodeName, pod("p", { nodeName: "n1" }), node("n2"))).toEqual({
      code: Code.UnschedulableAndUnresolvable,
      reasons: ["node(s) didn't match the requested node name"],
    });
  });
});

describe("TaintToleration", () => {
  const controlPlane = node("cp", {
    taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
  });

  it("rejects an untolerated NoSchedule taint with its {key: value} (empty value shows as `key: `)", () => {
    expect(run(taintToleration, pod("p"), controlPlane)).toEqual({
      code: Code.UnschedulableAndUnresolvable,
      reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"],
    });
    const gpu = node("g", { taints: [{ key: "gpu", value: "true", effect: "NoExecute" }] });
    expect(run(taintToleration, pod("p"), gpu)?.reasons).toEqual([
      "node(s) had untolerated taint {gpu: true}",
    ]);
  });

  it("ignores PreferNoSchedule taints (they only lower the score)", () => {
    const soft = node("s", { taints: [{ key: "spot", value: "yes", effect: "PreferNoSchedule" }] });
    expect(run(taintToleration, pod("p"), soft)).toBeUndefined();
  });

  it("reports only the first untolerated taint", () => {
    const n = node("n", {
      taints: [
        { key: "a", value: "1", effect: "NoSchedule" },
        { key: "b", value: "2", effect: "NoSchedule" },
      ],
    });
    expect(run(taintToleration, pod("p"), n)?.reasons).toEqual(["node(s) had untolerated taint {a: 1}"]);
    const tolerateA = pod("p", {
      tolerations: [{ key: "a", operator: "Equal", value: "1", effect: "NoSchedule" }],
    });
    expect(run(taintToleration, tolerateA, n)?.reasons).toEqual(["node(s) had untolerated taint {b: 2}"]);
  });

  it("matches Exists tolerations on the key alone", () => {
    const p = pod("p", {
      tolerations: [
        { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
      ],
    });
    expect(run(taintToleration, p, controlPlane)).toBeUndefined();
  });

  it("matches Equal tolerations on key and value (operator defaults to Equal)", () => {
    const n = node("n", { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] });
    expect(
      run(taintToleration, pod("p", { tolerations: [{ key: "dedicated", value: "db" }] }), n),
    ).toBeUndefined();
    expect(
      run(
        taintToleration,
        pod("p", { tolerations: [{ key: "dedicated", operator: "Equal", value: "web" }] }),
        n,
      )?.reasons,
    ).toEqual(["node(s) had untolerated taint {dedicated: db}"]);
    // Equal with no value only tolerates a taint with an empty value.
    expect(
      run(
        taintToleration,
        pod("p", { tolerations: [{ key: "node-role.kubernetes.io/control-plane" }] }),
        controlPlane,
      ),
    ).toBeUndefined();
    expect(run(taintToleration, pod("p", { tolerations: [{ key: "dedicated" }] }), n)).toBeDefined();
  });

  it("lets an empty key with Exists tolerate every taint, limited by effect when one is given", () => {
    expect(
      run(taintToleration, pod("p", { tolerations: [{ operator: "Exists" }] }), controlPlane),
    ).toBeUndefined();
    const noExecuteOnly = pod("p", { tolerations: [{ operator: "Exists", effect: "NoExecute" }] });
    expect(run(taintToleration, noExecuteOnly, controlPlane)?.reasons).toEqual([
      "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
    ]);
  });

  it("requires the toleration's effect to match when it has one", () => {
    const p = pod("p", {
      tolerations: [
        { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoExecute" },
      ],
    });
    expect(run(taintToleration, p, controlPlane)).toBeDefined();
  });
});

describe("NodeAffinity", () => {
  const reason = "node(s) didn't match Pod's node affinity/selector";
  const ssd = node("n1", { labels: { "kubernetes.io/hostname": "n1", disktype: "ssd", cores: "16" } });
  const hdd = node("n2", { labels: { "kubernetes.io/hostname": "n2", disktype: "hdd", cores: "4" } });
  const bare = node("n3", { labels: { "kubernetes.io/hostname": "n3" } });
  const fits = (p: Pod, n: NodeInfo) => run(nodeAffinity, p, n) === undefined;

  it("applies nodeSelector as exact label equality", () => {
    const p = pod("p", { nodeSelector: { disktype: "ssd" } });
    expect(run(nodeAffinity, p, ssd)).toBeUndefined();
    expect(run(nodeAffinity, p, hdd)).toEqual({ code: Code.UnschedulableAndUnresolvable, reasons: [reason] });
    expect(run(nodeAffinity, p, bare)?.reasons).toEqual([reason]);
  });

  it("In / NotIn (NotIn also matches nodes without the label)", () => {
    const inSsd = pod(
      "p",
      affinity({ matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd", "nvme"] }] }),
    );
    expect([fits(inSsd, ssd), fits(inSsd, hdd), fits(inSsd, bare)]).toEqual([true, false, false]);
    const notSsd = pod(
      "p",
      affinity({ matchExpressions: [{ key: "disktype", operator: "NotIn", values: ["ssd"] }] }),
    );
    expect([fits(notSsd, ssd), fits(notSsd, hdd), fits(notSsd, bare)]).toEqual([false, true, true]);
  });

  it("Exists / DoesNotExist", () => {
    const exists = pod("p", affinity({ matchExpressions: [{ key: "disktype", operator: "Exists" }] }));
    expect([fits(exists, ssd), fits(exists, hdd), fits(exists, bare)]).toEqual([true, true, false]);
    const absent = pod("p", affinity({ matchExpressions: [{ key: "disktype", operator: "DoesNotExist" }] }));
    expect([fits(absent, ssd), fits(absent, hdd), fits(absent, bare)]).toEqual([false, false, true]);
  });

  it("Gt / Lt compare integers, and never match a missing or non-integer label", () => {
    const gt = pod("p", affinity({ matchExpressions: [{ key: "cores", operator: "Gt", values: ["8"] }] }));
    expect([fits(gt, ssd), fits(gt, hdd), fits(gt, bare)]).toEqual([true, false, false]);
    const lt = pod("p", affinity({ matchExpressions: [{ key: "cores", operator: "Lt", values: ["8"] }] }));
    expect([fits(lt, ssd), fits(lt, hdd), fits(lt, bare)]).toEqual([false, true, false]);
    // strconv.ParseInt: "16cores" and "4.5" are not integers (parseInt would have read 16 and 4).
    const odd = node("n4", { labels: { cores: "16cores" } });
    const half = node("n5", { labels: { cores: "4.5" } });
    expect(fits(gt, odd)).toBe(false);
    expect(fits(lt, half)).toBe(false);
    const signed = node("n6", { labels: { cores: "+9" } });
    expect(fits(gt, signed)).toBe(true);
  });

  it("ANDs the expressions of a term and ORs the terms", () => {
    const both = pod(
      "p",
      affinity({
        matchExpressions: [
          { key: "disktype", operator: "In", values: ["ssd"] },
          { key: "cores", operator: "Lt", values: ["8"] },
        ],
      }),
    );
    expect([fits(both, ssd), fits(both, hdd)]).toEqual([false, false]);
    const either = pod(
      "p",
      affinity(
        { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] },
        { matchExpressions: [{ key: "cores", operator: "Lt", values: ["8"] }] },
      ),
    );
    expect([fits(either, ssd), fits(either, hdd), fits(either, bare)]).toEqual([true, true, false]);
  });

  it("matchFields metadata.name selects nodes by name", () => {
    const byName = pod(
      "p",
      affinity({ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }),
    );
    expect([fits(byName, ssd), fits(byName, hdd), fits(byName, bare)]).toEqual([false, true, false]);
    const notByName = pod(
      "p",
      affinity({ matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["n2"] }] }),
    );
    expect([fits(notByName, ssd), fits(notByName, hdd)]).toEqual([true, false]);
  });

  it("an empty term matches nothing, and nodeSelector and affinity must both hold", () => {
    expect(fits(pod("p", affinity({})), ssd)).toBe(false);
    const p = pod("p", {
      nodeSelector: { disktype: "hdd" },
      ...affinity({ matchExpressions: [{ key: "cores", operator: "Gt", values: ["8"] }] }),
    });
    expect([fits(p, ssd), fits(p, hdd)]).toEqual([false, false]);
  });
});

describe("NodePorts", () => {
  const reason = "node(s) didn't have free ports for the requested pod ports";
  const hostPortPod = (name: string, port: number, extra: { hostIP?: string; protocol?: string } = {}) =>
    pod(name, {}, { ports: [{ containerPort: 80, hostPort: port, ...extra }] });

  it("rejects a host port already used on the node, as a resolvable (preemptible) failure", () => {
    const n = node("n1");
    n.addPod(hostPortPod("a", 8080));
    expect(run(nodePorts, hostPortPod("b", 8080), n)).toEqual({
      code: Code.Unschedulable,
      reasons: [reason],
    });
    expect(run(nodePorts, hostPortPod("b", 8081), n)).toBeUndefined();
    expect(run(nodePorts, hostPortPod("b", 8080, { protocol: "UDP" }), n)).toBeUndefined();
    expect(run(nodePorts, pod("no-ports"), n)).toBeUndefined();
  });

  it("compares host IPs as HostPortInfo does: 0.0.0.0 conflicts with every address", () => {
    const specific = node("n1");
    specific.addPod(hostPortPod("a", 80, { hostIP: "10.0.0.1" }));
    expect(run(nodePorts, hostPortPod("b", 80, { hostIP: "10.0.0.2" }), specific)).toBeUndefined();
    expect(run(nodePorts, hostPortPod("b", 80, { hostIP: "10.0.0.1" }), specific)?.reasons).toEqual([reason]);
    expect(run(nodePorts, hostPortPod("b", 80), specific)?.reasons).toEqual([reason]);
    const wildcard = node("n2");
    wildcard.addPod(hostPortPod("a", 80));
    expect(run(nodePorts, hostPortPod("b", 80, { hostIP: "10.0.0.2" }), wildcard)?.reasons).toEqual([reason]);
  });

  it("frees the port when the pod is removed", () => {
    const n = node("n1");
    const a = hostPortPod("a", 80);
    n.addPod(a);
    n.removePod(a);
    expect(run(nodePorts, hostPortPod("b", 80), n)).toBeUndefined();
  });
});

describe("NodeResourcesFit", () => {
  it("fits requests against allocatable minus what the node's pods request", () => {
    const n = node("n1", { allocatable: { cpu: "2", memory: "4Gi", pods: "110" } });
    n.addPod(withRequests("a", { cpu: "1500m", memory: "1Gi" }));
    expect(run(nodeResourcesFit, withRequests("b", { cpu: "500m", memory: "3Gi" }), n)).toBeUndefined();
    expect(run(nodeResourcesFit, withRequests("b", { cpu: "501m" }), n)).toEqual({
      code: Code.Unschedulable,
      reasons: ["Insufficient cpu"],
    });
    expect(run(nodeResourcesFit, withRequests("b", { memory: "3073Mi" }), n)?.reasons).toEqual([
      "Insufficient memory",
    ]);
    expect(run(nodeResourcesFit, withRequests("b", { cpu: "1", memory: "4Gi" }), n)?.reasons).toEqual([
      "Insufficient cpu",
      "Insufficient memory",
    ]);
  });

  it("counts pods against allocatable pods, even for pods without requests", () => {
    const n = node("n1", { allocatable: { cpu: "1", memory: "1Gi", pods: "2" } });
    n.addPod(pod("a"));
    expect(run(nodeResourcesFit, pod("b"), n)).toBeUndefined();
    n.addPod(pod("b"));
    expect(run(nodeResourcesFit, pod("c"), n)).toEqual({
      code: Code.Unschedulable,
      reasons: ["Too many pods"],
    });
    expect(run(nodeResourcesFit, withRequests("c", { cpu: "2" }), n)?.reasons).toEqual([
      "Too many pods",
      "Insufficient cpu",
    ]);
  });

  it("does not apply the scoring defaults (100m / 200Mi) to request-less pods", () => {
    const full = node("n1", { allocatable: { cpu: "100m", memory: "100Mi", pods: "110" } });
    full.addPod(withRequests("a", { cpu: "100m", memory: "100Mi" }));
    expect(full.requestedMilliCpu).toBe(100);
    expect(run(nodeResourcesFit, pod("zero"), full)).toBeUndefined();
    expect(
      run(nodeResourcesFit, withRequests("explicit-zero", { cpu: "0", memory: "0" }), full),
    ).toBeUndefined();
    expect(run(nodeResourcesFit, withRequests("one", { cpu: "1m" }), full)?.reasons).toEqual([
      "Insufficient cpu",
    ]);
  });

  it("checks other resources by name (ephemeral-storage, extended resources)", () => {
    const n = node("n1", {
      allocatable: { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "10Gi" },
    });
    expect(run(nodeResourcesFit, withRequests("a", { "ephemeral-storage": "20Gi" }), n)?.reasons).toEqual([
      "Insufficient ephemeral-storage",
    ]);
    expect(run(nodeResourcesFit, withRequests("a", { "example.com/gpu": "1" }), n)?.reasons).toEqual([
      "Insufficient example.com/gpu",
    ]);
  });

  it("takes the largest init container when it exceeds the sum of the containers", () => {
    const n = node("n1", { allocatable: { cpu: "1", memory: "1Gi", pods: "110" } });
    const p: Pod = {
      ...withRequests("p", { cpu: "200m" }),
      spec: {
        containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "200m" } } }],
        initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "1500m" } } }],
      },
    };
    expect(run(nodeResourcesFit, p, n)?.reasons).toEqual(["Insufficient cpu"]);
  });
});
