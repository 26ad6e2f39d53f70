import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Node, Pod } from "../api/objects";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { SECOND, formatRfc3339, formatRfc3339Micro } from "../sim/time";
import { controllerTestbed } from "../testing/controllerTestbed";
import { NodeLifecycleController } from "./nodeLifecycleController";

const EPOCH = 1_767_258_000_000; // the simulation's default epoch: 2026-01-01T09:00:00Z

function node(name: string, heartbeatMs: number, extra: Partial<Node["spec"]> = {}): KubeObject {
  const at = formatRfc3339(heartbeatMs);
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: formatRfc3339(EPOCH - 3_600_000),
    reason,
    message,
  });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `uid-${name}`, creationTimestamp: formatRfc3339(EPOCH - 3_600_000) },
    spec: { ...extra },
    status: {
      conditions: [
        c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
    },
  } as unknown as KubeObject;
}

function lease(name: string, renewMs: number): KubeObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name, namespace: "kube-node-lease" },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatRfc3339Micro(renewMs) },
  };
}

function runningPod(name: string, nodeName: string): KubeObject {
  const since = formatRfc3339(EPOCH - 600_000);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { nodeName, containers: [{ name: "web", image: "nginx:1.27" }] },
    status: {
      phase: "Running",
      conditions: [
        { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: since },
        { type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: since },
        { type: "ContainersReady", status: "True", lastProbeTime: null, lastTransitionTime: since },
        { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: since },
      ],
    },
  } as unknown as KubeObject;
}

/** The node as the controller leaves it after marking it: every condition Unknown. */
function unknown(object: KubeObject): KubeObject {
  const n = object as unknown as Node;
  const conditions = (n.status?.conditions ?? []).map((c) => ({
    ...c,
    status: "Unknown",
    reason: "NodeStatusUnknown",
    message: "Kubelet stopped posting node status.",
  }));
  return { ...object, status: { ...n.status, conditions } } as KubeObject;
}

const eventsOf = (tb: ReturnType<typeof controllerTestbed>): string[] =>
  (tb.list("events") as unknown as Event[]).map(
    (e) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.type} ${e.reason} ${e.message}`,
  );

describe("node lifecycle controller", () => {
  it("marks a node whose Lease and heartbeat stopped Unknown, taints it and marks its pods not ready", () => {
    // node-1 was last heard of 36 s before the simulation starts: its 40 s grace ends at 4 s.
    const tb = controllerTestbed(
      [
        node("node-1", EPOCH - 60 * SECOND),
        lease("node-1", EPOCH - 36 * SECOND),
        node("node-2", EPOCH),
        lease("node-2", EPOCH + 3_600_000),
        runningPod("web-1", "node-1"),
        runningPod("web-2", "node-2"),
      ],
      { controllerName: "node-controller" },
    );
    const controller = new NodeLifecycleController(tb.client);
    controller.start();

    // The first check (5 s) is past the deadline (4 s): status, event, pods; then the NoSchedule taint.
    tb.sim.runUntil(5 * SECOND + 100);
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "PUT /api/v1/nodes/node-1/status",
      "POST /api/v1/namespaces/default/events",
      "PUT /api/v1/namespaces/default/pods/web-1/status",
      "GET /api/v1/nodes/node-1",
      "POST /api/v1/namespaces/default/events",
      "PATCH /api/v1/nodes/node-1",
    ]);
    const marked = tb.get("nodes", undefined, "node-1") as unknown as Node;
    expect(marked.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["MemoryPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["DiskPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["PIDPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
    ]);
    // The heartbeat stays what the kubelet last wrote; the transition is now.
    const ready = marked.status?.conditions?.find((c) => c.type === "Ready");
    expect(ready?.lastHeartbeatTime).toBe(formatRfc3339(EPOCH - 60 * SECOND));
    expect(ready?.lastTransitionTime).toBe("2026-01-01T09:00:05Z");
    expect(marked.spec?.taints).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: "2026-01-01T09:00:05Z" },
    ]);
    const pod = tb.get("pods", "default", "web-1") as unknown as Pod;
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")).toEqual({
      type: "Ready",
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: "2026-01-01T09:00:05Z",
    });
    // The other node's pod is left alone.
    const other = tb.get("pods", "default", "web-2") as unknown as Pod;
    expect(other.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(eventsOf(tb)).toEqual([
      "Node/node-1 Normal NodeNotReady Node node-1 status is now: NodeNotReady",
      "Pod/web-1 Warning NodeNotReady Node is not ready",
    ]);

    // The next check sees Ready=Unknown and adds the NoExecute taint (rate limiter: first token free).
    tb.client.clear();
    tb.sim.runUntil(10 * SECOND + 100);
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "GET /api/v1/nodes/node-1",
      "PATCH /api/v1/nodes/node-1",
    ]);
    const patch = tb.client.actions[1]?.request.body as { metadata: { resourceVersion: string } };
    expect(patch.metadata.resourceVersion).toMatch(/^\d+$/);
    expect((tb.get("nodes", undefined, "node-1") as unknown as Node).spec?.taints).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: "2026-01-01T09:00:05Z" },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: "2026-01-01T09:00:10Z" },
    ]);

    // Settled: later checks write nothing, and the cluster goes idle.
    tb.client.clear();
    tb.sim.runUntil(60 * SECOND);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
    expect(tb.sim.idle).toBe(true);
  });

  it("keeps checking in the foreground while a node is failing, so running until idle reaches the taint", () => {
    const tb = controllerTestbed([node("node-1", EPOCH - 60 * SECOND), lease("node-1", EPOCH - 20 * SECOND)]);
    new NodeLifecycleController(tb.client).start();
    // Overdue at start (20 s without a renewal): the 5 s checks are foreground until the taint is on.
    tb.run();
    const tainted = tb.get("nodes", undefined, "node-1") as unknown as Node;
    // Deadline 20 s (renewed at -20 s): the check at 25 s marks it, the one at 30 s taints NoExecute.
    expect(tainted.spec?.taints?.map((t) => `${t.key}:${t.effect}@${t.timeAdded ?? ""}`)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule@2026-01-01T09:00:25Z",
      "node.kubernetes.io/unreachable:NoExecute@2026-01-01T09:00:30Z",
    ]);
    expect(tb.sim.now).toBeGreaterThan(30 * SECOND);
    expect(tb.sim.now).toBeLessThan(31 * SECOND);
  });

  it("removes the taints when the node reports Ready again, and taints a node Ready=False not-ready", () => {
    const kubelet = (tb: ReturnType<typeof controllerTestbed>) =>
      new ApiClient(tb.sim, "kubelet/node-1", Users.node("node-1"), tb.apiserver);
    const tb = controllerTestbed(
      [
        {
          ...unknown(node("node-1", EPOCH - 60 * SECOND)),
          spec: {
            taints: [
              {
                key: "node.kubernetes.io/unreachable",
                effect: "NoSchedule",
                timeAdded: "2026-01-01T08:59:00Z",
              },
              {
                key: "node.kubernetes.io/unreachable",
                effect: "NoExecute",
                timeAdded: "2026-01-01T08:59:05Z",
              },
            ],
          },
        } as KubeObject,
        lease("node-1", EPOCH - 60 * SECOND),
      ],
      { controllerName: "node-controller" },
    );
    const controller = new NodeLifecycleController(tb.client);
    controller.start();
    tb.sim.runUntil(1000);
    tb.client.clear();
    // The kubelet comes back: it reports Ready=True and renews its Lease.
    const at = formatRfc3339(EPOCH + 2 * SECOND);
    tb.sim.runUntil(2 * SECOND);
    kubelet(tb).patch(
      "nodes",
      undefined,
      "node-1",
      {
        status: {
          conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: at, lastTransitionTime: at }],
        },
      },
      { subresource: "status", strategic: true },
    );
    tb.run();
    // The NoSchedule pass (node update) removes unreachable:NoSchedule; the check at 5 s the NoExecute one.
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "GET /api/v1/nodes/node-1",
      "PATCH /api/v1/nodes/node-1",
      "GET /api/v1/nodes/node-1",
      "PATCH /api/v1/nodes/node-1",
    ]);
    expect((tb.get("nodes", undefined, "node-1") as unknown as Node).spec?.taints).toBeUndefined();
    expect(tb.sim.now).toBeLessThan(6 * SECOND);

    // The kubelet says Ready=False: not-ready taints instead.
    tb.client.clear();
    const later = formatRfc3339(EPOCH + 7 * SECOND);
    tb.sim.runUntil(7 * SECOND);
    kubelet(tb).patch(
      "nodes",
      undefined,
      "node-1",
      {
        status: {
          conditions: [
            {
              type: "Ready",
              status: "False",
              reason: "KubeletNotReady",
              lastHeartbeatTime: later,
              lastTransitionTime: later,
            },
          ],
        },
      },
      { subresource: "status", strategic: true },
    );
    tb.run();
    expect(
      (tb.get("nodes", undefined, "node-1") as unknown as Node).spec?.taints?.map(
        (t) => `${t.key}:${t.effect}`,
      ),
    ).toEqual(["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"]);
    expect(eventsOf(tb)).toEqual([]);
  });

  it("taints an unschedulable node NoSchedule and removes the taint when it is schedulable again", () => {
    const tb = controllerTestbed([node("node-1", EPOCH), lease("node-1", EPOCH)]);
    new NodeLifecycleController(tb.client).start();
    const kubectl = new ApiClient(tb.sim, "kubectl", Users.admin, tb.apiserver);
    kubectl.patch("nodes", undefined, "node-1", { spec: { unschedulable: true } }, { strategic: true });
    tb.run();
    expect(tb.client.calls()).toEqual(["PATCH /api/v1/nodes/node-1"]);
    expect((tb.get("nodes", undefined, "node-1") as unknown as Node).spec?.taints).toEqual([
      { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: "2026-01-01T09:00:00Z" },
    ]);
    kubectl.patch("nodes", undefined, "node-1", { spec: { unschedulable: null } }, { strategic: true });
    tb.run();
    expect((tb.get("nodes", undefined, "node-1") as unknown as Node).spec?.taints).toBeUndefined();
  });
});
