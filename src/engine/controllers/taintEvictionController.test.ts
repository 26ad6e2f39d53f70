import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Pod, Toleration } from "../api/objects";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { SECOND, formatRfc3339 } from "../sim/time";
import { controllerTestbed } from "../testing/controllerTestbed";
import { TaintEvictionController } from "./taintEvictionController";

const EPOCH = 1_767_258_000_000; // 2026-01-01T09:00:00Z

/** What DefaultTolerationSeconds gives every pod. */
const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

function taintedNode(timeAdded: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "node-1" },
    spec: {
      taints: [
        { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded },
        { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded },
      ],
    },
  } as KubeObject;
}

function pod(name: string, tolerations: Toleration[]): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      creationTimestamp: formatRfc3339(EPOCH - 600_000),
    },
    spec: { nodeName: "node-1", tolerations, containers: [{ name: "web", image: "nginx:1.27" }] },
    status: { phase: "Running" },
  } as KubeObject;
}

const events = (tb: ReturnType<typeof controllerTestbed>): string[] =>
  (tb.list("events") as unknown as Event[]).map(
    (e) => `${e.involvedObject.namespace ?? ""}/${e.involvedObject.name} ${e.type} ${e.reason} ${e.message}`,
  );

describe("taint eviction controller", () => {
  it("deletes an intolerant pod at once and a tolerating one when its tolerationSeconds run out", () => {
    // Tainted 10 s before the simulation starts: the 300 s toleration ends at 290 s.
    const tb = controllerTestbed(
      [
        taintedNode(formatRfc3339(EPOCH - 10 * SECOND)),
        pod("web", DEFAULT_TOLERATIONS),
        pod("bare", []),
        pod("agent", [{ operator: "Exists", effect: "NoExecute" }]),
      ],
      { controllerName: "taint-eviction-controller" },
    );
    const controller = new TaintEvictionController(tb.client);
    controller.start();
    expect(controller.scheduledEviction("default", "web")).toBe(EPOCH + 290 * SECOND);
    expect(controller.scheduledEviction("default", "agent")).toBeUndefined();

    tb.sim.runUntil(SECOND);
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "POST /api/v1/namespaces/default/events",
      "GET /api/v1/namespaces/default/pods/bare",
      "PATCH /api/v1/namespaces/default/pods/bare/status",
      "DELETE /api/v1/namespaces/default/pods/bare",
    ]);
    const bare = tb.get("pods", "default", "bare") as unknown as Pod;
    // A graceful delete: the pod is bound, so it stays (Terminating) for its kubelet to finish.
    expect(bare.metadata?.deletionTimestamp).toBe("2026-01-01T09:00:30Z");
    // (lastProbeTime: null in the patch clears the field, as a strategic merge patch does.)
    expect(bare.status?.conditions).toEqual([
      {
        type: "DisruptionTarget",
        status: "True",
        lastTransitionTime: "2026-01-01T09:00:00Z",
        reason: "DeletionByTaintManager",
        message: "Taint manager: deleting due to NoExecute taint",
      },
    ]);

    tb.client.clear();
    tb.sim.runUntil(290 * SECOND - 1);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
    tb.run();
    expect(tb.client.calls()).toEqual([
      "POST /api/v1/namespaces/default/events",
      "PATCH /api/v1/namespaces/default/pods/web/status",
      "DELETE /api/v1/namespaces/default/pods/web",
    ]);
    const deleteAt = tb.sim.trace.find(
      (e) => e.kind === "request" && e.summary === "DELETE /api/v1/namespaces/default/pods/web",
    );
    expect(deleteAt?.time).toBeGreaterThanOrEqual(290 * SECOND);
    expect(deleteAt?.time).toBeLessThan(290 * SECOND + 100);
    expect((tb.get("pods", "default", "web") as unknown as Pod).metadata?.deletionTimestamp).toBe(
      "2026-01-01T09:05:20Z",
    );
    expect(tb.get("pods", "default", "agent")?.metadata.deletionTimestamp).toBeUndefined();
    expect(events(tb)).toEqual([
      "default/bare Normal TaintManagerEviction Marking for deletion Pod default/bare",
      "default/web Normal TaintManagerEviction Marking for deletion Pod default/web",
    ]);
  });

  it("cancels a scheduled deletion when the taint goes away", () => {
    const tb = controllerTestbed([taintedNode(formatRfc3339(EPOCH)), pod("web", DEFAULT_TOLERATIONS)], {
      controllerName: "taint-eviction-controller",
    });
    const controller = new TaintEvictionController(tb.client);
    controller.start();
    expect(controller.scheduledEviction("default", "web")).toBe(EPOCH + 300 * SECOND);
    tb.sim.runUntil(100 * SECOND);
    const admin = new ApiClient(tb.sim, "kubectl", Users.admin, tb.apiserver);
    admin.patch("nodes", undefined, "node-1", { spec: { taints: null } }, { strategic: true });
    tb.run();
    expect(controller.scheduledEviction("default", "web")).toBeUndefined();
    expect(tb.client.calls()).toEqual(["POST /api/v1/namespaces/default/events"]);
    expect(events(tb)).toEqual([
      "default/web Normal TaintManagerEviction Cancelling deletion of Pod default/web",
    ]);
    // Nothing happens when the time would have run out.
    tb.sim.runUntil(400 * SECOND);
    expect(tb.get("pods", "default", "web")?.metadata.deletionTimestamp).toBeUndefined();
  });
});
