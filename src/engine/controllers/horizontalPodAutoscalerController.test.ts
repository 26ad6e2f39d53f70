// The HPA controller in sample-controller style: a Deployment `web` with ready pods, an HPA, and a
// fake metrics-server registered with the apiserver's aggregation layer. Only etcd and
// kube-apiserver run, so a new scale stays a number on the Deployment.

import { describe, expect, it } from "vitest";
import type { Event, KubeObject } from "../api/objects";
import { defaultWorkload } from "../apiserver/registry/workloadDefaults";
import { registerMetricsApiService } from "../metrics/aggregator";
import type { PodMetrics } from "../metrics/podMetrics";
import { DEFAULT_EPOCH_MS, MINUTE, SECOND, formatRfc3339 } from "../sim/time";
import { type ControllerTestbed, controllerTestbed } from "../testing/controllerTestbed";
import { HorizontalPodAutoscalerController } from "./horizontalPodAutoscalerController";

const LONG_AGO = formatRfc3339(DEFAULT_EPOCH_MS - 10 * MINUTE);
const SCALE = "/apis/apps/v1/namespaces/default/deployments/web/scale";

function deployment(replicas: number): KubeObject {
  return defaultWorkload(
    "deployments",
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", generation: 1 },
      spec: {
        replicas,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "nginx" }] },
        },
      },
      status: { replicas },
    },
    [],
  );
}

function pod(name: string, cpu: string | undefined): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "web" } },
    spec: {
      containers: [{ name: "web", image: "nginx", ...(cpu ? { resources: { requests: { cpu } } } : {}) }],
    },
    status: {
      phase: "Running",
      startTime: LONG_AGO,
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: LONG_AGO }],
    },
  };
}

function hpa(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default", generation: 1 },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
        },
      ],
      ...spec,
    },
  };
}

interface Setup {
  readonly bed: ControllerTestbed;
  readonly hpa: HorizontalPodAutoscalerController;
  /** millicores each pod uses now (the fake metrics-server's answer). */
  readonly usage: Map<string, number>;
}

/** `replicas` ready pods web-0.. each requesting `cpu`, using `milli` each. */
function setup(o: {
  replicas: number;
  milli: number;
  cpu?: string | undefined;
  hpaSpec?: Record<string, unknown>;
  metrics?: boolean;
}): Setup {
  const names = Array.from({ length: o.replicas }, (_, i) => `web-${i}`);
  const cpu = "cpu" in o ? o.cpu : "100m";
  const bed = controllerTestbed([deployment(o.replicas), ...names.map((n) => pod(n, cpu)), hpa(o.hpaSpec)], {
    controllerName: "horizontal-pod-autoscaler",
  });
  const usage = new Map(names.map((n) => [n, o.milli]));
  if (o.metrics !== false) {
    registerMetricsApiService(bed.apiserver, {
      name: "metrics-server",
      listPodMetrics: (namespace) =>
        [...usage].map(([name, milli]): PodMetrics => ({
          apiVersion: "metrics.k8s.io/v1beta1",
          kind: "PodMetrics",
          metadata: { name, namespace },
          timestamp: bed.sim.timestamp(),
          window: "15s",
          containers: [{ name: "web", usage: { cpu: `${milli * 1_000_000}n`, memory: "4096Ki" } }],
        })),
    });
  }
  const controller = new HorizontalPodAutoscalerController(bed.client);
  controller.start();
  return { bed, hpa: controller, usage };
}

const statusOf = (bed: ControllerTestbed) =>
  bed.get("horizontalpodautoscalers", "default", "web")?.["status"] as Record<string, unknown>;
const replicasOf = (bed: ControllerTestbed) =>
  (bed.get("deployments", "default", "web")?.["spec"] as { replicas: number }).replicas;
const events = (bed: ControllerTestbed) =>
  bed.list("events", "default").map((e) => {
    const ev = e as unknown as Event;
    return `${ev.type} ${ev.reason} ${ev.message}`;
  });
const conditions = (bed: ControllerTestbed) =>
  (
    (statusOf(bed)["conditions"] ?? []) as { type: string; status: string; reason: string; message: string }[]
  ).map((c) => `${c.type} ${c.status} ${c.reason}: ${c.message}`);

describe("horizontal pod autoscaler controller", () => {
  it("first syncs one sync period after it sees the HPA, and scales a busy Deployment up", () => {
    const { bed } = setup({ replicas: 2, milli: 90 });
    bed.run();
    expect(bed.sim.now).toBeGreaterThanOrEqual(15 * SECOND);
    expect(bed.client.calls({ includeReads: true })).toEqual([
      `GET ${SCALE}`,
      `PUT ${SCALE}`,
      "POST /api/v1/namespaces/default/events",
      "PUT /apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web/status",
    ]);
    const summaries = bed.sim.trace.map((e) => `${e.from} → ${e.to}: ${e.summary}`);
    expect(summaries).toContain(
      "kube-controller-manager → kube-apiserver: GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb",
    );
    expect(summaries).toContain(
      "kube-apiserver → metrics-server: GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb",
    );
    expect(summaries).toContain("metrics-server → kube-apiserver: 200 OK: 2 PodMetrics");
    expect(replicasOf(bed)).toBe(4); // ceil(2 × 90/50)
    expect(events(bed)).toEqual([
      "Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target",
    ]);
    expect(statusOf(bed)).toMatchObject({
      lastScaleTime: formatRfc3339(DEFAULT_EPOCH_MS + 15 * SECOND),
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [
        {
          type: "Resource",
          resource: { name: "cpu", current: { averageUtilization: 90, averageValue: "90m" } },
        },
      ],
    });
    expect(conditions(bed)).toEqual([
      "AbleToScale True SucceededRescale: the HPA controller was able to update the target scale to 4",
      "ScalingActive True ValidMetricFound: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
      "ScalingLimited False DesiredWithinRange: the desired count is within the acceptable range",
    ]);
  });

  it("keeps the count within the 10% tolerance, and syncs again every 15 s in the background", () => {
    const { bed } = setup({ replicas: 2, milli: 54 });
    bed.run();
    expect(replicasOf(bed)).toBe(2);
    expect(statusOf(bed)).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    expect(conditions(bed)[0]).toBe(
      "AbleToScale True ReadyForNewScale: recommended size matches current size",
    );
    bed.client.clear();
    bed.sim.runFor(15 * SECOND);
    // Nothing changed: a GET of the scale and no writes.
    expect(bed.client.calls({ includeReads: true })).toEqual([`GET ${SCALE}`]);
    expect(
      bed.sim.trace.filter((e) => e.summary === `GET ${SCALE}`).every((e, i) => i === 0 || e.background),
    ).toBe(true);
  });

  it("holds a scale-down for the 5-minute stabilization window, then scales to the lowest recommendation", () => {
    const { bed } = setup({ replicas: 4, milli: 10 });
    bed.run();
    expect(replicasOf(bed)).toBe(4);
    expect(conditions(bed)[0]).toBe(
      "AbleToScale True ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation",
    );
    bed.sim.runUntil(15 * SECOND + 5 * MINUTE);
    expect(replicasOf(bed)).toBe(4);
    bed.sim.runUntil(16 * SECOND + 5 * MINUTE);
    expect(replicasOf(bed)).toBe(1); // ceil(4 × 10/50)
    expect(events(bed)).toEqual(["Normal SuccessfulRescale New size: 1; reason: All metrics below target"]);
    // The first sync's recommendation (4, at 15 s) has just left the window: the next sync after 5m15s.
    const put = bed.sim.trace.find((e) => e.summary === `PUT ${SCALE}`);
    expect(put?.time).toBeGreaterThan(315 * SECOND);
    expect(statusOf(bed)["lastScaleTime"]).toBe(formatRfc3339(DEFAULT_EPOCH_MS + 315 * SECOND));
  });

  it("clamps to minReplicas and maxReplicas and says so in ScalingLimited", () => {
    const low = setup({ replicas: 4, milli: 10, hpaSpec: { minReplicas: 3 } });
    low.bed.run();
    low.bed.sim.runFor(6 * MINUTE);
    expect(replicasOf(low.bed)).toBe(3);
    expect(conditions(low.bed)).toContain(
      "ScalingLimited True TooFewReplicas: the desired replica count is less than the minimum replica count",
    );
    const high = setup({ replicas: 6, milli: 100, hpaSpec: { maxReplicas: 8 } });
    high.bed.run();
    expect(replicasOf(high.bed)).toBe(8); // 12 wanted; the legacy rate limit allows 12
    expect(conditions(high.bed)).toContain(
      "ScalingLimited True TooManyReplicas: the desired replica count is more than the maximum replica count",
    );
    const fast = setup({ replicas: 2, milli: 500 });
    fast.bed.run();
    expect(replicasOf(fast.bed)).toBe(4); // 20 wanted; at most max(2 × 2, 4) at once without spec.behavior
    expect(conditions(fast.bed)).toContain(
      "ScalingLimited True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate",
    );
  });

  it("with spec.behavior, applies its policies (defaults: +4 pods or +100% per 15 s, the larger)", () => {
    const { bed } = setup({ replicas: 1, milli: 500, hpaSpec: { behavior: {} } });
    bed.run();
    expect(replicasOf(bed)).toBe(5); // max(1 + 4, 1 × 2)
    const down = setup({
      replicas: 6,
      milli: 5,
      hpaSpec: {
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 0,
            policies: [{ type: "Pods", value: 2, periodSeconds: 60 }],
          },
        },
      },
    });
    down.bed.run();
    expect(replicasOf(down.bed)).toBe(4);
    expect(conditions(down.bed)).toContain(
      "ScalingLimited True ScaleDownLimit: the desired replica count is decreasing faster than the maximum scale rate",
    );
    down.bed.sim.runFor(45 * SECOND); // still within the 60 s period: no more than 2 pods per minute
    expect(replicasOf(down.bed)).toBe(4);
    down.bed.sim.runFor(30 * SECOND);
    expect(replicasOf(down.bed)).toBe(2);
  });

  it("reports a container without a CPU request as upstream does", () => {
    const { bed } = setup({ replicas: 2, milli: 90, cpu: undefined });
    bed.run();
    expect(replicasOf(bed)).toBe(2);
    expect(events(bed)).toEqual([
      "Warning FailedGetResourceMetric failed to get cpu utilization: missing request for cpu in container web of Pod web-0",
      "Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container web of Pod web-0",
    ]);
    expect(conditions(bed)).toEqual([
      "AbleToScale True SucceededGetScale: the HPA controller was able to get the target's current scale",
      "ScalingActive False FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container web of Pod web-0",
    ]);
    expect(statusOf(bed)).toMatchObject({ currentReplicas: 2, desiredReplicas: 0 });
  });

  it("without metrics-server, the metrics API is not found", () => {
    const { bed } = setup({ replicas: 2, milli: 90, metrics: false });
    bed.run();
    expect(events(bed)[0]).toBe(
      "Warning FailedGetResourceMetric failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)",
    );
  });

  it("reports a missing scale target through AbleToScale and a FailedGetScale event", () => {
    const { bed } = setup({
      replicas: 2,
      milli: 90,
      hpaSpec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "nope" } },
    });
    bed.run();
    expect(events(bed)).toEqual(['Warning FailedGetScale deployments.apps "nope" not found']);
    expect(conditions(bed)).toEqual([
      'AbleToScale False FailedGetScale: the HPA controller was unable to get the target\'s current scale: deployments.apps "nope" not found',
    ]);
  });

  it("counts a pod without metrics as idle on a scale-up, as upstream does", () => {
    const { bed, usage } = setup({ replicas: 3, milli: 90 });
    usage.delete("web-2"); // metrics-server has no sample for it yet
    bed.run();
    // 90% on two pods would ask for ceil(3 × 1.8) = 6; with web-2 at 0%: ceil(3 × 60/50) = 4.
    expect(replicasOf(bed)).toBe(4);
    expect(statusOf(bed)["currentMetrics"]).toEqual([
      {
        type: "Resource",
        resource: { name: "cpu", current: { averageUtilization: 90, averageValue: "90m" } },
      },
    ]);
  });
});
