// A kubelet pod worker (pkg/kubelet/pod_workers.go + kuberuntime_manager.go SyncPod/KillPod):
// for one pod, drive the container runtime through sandbox → image pulls → create → start,
// restart exited containers as the restart policy says (with CrashLoopBackOff), and on deletion
// stop everything within the grace period and remove the pod from the API. Probes run in
// prober.ts; a failed liveness/startup probe kills the container here (computePodActions).
// Simplified: containers start one after another in one pass.

import type { Container, KubeObject, Pod, PodStatus } from "../api/objects";
import { jsonEqual } from "../api/objects";
import type { EventType } from "../client/eventRecorder";
import { createTwoWayStrategicPatch, patchSchemaForKind } from "../util/patch";
import type { ObjectRef } from "../trace/traceEvent";
import { containerLaunch } from "./containerEnv";
import type { RuntimeContainer, Sandbox } from "./containerRuntime";
import type { Kubelet } from "./kubelet";
import { type LogsResult, podContainerLogs } from "./podLogs";
import { type ContainerRecord, generatePodStatus } from "./podStatus";
import type { ProbeContext } from "./probeRunner";
import { Prober } from "./prober";
import { ContainerRestarts } from "./containerRestarts";
import { durationText } from "./restartBackOff";

export { durationText };

export class PodWorker {
  pod: Pod;
  sandbox: Sandbox | undefined;
  readonly containers: ContainerRecord[];
  private startTime: string | undefined;
  private reported: PodStatus | undefined;
  private terminating = false;
  private terminal = false;
  private sandboxRequested = false;
  /** The machine lost power: this worker must never act again (see abandon). */
  private abandoned = false;
  /** Restarts after exits and failed probes, with CrashLoopBackOff. */
  private readonly restarts: ContainerRestarts;
  /** Probe workers, for pods whose containers have probes. */
  private prober: Prober | undefined;
  readonly ref: ObjectRef;

  constructor(
    private readonly kubelet: Kubelet,
    pod: Pod,
  ) {
    this.pod = pod;
    this.reported = pod.status;
    this.ref = {
      kind: "Pod",
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      uid: pod.metadata?.uid ?? "",
    };
    this.containers = [
      ...(pod.spec?.initContainers ?? []).map((spec) => ({
        spec,
        init: true,
        restartCount: 0,
        ready: false,
      })),
      ...(pod.spec?.containers ?? []).map((spec) => ({ spec, init: false, restartCount: 0, ready: false })),
    ];
    this.restarts = new ContainerRestarts({
      sim: this.kubelet.sim,
      pod: () => this.pod,
      ref: this.ref,
      containers: this.containers,
      runtime: () => this.kubelet.runtime,
      stopping: () => this.terminating,
      reportStatus: () => this.reportStatus(),
      restart: (c) => this.runContainer(c, true),
      startNext: () => this.startNext(),
      settle: () => this.settle(),
      event: (c, type, reason, message) => this.event(c, type, reason, message),
    });
  }

  /** The status as last reported to the apiserver (set at start-up for adopted static pods). */
  setReported(status: PodStatus | undefined): void {
    this.reported = status;
  }

  get sim() {
    return this.kubelet.sim;
  }

  private get object(): KubeObject {
    return this.pod as unknown as KubeObject;
  }

  private fieldPath(c: ContainerRecord): string {
    return `spec.${c.init ? "initContainers" : "containers"}{${c.spec.name}}`;
  }

  /** SyncPod for a new pod: report it, then create its sandbox and start its containers. */
  start(): void {
    this.startTime = this.sim.timestamp();
    if (Prober.needed(this.containers)) this.prober = new Prober(this);
    for (const c of this.containers)
      c.waiting = {
        reason: c.init || this.containers.every((x) => !x.init) ? "ContainerCreating" : "PodInitializing",
      };
    this.reportStatus();
    this.sandboxRequested = true;
    this.kubelet.runtime.runPodSandbox(
      this.pod.metadata?.uid ?? "",
      this.ref,
      (sandbox) => {
        this.sandbox = sandbox;
        if (this.terminating) return this.kill();
        this.startNext();
      },
      this.pod.spec?.hostNetwork ? this.kubelet.nodeIP : undefined,
    );
  }

  /** Starts the next container that should run: init containers in order, then the rest. */
  private startNext(): void {
    if (this.terminating) return;
    const pendingInit = this.containers.find(
      (c) => c.init && !(c.runtime?.state === "exited" && c.runtime.exitCode === 0),
    );
    if (pendingInit) {
      if (pendingInit.runtime === undefined || pendingInit.runtime.state === "exited")
        this.runContainer(pendingInit);
      return;
    }
    const next = this.containers.find((c) => !c.init && c.runtime === undefined);
    if (next) {
      this.runContainer(next);
      return;
    }
    this.reportStatus();
  }

  /** computePodActions → startContainer: pull if needed, create, start. */
  private runContainer(c: ContainerRecord, restart = false): void {
    if (this.abandoned) return;
    const runtime = this.kubelet.runtime;
    const image = c.spec.image ?? "";
    const policy = c.spec.imagePullPolicy ?? "IfNotPresent";
    const present = runtime.hasImage(image);
    const create = (): void => {
      const sandbox = this.sandbox;
      if (this.terminating || !sandbox) return;
      const launch = containerLaunch(this.pod, c.spec, sandbox.ip, this.kubelet.nodeIP);
      runtime.createContainer(
        sandbox.id,
        c.spec,
        this.ref,
        (created) => {
          // The runtime counts restarts: a new container of the same name gets the last one's count + 1.
          if (restart && c.runtime) {
            c.lastTerminated = c.runtime;
            c.restartCount++;
          }
          c.runtime = created;
          this.kubelet.recorder.event(
            this.object,
            "Normal",
            "Created",
            `Created container ${c.spec.name}`,
            this.fieldPath(c),
          );
          if (this.terminating) return;
          runtime.startContainer(created.id, this.ref, (started) => {
            if (started.reason === "StartError") {
              // kuberuntime startContainer: the runtime's error becomes a Failed event.
              this.event(c, "Warning", "Failed", `Error: ${started.message ?? ""}`);
              c.waiting = undefined;
              this.containerExited(started);
              return;
            }
            if (started.state !== "running") return;
            c.waiting = undefined;
            this.kubelet.recorder.event(
              this.object,
              "Normal",
              "Started",
              `Started container ${c.spec.name}`,
              this.fieldPath(c),
            );
            this.containerRunning(c);
            if (this.terminating) return;
            if (restart) this.reportStatus();
            else this.startNext();
          });
        },
        launch,
      );
    };
    if (policy === "Never" && !present) {
      c.waiting = {
        reason: "ErrImageNeverPull",
        message: `Container image "${image}" is not present with pull policy of Never`,
      };
      this.kubelet.recorder.event(
        this.object,
        "Warning",
        "ErrImageNeverPull",
        c.waiting.message ?? "",
        this.fieldPath(c),
      );
      this.kubelet.recorder.event(
        this.object,
        "Warning",
        "Failed",
        "Error: ErrImageNeverPull",
        this.fieldPath(c),
      );
      this.reportStatus();
      return;
    }
    if (present && policy !== "Always") {
      this.kubelet.recorder.event(
        this.object,
        "Normal",
        "Pulled",
        `Container image "${image}" already present on machine`,
        this.fieldPath(c),
      );
      create();
      return;
    }
    this.kubelet.recorder.event(
      this.object,
      "Normal",
      "Pulling",
      `Pulling image "${image}"`,
      this.fieldPath(c),
    );
    const requested = this.sim.now;
    runtime.pullImage(image, this.ref, (info, pullMs) => {
      const waited = this.sim.now - requested;
      this.kubelet.recorder.event(
        this.object,
        "Normal",
        "Pulled",
        `Successfully pulled image "${image}" in ${durationText(pullMs)} (${durationText(waited)} including waiting). Image size: ${info.sizeBytes} bytes.`,
        this.fieldPath(c),
      );
      this.kubelet.imagesChanged();
      create();
    });
  }

  /** A container instance runs: without probes it is started and ready at once (UpdatePodStatus). */
  private containerRunning(c: ContainerRecord): void {
    if (c.init) return;
    if (this.prober) this.prober.containerStarted(c);
    else {
      c.started = true;
      c.ready = true;
    }
  }

  /** The runtime reports that a container's process exited on its own. */
  containerExited(rc: RuntimeContainer): void {
    this.restarts.containerExited(rc);
  }

  /** A liveness or startup probe failed past its threshold: kill (and restart) the container. */
  probeFailed(c: ContainerRecord, probe: "liveness" | "startup"): void {
    this.restarts.probeFailed(c, probe);
  }

  /** A container will not be restarted: report, and tear down a pod that has finished. */
  private settle(): void {
    this.reportStatus();
    if (this.reported?.phase === "Succeeded" || this.reported?.phase === "Failed") this.stopTerminalPod();
  }

  // ---- what the prober uses ---------------------------------------------------------------

  /** Runs `fn` as foreground work now: what a background probe tick changes is shown and awaited. */
  foreground(fn: () => void): void {
    this.sim.schedule(0, fn, { background: false });
  }

  /** An event about one of the pod's containers. */
  event(c: ContainerRecord, type: EventType, reason: string, message: string): void {
    this.kubelet.recorder.event(this.object, type, reason, message, this.fieldPath(c));
  }

  /** The pod is finished, being deleted, or gone: probes stop. */
  isTerminal(): boolean {
    return this.terminating || this.reported?.phase === "Succeeded" || this.reported?.phase === "Failed";
  }

  probeContext(c: ContainerRecord, label: string): ProbeContext {
    return {
      sim: this.sim,
      kubelet: this.kubelet.name,
      runtime: this.kubelet.runtime,
      object: this.ref,
      container: c.spec,
      containerId: c.runtime?.id ?? "",
      sandboxId: this.sandbox?.id ?? "",
      podIP: this.sandbox?.ip ?? "",
      label,
    };
  }

  /** What `kubectl logs [--previous] <pod> -c <container>` reads (validateContainerLogStatus). */
  logs(containerName: string, previous = false): LogsResult {
    return podContainerLogs(
      this.kubelet.runtime,
      this.pod.metadata?.name ?? "",
      this.containers,
      containerName,
      previous,
      this.sim.epochMs,
    );
  }

  /** A pod in a terminal phase (Succeeded/Failed) keeps its containers but loses its sandbox. */
  private stopTerminalPod(): void {
    this.prober?.stop();
    const sandbox = this.sandbox;
    if (!sandbox || sandbox.state !== "ready") return;
    this.kubelet.runtime.stopPodSandbox(sandbox.id, this.ref, () => {
      if (!this.terminating) this.reportStatus();
    });
  }

  /** The pod got a deletionTimestamp: stop it within its grace period. */
  terminate(pod: Pod): void {
    this.pod = pod;
    if (this.terminating) return;
    this.terminating = true;
    this.prober?.stop();
    // Before its sandbox exists (or was even asked for) there is nothing to stop but the pod.
    if (this.sandbox || !this.sandboxRequested) this.kill();
  }

  /** The node lost power: its containers died with it and nobody is left to report anything. */
  abandon(): void {
    this.abandoned = true;
    this.terminating = true;
    this.prober?.stop();
  }

  /** killPodWithSyncResult: stop every container (in parallel), then the sandbox, then report. */
  private kill(): void {
    if (this.abandoned) return;
    const grace =
      this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    const running = this.containers.filter((c) => c.runtime?.state === "running");
    let remaining = running.length;
    const afterContainers = (): void => {
      if (this.abandoned) return;
      for (const c of this.containers) {
        c.ready = false;
        if (c.runtime?.state === "exited") c.waiting = undefined;
      }
      const sandbox = this.sandbox;
      if (!sandbox || sandbox.state !== "ready") return this.finish();
      this.kubelet.runtime.stopPodSandbox(sandbox.id, this.ref, () => this.finish());
    };
    if (remaining === 0) return afterContainers();
    for (const c of running) {
      this.kubelet.recorder.event(
        this.object,
        "Normal",
        "Killing",
        `Stopping container ${c.spec.name}`,
        this.fieldPath(c),
      );
      this.kubelet.runtime.stopContainer((c.runtime as RuntimeContainer).id, grace, this.ref, () => {
        if (--remaining === 0) afterContainers();
      });
    }
  }

  /** Report the terminal status, then delete the pod for good (grace period 0, pinned to its uid). */
  private finish(): void {
    this.terminal = true;
    this.kubelet.runtime.forgetPod(this.pod.metadata?.uid ?? "");
    this.reportStatus(() => {
      this.kubelet.client.request({
        verb: "delete",
        resource: "pods",
        namespace: this.pod.metadata?.namespace ?? "default",
        name: this.pod.metadata?.name ?? "",
        gracePeriodSeconds: 0,
        preconditions: { uid: this.pod.metadata?.uid ?? "" },
      });
    });
  }

  /** The status manager: PATCH pods/<name>/status when the status changed. */
  reportStatus(then?: () => void): void {
    if (this.abandoned) return;
    const status = generatePodStatus({
      pod: this.pod,
      hostIP: this.kubelet.nodeIP,
      startTime: this.startTime,
      sandbox: this.sandbox,
      containers: this.containers,
      previous: this.reported,
      epochMs: this.sim.epochMs,
      now: this.sim.timestamp(),
      terminal: this.terminal,
    });
    if (this.reported && jsonEqual(withoutPodScheduledTime(this.reported), withoutPodScheduledTime(status))) {
      then?.();
      return;
    }
    // statusutil.PatchPodStatus: a two-way strategic merge patch from the last status to the new
    // one (so fields that went away are deleted), with the pod's uid as a precondition.
    const patch = createTwoWayStrategicPatch(
      { status: this.reported ?? {} },
      { metadata: { uid: this.pod.metadata?.uid ?? "" }, status },
      patchSchemaForKind("Pod"),
    );
    this.reported = status;
    this.kubelet.client.patch(
      "pods",
      this.pod.metadata?.namespace,
      this.pod.metadata?.name ?? "",
      patch,
      { subresource: "status", strategic: true },
      () => then?.(),
    );
  }

  /** The pod spec changed (e.g. a new image): restart containers whose image changed. */
  update(pod: Pod): void {
    const old = this.pod;
    this.pod = pod;
    if (this.terminating) return;
    for (const c of this.containers) {
      const spec: Container | undefined = (c.init ? pod.spec?.initContainers : pod.spec?.containers)?.find(
        (x) => x.name === c.spec.name,
      );
      const before = (c.init ? old.spec?.initContainers : old.spec?.containers)?.find(
        (x) => x.name === c.spec.name,
      );
      if (spec && before && spec.image !== before.image && c.runtime?.state === "running") {
        (c as { spec: Container }).spec = spec;
        const rc = c.runtime;
        this.kubelet.recorder.event(
          this.object,
          "Normal",
          "Killing",
          `Container ${c.spec.name} definition changed, will be restarted`,
          this.fieldPath(c),
        );
        c.stopping = true;
        this.kubelet.runtime.stopContainer(
          rc.id,
          pod.spec?.terminationGracePeriodSeconds ?? 30,
          this.ref,
          () => {
            c.stopping = false;
            c.ready = false;
            this.runContainer(c, true);
          },
        );
      }
    }
  }
}

function withoutPodScheduledTime(status: PodStatus): PodStatus {
  return { ...status, conditions: (status.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: "" })) };
}
