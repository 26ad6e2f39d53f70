import { describe, expect, it } from "vitest";
import { ApiClient } from "../client/apiClient";
import { SECOND } from "../sim/time";
import { apply, pod, podManifest, testCluster } from "../testing/harness";
import { LoadModel } from "./loadModel";
import { ResourceMetricsClient, type ResourceMetricResult } from "./resourceMetricsClient";

const DEPLOYMENT = `apiVersion: apps/v1
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
`;

function listMetrics(cluster: ReturnType<typeof testCluster>, client: ApiClient): ResourceMetricResult {
  let result: ResourceMetricResult | undefined;
  new ResourceMetricsClient(client).getResourceMetric("cpu", "default", "app=web", "", (r) => (result = r));
  while (result === undefined && cluster.sim.step()) {
    /* run until answered */
  }
  if (!result) throw new Error("no answer");
  return result;
}

describe("metrics-server", () => {
  it("scrapes every kubelet every 15 s in the background", () => {
    const cluster = testCluster();
    cluster.sim.runUntil(15 * SECOND + 10);
    const scrapes = cluster.sim.trace.filter((e) => e.from === "metrics-server" || e.to === "metrics-server");
    expect(scrapes.map((e) => `${e.time} ${e.from} → ${e.to}: ${e.summary}`).slice(0, 2)).toEqual([
      "15001 metrics-server → kubelet/control-plane: GET https://172.18.0.2:10250/metrics/resource",
      "15001 metrics-server → kubelet/node-1: GET https://172.18.0.3:10250/metrics/resource",
    ]);
    expect(scrapes).toHaveLength(8);
    expect(scrapes.every((e) => e.background)).toBe(true);
    expect(scrapes.find((e) => e.from === "kubelet/control-plane")?.summary).toBe(
      "200 OK: 4 containers in 4 pods",
    );
    expect(cluster.metrics.scrapeCount).toBe(1);
  });

  it("serves a pod's metrics once it has two samples, through kube-apiserver, with the load spread over ready pods", () => {
    const cluster = testCluster();
    apply(cluster, DEPLOYMENT);
    const admin = cluster.kubectl.client;
    cluster.sim.runUntil(14 * SECOND);
    expect(listMetrics(cluster, admin)).toEqual({
      ok: false,
      error: "no metrics returned from resource metrics API",
    });

    // The containers started about 4 s in: at the 15 s scrape they are more than 10 s old, so their
    // start time serves as the first sample.
    cluster.sim.runUntil(15 * SECOND + 100);
    const started = cluster.sim.trace
      .filter((e) => e.summary === "container web started")
      .map((e) => e.time)
      .sort();
    const first = listMetrics(cluster, admin);
    expect(first.ok && [...first.metrics.values()].map((m) => m.windowMs).sort()).toEqual(
      started.map((t) => 15 * SECOND + 1 - t).sort(),
    );

    cluster.sim.runUntil(30 * SECOND + 100);
    const idle = listMetrics(cluster, admin);
    expect(idle.ok && [...idle.metrics.values()].map((m) => [m.value, m.windowMs])).toEqual([
      [1, 15 * SECOND],
      [1, 15 * SECOND],
    ]);

    expect(cluster.metrics.setLoad({ namespace: "default", deployment: "web" }, 90)).toBe(180);
    cluster.sim.runUntil(45 * SECOND + 100);
    const busy = listMetrics(cluster, admin);
    expect(busy.ok && [...busy.metrics.values()].map((m) => m.value)).toEqual([91, 91]);
    expect(cluster.metrics.listPodMetrics("default", { requirements: [] })[0]).toMatchObject({
      apiVersion: "metrics.k8s.io/v1beta1",
      kind: "PodMetrics",
      metadata: { namespace: "default", labels: { app: "web" } },
      timestamp: "2026-01-01T09:00:45Z",
      window: "15s",
      containers: [{ name: "web", usage: { cpu: "91000000n", memory: "4096Ki" } }],
    });
    const traced = cluster.sim.trace.map((e) => `${e.from} → ${e.to}: ${e.summary}`);
    expect(traced).toContain(
      "kubectl → kube-apiserver: GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb",
    );
    expect(traced).toContain(
      "kube-apiserver → metrics-server: GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb",
    );
    expect(traced).toContain("metrics-server → kube-apiserver: 200 OK: 2 PodMetrics");
  });

  it("a container younger than 10 s at a scrape waits for the next one", () => {
    const cluster = testCluster();
    apply(cluster, DEPLOYMENT);
    cluster.sim.runUntil(22 * SECOND);
    apply(cluster, podManifest("late", "    resources:\n      requests:\n        cpu: 100m\n"));
    cluster.sim.runUntil(30 * SECOND + 100);
    const late = () =>
      cluster.metrics.listPodMetrics("default", { requirements: [] }).map((m) => m.metadata.name);
    expect(pod(cluster, "late")?.status?.phase).toBe("Running");
    expect(late()).not.toContain("late");
    cluster.sim.runUntil(45 * SECOND + 100);
    expect(late()).toContain("late");
  });

  it("refuses users RBAC does not allow", () => {
    const cluster = testCluster();
    const jane = { name: "jane", groups: ["system:authenticated"], via: "bearer token" };
    const client = new ApiClient(cluster.sim, "kubectl", jane, cluster.apiserver);
    expect(listMetrics(cluster, client)).toEqual({
      ok: false,
      error:
        'unable to fetch metrics from resource metrics API: pods.metrics.k8s.io is forbidden: User "jane" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "default"',
    });
  });

  it("load: the demand is fixed when set and spread over the workload's ready pods", () => {
    const cluster = testCluster();
    apply(cluster, DEPLOYMENT);
    cluster.sim.runUntilIdle();
    const load = new LoadModel(cluster.apiserver);
    expect(load.setLoad({ namespace: "default", deployment: "web" }, 50)).toBe(100);
    const [a] = cluster.apiserver.watchCache("pods").list({ namespace: "default" });
    expect(load.cpuUsageMilli(a as never, "web", cluster.sim.now)).toBe(51);
    expect(() => load.setLoad({ namespace: "default", deployment: "nope" }, 50)).toThrow(
      'deployments.apps "nope" not found',
    );
    expect(load.setLoad({ namespace: "default", deployment: "web" }, 0)).toBe(0);
    expect(load.cpuUsageMilli(a as never, "web", cluster.sim.now)).toBe(1);
  });
});
