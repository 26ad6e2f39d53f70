import { describe, expect, it } from "vitest";
import type { Container, Node, NodeSelectorTerm, Pod, PodSpec, Taint } from "../../api/objects";
import { type ScorePlugin, cycleState, defaultNormalizeScore } from "../framework";
import { NodeInfo } from "../nodeInfo";
import {
  balancedAllocation,
  imageLocalityScore,
  nodeAffinityScore,
  nodeResourcesFitScore,
  taintTolerationScore,
} from "./scores";

const Mi = 1024 * 1024;

function node(
  name: string,
  options: {
    labels?: Record<string, string>;
    taints?: Taint[];
    allocatable?: Record<string, string>;
    images?: { names: string[]; sizeBytes: number }[];
  } = {},
): NodeInfo {
  const n: Node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: options.labels ?? {} },
    spec: options.taints ? { taints: options.taints } : {},
    status: {
      allocatable: options.allocatable ?? { cpu: "4", memory: "8Gi", pods: "110" },
      ...(options.images ? { images: options.images } : {}),
    },
  };
  return new NodeInfo(n);
}

function pod(name: string, spec: Partial<PodSpec> = {}, containers?: Container[]): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: containers ?? [{ name: "c", image: "nginx:1.27" }], ...spec },
  };
}

function withRequests(name: string, requests: Record<string, string>): Pod {
  return pod(name, {}, [{ name: "c", image: "nginx:1.27", resources: { requests } }]);
}

/** Raw score per node, then NormalizeScore, as the scheduler runs a plugin over the feasible nodes. */
function scores(plugin: ScorePlugin, p: Pod, nodes: NodeInfo[], totalNodes = nodes.length): number[] {
  const state = cycleState(p, totalNodes);
  const result = nodes.map((n) => plugin.score(state, n));
  plugin.normalize?.(result);
  return result;
}

describe("defaultNormalizeScore", () => {
  it("scales to 0-100 by the maximum, truncating", () => {
    const s = [0, 1, 3];
    defaultNormalizeScore(s, false);
    expect(s).toEqual([0, 33, 100]);
  });

  it("reverses (100 - score) when asked, and gives all 100 when every score is 0", () => {
    const s = [0, 1, 3];
    defaultNormalizeScore(s, true);
    expect(s).toEqual([100, 67, 0]);
    const zeros = [0, 0];
    defaultNormalizeScore(zeros, true);
    expect(zeros).toEqual([100, 100]);
    const plain = [0, 0];
    defaultNormalizeScore(plain, false);
    expect(plain).toEqual([0, 0]);
  });
});

describe("NodeResourcesFit (LeastAllocated)", () => {
  it("averages (allocatable - requested) * 100 / allocatable over cpu and memory, with the pod counted", () => {
    // cpu: (4000 - 2000) * 100 / 4000 = 50; memory: (8Gi - 4Gi) * 100 / 8Gi = 50.
    const n = node("n");
    n.addPod(withRequests("a", { cpu: "1", memory: "2Gi" }));
    expect(scores(nodeResourcesFitScore, withRequests("p", { cpu: "1", memory: "2Gi" }), [n])).toEqual([50]);
  });

  it("truncates at each step", () => {
    // cpu: 2000 * 100 / 3000 = 66 (66.7); memory: 7Gi * 100 / 8Gi = 87 (87.5); (66 + 87) / 2 = 76 (76.5).
    const n = node("n", { allocatable: { cpu: "3", memory: "8Gi", pods: "110" } });
    expect(scores(nodeResourcesFitScore, withRequests("p", { cpu: "1", memory: "1Gi" }), [n])).toEqual([76]);
  });

  it("counts request-less containers as 100m cpu and 200Mi memory", () => {
    // Empty node: cpu 900 * 100 / 1000 = 90, memory 800Mi * 100 / 1000Mi = 80 → 85.
    const n = node("n", { allocatable: { cpu: "1", memory: "1000Mi", pods: "110" } });
    expect(scores(nodeResourcesFitScore, pod("p"), [n])).toEqual([85]);
    // With one request-less pod already there: cpu 800 → 80, memory 600Mi → 60 → 70.
    n.addPod(pod("a"));
    expect(n.nonZeroMilliCpu).toBe(100);
    expect(n.nonZeroMemory).toBe(200 * Mi);
    expect(n.requestedMilliCpu).toBe(0);
    expect(scores(nodeResourcesFitScore, pod("p"), [n])).toEqual([70]);
  });

  it("keeps an explicit zero request at zero", () => {
    const n = node("n", { allocatable: { cpu: "1", memory: "1000Mi", pods: "110" } });
    expect(scores(nodeResourcesFitScore, withRequests("p", { cpu: "0", memory: "0" }), [n])).toEqual([100]);
  });

  it("scores an over-committed resource 0 and leaves out a resource the node has none of", () => {
    const n = node("n", { allocatable: { cpu: "1", memory: "1000Mi", pods: "110" } });
    // cpu 2000 > 1000 → 0; memory 800Mi → 80; (0 + 80) / 2 = 40.
    expect(scores(nodeResourcesFitScore, withRequests("p", { cpu: "2", memory: "200Mi" }), [n])).toEqual([
      40,
    ]);
    const noMemory = node("m", { allocatable: { cpu: "1", pods: "110" } });
    expect(scores(nodeResourcesFitScore, pod("p"), [noMemory])).toEqual([90]);
  });

  it("prefers the emptier node", () => {
    const busy = node("busy");
    busy.addPod(withRequests("a", { cpu: "3", memory: "6Gi" }));
    const idle = node("idle");
    const [b, i] = scores(nodeResourcesFitScore, withRequests("p", { cpu: "500m", memory: "512Mi" }), [
      busy,
      idle,
    ]);
    // busy: cpu 500*100/4000 = 12, memory 1.5Gi*100/8Gi = 18 → 15; idle: 87, 93 → 90.
    expect([b, i]).toEqual([15, 90]);
  });
});

describe("NodeResourcesBalancedAllocation", () => {
  it("is (1 - |cpuFraction - memFraction| / 2) * 100 on actual requests, pod included", () => {
    // cpu 1000/4000 = 0.25, memory 1Gi/8Gi = 0.125: std 0.0625 → 93.75 → 93.
    const n = node("n");
    expect(scores(balancedAllocation, withRequests("p", { cpu: "1", memory: "1Gi" }), [n])).toEqual([93]);
    // A pod already there pushes cpu to 0.75: std 0.3125 → 68.75 → 68.
    n.addPod(withRequests("a", { cpu: "2" }));
    expect(scores(balancedAllocation, withRequests("p", { cpu: "1", memory: "1Gi" }), [n])).toEqual([68]);
  });

  it("ignores the non-zero defaults: a request-less pod on an empty node is perfectly balanced", () => {
    expect(scores(balancedAllocation, pod("p"), [node("n")])).toEqual([100]);
    // Only memory requested: fractions 0 and 0.5 → 75.
    expect(
      scores(balancedAllocation, withRequests("p", { memory: "8Gi" }), [
        node("n", { allocatable: { cpu: "4", memory: "16Gi", pods: "110" } }),
      ]),
    ).toEqual([75]);
  });

  it("caps a fraction at 1", () => {
    // cpu 8000/4000 → 1, memory 0 → std 0.5 → 50.
    expect(scores(balancedAllocation, withRequests("p", { cpu: "8" }), [node("n")])).toEqual([50]);
  });
});

describe("TaintToleration score", () => {
  const soft = (key: string): Taint => ({ key, value: "x", effect: "PreferNoSchedule" });
  const clean = node("clean");
  const one = node("one", { taints: [soft("a")] });
  const two = node("two", { taints: [soft("a"), soft("b")] });

  it("counts untolerated PreferNoSchedule taints and reverses: fewer taints score higher", () => {
    // Raw [0, 1, 2] → 100 - 100 * raw / 2.
    expect(scores(taintTolerationScore, pod("p"), [clean, one, two])).toEqual([100, 50, 0]);
  });

  it("gives every node 100 when no node has an untolerated PreferNoSchedule taint", () => {
    const hard = node("hard", { taints: [{ key: "a", effect: "NoSchedule" }] });
    expect(scores(taintTolerationScore, pod("p"), [clean, hard])).toEqual([100, 100]);
  });

  it("uses only tolerations with effect PreferNoSchedule or empty", () => {
    const tolerateA = pod("p", {
      tolerations: [{ key: "a", operator: "Exists", effect: "PreferNoSchedule" }],
    });
    // Raw [0, 0, 1] → [100, 100, 0].
    expect(scores(taintTolerationScore, tolerateA, [clean, one, two])).toEqual([100, 100, 0]);
    const anyEffect = pod("p", { tolerations: [{ key: "a", operator: "Exists" }] });
    expect(scores(taintTolerationScore, anyEffect, [clean, one, two])).toEqual([100, 100, 0]);
    const noScheduleOnly = pod("p", {
      tolerations: [{ key: "a", operator: "Exists", effect: "NoSchedule" }],
    });
    expect(scores(taintTolerationScore, noScheduleOnly, [clean, one, two])).toEqual([100, 50, 0]);
  });

  it("has weight 3", () => {
    expect(taintTolerationScore.weight).toBe(3);
  });
});

describe("NodeAffinity score", () => {
  const preferred = (...terms: { weight: number; preference: NodeSelectorTerm }[]) => ({
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } },
  });
  const ssdZoneA = node("n1", { labels: { disktype: "ssd", zone: "a" } });
  const ssd = node("n2", { labels: { disktype: "ssd", zone: "b" } });
  const plain = node("n3", { labels: { zone: "b" } });

  it("sums the weights of matching preferred terms, then scales by the highest", () => {
    const p = pod(
      "p",
      preferred(
        {
          weight: 5,
          preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] },
        },
        { weight: 20, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } },
      ),
    );
    // Raw [25, 5, 0] → [100, 20, 0].
    expect(scores(nodeAffinityScore, p, [ssdZoneA, ssd, plain])).toEqual([100, 20, 0]);
    expect(nodeAffinityScore.weight).toBe(2);
  });

  it("truncates the scaled score", () => {
    const p = pod(
      "p",
      preferred(
        { weight: 1, preference: { matchExpressions: [{ key: "disktype", operator: "Exists" }] } },
        { weight: 2, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } },
      ),
    );
    // Raw [3, 1, 0] → [100, 33, 0].
    expect(scores(nodeAffinityScore, p, [ssdZoneA, ssd, plain])).toEqual([100, 33, 0]);
  });

  it("scores 0 everywhere without preferences or when nothing matches", () => {
    expect(scores(nodeAffinityScore, pod("p"), [ssdZoneA, plain])).toEqual([0, 0]);
    const p = pod(
      "p",
      preferred({ weight: 50, preference: { matchExpressions: [{ key: "gpu", operator: "Exists" }] } }),
    );
    expect(scores(nodeAffinityScore, p, [ssdZoneA, plain])).toEqual([0, 0]);
  });
});

describe("ImageLocality", () => {
  const nginx = "docker.io/library/nginx:1.27";
  const withNginx = (name: string, sizeMi: number) =>
    node(name, {
      images: [{ names: [`docker.io/library/nginx@sha256:abc`, nginx], sizeBytes: sizeMi * Mi }],
    });

  /** The plugin as the scheduler wires it: image sizes and spread over the nodes given. */
  function plugin(nodes: NodeInfo[]): ScorePlugin {
    const images = new Map<string, { size: number; numNodes: number }>();
    for (const n of nodes)
      for (const i of n.node.status?.images ?? [])
        for (const name of i.names ?? []) {
          const entry = images.get(name);
          if (entry) entry.numNodes++;
          else images.set(name, { size: i.sizeBytes ?? 0, numNodes: 1 });
        }
    return imageLocalityScore((name) => images.get(name));
  }

  const image = (ref: string) => pod("p", {}, [{ name: "c", image: ref }]);

  it("scales image size by spread, between 23Mi and 1000Mi per container", () => {
    // 500Mi on 2 of 4 nodes → 250Mi; 100 * (250 - 23) / (1000 - 23) = 23.2 → 23.
    const nodes = [withNginx("n1", 500), withNginx("n2", 500), node("n3"), node("n4")];
    expect(scores(plugin(nodes), image(nginx), nodes)).toEqual([23, 23, 0, 0]);
  });

  it("gives 100 to a node holding images at least as big as the threshold on every node", () => {
    const nodes = [withNginx("n1", 1200)];
    expect(scores(plugin(nodes), image(nginx), nodes)).toEqual([100]);
    // Two containers double the threshold: 1200Mi of 2000Mi → 100 * 1177 / 1977 = 59.5 → 59.
    const two = pod("p", {}, [
      { name: "a", image: nginx },
      { name: "b", image: "busybox:1.36" },
    ]);
    expect(scores(plugin(nodes), two, nodes)).toEqual([59]);
  });

  it("scores images under 23Mi as 0", () => {
    const nodes = [withNginx("n1", 20)];
    expect(scores(plugin(nodes), image(nginx), nodes)).toEqual([0]);
  });

  it("matches names as upstream: a missing tag becomes :latest, the registry is not filled in", () => {
    const latest = node("n1", {
      images: [{ names: ["docker.io/library/nginx:latest"], sizeBytes: 1000 * Mi }],
    });
    expect(scores(plugin([latest]), image("docker.io/library/nginx"), [latest])).toEqual([100]);
    // Upstream's normalizedImageName does not add docker.io/library/, so short names miss.
    expect(scores(plugin([latest]), image("nginx"), [latest])).toEqual([0]);
    const full = withNginx("n2", 1000);
    expect(scores(plugin([full]), image("nginx:1.27"), [full])).toEqual([0]);
  });

  it("counts init containers", () => {
    const nodes = [withNginx("n1", 1000)];
    const p = pod("p", { initContainers: [{ name: "init", image: nginx }] }, [
      { name: "c", image: "busybox" },
    ]);
    // 1000Mi of a 2000Mi threshold: 100 * 977 / 1977 = 49.4 → 49.
    expect(scores(plugin(nodes), p, nodes)).toEqual([49]);
  });
});
