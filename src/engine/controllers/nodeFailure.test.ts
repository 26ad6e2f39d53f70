// Whole-cluster scenarios: a worker loses power and comes back (node lifecycle + taint eviction
// controllers, kubelet stop/start), and a node is cordoned and drained (kubectl + Eviction API).

import { describe, expect, it } from "vitest";
import type { Lease, Node, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { drain, cordon, uncordon, type MaintenanceResult } from "../kubectl/nodeMaintenance";
import { SECOND, formatRfc3339, parseRfc3339 } from "../sim/time";
import { apply, events, pods, testCluster } from "../testing/harness";
import { graceDeadline } from "./nodeTimers";

const replicaSet = (name: string, replicas: number): string => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            preference:
              matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
      containers:
      - name: web
        image: nginx:1.27
`;

function node(cluster: Cluster, name: string): Node {
  return cluster.apiserver.storage.peek(`/registry/minions/${name}`)?.object as unknown as Node;
}

function lease(cluster: Cluster, name: string): Lease {
  return cluster.apiserver.storage.peek(`/registry/leases/kube-node-lease/${name}`)
    ?.object as unknown as Lease;
}

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === "Ready");
const podsOf = (cluster: Cluster, app: string): Pod[] =>
  pods(cluster).filter((p) => p.metadata?.labels?.["app"] === app);

/** Runs the simulation until a kubectl command has printed everything. */
function kubectl(cluster: Cluster, run: (done: (r: MaintenanceResult) => void) => void): MaintenanceResult {
  let result: MaintenanceResult | undefined;
  run((r) => (result = r));
  while (result === undefined && cluster.sim.step()) {
    /* run until answered */
  }
  if (result === undefined) throw new Error("kubectl never answered");
  return result;
}

describe("node failure", () => {
  it("marks a powered-off node Unknown after 40 s, evicts its pods 300 s after the taint, and recovers", () => {
    const cluster = testCluster();
    apply(cluster, replicaSet("web", 2));
    cluster.sim.runUntilIdle();
    const original = podsOf(cluster, "web");
    expect(original.map((p) => [p.spec?.nodeName, p.status?.phase])).toEqual([
      ["node-1", "Running"],
      ["node-1", "Running"],
    ]);

    // Power off right after a Lease renewal, so the 40 s grace period starts now.
    const kubelet = cluster.kubelets.get("node-1");
    if (!kubelet) throw new Error("no kubelet");
    const renewed = lease(cluster, "node-1").spec?.renewTime;
    while (lease(cluster, "node-1").spec?.renewTime === renewed) cluster.sim.step();
    kubelet.stop();
    expect(kubelet.running).toBe(false);
    const t0 = cluster.sim.now;
    const epoch = cluster.sim.epochMs;
    const deadline = graceDeadline(node(cluster, "node-1"), lease(cluster, "node-1")) as number;
    expect(deadline - epoch - t0).toBeGreaterThan(39 * SECOND);
    expect(deadline - epoch - t0).toBeLessThanOrEqual(40 * SECOND);
    // The node lifecycle controller checks every 5 s (from its start at 0): the first check after the deadline.
    const markAt = Math.floor((deadline - epoch) / (5 * SECOND)) * 5 * SECOND + 5 * SECOND;
    expect(markAt - t0).toBeGreaterThan(40 * SECOND);
    expect(markAt - t0).toBeLessThanOrEqual(45 * SECOND);

    // Nothing changes in the API until then: the pods still say Running and Ready.
    cluster.sim.runUntil(markAt - 1);
    expect(ready(node(cluster, "node-1"))?.status).toBe("True");
    expect(podsOf(cluster, "web").every((p) => p.status?.phase === "Running")).toBe(true);
    cluster.sim.runUntil(markAt + 100);
    const marked = node(cluster, "node-1");
    expect(ready(marked)).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
      lastTransitionTime: formatRfc3339(epoch + markAt),
    });
    expect(marked.spec?.taints).toEqual([
      {
        key: "node.kubernetes.io/unreachable",
        effect: "NoSchedule",
        timeAdded: formatRfc3339(epoch + markAt),
      },
    ]);
    for (const p of podsOf(cluster, "web")) {
      expect(p.status?.phase).toBe("Running");
      expect(p.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("False");
      expect(events(cluster, p.metadata?.name).map((e) => `${e.type} ${e.reason} ${e.message}`)).toContain(
        "Warning NodeNotReady Node is not ready",
      );
    }
    expect(
      events(cluster, "node-1").map((e) => `${e.source?.component ?? ""} ${e.reason} ${e.message}`),
    ).toContain("node-controller NodeNotReady Node node-1 status is now: NodeNotReady");

    // The next check taints it NoExecute; the pods tolerate that for 300 s (DefaultTolerationSeconds).
    const taintAt = markAt + 5 * SECOND;
    cluster.sim.runUntil(taintAt + 100);
    expect(node(cluster, "node-1").spec?.taints?.[1]).toEqual({
      key: "node.kubernetes.io/unreachable",
      effect: "NoExecute",
      timeAdded: formatRfc3339(epoch + taintAt),
    });
    const evictAt = taintAt + 300 * SECOND;
    expect(
      cluster.controllerManager.taintEviction.scheduledEviction("default", original[0]?.metadata?.name ?? ""),
    ).toBe(epoch + evictAt);
    cluster.sim.runUntil(evictAt - 1);
    expect(podsOf(cluster, "web").every((p) => p.metadata?.deletionTimestamp === undefined)).toBe(true);

    // Evicted on time; with nobody to stop them they stay Terminating; the ReplicaSet replaces them.
    cluster.sim.runUntil(evictAt + 2 * 60 * SECOND);
    const deletes = cluster.sim.trace.filter(
      (e) =>
        e.from === "kube-controller-manager" &&
        e.kind === "request" &&
        e.summary.startsWith("DELETE /api/v1/namespaces/default/pods/web-"),
    );
    expect(deletes).toHaveLength(2);
    for (const d of deletes) {
      expect(d.time).toBeGreaterThanOrEqual(evictAt);
      expect(d.time).toBeLessThan(evictAt + 100);
    }
    for (const p of original) {
      const now = pods(cluster).find((x) => x.metadata?.uid === p.metadata?.uid);
      expect(now?.metadata?.deletionTimestamp).toBe(formatRfc3339(epoch + evictAt + 30 * SECOND));
      expect(now?.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toMatchObject({
        status: "True",
        reason: "DeletionByTaintManager",
        message: "Taint manager: deleting due to NoExecute taint",
      });
      expect(events(cluster, p.metadata?.name).map((e) => `${e.reason} ${e.message}`)).toContain(
        `TaintManagerEviction Marking for deletion Pod default/${p.metadata?.name ?? ""}`,
      );
    }
    const replacements = podsOf(cluster, "web").filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(replacements).toHaveLength(2);
    for (const p of replacements) {
      expect(p.spec?.nodeName).not.toBe("node-1");
      expect(p.status?.phase).toBe("Running");
    }
    // The dead machine said nothing all this time. (metrics-server's scrapes, answered by its own
    // model of the kubelet, are left out: that component does not know about power yet.)
    const restartAt = cluster.sim.now;
    const fromNode1 = cluster.sim.trace.filter(
      (e) =>
        (e.from === "kubelet/node-1" || e.from === "container-runtime/node-1") &&
        e.to !== "metrics-server" &&
        e.time > t0 + 10,
    );
    expect(fromNode1).toEqual([]);

    // Power on: the kubelet reports Ready, the taints come off, the evicted pods are removed.
    kubelet.start();
    expect(kubelet.running).toBe(true);
    cluster.sim.runUntilIdle();
    const back = node(cluster, "node-1");
    expect(ready(back)).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(back.spec?.taints).toBeUndefined();
    expect(pods(cluster).filter((p) => original.some((o) => o.metadata?.uid === p.metadata?.uid))).toEqual(
      [],
    );
    expect(podsOf(cluster, "web").map((p) => p.status?.phase)).toEqual(["Running", "Running"]);
    const kubeletEvents = events(cluster, "node-1")
      .filter((e) => e.source?.component === "kubelet")
      .map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect(kubeletEvents).toEqual([
      "Normal Starting Starting kubelet.",
      "Normal NodeAllocatableEnforced Updated Node Allocatable limit across pods",
      `Warning Rebooted Node node-1 has been rebooted, boot id: ${back.status?.nodeInfo?.bootID ?? ""}`,
      "Normal NodeHasSufficientMemory Node node-1 status is now: NodeHasSufficientMemory",
      "Normal NodeHasNoDiskPressure Node node-1 status is now: NodeHasNoDiskPressure",
      "Normal NodeHasSufficientPID Node node-1 status is now: NodeHasSufficientPID",
      "Normal NodeReady Node node-1 status is now: NodeReady",
    ]);
    const restart = cluster.sim.trace.filter(
      (e) => e.time >= restartAt && e.from === "kubelet/node-1" && e.to === "kube-apiserver",
    );
    // Boot: events, registration (409 AlreadyExists), Lease, the pod LIST; then status and renewal.
    expect(restart.slice(0, 5).map((e) => e.summary)).toEqual([
      "POST /api/v1/namespaces/default/events",
      "POST /api/v1/namespaces/default/events",
      "POST /api/v1/nodes",
      "GET /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
      "GET /api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1",
    ]);
    const answers = cluster.sim.trace.filter((e) => e.time >= restartAt && e.to === "kubelet/node-1");
    expect(
      answers.find(
        (e) => e.detail?.type === "http" && e.detail.method === "POST" && e.detail.path === "/api/v1/nodes",
      )?.summary,
    ).toBe('409 Conflict: nodes "node-1" already exists');
    expect(restart.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        "GET /api/v1/nodes/node-1",
        "PATCH /api/v1/nodes/node-1/status",
        "PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
      ]),
    );
    for (const p of original) {
      expect(
        restart.some((e) => e.summary === `DELETE /api/v1/namespaces/default/pods/${p.metadata?.name ?? ""}`),
      ).toBe(true);
    }
  });

  it("runs a failure through to the eviction when run until idle, once a Lease renewal was missed", () => {
    const cluster = testCluster();
    apply(cluster, replicaSet("web", 2));
    cluster.sim.runUntilIdle();
    cluster.kubelets.get("node-1")?.stop();
    const t0 = cluster.sim.now;
    // Nothing is observably wrong yet: the cluster is idle at once.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    expect(cluster.sim.now).toBe(t0);
    // After a missed renewal the checks are foreground work, and so are the eviction timers.
    cluster.sim.runFor(15 * SECOND);
    expect(cluster.sim.runUntilIdle()).toBe(true);
    const live = podsOf(cluster, "web").filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(live.map((p) => [p.spec?.nodeName === "node-1", p.status?.phase])).toEqual([
      [false, "Running"],
      [false, "Running"],
    ]);
    expect(cluster.sim.now - t0).toBeGreaterThan(340 * SECOND);
    expect(cluster.sim.now - t0).toBeLessThan(360 * SECOND);
  });

  it("restarts a rebooted node's pods that were not evicted, counting a restart", () => {
    const cluster = testCluster();
    apply(cluster, replicaSet("web", 1));
    cluster.sim.runUntilIdle();
    const [before] = podsOf(cluster, "web");
    expect(before?.spec?.nodeName).toBe("node-1");
    const kubelet = cluster.kubelets.get("node-1");
    kubelet?.stop();
    cluster.sim.runFor(20 * SECOND);
    kubelet?.start();
    cluster.sim.runUntilIdle();
    const [after] = podsOf(cluster, "web");
    expect(after?.metadata?.uid).toBe(before?.metadata?.uid);
    expect(after?.status?.phase).toBe("Running");
    const status = after?.status?.containerStatuses?.[0];
    expect(status?.restartCount).toBe(1);
    expect(status?.ready).toBe(true);
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 255, reason: "Unknown" });
    expect(status?.containerID).not.toBe(before?.status?.containerStatuses?.[0]?.containerID);
    expect(ready(node(cluster, "node-1"))?.status).toBe("True");
  });
});

describe("node maintenance", () => {
  const bare = `apiVersion: v1
kind: Pod
metadata:
  name: bare
spec:
  nodeName: node-1
  containers:
  - name: web
    image: nginx:1.27
`;

  it("cordons a node so new pods avoid it, and drains it through the Eviction API", () => {
    const cluster = testCluster();
    apply(cluster, `${replicaSet("web", 2)}---\n${bare}`);
    cluster.sim.runUntilIdle();
    const client = cluster.kubectl.client;

    expect(kubectl(cluster, (done) => cordon(client, "node-1", done))).toEqual({
      ok: true,
      lines: ["node/node-1 cordoned"],
    });
    cluster.sim.runUntilIdle();
    expect(node(cluster, "node-1").spec?.unschedulable).toBe(true);
    expect(node(cluster, "node-1").spec?.taints).toEqual([
      {
        key: "node.kubernetes.io/unschedulable",
        effect: "NoSchedule",
        timeAdded: formatRfc3339(
          parseRfc3339(node(cluster, "node-1").spec?.taints?.[0]?.timeAdded ?? "") ?? 0,
        ),
      },
    ]);
    expect(kubectl(cluster, (done) => cordon(client, "node-1", done)).lines).toEqual([
      "node/node-1 already cordoned",
    ]);
    apply(cluster, replicaSet("late", 2));
    cluster.sim.runUntilIdle();
    expect(podsOf(cluster, "late").map((p) => p.spec?.nodeName === "node-1")).toEqual([false, false]);

    // A pod with no controller needs --force.
    expect(kubectl(cluster, (done) => drain(client, "node-1", {}, done))).toEqual({
      ok: false,
      lines: [
        "node/node-1 already cordoned",
        'error: unable to drain node "node-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
        "There are pending nodes to be drained:",
        " node-1",
        "error: cannot delete Pods that declare no controller (use --force to override): default/bare",
      ],
    });

    const web = podsOf(cluster, "web").map((p) => p.metadata?.name ?? "");
    const drained = kubectl(cluster, (done) => drain(client, "node-1", { force: true }, done));
    expect(drained.ok).toBe(true);
    expect(drained.lines.slice(0, 5)).toEqual([
      "node/node-1 already cordoned",
      "Warning: deleting Pods that declare no controller: default/bare",
      "evicting pod default/bare",
      `evicting pod default/${web[0] ?? ""}`,
      `evicting pod default/${web[1] ?? ""}`,
    ]);
    expect(drained.lines.slice(5, 8).sort()).toEqual(
      ["pod/bare evicted", `pod/${web[0] ?? ""} evicted`, `pod/${web[1] ?? ""} evicted`].sort(),
    );
    expect(drained.lines[8]).toBe("node/node-1 drained");
    expect(drained.lines).toHaveLength(9);
    const evictions = cluster.sim.trace.filter(
      (e) => e.from === "kubectl" && e.summary.endsWith("/eviction"),
    );
    expect(evictions.map((e) => e.summary)).toEqual([
      "POST /api/v1/namespaces/default/pods/bare/eviction",
      `POST /api/v1/namespaces/default/pods/${web[0] ?? ""}/eviction`,
      `POST /api/v1/namespaces/default/pods/${web[1] ?? ""}/eviction`,
    ]);
    cluster.sim.runUntilIdle();
    expect(pods(cluster).filter((p) => p.spec?.nodeName === "node-1")).toEqual([]);
    expect(podsOf(cluster, "web").map((p) => [p.spec?.nodeName === "node-1", p.status?.phase])).toEqual([
      [false, "Running"],
      [false, "Running"],
    ]);

    expect(kubectl(cluster, (done) => uncordon(client, "node-1", done)).lines).toEqual([
      "node/node-1 uncordoned",
    ]);
    cluster.sim.runUntilIdle();
    expect(node(cluster, "node-1").spec?.unschedulable).toBeUndefined();
    expect(node(cluster, "node-1").spec?.taints).toBeUndefined();
    expect(kubectl(cluster, (done) => uncordon(client, "node-1", done)).lines).toEqual([
      "node/node-1 already uncordoned",
    ]);
    expect(kubectl(cluster, (done) => cordon(client, "node-9", done))).toEqual({
      ok: false,
      lines: ['Error from server (NotFound): nodes "node-9" not found'],
    });
  });

  it("refuses DaemonSet pods and local storage without their flags, as kubectl says", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  nodeName: node-1
  volumes:
  - name: scratch
    emptyDir: {}
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - {name: scratch, mountPath: /cache}
`,
    );
    cluster.sim.runUntilIdle();
    const agent = podsOf(cluster, "agent").find((p) => p.spec?.nodeName === "node-1")?.metadata?.name ?? "";
    expect(agent).toMatch(/^agent-[a-z0-9]{5}$/);
    const client = cluster.kubectl.client;
    const daemonSet = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${agent}`;
    const local =
      "cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache";
    expect(kubectl(cluster, (done) => drain(client, "node-1", {}, done))).toEqual({
      ok: false,
      lines: [
        "node/node-1 cordoned",
        `error: unable to drain node "node-1" due to error: [${daemonSet}, ${local}], continuing command...`,
        "There are pending nodes to be drained:",
        " node-1",
        daemonSet,
        local,
      ],
    });
    const flags = { ignoreDaemonsets: true, deleteEmptydirData: true, force: true };
    expect(kubectl(cluster, (done) => drain(client, "node-1", flags, done))).toEqual({
      ok: true,
      lines: [
        "node/node-1 already cordoned",
        `Warning: ignoring DaemonSet-managed Pods: default/${agent}; deleting Pods that declare no controller: default/cache`,
        "evicting pod default/cache",
        "pod/cache evicted",
        "node/node-1 drained",
      ],
    });
    // The DaemonSet's pod stays: it tolerates the unschedulable taint.
    cluster.sim.runUntilIdle();
    expect(
      pods(cluster)
        .filter((p) => p.spec?.nodeName === "node-1")
        .map((p) => p.metadata?.name),
    ).toEqual([agent]);
  });

  it("marks an evicted pod with the DisruptionTarget condition before deleting it gracefully", () => {
    const cluster = testCluster();
    apply(cluster, bare);
    cluster.sim.runUntilIdle();
    const seen: Pod[] = [];
    cluster.apiserver.watch("pods", {
      component: "kubectl",
      handler: (e) => seen.push(e.object as unknown as Pod),
    });
    let code = 0;
    cluster.kubectl.client.request(
      {
        verb: "create",
        resource: "pods",
        namespace: "default",
        name: "bare",
        subresource: "eviction",
        body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "bare", namespace: "default" } },
      },
      (r) => {
        code = r.code;
        expect(r.body).toEqual({
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Success",
          code: 201,
        });
      },
    );
    cluster.sim.runUntilIdle();
    expect(code).toBe(201);
    // First the condition, then the graceful deletion, then the kubelet's final removal.
    expect(seen[0]?.status?.conditions?.at(-1)).toMatchObject({
      type: "DisruptionTarget",
      status: "True",
      reason: "EvictionByEvictionAPI",
      message: "Eviction API: evicting",
    });
    expect(seen[0]?.metadata?.deletionTimestamp).toBeUndefined();
    expect(seen[1]?.metadata?.deletionGracePeriodSeconds).toBe(30);
    expect(pods(cluster).find((p) => p.metadata?.name === "bare")).toBeUndefined();
  });
});
