import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import { cycleState, normalizeImageName, numFeasibleNodesToFind, schedulerImageName } from "./framework";

describe("numFeasibleNodesToFind", () => {
  // Adaptive: percentage = max(5, 50 - nodes / 125), nodes * percentage / 100, at least 100;
  // clusters under 100 nodes are always searched in full.
  it.each([
    [0, 0],
    [1, 1],
    [50, 50],
    [99, 99],
    [100, 100], // 50% of 100 = 50, raised to the minimum of 100
    [125, 100], // 49% → 61 → 100
    [250, 120], // 48%
    [301, 144], // 48% of 301 = 144.48
    [500, 230], // 46%
    [1000, 420], // 42%
    [5000, 500], // 10%
    [5625, 281], // 5%: 281.25
    [6000, 300], // 50 - 48 = 2%, raised to the 5% floor
    [10000, 500], // 50 - 80 < 5 → 5%
  ])("adaptive: %i nodes → %i", (nodes, expected) => {
    expect(numFeasibleNodesToFind(nodes)).toBe(expected);
  });

  it("uses an explicit percentageOfNodesToScore, still with the 100-node minimum", () => {
    expect(numFeasibleNodesToFind(1000, 30)).toBe(300);
    expect(numFeasibleNodesToFind(1000, 5)).toBe(100);
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
    expect(numFeasibleNodesToFind(1000, 150)).toBe(1000);
    expect(numFeasibleNodesToFind(50, 10)).toBe(50);
    // A negative value means adaptive, as 0 does.
    expect(numFeasibleNodesToFind(1000, -1)).toBe(420);
  });
});

describe("normalizeImageName (as containerd reports images)", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["bitnami/redis", "docker.io/bitnami/redis:latest"],
    ["bitnami/redis:7.2", "docker.io/bitnami/redis:7.2"],
    ["docker.io/nginx", "docker.io/library/nginx:latest"],
    ["index.docker.io/library/nginx:1.27", "docker.io/library/nginx:1.27"],
    ["docker.io/library/nginx:1.27", "docker.io/library/nginx:1.27"],
    ["registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"],
    ["registry.k8s.io/coredns/coredns:v1.11.3", "registry.k8s.io/coredns/coredns:v1.11.3"],
    ["quay.io/prometheus/node-exporter", "quay.io/prometheus/node-exporter:latest"],
    ["localhost/app", "localhost/app:latest"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["myregistry:5000/team/app:v2", "myregistry:5000/team/app:v2"],
    ["nginx@sha256:0123abcd", "docker.io/library/nginx@sha256:0123abcd"],
  ])("%s → %s", (image, expected) => {
    expect(normalizeImageName(image)).toBe(expected);
  });
});

describe("schedulerImageName (imagelocality.normalizedImageName)", () => {
  it.each([
    ["nginx", "nginx:latest"],
    ["nginx:1.27", "nginx:1.27"],
    ["docker.io/library/nginx", "docker.io/library/nginx:latest"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["localhost:5000/app:v1", "localhost:5000/app:v1"],
    ["nginx@sha256:0123abcd", "nginx@sha256:0123abcd"],
  ])("%s → %s", (image, expected) => {
    expect(schedulerImageName(image)).toBe(expected);
  });
});

describe("cycleState", () => {
  it("computes requests, tolerations and images (init containers first) once per cycle", () => {
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: {
        initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "2" } } }],
        containers: [
          { name: "a", image: "nginx:1.27", resources: { requests: { cpu: "250m", memory: "64Mi" } } },
          { name: "b", image: "redis" },
        ],
        tolerations: [{ key: "k", operator: "Exists" }],
      },
    };
    const state = cycleState(pod, 7);
    expect(state.totalNodes).toBe(7);
    expect(state.images).toEqual(["busybox:latest", "nginx:1.27", "redis:latest"]);
    expect(state.tolerations).toEqual([{ key: "k", operator: "Exists" }]);
    // cpu: max(250m, init 2000m); memory: 64Mi (the init container requests none).
    expect(state.requests.milliCpu).toBe(2000);
    expect(state.requests.memory).toBe(64 * 1024 * 1024);
    // Non-zero: containers 250m + 100m (b has none) vs init 2000m; memory 64Mi + 200Mi vs init 200Mi.
    expect(state.requests.nonZeroMilliCpu).toBe(2000);
    expect(state.requests.nonZeroMemory).toBe(264 * 1024 * 1024);
  });
});
