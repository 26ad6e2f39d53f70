import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import type { FilterDetail, ScoreDetail, TraceEvent } from "../trace/traceEvent";
import {
  apply,
  events,
  kubectlDelete,
  pod,
  podManifest,
  pods,
  testCluster,
  traceFor,
} from "../testing/harness";

const controlPlaneTaint = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";

function filterEvents(cluster: Cluster, name: string): (TraceEvent & { detail: FilterDetail })[] {
  return traceFor(cluster, name).filter(
    (e): e is TraceEvent & { detail: FilterDetail } => e.detail?.type === "filter",
  );
}

function scoreEvents(cluster: Cluster, name: string): (TraceEvent & { detail: ScoreDetail })[] {
  return traceFor(cluster, name).filter(
    (e): e is TraceEvent & { detail: ScoreDetail } => e.detail?.type === "score",
  );
}

function failedScheduling(cluster: Cluster, name: string) {
  return events(cluster, name).filter((e) => e.reason === "FailedScheduling");
}

function podScheduledCondition(cluster: Cluster, name: string) {
  return pod(cluster, name)?.status?.conditions?.find((c) => c.type === "PodScheduled");
}

function requests(cpu: string): string {
  return `    resources:
      requests:
        cpu: ${cpu}
`;
}

/** Creates pods in the same instant, without waiting for kubectl: their cycles overlap their bindings. */
function createAtOnce(cluster: Cluster, names: string[], cpu: string): void {
  for (const name of names) {
    const body: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default" },
      spec: { containers: [{ name, image: "nginx:1.27", resources: { requests: { cpu } } }] },
    };
    cluster.kubectl.client.create("pods", "default", body as unknown as KubeObject);
  }
}

function placements(cluster: Cluster, names: string[]): (string | undefined)[] {
  return names.map((n) => pod(cluster, n)?.spec?.nodeName);
}

describe("kube-scheduler: placing a pod", () => {
  it("binds to a worker, traces Filter, Score, the binding and the Scheduled event, in that order", () => {
    const cluster = testCluster();
    apply(cluster, podManifest("web"));
    cluster.sim.runUntilIdle();

    const node = pod(cluster, "web")?.spec?.nodeName;
    expect(["node-1", "node-2", "node-3"]).toContain(node);
    expect(podScheduledCondition(cluster, "web")?.status).toBe("True");

    const [filter, ...moreFilters] = filterEvents(cluster, "web");
    expect(moreFilters).toHaveLength(0);
    expect(filter?.from).toBe("kube-scheduler");
    expect(filter?.kind).toBe("internal");
    expect(filter?.summary).toBe("Filter default/web: 3 of 4 nodes fit");
    expect(filter?.detail).toEqual({
      type: "filter",
      pod: "default/web",
      totalNodes: 4,
      nodes: ["control-plane", "node-1", "node-2", "node-3"],
      rejections: [
        {
          plugin: "TaintToleration",
          reason: "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
        },
        undefined,
        undefined,
        undefined,
      ],
      feasible: 3,
    });

    const [score] = scoreEvents(cluster, "web");
    expect(score?.detail.nodes).toEqual(["node-1", "node-2", "node-3"]);
    expect(score?.detail.plugins.map((p) => [p.plugin, p.weight])).toEqual([
      ["TaintToleration", 3],
      ["NodeAffinity", 2],
      ["NodeResourcesFit", 1],
      ["NodeResourcesBalancedAllocation", 1],
      ["ImageLocality", 1],
    ]);
    for (const p of score?.detail.plugins ?? []) expect(p.scores).toHaveLength(3);
    // Totals are the weighted sums of the normalised scores.
    const totals = [0, 1, 2].map((i) =>
      (score?.detail.plugins ?? []).reduce((sum, p) => sum + (p.scores[i] ?? 0) * p.weight, 0),
    );
    expect(score?.detail.totals).toEqual(totals);
    expect(score?.detail.selected).toBe(node);
    expect(score?.summary).toBe(
      `Score default/web: ${node} scores highest (${Math.max(...totals)}) of 3 nodes`,
    );

    const binding = cluster.sim.trace.find(
      (e) => e.summary === "POST /api/v1/namespaces/default/pods/web/binding" && e.kind === "request",
    );
    expect(binding?.from).toBe("kube-scheduler");
    const scheduled = events(cluster, "web").find((e) => e.reason === "Scheduled");
    expect(scheduled?.type).toBe("Normal");
    expect(scheduled?.message).toBe(`Successfully assigned default/web to ${node}`);
    expect(scheduled?.source?.component).toBe("default-scheduler");
    const eventCreate = cluster.sim.trace.find(
      (e) =>
        e.from === "kube-scheduler" &&
        e.summary === "POST /api/v1/namespaces/default/events" &&
        e.object?.name.startsWith("web."),
    );
    const bindingResponse = cluster.sim.trace.find(
      (e) => e.to === "kube-scheduler" && e.kind === "response" && (binding?.seq ?? 0) < e.seq,
    );
    expect(bindingResponse?.summary).toBe("201 Created");
    const seqs = [filter?.seq, score?.seq, binding?.seq, bindingResponse?.seq, eventCreate?.seq];
    expect(seqs.every((s) => s !== undefined)).toBe(true);
    expect([...(seqs as number[])].sort((a, b) => a - b)).toEqual(seqs);
    expect(failedScheduling(cluster, "web")).toHaveLength(0);
  });

  it("never places a pod on the tainted control-plane node", () => {
    const cluster = testCluster({ workers: 2 });
    for (let i = 0; i < 6; i++) apply(cluster, podManifest(`p${i}`));
    cluster.sim.runUntilIdle();
    const nodes = placements(cluster, ["p0", "p1", "p2", "p3", "p4", "p5"]);
    expect(nodes.every((n) => n === "node-1" || n === "node-2")).toBe(true);
    // LeastAllocated spreads request-less pods too (each counts as 100m / 200Mi).
    expect(nodes.filter((n) => n === "node-1")).toHaveLength(3);
  });

  it("places a pod that tolerates the control-plane taint and selects it by label", () => {
    const cluster = testCluster();
    apply(
      cluster,
      podManifest(
        "cp",
        `  nodeSelector:
    node-role.kubernetes.io/control-plane: ""
  tolerations:
  - key: node-role.kubernetes.io/control-plane
    operator: Exists
    effect: NoSchedule
`,
      ),
    );
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "cp")?.spec?.nodeName).toBe("control-plane");
    // Only one node fits: upstream skips scoring.
    expect(filterEvents(cluster, "cp")[0]?.detail.feasible).toBe(1);
    expect(scoreEvents(cluster, "cp")).toHaveLength(0);
  });
});

describe("kube-scheduler: unschedulable pods", () => {
  const message =
    "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, " +
    "3 node(s) didn't match Pod's node affinity/selector. " +
    "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";

  it("reports FailedScheduling once, then schedules the pod when a node gets the label", () => {
    const cluster = testCluster();
    apply(cluster, podManifest("ssd", "  nodeSelector:\n    disktype: ssd\n"));
    cluster.sim.runUntilIdle();

    expect(pod(cluster, "ssd")?.spec?.nodeName).toBeUndefined();
    const [event, ...others] = failedScheduling(cluster, "ssd");
    expect(others).toHaveLength(0);
    expect(event?.type).toBe("Warning");
    expect(event?.message).toBe(message);
    expect(event?.count).toBe(1);
    const condition = podScheduledCondition(cluster, "ssd");
    expect(condition).toMatchObject({
      type: "PodScheduled",
      status: "False",
      reason: "Unschedulable",
      message,
    });
    expect(condition?.lastProbeTime).toBeNull();

    const rejections = filterEvents(cluster, "ssd")[0]?.detail.rejections;
    expect(rejections?.map((r) => r?.plugin)).toEqual([
      "TaintToleration",
      "NodeAffinity",
      "NodeAffinity",
      "NodeAffinity",
    ]);

    // Nothing relevant changes for four minutes (heartbeats, node status): no new attempt.
    cluster.sim.runFor(4 * 60_000);
    expect(filterEvents(cluster, "ssd")).toHaveLength(1);
    expect(failedScheduling(cluster, "ssd")[0]?.count).toBe(1);

    cluster.kubectl.client.patch("nodes", undefined, "node-2", { metadata: { labels: { disktype: "ssd" } } });
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "ssd")?.spec?.nodeName).toBe("node-2");
    expect(filterEvents(cluster, "ssd")).toHaveLength(2);
    expect(events(cluster, "ssd").find((e) => e.reason === "Scheduled")?.message).toBe(
      "Successfully assigned default/ssd to node-2",
    );
    expect(podScheduledCondition(cluster, "ssd")?.status).toBe("True");
  });

  it("retries a pod left unschedulable for five minutes, counting the repeated event", () => {
    const cluster = testCluster();
    apply(cluster, podManifest("ssd", "  nodeSelector:\n    disktype: ssd\n"));
    cluster.sim.runUntilIdle();
    const failedAt = filterEvents(cluster, "ssd")[0]?.time ?? 0;
    cluster.sim.runFor(6 * 60_000);
    const attempts = filterEvents(cluster, "ssd");
    expect(attempts).toHaveLength(2);
    // Flushed by the first 30 s loop more than five minutes after the failure.
    const retriedAt = attempts[1]?.time ?? 0;
    expect(retriedAt - failedAt).toBeGreaterThan(5 * 60_000);
    expect(retriedAt - failedAt).toBeLessThanOrEqual(5 * 60_000 + 30_000);
    const [event, ...others] = failedScheduling(cluster, "ssd");
    expect(others).toHaveLength(0);
    expect(event?.count).toBe(2);
    expect(event?.message).toBe(message);
  });

  it("ignores pods for other schedulers", () => {
    const cluster = testCluster();
    apply(cluster, podManifest("other", "  schedulerName: my-scheduler\n"));
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "other")?.spec?.nodeName).toBeUndefined();
    expect(filterEvents(cluster, "other")).toHaveLength(0);
    expect(events(cluster, "other")).toHaveLength(0);
  });

  it("reports a SchedulerError when there are no nodes at all, and schedules once a node appears", () => {
    const cluster = testCluster({ workers: 1 });
    const node1 = cluster.objects().find((o) => o.kind === "Node" && o.metadata.name === "node-1");
    kubectlDelete(cluster, "nodes", "node-1");
    kubectlDelete(cluster, "nodes", "control-plane");
    apply(cluster, podManifest("lonely"));
    cluster.sim.runUntilIdle();
    expect(failedScheduling(cluster, "lonely").map((e) => e.message)).toEqual([
      "no nodes available to schedule pods",
    ]);
    expect(podScheduledCondition(cluster, "lonely")).toMatchObject({
      status: "False",
      reason: "SchedulerError",
      message: "no nodes available to schedule pods",
    });
    // The node registers again.
    const { resourceVersion: _rv, uid: _uid, ...metadata } = node1?.metadata ?? {};
    cluster.kubectl.client.create("nodes", undefined, { ...(node1 as KubeObject), metadata });
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "lonely")?.spec?.nodeName).toBe("node-1");
  });
});

describe("kube-scheduler: binding errors", () => {
  it("reports a pod bound by someone else first, and forgets its assumption", () => {
    const cluster = testCluster();
    const client = cluster.kubectl.client;
    const body: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "race", namespace: "default" },
      spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
    };
    // Bind to node-3 ourselves as soon as the pod exists: our binding lands before the scheduler's.
    client.create("pods", "default", body as unknown as KubeObject, () =>
      client.request({
        verb: "create",
        resource: "pods",
        namespace: "default",
        name: "race",
        subresource: "binding",
        body: {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name: "race", namespace: "default" },
          target: { apiVersion: "v1", kind: "Node", name: "node-3" },
        },
      }),
    );
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "race")?.spec?.nodeName).toBe("node-3");
    expect(failedScheduling(cluster, "race").map((e) => e.message)).toEqual([
      'running Bind plugin "DefaultBinder": Operation cannot be fulfilled on pods/binding "race": ' +
        'pod race is already assigned to node "node-3"',
    ]);
    expect(events(cluster, "race").some((e) => e.reason === "Scheduled")).toBe(false);
    // The binding's PodScheduled=True stands.
    expect(podScheduledCondition(cluster, "race")?.status).toBe("True");
    expect(cluster.scheduler.assumedCount).toBe(0);
    expect(cluster.scheduler.queue.has("default/race")).toBe(false);
    const holders = ["node-1", "node-2", "node-3"].filter((n) =>
      cluster.scheduler.nodeInfo(n)?.pods.has("default/race"),
    );
    expect(holders).toEqual(["node-3"]);
  });
});

describe("kube-scheduler: resource accounting", () => {
  const insufficient =
    `0/4 nodes are available: ${controlPlaneTaint}, 3 Insufficient cpu. ` +
    "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, " +
    "3 No preemption victims found for incoming pod.";

  it("leaves the pod that does not fit Pending with Insufficient cpu, and places it when room is freed", () => {
    const cluster = testCluster();
    // Workers have 4 cpu: one 3-cpu pod per node.
    const names = ["big-0", "big-1", "big-2", "big-3"];
    for (const name of names) apply(cluster, podManifest(name, requests("3")));
    cluster.sim.runUntilIdle();

    const bound = placements(cluster, names);
    expect(bound.slice(0, 3).sort()).toEqual(["node-1", "node-2", "node-3"]);
    expect(bound[3]).toBeUndefined();
    expect(failedScheduling(cluster, "big-3").map((e) => e.message)).toEqual([insufficient]);
    const rejections = filterEvents(cluster, "big-3")[0]?.detail.rejections ?? [];
    expect(rejections.slice(1)).toEqual([
      { plugin: "NodeResourcesFit", reason: "Insufficient cpu" },
      { plugin: "NodeResourcesFit", reason: "Insufficient cpu" },
      { plugin: "NodeResourcesFit", reason: "Insufficient cpu" },
    ]);

    // Deleting a bound pod frees its node (AssignedPodDelete): the pending pod takes its place.
    const freed = bound[1];
    kubectlDelete(cluster, "pods", "big-1");
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "big-1")).toBeUndefined();
    expect(pod(cluster, "big-3")?.spec?.nodeName).toBe(freed);
  });

  it("frees the resources of a pod that has finished (Succeeded)", () => {
    const cluster = testCluster({ workers: 1 });
    apply(cluster, podManifest("job", requests("3")));
    apply(cluster, podManifest("next", requests("3")));
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "job")?.spec?.nodeName).toBe("node-1");
    expect(failedScheduling(cluster, "next")[0]?.message).toBe(
      `0/2 nodes are available: 1 Insufficient cpu, ${controlPlaneTaint}. ` +
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, " +
        "1 Preemption is not helpful for scheduling.",
    );
    // The pod's phase becomes Succeeded (as its kubelet would report): upstream's informer drops
    // terminal pods, so their requests stop counting and waiting pods are retried.
    cluster.kubectl.client.patch(
      "pods",
      "default",
      "job",
      { status: { phase: "Succeeded" } },
      { subresource: "status" },
    );
    while (!pod(cluster, "next")?.spec?.nodeName && cluster.sim.step()) {
      /* until the waiting pod is bound */
    }
    expect(pod(cluster, "next")?.spec?.nodeName).toBe("node-1");
    expect(failedScheduling(cluster, "next")).toHaveLength(1);
  });

  it("counts pods it has bound but not yet seen (assumed), so pods created at once are not double-booked", () => {
    const cluster = testCluster();
    const names = ["a", "b", "c", "d"];
    createAtOnce(cluster, names, "3");
    let maxAssumed = 0;
    while (cluster.sim.step()) {
      maxAssumed = Math.max(maxAssumed, cluster.scheduler.assumedCount);
      if (cluster.sim.idle) break;
    }
    cluster.sim.runUntilIdle();
    // Several bindings were in flight together: the cache, not the watch, kept the count.
    expect(maxAssumed).toBeGreaterThanOrEqual(2);
    const bFilter = filterEvents(cluster, "b")[0];
    const aBoundSeen = cluster.sim.trace.find(
      (e) => e.to === "kube-scheduler" && e.kind === "watch" && e.summary === "MODIFIED Pod default/a",
    );
    expect(bFilter && aBoundSeen && bFilter.seq < aBoundSeen.seq).toBe(true);

    const nodes = placements(cluster, names);
    const placed = nodes.filter((n): n is string => n !== undefined);
    expect(placed).toHaveLength(3);
    expect(new Set(placed).size).toBe(3);
    const pending = names[nodes.indexOf(undefined)];
    expect(pending).toBeDefined();
    expect(failedScheduling(cluster, pending ?? "")).toHaveLength(1);
    for (const name of ["node-1", "node-2", "node-3"]) {
      const info = cluster.scheduler.nodeInfo(name);
      expect(info?.requestedMilliCpu).toBe(3000);
      expect(info?.pods.size).toBe(1);
    }
    expect(cluster.scheduler.assumedCount).toBe(0);
  });
});

describe("kube-scheduler: determinism", () => {
  const names = Array.from({ length: 7 }, (_, i) => `p${i}`);

  function run(seed: number): (string | undefined)[] {
    const cluster = testCluster({ seed, workers: 3 });
    createAtOnce(cluster, names, "100m");
    cluster.sim.runUntilIdle();
    return placements(cluster, names);
  }

  it("breaks score ties with the seeded RNG: the same seed gives the same placements", () => {
    const first = run(7);
    expect(first.every((n) => n !== undefined)).toBe(true);
    expect(run(7)).toEqual(first);
  });

  it("uses the seed: different seeds place pods differently", () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => run(seed).join(","));
    expect(new Set(runs).size).toBeGreaterThan(1);
  });
});

describe("kube-scheduler: large clusters (numFeasibleNodesToFind)", () => {
  it("stops filtering once enough nodes fit, and starts the next cycle where the last one stopped", () => {
    const cluster = testCluster({ workers: 300 });
    const names = ["p0", "p1", "p2"];
    for (const name of names) apply(cluster, podManifest(name));
    cluster.sim.runUntilIdle();
    expect(
      pods(cluster).filter((p) => names.includes(p.metadata?.name ?? "") && p.spec?.nodeName),
    ).toHaveLength(3);

    // 301 nodes: max(5, 50 - 301 / 125) = 48% → 144 feasible nodes are enough.
    const [f0, f1, f2] = names.map((n) => filterEvents(cluster, n)[0]?.detail);
    expect(f0?.totalNodes).toBe(301);
    expect(f0?.feasible).toBe(144);
    // The first cycle starts at the control-plane node, which is rejected: 145 examined.
    expect(f0?.nodes[0]).toBe("control-plane");
    expect(f0?.nodes).toHaveLength(145);
    expect(f1?.feasible).toBe(144);
    expect(f1?.nodes).toHaveLength(144);
    // Round robin: the second cycle examines none of the first cycle's nodes.
    const seen = new Set(f0?.nodes);
    expect(f1?.nodes.some((n) => seen.has(n))).toBe(false);
    // The third wraps around past the end of the list, through the control-plane node again.
    expect(f2?.nodes).toContain("control-plane");
    expect(f2?.nodes).toHaveLength(145);
    const seen2 = new Set([...(f0?.nodes ?? []), ...(f1?.nodes ?? [])]);
    expect(f2?.nodes.filter((n) => !seen2.has(n))).toHaveLength(301 - 145 - 144);
    // Scores only the feasible nodes found.
    expect(scoreEvents(cluster, "p0")[0]?.detail.nodes).toHaveLength(144);
  });

  it("examines every node with percentageOfNodesToScore 100", () => {
    const cluster = testCluster({ workers: 120, percentageOfNodesToScore: 100 });
    apply(cluster, podManifest("all"));
    cluster.sim.runUntilIdle();
    const detail = filterEvents(cluster, "all")[0]?.detail;
    expect(detail?.nodes).toHaveLength(121);
    expect(detail?.feasible).toBe(120);
  });
});
