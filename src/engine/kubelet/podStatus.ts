// The pod status the kubelet reports (pkg/kubelet/kubelet_pods.go generateAPIPodStatus,
// getPhase, and pkg/kubelet/status/generate.go for the conditions), built from what the pod
// worker knows about its sandbox and containers.

import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from "../api/objects";
import type { ContainerStateTerminated } from "kubernetes-types/core/v1";
import { formatRfc3339 } from "../sim/time";
import type { RuntimeContainer, Sandbox } from "./containerRuntime";

export interface ContainerRecord {
  readonly spec: Container;
  readonly init: boolean;
  runtime?: RuntimeContainer;
  restartCount: number;
  /** Set while the container is not running: ContainerCreating, PodInitializing, CrashLoopBackOff... */
  waiting?: { reason: string; message?: string } | undefined;
  lastTerminated?: RuntimeContainer;
  ready: boolean;
  /** False while a startup probe has not passed for the running instance (containerStatus.started). */
  started?: boolean;
  /** The kubelet is stopping this instance (a liveness kill, a spec change): its exit is expected. */
  stopping?: boolean;
}

export interface WorkerView {
  readonly pod: Pod;
  readonly hostIP: string;
  readonly startTime: string | undefined;
  readonly sandbox: Sandbox | undefined;
  readonly containers: readonly ContainerRecord[];
  /** Conditions as last reported, to keep lastTransitionTime stable. */
  readonly previous: PodStatus | undefined;
  readonly epochMs: number;
  readonly now: string;
  /** The pod is being deleted and its containers have been stopped. */
  readonly terminal: boolean;
}

function terminatedState(c: RuntimeContainer, epochMs: number): ContainerStateTerminated {
  return {
    containerID: `containerd://${c.id}`,
    exitCode: c.exitCode ?? 0,
    finishedAt: formatRfc3339(epochMs + (c.finishedAtMs ?? 0)),
    ...(c.message ? { message: c.message } : {}),
    reason: c.reason ?? (c.exitCode ? "Error" : "Completed"),
    startedAt: formatRfc3339(epochMs + (c.startedAtMs ?? 0)),
  };
}

export function containerStatus(record: ContainerRecord, epochMs: number): ContainerStatus {
  const rc = record.runtime;
  const base: ContainerStatus = {
    image: rc ? rc.image.ref : (record.spec.image ?? ""),
    imageID: rc ? rc.image.digestRef : "",
    lastState: record.lastTerminated ? { terminated: terminatedState(record.lastTerminated, epochMs) } : {},
    name: record.spec.name,
    ready: record.ready,
    restartCount: record.restartCount,
    started: rc?.state === "running" && record.started !== false,
    state: {},
  };
  if (rc) base.containerID = `containerd://${rc.id}`;
  if (record.waiting)
    base.state = {
      waiting: {
        reason: record.waiting.reason,
        ...(record.waiting.message ? { message: record.waiting.message } : {}),
      },
    };
  else if (rc?.state === "running")
    base.state = { running: { startedAt: formatRfc3339(epochMs + (rc.startedAtMs ?? 0)) } };
  else if (rc?.state === "exited") base.state = { terminated: terminatedState(rc, epochMs) };
  else base.state = { waiting: { reason: "ContainerCreating" } };
  return base;
}

/** getPhase (kubelet_pods.go), for the container states this simulation produces. */
function phaseOf(view: WorkerView, statuses: ContainerStatus[]): NonNullable<PodStatus["phase"]> {
  const restartPolicy = view.pod.spec?.restartPolicy ?? "Always";
  const inits = view.containers.filter((c) => c.init);
  const initDone = inits.every((c) => c.runtime?.state === "exited" && c.runtime.exitCode === 0);
  // An init container that failed is never retried with restartPolicy Never: the pod has failed.
  const initFailed = inits.some((c) => c.runtime?.state === "exited" && (c.runtime.exitCode ?? 0) !== 0);
  if (initFailed && restartPolicy === "Never") return "Failed";
  if (!initDone && !view.terminal) return "Pending";
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        stopped++;
        if (s.lastState.terminated.exitCode === 0) succeeded++;
      } else waiting++;
    }
  }
  if (waiting > 0 && !view.terminal) return "Pending";
  if (running > 0 && !view.terminal) return "Running";
  if (stopped > 0) {
    if (view.terminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running";
    if (restartPolicy === "OnFailure") return stopped === succeeded ? "Succeeded" : "Running";
    return stopped === succeeded ? "Succeeded" : "Failed";
  }
  return "Pending";
}

export function generatePodStatus(view: WorkerView): PodStatus {
  const regular = view.containers.filter((c) => !c.init);
  const inits = view.containers.filter((c) => c.init);
  const containerStatuses = regular.map((c) => containerStatus(c, view.epochMs));
  const initContainerStatuses = inits.map((c) => containerStatus(c, view.epochMs));
  const phase = phaseOf(view, containerStatuses);
  const previous = new Map((view.previous?.conditions ?? []).map((c) => [c.type, c]));
  const condition = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const status = ok ? "True" : "False";
    const before = previous.get(type);
    const transition = before && before.status === status ? before.lastTransitionTime : view.now;
    return {
      type,
      status,
      lastProbeTime: null as unknown as string,
      ...(transition ? { lastTransitionTime: transition } : {}),
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    };
  };
  // generate.go: a Succeeded pod's conditions say PodCompleted (Initialized stays True with that
  // reason); a Failed pod's containers are simply not ready.
  const succeeded = phase === "Succeeded";
  const terminalPhase = succeeded || phase === "Failed";
  const initialized = inits.every((c) => c.runtime?.state === "exited" && c.runtime.exitCode === 0);
  const uninitialized = inits
    .filter((c) => !(c.runtime?.state === "exited" && c.runtime.exitCode === 0))
    .map((c) => c.spec.name);
  const unready = regular.filter((c) => !c.ready).map((c) => c.spec.name);
  // [ok, reason, message] of ContainersReady; Ready copies it (there are no readiness gates here).
  const readiness: [boolean, string?, string?] =
    unready.length === 0 && !terminalPhase
      ? [true]
      : succeeded
        ? [false, "PodCompleted"]
        : unready.length === 0
          ? // The status manager never reports a terminal pod as ready (kubernetes#108594).
            [false, "PodFailed"]
          : [false, "ContainersNotReady", `containers with unready status: [${unready.join(" ")}]`];
  const sandboxReady = view.sandbox?.state === "ready" && !view.terminal;
  const conditions: PodCondition[] = [
    condition("PodReadyToStartContainers", sandboxReady),
    succeeded
      ? condition("Initialized", true, "PodCompleted")
      : initialized
        ? condition("Initialized", true)
        : condition(
            "Initialized",
            false,
            "ContainersNotInitialized",
            `containers with incomplete status: [${uninitialized.join(" ")}]`,
          ),
    condition("Ready", ...readiness),
    condition("ContainersReady", ...readiness),
    condition("PodScheduled", true),
  ];
  const ip = view.sandbox?.ip;
  const status: PodStatus = {
    conditions,
    containerStatuses,
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    phase,
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    qosClass: view.pod.status?.qosClass ?? "BestEffort",
    ...(view.startTime ? { startTime: view.startTime } : {}),
  };
  if (inits.length) status.initContainerStatuses = initContainerStatuses;
  return status;
}
