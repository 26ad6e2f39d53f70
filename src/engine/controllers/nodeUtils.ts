// What the node lifecycle controller does to a failing node's objects (pkg/controller/util/node
// controller_utils.go, and tryUpdateNodeHealth's condition rewrite): its conditions become
// Unknown, its pods are marked not ready one PUT pods/status at a time, and events are recorded
// with the ObjectReference upstream builds.

import type { KubeObject, Node, NodeCondition, Pod } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import type { EventRecorder } from "../client/eventRecorder";

/** The conditions the controller sets to Unknown (NetworkUnavailable is the network plugin's). */
const MONITORED_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const;

/** tryUpdateNodeHealth past the grace period: every monitored condition Unknown, as of `now`. */
export function unknownConditions(node: Node, now: string): NodeCondition[] {
  const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
  for (const type of MONITORED_CONDITIONS) {
    const i = conditions.findIndex((c) => c.type === type);
    const current = conditions[i];
    if (current === undefined) {
      conditions.push({
        type,
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: node.metadata?.creationTimestamp ?? now,
        lastTransitionTime: now,
      });
    } else if (current.status !== "Unknown") {
      conditions[i] = {
        ...current,
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastTransitionTime: now,
      };
    }
  }
  return conditions;
}

/**
 * MarkPodsNotReady: Ready=False on each of the node's pods, one PUT pods/status at a time, each
 * followed by its NodeNotReady event. `done(false)` if some write failed (other than NotFound).
 */
export function markPodsNotReady(
  client: ApiClient,
  recorder: EventRecorder,
  nodeName: string,
  pods: readonly Pod[],
  done: (ok: boolean) => void,
): void {
  let failed = false;
  const next = (i: number): void => {
    const pod = pods[i];
    if (pod === undefined) return done(!failed);
    const conditions = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === "Ready");
    // utilpod.UpdatePodCondition: nothing to do when Ready is already False.
    if (pod.spec?.nodeName !== nodeName || ready === undefined || ready.status === "False")
      return next(i + 1);
    const notReady = { ...ready, status: "False", lastTransitionTime: client.sim.timestamp() };
    const updated: Pod = {
      ...pod,
      status: { ...pod.status, conditions: conditions.map((c) => (c === ready ? notReady : c)) },
    };
    client.request(
      {
        verb: "update",
        resource: "pods",
        namespace: pod.metadata?.namespace ?? "default",
        name: pod.metadata?.name ?? "",
        subresource: "status",
        body: updated,
      },
      (response) => {
        if (response.code === 404) return next(i + 1);
        if (response.code !== 200) failed = true;
        // Recorded after the write, to be sure the pod still exists.
        recorder.event(updated as unknown as KubeObject, "Warning", "NodeNotReady", "Node is not ready");
        next(i + 1);
      },
    );
  };
  next(0);
}

/** The ObjectReference upstream builds for node events: no namespace, no resourceVersion. */
function nodeRef(node: Node): KubeObject {
  const uid = node.metadata?.uid;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: node.metadata?.name ?? "", ...(uid ? { uid } : {}) },
  };
}

/** RecordNodeStatusChange: `Node node-1 status is now: NodeNotReady`. */
export function recordNodeStatusChange(recorder: EventRecorder, node: Node, status: string): void {
  recorder.event(
    nodeRef(node),
    "Normal",
    status,
    `Node ${node.metadata?.name ?? ""} status is now: ${status}`,
  );
}

/** RecordNodeEvent: `Node node-4 event: Registered Node node-4 in Controller`. */
export function recordNodeEvent(recorder: EventRecorder, node: Node, reason: string, event: string): void {
  recorder.event(nodeRef(node), "Normal", reason, `Node ${node.metadata?.name ?? ""} event: ${event}`);
}
