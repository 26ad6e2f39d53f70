// The replica calculator against upstream's table (pkg/controller/podautoscaler/
// replica_calculator_test.go): pods named test-pod-<i> with two containers, metrics summed per
// pod (or one container's), tolerance 0.1, CPU initialization period 2 minutes, initial readiness
// delay 10 s, metric timestamps at Go's zero time and a one-minute window.

import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import type { PodMetrics } from "../metrics/podMetrics";
import { podMetricsInfo } from "../metrics/resourceMetricsClient";
import { MINUTE, SECOND, formatRfc3339, parseRfc3339 } from "../sim/time";
import {
  type ReplicaCalculatorOptions,
  getRawResourceReplicas,
  getResourceReplicas,
  groupPods,
} from "./hpaReplicaCalculator";

const ZERO = "0001-01-01T00:00:00Z";
const NOW = 1_767_258_000_000;
const HOT = NOW; // started now: within the CPU initialization period
const COOL = NOW - 3 * MINUTE;
const OPTIONS: ReplicaCalculatorOptions = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 2 * MINUTE,
  delayOfInitialReadinessStatusMs: 10 * SECOND,
};

interface Case {
  readonly currentReplicas: number;
  readonly expectedReplicas?: number;
  readonly expectedError?: string;
  /** Per pod: the request of each of its two containers (`1.0` = 1000m). */
  readonly requests: readonly string[];
  /** Per pod with metrics: each container's usage in millicores. */
  readonly levels: readonly (readonly number[])[];
  readonly podNames?: readonly string[];
  readonly target: number;
  readonly expectedUtilization?: number;
  readonly expectedValue?: number;
  readonly container?: string;
  readonly readiness?: readonly ("True" | "False")[];
  readonly startTimes?: readonly number[];
  readonly phases?: readonly string[];
  readonly deleting?: readonly boolean[];
  readonly resource?: string;
}

const same = (...values: number[]): number[][] => values.map((v) => [v, v]);

function podsOf(tc: Case): Pod[] {
  const count = Math.max(tc.currentReplicas, tc.phases?.length ?? 0);
  const resource = tc.resource ?? "cpu";
  return Array.from({ length: count }, (_, i) => {
    const request = tc.requests[i];
    const resources = request !== undefined ? { requests: { [resource]: request } } : {};
    const start = tc.startTimes?.[i];
    return {
      metadata: {
        name: `test-pod-${i}`,
        namespace: "test-namespace",
        labels: { name: "test-pod" },
        ...(tc.deleting?.[i] ? { deletionTimestamp: formatRfc3339(NOW) } : {}),
      },
      spec: {
        containers: [
          { name: "container1", resources },
          { name: "container2", resources },
        ],
      },
      status: {
        phase: tc.phases?.[i] ?? "Running",
        startTime: start === undefined ? ZERO : formatRfc3339(start),
        conditions: [{ type: "Ready", status: tc.readiness?.[i] ?? "True" }],
      },
    } as Pod;
  });
}

function metricsOf(tc: Case): PodMetrics[] {
  const resource = tc.resource ?? "cpu";
  return tc.levels.map((levels, i) => ({
    apiVersion: "metrics.k8s.io/v1beta1",
    kind: "PodMetrics",
    metadata: { name: tc.podNames?.[i] ?? `test-pod-${i}`, namespace: "test-namespace" },
    timestamp: ZERO,
    window: "1m0s",
    // As upstream's fake: two container entries, the ones without a level left empty.
    containers: [0, 1].map((j) =>
      levels[j] === undefined
        ? ({ name: "", usage: {} } as unknown as PodMetrics["containers"][number])
        : ({
            name: `container${j + 1}`,
            usage: { [resource]: `${levels[j]}m` },
          } as unknown as PodMetrics["containers"][number]),
    ),
  }));
}

function run(tc: Case) {
  const input = {
    currentReplicas: tc.currentReplicas,
    resource: tc.resource ?? "cpu",
    container: tc.container ?? "",
    pods: podsOf(tc),
    metrics: podMetricsInfo(metricsOf(tc), tc.resource ?? "cpu", tc.container ?? ""),
    nowMs: NOW,
    options: OPTIONS,
  };
  return tc.resource === "memory"
    ? getRawResourceReplicas({ ...input, targetUsage: tc.target })
    : getResourceReplicas({ ...input, targetUtilization: tc.target });
}

function check(tc: Case): void {
  const result = run(tc);
  if (tc.expectedError !== undefined) {
    expect(result.ok ? "no error" : result.error).toContain(tc.expectedError);
    return;
  }
  expect(result).toEqual({
    ok: true,
    replicas: tc.expectedReplicas,
    utilization: tc.expectedUtilization,
    rawUtilization: tc.expectedValue,
    timestampMs: parseRfc3339(ZERO),
  });
}

const ones = (n: number): string[] => Array.from({ length: n }, () => "1.0");

describe("GetResourceReplicas (replica_calculator_test.go)", () => {
  const cases: Record<string, Case> = {
    DisjointResourcesMetrics: {
      currentReplicas: 1,
      expectedError: "no metrics returned matched known pods",
      requests: ["1.0"],
      levels: same(100),
      podNames: ["an-older-pod-name"],
      target: 100,
    },
    ScaleUp: {
      currentReplicas: 3,
      expectedReplicas: 5,
      requests: ones(3),
      levels: same(300, 500, 700),
      target: 30,
      expectedUtilization: 50,
      expectedValue: 1000,
    },
    ContainerScaleUp: {
      currentReplicas: 3,
      expectedReplicas: 5,
      requests: ones(3),
      levels: [
        [1000, 300],
        [1000, 500],
        [1000, 700],
      ],
      target: 30,
      expectedUtilization: 50,
      expectedValue: 500,
      container: "container2",
    },
    ScaleUpUnreadyLessScale: {
      currentReplicas: 3,
      expectedReplicas: 4,
      readiness: ["False", "True", "True"],
      requests: ones(3),
      levels: same(300, 500, 700),
      target: 30,
      expectedUtilization: 60,
      expectedValue: 1200,
    },
    ScaleUpContainerHotCpuLessScale: {
      currentReplicas: 3,
      expectedReplicas: 4,
      startTimes: [HOT, COOL, COOL],
      requests: ones(3),
      levels: [
        [0, 300],
        [0, 500],
        [0, 700],
      ],
      target: 30,
      expectedUtilization: 60,
      expectedValue: 600,
      container: "container2",
    },
    ScaleUpHotCpuLessScale: {
      currentReplicas: 3,
      expectedReplicas: 4,
      startTimes: [HOT, COOL, COOL],
      requests: ones(3),
      levels: same(300, 500, 700),
      target: 30,
      expectedUtilization: 60,
      expectedValue: 1200,
    },
    ScaleUpUnreadyNoScale: {
      currentReplicas: 3,
      expectedReplicas: 3,
      readiness: ["True", "False", "False"],
      requests: ones(3),
      levels: same(400, 500, 700),
      target: 30,
      expectedUtilization: 40,
      expectedValue: 800,
    },
    ScaleHotCpuNoScale: {
      currentReplicas: 3,
      expectedReplicas: 3,
      readiness: ["True", "False", "False"],
      startTimes: [COOL, HOT, HOT],
      requests: ones(3),
      levels: same(400, 500, 700),
      target: 30,
      expectedUtilization: 40,
      expectedValue: 800,
    },
    ScaleUpIgnoresFailedPods: {
      currentReplicas: 2,
      expectedReplicas: 4,
      readiness: ["True", "True", "False", "False"],
      phases: ["Running", "Running", "Failed", "Failed"],
      requests: ones(4),
      levels: same(500, 700),
      target: 30,
      expectedUtilization: 60,
      expectedValue: 1200,
    },
    ScaleUpContainerIgnoresFailedPods: {
      currentReplicas: 2,
      expectedReplicas: 4,
      readiness: ["True", "True", "False", "False"],
      phases: ["Running", "Running", "Failed", "Failed"],
      requests: ones(4),
      levels: [
        [1000, 500],
        [9000, 700],
      ],
      target: 30,
      expectedUtilization: 60,
      expectedValue: 600,
      container: "container2",
    },
    ScaleUpIgnoresDeletionPods: {
      currentReplicas: 2,
      expectedReplicas: 4,
      readiness: ["True", "True", "False", "False"],
      phases: ["Running", "Running", "Running", "Running"],
      deleting: [false, false, true, true],
      requests: ones(4),
      levels: same(500, 700),
      target: 30,
      expectedUtilization: 60,
      expectedValue: 1200,
    },
    ScaleDown: {
      currentReplicas: 5,
      expectedReplicas: 3,
      requests: ones(5),
      levels: same(100, 300, 500, 250, 250),
      target: 50,
      expectedUtilization: 28,
      expectedValue: 560,
    },
    ContainerScaleDown: {
      currentReplicas: 5,
      expectedReplicas: 3,
      requests: ones(5),
      levels: [
        [1000, 100],
        [1000, 300],
        [1000, 500],
        [1000, 250],
        [1000, 250],
      ],
      target: 50,
      expectedUtilization: 28,
      expectedValue: 280,
      container: "container2",
    },
    ScaleDownExcludeUnreadyPods: {
      currentReplicas: 5,
      expectedReplicas: 2,
      readiness: ["True", "True", "True", "False", "False"],
      requests: ones(5),
      levels: same(100, 300, 500, 250, 250),
      target: 50,
      expectedUtilization: 30,
      expectedValue: 600,
    },
    ScaleDownExcludeUnscheduledPods: {
      currentReplicas: 5,
      expectedReplicas: 1,
      readiness: ["True", "False", "False", "False", "False"],
      phases: ["Running", "Pending", "Pending", "Pending", "Pending"],
      requests: ones(5),
      levels: same(100),
      target: 50,
      expectedUtilization: 10,
      expectedValue: 200,
    },
    ScaleDownIgnoreHotCpuPods: {
      currentReplicas: 5,
      expectedReplicas: 2,
      startTimes: [COOL, COOL, COOL, HOT, HOT],
      requests: ones(5),
      levels: same(100, 300, 500, 250, 250),
      target: 50,
      expectedUtilization: 30,
      expectedValue: 600,
    },
    ScaleDownIgnoresFailedPods: {
      currentReplicas: 5,
      expectedReplicas: 3,
      readiness: ["True", "True", "True", "True", "True", "False", "False"],
      phases: ["Running", "Running", "Running", "Running", "Running", "Failed", "Failed"],
      requests: ones(7),
      levels: same(100, 300, 500, 250, 250),
      target: 50,
      expectedUtilization: 28,
      expectedValue: 560,
    },
    ScaleDownIgnoresDeletionPods: {
      currentReplicas: 5,
      expectedReplicas: 3,
      readiness: ["True", "True", "True", "True", "True", "False", "False"],
      phases: ["Running", "Running", "Running", "Running", "Running", "Running", "Running"],
      deleting: [false, false, false, false, false, true, true],
      requests: ones(7),
      levels: same(100, 300, 500, 250, 250),
      target: 50,
      expectedUtilization: 28,
      expectedValue: 560,
    },
    Tolerance: {
      currentReplicas: 3,
      expectedReplicas: 3,
      requests: ["0.9", "1.0", "1.1"],
      levels: same(1010, 1030, 1020),
      target: 100,
      expectedUtilization: 102,
      expectedValue: 2040,
    },
    SuperfluousMetrics: {
      currentReplicas: 4,
      expectedReplicas: 24,
      requests: ones(4),
      levels: same(4000, 9500, 3000, 7000, 3200, 2000),
      target: 100,
      expectedUtilization: 587,
      expectedValue: 11750,
    },
    MissingMetrics: {
      currentReplicas: 4,
      expectedReplicas: 3,
      requests: ones(4),
      levels: same(400, 95),
      target: 100,
      expectedUtilization: 24,
      expectedValue: 495,
    },
    EmptyMetrics: {
      currentReplicas: 4,
      expectedError: "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
      requests: ones(3),
      levels: [],
      target: 100,
    },
    EmptyCPURequest: {
      currentReplicas: 1,
      expectedError: "missing request for",
      requests: [],
      levels: same(200),
      target: 100,
    },
    MissingMetricsNoChangeEq: {
      currentReplicas: 2,
      expectedReplicas: 2,
      requests: ones(2),
      levels: same(1000),
      target: 100,
      expectedUtilization: 100,
      expectedValue: 2000,
    },
    MissingMetricsNoChangeGt: {
      currentReplicas: 2,
      expectedReplicas: 2,
      requests: ones(2),
      levels: same(1900),
      target: 100,
      expectedUtilization: 190,
      expectedValue: 3800,
    },
    MissingMetricsNoChangeLt: {
      currentReplicas: 2,
      expectedReplicas: 2,
      requests: ones(2),
      levels: same(600),
      target: 100,
      expectedUtilization: 60,
      expectedValue: 1200,
    },
    MissingMetricsUnreadyChange: {
      currentReplicas: 3,
      expectedReplicas: 3,
      readiness: ["False", "True", "True"],
      requests: ones(3),
      levels: same(100, 450),
      target: 50,
      expectedUtilization: 45,
      expectedValue: 900,
    },
    MissingMetricsHotCpuNoChange: {
      currentReplicas: 3,
      expectedReplicas: 3,
      startTimes: [HOT, COOL, COOL],
      requests: ones(3),
      levels: same(100, 450),
      target: 50,
      expectedUtilization: 45,
      expectedValue: 900,
    },
    MissingMetricsUnreadyScaleUp: {
      currentReplicas: 3,
      expectedReplicas: 4,
      readiness: ["False", "True", "True"],
      requests: ones(3),
      levels: same(100, 2000),
      target: 50,
      expectedUtilization: 200,
      expectedValue: 4000,
    },
    MissingMetricsHotCpuScaleUp: {
      currentReplicas: 3,
      expectedReplicas: 4,
      readiness: ["False", "True", "True"],
      startTimes: [HOT, COOL, COOL],
      requests: ones(3),
      levels: same(100, 2000),
      target: 50,
      expectedUtilization: 200,
      expectedValue: 4000,
    },
    MissingMetricsUnreadyScaleDown: {
      currentReplicas: 4,
      expectedReplicas: 3,
      readiness: ["False", "True", "True", "True"],
      requests: ones(4),
      levels: same(100, 100, 100),
      target: 50,
      expectedUtilization: 10,
      expectedValue: 200,
    },
    MissingMetricsScaleDownTargetOver100: {
      currentReplicas: 4,
      expectedReplicas: 2,
      readiness: ["False", "True", "True", "True"],
      requests: ["1.0", "1.0", "2.0", "2.0"],
      levels: same(200, 100, 100),
      target: 300,
      expectedUtilization: 6,
      expectedValue: 200,
    },
    DuringRollingUpdateWithMaxSurge: {
      currentReplicas: 2,
      expectedReplicas: 2,
      phases: ["Running", "Running", "Running"],
      requests: ones(3),
      levels: same(100, 100),
      target: 50,
      expectedUtilization: 10,
      expectedValue: 200,
    },
  };
  for (const [name, tc] of Object.entries(cases)) it(name, () => check(tc));

  it("ComputedToleranceAlgImplementation: scales just outside the tolerance, not just inside it", () => {
    // 10 pods using 150m each and requesting about twice that.
    const perPodRequested = 300;
    const target = Math.abs(1 / (2 * (1 - 0.1))) + 0.01;
    const requests = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPodRequested + d}m`);
    const tc: Case = {
      currentReplicas: 10,
      expectedReplicas: Math.ceil((1500 / (3000 * target)) * 10),
      requests,
      levels: same(...Array.from({ length: 10 }, () => 150)),
      target: Math.trunc(target * 100),
      expectedUtilization: 50,
      expectedValue: 300,
    };
    expect(tc.expectedReplicas).toBe(9);
    check(tc);
    const inside = Math.abs(1 / (2 * (1 - 0.1))) + 0.004;
    check({ ...tc, target: Math.trunc(inside * 100), expectedReplicas: 10 });
  });
});

describe("calcPlainMetricReplicas (average value targets, no CPU readiness rules)", () => {
  const plain = (levels: number[]): number[][] => levels.map((v) => [v, 0]);
  const memory = (tc: Omit<Case, "resource" | "requests">): Case => ({
    ...tc,
    resource: "memory",
    requests: [],
  });
  it.each([
    [
      "ScaleUpCM",
      memory({
        currentReplicas: 3,
        expectedReplicas: 4,
        levels: plain([20000, 10000, 30000]),
        target: 15000,
        expectedUtilization: 20000,
        expectedValue: 20000,
      }),
    ],
    [
      "ScaleUpCMUnreadyHotCpuNoLessScale",
      memory({
        currentReplicas: 3,
        expectedReplicas: 6,
        readiness: ["True", "True", "False"],
        startTimes: [COOL, COOL, HOT],
        levels: plain([50000, 10000, 30000]),
        target: 15000,
        expectedUtilization: 30000,
        expectedValue: 30000,
      }),
    ],
    [
      "ScaleDownCM",
      memory({
        currentReplicas: 5,
        expectedReplicas: 3,
        levels: plain([12000, 12000, 12000, 12000, 12000]),
        target: 20000,
        expectedUtilization: 12000,
        expectedValue: 12000,
      }),
    ],
    [
      "ToleranceCM",
      memory({
        currentReplicas: 3,
        expectedReplicas: 3,
        levels: plain([20000, 21000, 21000]),
        target: 20000,
        expectedUtilization: 20666,
        expectedValue: 20666,
      }),
    ],
    [
      "MissingMetricsNoChangeEq",
      memory({
        currentReplicas: 5,
        expectedReplicas: 5,
        levels: plain([20000, 19000, 21000]),
        target: 20000,
        expectedUtilization: 20000,
        expectedValue: 20000,
      }),
    ],
    [
      "DuringRollingUpdateWithMaxSurgeCM",
      memory({
        currentReplicas: 2,
        expectedReplicas: 2,
        phases: ["Running", "Running", "Running"],
        levels: plain([10000, 10000]),
        target: 17000,
        expectedUtilization: 10000,
        expectedValue: 10000,
      }),
    ],
  ])("%s", (_name, tc) => check(tc));
});

describe("groupPods (TestGroupPods)", () => {
  const pod = (name: string, status: Pod["status"]): Pod => ({ metadata: { name }, status }) as Pod;
  const sample = (timestampMs = NOW, windowMs = MINUTE) => ({ value: 1, timestampMs, windowMs });
  const group = (pods: Pod[], metrics: [string, ReturnType<typeof sample>][], resource = "cpu") => {
    const g = groupPods(pods, new Map(metrics), resource, OPTIONS, NOW);
    return {
      ready: g.readyPodCount,
      unready: [...g.unready],
      missing: [...g.missing],
      ignored: [...g.ignored],
    };
  };
  const ready = (since: number, status: "True" | "False" = "True") => [
    { type: "Ready", status, lastTransitionTime: formatRfc3339(since) },
  ];

  it("counts a pod for memory whatever its readiness", () => {
    expect(group([pod("bentham", { phase: "Succeeded" })], [["bentham", sample()]], "memory")).toEqual({
      ready: 1,
      unready: [],
      missing: [],
      ignored: [],
    });
  });
  it("unreadies a CPU pod without a Ready condition", () => {
    const p = pod("lucretius", { phase: "Succeeded", startTime: formatRfc3339(NOW) });
    expect(group([p], [["lucretius", sample()]]).unready).toEqual(["lucretius"]);
  });
  it("counts a ready pod whose sample is a full window after it became ready, during initialization", () => {
    const p = pod("bentham", {
      phase: "Succeeded",
      startTime: formatRfc3339(NOW - MINUTE),
      conditions: ready(NOW - 30 * SECOND),
    });
    expect(group([p], [["bentham", sample(NOW, 30 * SECOND)]]).ready).toBe(1);
    expect(group([p], [["bentham", sample(NOW, 60 * SECOND)]]).unready).toEqual(["bentham"]);
  });
  it("after initialization: counts a pod that was ready once, not one that never was", () => {
    const once = pod("lucretius", {
      phase: "Succeeded",
      startTime: formatRfc3339(NOW - 10 * MINUTE),
      conditions: ready(NOW - 9 * MINUTE, "False"),
    });
    expect(group([once], [["lucretius", sample()]]).ready).toBe(1);
    const never = pod("lucretius", {
      phase: "Succeeded",
      startTime: formatRfc3339(NOW - 10 * MINUTE),
      conditions: ready(NOW - 9 * MINUTE - 54 * SECOND, "False"),
    });
    expect(group([never], [["lucretius", sample()]]).unready).toEqual(["lucretius"]);
  });
  it("sorts several pods: unready, ready, missing", () => {
    const pods = [
      pod("lucretius", { phase: "Succeeded", startTime: formatRfc3339(NOW) }),
      pod("niccolo", {
        phase: "Succeeded",
        startTime: formatRfc3339(NOW - 3 * MINUTE),
        conditions: ready(NOW - 3 * MINUTE),
      }),
      pod("epicurus", { phase: "Succeeded", startTime: formatRfc3339(NOW - 3 * MINUTE) }),
    ];
    expect(
      group(pods, [
        ["lucretius", sample()],
        ["niccolo", sample()],
      ]),
    ).toEqual({
      ready: 1,
      unready: ["lucretius"],
      missing: ["epicurus"],
      ignored: [],
    });
  });
});
