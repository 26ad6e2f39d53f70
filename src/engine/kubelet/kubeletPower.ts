// What a node's power going off and coming back means for its kubelet (pkg/kubelet): while the
// machine is down nothing leaves it, and answers to requests sent before it went down are never
// read; when it boots, the kubelet reports its node status from scratch — each condition that
// changes gets a new lastTransitionTime and its event (kubelet_node_status.go and
// nodestatus/setters.go: MachineInfo's "Rebooted", then NodeHasSufficientMemory,
// NodeHasNoDiskPressure, NodeHasSufficientPID, NodeReady) — and the containers that were running
// are found dead (exit code 255, reason Unknown), so their restart counts go up by one.

import type { ContainerStatus, Node, NodeCondition, Pod } from "../api/objects";
import type { ApiRequest } from "../apiserver/request";
import { ApiClient, type ResponseHandler } from "../client/apiClient";
import { parseRfc3339 } from "../sim/time";
import type { ContainerRuntime, RuntimeContainer } from "./containerRuntime";
import { imageInfo } from "./imageCatalog";
import type { ContainerRecord } from "./podStatus";

/** The kubelet's connection to kube-apiserver, cut while the machine is off. */
export class PoweredApiClient extends ApiClient {
  powered = true;
  /** Bumped at every boot: answers to an earlier boot's requests are dropped. */
  boot = 0;

  override request(request: ApiRequest, done?: ResponseHandler): void {
    if (!this.powered) return;
    const boot = this.boot;
    super.request(request, (response) => {
      if (this.powered && boot === this.boot) done?.(response);
    });
  }
}

/** The kubelet's own view of each condition (nodestatus setters), in the order it reports them. */
const HEALTHY: readonly { type: string; status: string; reason: string; message: string; event: string }[] = [
  {
    type: "MemoryPressure",
    status: "False",
    reason: "KubeletHasSufficientMemory",
    message: "kubelet has sufficient memory available",
    event: "NodeHasSufficientMemory",
  },
  {
    type: "DiskPressure",
    status: "False",
    reason: "KubeletHasNoDiskPressure",
    message: "kubelet has no disk pressure",
    event: "NodeHasNoDiskPressure",
  },
  {
    type: "PIDPressure",
    status: "False",
    reason: "KubeletHasSufficientPID",
    message: "kubelet has sufficient PID available",
    event: "NodeHasSufficientPID",
  },
  {
    type: "Ready",
    status: "True",
    reason: "KubeletReady",
    message: "kubelet is posting ready status",
    event: "NodeReady",
  },
];

export interface BootStatus {
  readonly conditions: NodeCondition[];
  /** The node events, in the order the setters record them: [type, reason, message]. */
  readonly events: ["Normal" | "Warning", string, string][];
}

/** setNodeStatus on boot, from the node as the API has it (the node controller may have set Unknown). */
export function bootNodeStatus(node: Node, now: string, bootID: string): BootStatus {
  const name = node.metadata?.name ?? "";
  const events: BootStatus["events"] = [];
  const previousBoot = node.status?.nodeInfo?.bootID ?? "";
  if (previousBoot !== "" && previousBoot !== bootID)
    events.push(["Warning", "Rebooted", `Node ${name} has been rebooted, boot id: ${bootID}`]);
  const conditions = HEALTHY.map((want): NodeCondition => {
    const current = (node.status?.conditions ?? []).find((c) => c.type === want.type);
    const changed = current?.status !== want.status;
    if (changed) events.push(["Normal", want.event, `Node ${name} status is now: ${want.event}`]);
    return {
      type: want.type,
      status: want.status,
      lastHeartbeatTime: now,
      lastTransitionTime: changed ? now : (current?.lastTransitionTime ?? now),
      reason: want.reason,
      message: want.message,
    };
  });
  return { conditions, events };
}

/**
 * The containers of a pod that ran here before the machine went down: each one's last state is
 * the instance that died with the machine, and its restart count goes up by one — or, for a pod
 * being deleted (`final`), that dead instance is simply its state now.
 */
export function carryOverContainers(
  records: readonly ContainerRecord[],
  statuses: readonly ContainerStatus[],
  podUid: string,
  poweredOffMs: number,
  epochMs: number,
  final = false,
): void {
  const simMs = (text: string | undefined): number | undefined => {
    const ms = text ? parseRfc3339(text) : undefined;
    return ms === undefined ? undefined : ms - epochMs;
  };
  for (const record of records) {
    const status = statuses.find((s) => s.name === record.spec.name);
    const running = status?.state?.running;
    // The instance that ran last: the one running when the power went, or the one that had exited.
    const exited = status?.state?.terminated ?? status?.lastState?.terminated;
    const id = running ? status?.containerID : exited?.containerID;
    if (!status || !id || (!running && !exited)) continue;
    const startedAtMs = simMs(running?.startedAt ?? exited?.startedAt);
    const finishedAtMs = running ? poweredOffMs : simMs(exited?.finishedAt);
    const dead: RuntimeContainer = {
      id: id.replace(/^containerd:\/\//, ""),
      name: record.spec.name,
      sandboxId: "",
      podUid,
      image: imageInfo(record.spec.image ?? ""),
      state: "exited",
      ...(startedAtMs !== undefined ? { startedAtMs } : {}),
      ...(finishedAtMs !== undefined ? { finishedAtMs } : {}),
      exitCode: running ? 255 : (exited?.exitCode ?? 255),
      reason: running ? "Unknown" : (exited?.reason ?? "Unknown"),
    };
    if (final) {
      record.runtime = dead;
      record.restartCount = status.restartCount ?? 0;
      continue;
    }
    record.lastTerminated = dead;
    record.restartCount = (status.restartCount ?? 0) + 1;
  }
}

/** Whether the pod had finished (its containers are not started again). */
export function podFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** The power goes: every process dies where it stands, unreported; sandboxes and containers are gone. */
export function powerOffRuntime(runtime: ContainerRuntime, nowMs: number): void {
  runtime.onContainerExit = () => {};
  for (const c of runtime.containers.values()) {
    c.process?.stop();
    if (c.state !== "running") continue;
    c.state = "exited";
    c.exitCode = 255;
    c.reason = "Unknown";
    c.finishedAtMs = nowMs;
  }
  runtime.containers.clear();
  runtime.sandboxes.clear();
}

/** The Node a starting kubelet tries to register (initialNode: its labels, capacity, addresses). */
export function nodeRegistration(nodeName: string, known: Node | undefined): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: nodeName,
      ...(known?.metadata?.labels ? { labels: { ...known.metadata.labels } } : {}),
      annotations: { "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: {},
    status: {
      ...(known?.status?.capacity ? { capacity: known.status.capacity } : {}),
      ...(known?.status?.allocatable ? { allocatable: known.status.allocatable } : {}),
      ...(known?.status?.addresses ? { addresses: known.status.addresses } : {}),
    },
  };
}
