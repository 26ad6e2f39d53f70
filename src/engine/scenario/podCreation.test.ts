// The pod-creation sequence of DESIGN.md §3, steps 1–7, asserted on the engine's trace.

import { describe, expect, it } from "vitest";
import { apply, events, pod, podManifest, testCluster } from "../testing/harness";
import { findInOrder } from "../testing/subsequence";

describe("kubectl apply -f pod.yaml", () => {
  it("travels kubectl → apiserver → etcd → scheduler → kubelet → runtime, in order", () => {
    const cluster = testCluster();
    const results = apply(cluster, podManifest("web"));
    expect(results).toEqual([{ ok: true, message: "pod/web created" }]);
    expect(cluster.sim.runUntilIdle()).toBe(true);

    const node = pod(cluster, "web")?.spec?.nodeName ?? "";
    expect(node).toMatch(/^node-\d$/);
    const kubelet = `kubelet/${node}`;
    const runtime = `container-runtime/${node}`;
    const trace = cluster.sim.trace;

    const steps = findInOrder(trace, [
      // 1. kubectl → apiserver
      {
        from: "kubectl",
        to: "kube-apiserver",
        kind: "request",
        summary: "POST /api/v1/namespaces/default/pods",
      },
      // 2. the handler chain, each a visible stage
      { from: "kube-apiserver", to: "kube-apiserver", summary: /^authentication: user "kubernetes-admin"/ },
      { from: "kube-apiserver", to: "kube-apiserver", summary: /^authorization: RBAC: allowed/ },
      { from: "kube-apiserver", to: "kube-apiserver", summary: /^mutating-admission: .*ServiceAccount/ },
      { from: "kube-apiserver", to: "kube-apiserver", summary: /^validation: Pod "web" is valid/ },
      { from: "kube-apiserver", to: "kube-apiserver", summary: /^validating-admission: NamespaceLifecycle/ },
      // 3. etcd transaction, revision → resourceVersion, 201 Created
      { from: "kube-apiserver", to: "etcd", kind: "request", summary: "Txn put /registry/pods/default/web" },
      { from: "etcd", to: "kube-apiserver", kind: "response", summary: /^Txn succeeded, revision \d+/ },
      { from: "kube-apiserver", to: "kubectl", kind: "response", summary: "201 Created" },
      // 4. etcd watch → apiserver watch cache → the scheduler's informer
      { from: "etcd", to: "kube-apiserver", kind: "watch", summary: "PUT /registry/pods/default/web" },
      { from: "kube-apiserver", to: "kube-scheduler", kind: "watch", summary: "ADDED Pod default/web" },
      // 5. Filter, Score, bind through the binding subresource
      { from: "kube-scheduler", to: "kube-scheduler", summary: "Filter default/web: 3 of 4 nodes fit" },
      {
        from: "kube-scheduler",
        to: "kube-scheduler",
        summary: /^Score default\/web: node-\d scores highest/,
      },
      {
        from: "kube-scheduler",
        to: "kube-apiserver",
        kind: "request",
        summary: "POST /api/v1/namespaces/default/pods/web/binding",
      },
      { from: "kube-apiserver", to: "etcd", summary: "Txn put /registry/pods/default/web" },
      { from: "kube-apiserver", to: "kube-scheduler", kind: "response", summary: "201 Created" },
      // 6. the kubelet's filtered watch, then the CRI calls
      { from: "kube-apiserver", to: kubelet, kind: "watch", summary: "ADDED Pod default/web" },
      { from: kubelet, to: runtime, kind: "request", summary: "RunPodSandbox default/web" },
      {
        from: runtime,
        to: kubelet,
        kind: "response",
        summary: /sandbox .* ready .*CNI assigned IP 10\.244\.\d+\.2/,
      },
      { from: kubelet, to: runtime, kind: "request", summary: "PullImage nginx:1.27" },
      { from: kubelet, to: runtime, kind: "request", summary: "CreateContainer web" },
      { from: kubelet, to: runtime, kind: "request", summary: "StartContainer web" },
      { from: runtime, to: kubelet, kind: "response", summary: "container web started" },
      // 7. status through the status subresource
      {
        from: kubelet,
        to: "kube-apiserver",
        kind: "request",
        summary: "PATCH /api/v1/namespaces/default/pods/web/status",
      },
      { from: "kube-apiserver", to: "etcd", summary: "Txn put /registry/pods/default/web" },
    ]);

    // The revision etcd returned became the pod's resourceVersion.
    const created = steps[7];
    expect(created?.revision).toBeGreaterThan(0);

    // Every message but the first was caused by an earlier one.
    const first = steps[0]?.seq ?? 0;
    for (const e of trace.filter((t) => t.seq > first && !t.background)) expect(e.cause).toBeLessThan(e.seq);

    const web = pod(cluster, "web");
    expect(web?.status?.phase).toBe("Running");
    expect(web?.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ]);
    expect(web?.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    expect(web?.status?.podIP).toMatch(/^10\.244\.\d+\.2$/);

    expect(events(cluster, "web").map((e) => [e.reason, e.message])).toEqual([
      ["Scheduled", `Successfully assigned default/web to ${node}`],
      ["Pulling", 'Pulling image "nginx:1.27"'],
      [
        "Pulled",
        expect.stringMatching(
          /^Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 72000000 bytes\.$/,
        ),
      ],
      ["Created", "Created container web"],
      ["Started", "Started container web"],
    ]);
  });

  it("is deterministic: the same seed gives the same trace, another seed a different one", () => {
    const run = (seed: number) => {
      const cluster = testCluster({ seed });
      apply(cluster, podManifest("a") + "---\n" + podManifest("b") + "---\n" + podManifest("c"));
      cluster.sim.runFor(60_000);
      return JSON.stringify(cluster.sim.trace);
    };
    const first = run(7);
    expect(run(7)).toBe(first);
    expect(run(8)).not.toBe(first);
  });
});
