// A whole cluster autoscaling a Deployment: metrics-server scrapes the kubelets, the HPA asks
// kube-apiserver for PodMetrics (proxied to metrics-server), writes the Deployment's scale, and
// the Deployment and ReplicaSet controllers, scheduler and kubelets do the rest.

import { describe, expect, it } from "vitest";
import { MINUTE, SECOND } from "../sim/time";
import { apply, events, pods, testCluster } from "../testing/harness";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests:
            cpu: 100m
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
`;

describe("horizontal pod autoscaling, end to end", () => {
  it("scales a busy Deployment up within one metrics and sync period, and down 5 minutes after the load drops", () => {
    const cluster = testCluster();
    expect(apply(cluster, MANIFEST).map((r) => r.message)).toEqual([
      "deployment.apps/web created",
      "horizontalpodautoscaler.autoscaling/web created",
    ]);
    const web = { namespace: "default", deployment: "web" };
    const running = () =>
      pods(cluster).filter((p) => p.metadata?.labels?.["app"] === "web" && p.status?.phase === "Running")
        .length;
    const hpa = () =>
      cluster.apiserver.storage.peek("/registry/horizontalpodautoscalers/default/web")?.object["status"] as {
        currentReplicas?: number;
        desiredReplicas: number;
        currentMetrics?: { resource: { current: { averageUtilization: number } } }[];
        conditions: { type: string; reason: string }[];
      };
    const rescales = () =>
      events(cluster, "web")
        .filter((e) => e.involvedObject.kind === "HorizontalPodAutoscaler")
        .map((e) => `${e.lastTimestamp} ${e.type} ${e.reason} ${e.message}`);
    const replicas = () =>
      (
        cluster.apiserver.storage.peek("/registry/deployments/default/web")?.object["spec"] as {
          replicas: number;
        }
      ).replicas;

    cluster.sim.runUntil(50 * SECOND);
    expect(running()).toBe(2);
    // Idle: 1m of 100m. The first sync (15 s after the HPA appeared) wants 1 replica, but the
    // 5-minute window remembers the 2 there were.
    expect(hpa().desiredReplicas).toBe(2);
    expect(hpa().conditions.find((c) => c.type === "AbleToScale")?.reason).toBe("ScaleDownStabilized");

    // 90% of the two pods' 200m: 180m of work, spread over the ready pods.
    expect(cluster.metrics.setLoad(web, 90)).toBe(180);
    cluster.sim.runUntil(61 * SECOND);
    // metrics-server scraped 91m per pod at 60 s; the next HPA sync asked for ceil(2 × 91/50) = 4.
    expect(rescales()).toEqual([
      "2026-01-01T09:01:00Z Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target",
    ]);
    expect(replicas()).toBe(4);

    // Settles at 4: 180m over 4 pods is 46% of the request, within the 10% tolerance of 50%.
    cluster.sim.runUntil(4 * MINUTE);
    expect(running()).toBe(4);
    expect(hpa()).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 });
    expect(hpa().currentMetrics?.[0]?.resource.current.averageUtilization).toBe(46);
    expect(rescales()).toHaveLength(1);

    // The load drops to 10% of 400m: 11% per pod, which asks for 1 replica...
    expect(cluster.metrics.setLoad(web, 10)).toBe(40);
    cluster.sim.runUntil(8 * MINUTE);
    expect(replicas()).toBe(4);
    expect(hpa().conditions.find((c) => c.type === "AbleToScale")?.reason).toBe("ScaleDownStabilized");
    // ...once the last recommendation of 4 (the sync at 3m45s) is more than 5 minutes old.
    cluster.sim.runUntil(9 * MINUTE);
    expect(rescales()).toEqual([
      "2026-01-01T09:01:00Z Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target",
      "2026-01-01T09:08:45Z Normal SuccessfulRescale New size: 1; reason: All metrics below target",
    ]);
    cluster.sim.runUntil(11 * MINUTE);
    expect(running()).toBe(1);
    expect(hpa()).toMatchObject({ currentReplicas: 1, desiredReplicas: 1 });
    expect(hpa().currentMetrics?.[0]?.resource.current.averageUtilization).toBe(41);

    // What the learner sees: periodic syncs in the background, each rescale in the foreground.
    const trace = cluster.sim.trace;
    const scaleWrites = trace.filter(
      (e) => e.summary === "PUT /apis/apps/v1/namespaces/default/deployments/web/scale",
    );
    expect(scaleWrites.map((e) => [Math.floor(e.time / SECOND), e.background ?? false])).toEqual([
      [60, false],
      [525, false],
    ]);
    const metricsReads = trace.filter(
      (e) => e.summary === "GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb",
    );
    expect(metricsReads[0]).toMatchObject({ from: "kube-controller-manager", to: "kube-apiserver" });
    expect(metricsReads.some((e) => e.from === "kube-apiserver" && e.to === "metrics-server")).toBe(true);
    expect(
      trace.filter(
        (e) => e.summary === "GET /apis/apps/v1/namespaces/default/deployments/web/scale" && !e.background,
      ),
    ).toHaveLength(1);
  });
});
