// A kubelet pod worker (pkg/kubelet/pod_workers.go + kuberuntime_manager.go SyncPod/KillPod):
// for one pod, drive the container runtime through sandbox → image pulls → create → start,
// restart exited containers as the restart policy says (with CrashLoopBackOff), and on deletion
// stop everything within the grace period and remove the pod from the API.
// Simplified: containers start one after another in one pass; probes are not simulated (a
// container with a readinessProbe becomes ready after its initialDelaySeconds).

import type { Container, KubeObject, Pod, PodStatus } from "../api/objects";
import { jsonEqual } from "../api/objects";
import { MINUTE, SECOND } from "../sim/time";
import { createTwoWayStrategicPatch, patchSchemaForKind } from "../util/patch";
import type { ObjectRef } from "../trace/traceEvent";
import { type RuntimeContainer, type Sandbox, processPlan } from "./containerRuntime";
import type { Kubelet } from "./kubelet";
import { type ContainerRecord, generatePodStatus } from "./podStatus";

/** CrashLoopBackOff (pkg/kubelet/kubelet.go): 10 s, doubling, capped at MaxContainerBackOff. */
const INITIAL_BACKOFF_MS = 10 * SECOND;
const MAX_BACKOFF_MS = 5 * MINUTE;

/** An entry of the kubelet's flowcontrol.Backoff for one container. */
interface BackoffEntry {
  backoffMs: number;
  lastUpdateMs: number;
}

/** Go's time.Duration.String() for a whole number of milliseconds: `0s`, `384ms`, `3.047s`, `1m20s`, `1h0m5s`. */
export function durationText(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = `${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${seconds}`;
  return m > 0 ? `${m}m${seconds}` : seconds;
}

export class PodWorker {
  pod: Pod;
  sandbox: Sandbox | undefined;
  readonly containers: ContainerRecord[];
  private startTime: string | undefined;
  private reported: PodStatus | undefined;
  private terminating = false;
  private terminal = false;
  private sandboxRequested = false;
  private readonly backoff = new Map<string, BackoffEntry>();
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
  }

  /** The status as last reported to the apiserver (set at start-up for adopted static pods). */
  setReported(status: PodStatus | undefined): void {
    this.reported = status;
  }

  private get sim() {
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
    for (const c of this.containers)
      c.waiting = {
        reason: c.init || this.containers.every((x) => !x.init) ? "ContainerCreating" : "PodInitializing",
      };
    this.reportStatus();
    this.sandboxRequested = true;
    this.kubelet.runtime.runPodSandbox(this.pod.metadata?.uid ?? "", this.ref, (sandbox) => {
      this.sandbox = sandbox;
      if (this.terminating) return this.kill();
      this.startNext();
    });
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
    const runtime = this.kubelet.runtime;
    const image = c.spec.image ?? "";
    const policy = c.spec.imagePullPolicy ?? "IfNotPresent";
    const present = runtime.hasImage(image);
    const create = (): void => {
      if (this.terminating || !this.sandbox) return;
      runtime.createContainer(this.sandbox.id, c.spec, this.ref, (created) => {
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
        runtime.startContainer(created.id, processPlan(c.spec, created.image), this.ref, (started) => {
          if (started.state !== "running") return;
          c.waiting = undefined;
          this.kubelet.recorder.event(
            this.object,
            "Normal",
            "Started",
            `Started container ${c.spec.name}`,
            this.fieldPath(c),
          );
          this.markReadyLater(c);
          if (this.terminating) return;
          if (restart) this.reportStatus();
          else this.startNext();
        });
      });
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

  private markReadyLater(c: ContainerRecord): void {
    if (c.init) return;
    const probe = c.spec.readinessProbe;
    if (!probe) {
      c.ready = true;
      return;
    }
    // The first probe runs after initialDelaySeconds; probes always succeed in this simulation.
    const delay = (probe.initialDelaySeconds ?? 0) * SECOND;
    this.sim.schedule(delay, () => {
      if (c.runtime?.state !== "running" || this.terminating) return;
      c.ready = true;
      this.reportStatus();
    });
  }

  /** The runtime reports that a container's process exited on its own. */
  containerExited(rc: RuntimeContainer): void {
    const c = this.containers.find((x) => x.runtime === rc);
    if (!c || this.terminating) return;
    c.ready = false;
    const policy = this.pod.spec?.restartPolicy ?? "Always";
    const failed = (rc.exitCode ?? 0) !== 0;
    if (c.init && !failed) {
      this.reportStatus();
      this.startNext();
      return;
    }
    const restart =
      policy === "Always" || (policy === "OnFailure" && failed) || (c.init && failed && policy !== "Never");
    if (!restart) {
      this.reportStatus();
      if (this.reported?.phase === "Succeeded" || this.reported?.phase === "Failed") this.stopTerminalPod();
      return;
    }
    // doBackOff (kuberuntime_manager.go): in back-off while less than the current back-off has
    // passed since the container finished; otherwise restart now and double the back-off.
    const key = c.spec.name;
    const finished = rc.finishedAtMs ?? this.sim.now;
    const entry = this.backoff.get(key);
    const expired = entry !== undefined && finished - entry.lastUpdateMs > 2 * MAX_BACKOFF_MS;
    const waitMs = entry === undefined || expired ? 0 : entry.backoffMs - (this.sim.now - finished);
    if (entry === undefined || waitMs <= 0) {
      this.nextBackoff(key, finished);
      this.reportStatus();
      this.runContainer(c, true);
      return;
    }
    const podDesc = `${this.pod.metadata?.name ?? ""}_${this.pod.metadata?.namespace ?? ""}(${this.pod.metadata?.uid ?? ""})`;
    c.lastTerminated = rc;
    c.waiting = {
      reason: "CrashLoopBackOff",
      message: `back-off ${durationText(entry.backoffMs)} restarting failed container=${c.spec.name} pod=${podDesc}`,
    };
    this.kubelet.recorder.event(
      this.object,
      "Warning",
      "BackOff",
      `Back-off restarting failed container ${c.spec.name} in pod ${podDesc}`,
      this.fieldPath(c),
    );
    this.reportStatus();
    // Waiting out a back-off is not work in flight (the cluster is idle meanwhile); the restart is.
    this.sim.schedule(
      waitMs,
      () =>
        this.sim.schedule(
          0,
          () => {
            if (this.terminating) return;
            this.nextBackoff(key, finished);
            this.runContainer(c, true);
          },
          { background: false },
        ),
      { background: true },
    );
  }

  /** flowcontrol.Backoff.Next: start at 10 s (again after 10 quiet minutes), else double up to 5 min. */
  private nextBackoff(key: string, eventMs: number): void {
    const entry = this.backoff.get(key);
    if (entry === undefined || eventMs - entry.lastUpdateMs > 2 * MAX_BACKOFF_MS) {
      this.backoff.set(key, { backoffMs: INITIAL_BACKOFF_MS, lastUpdateMs: this.sim.now });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, MAX_BACKOFF_MS);
    entry.lastUpdateMs = this.sim.now;
  }

  /** A pod in a terminal phase (Succeeded/Failed) keeps its containers but loses its sandbox. */
  private stopTerminalPod(): void {
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
    // Before its sandbox exists (or was even asked for) there is nothing to stop but the pod.
    if (this.sandbox || !this.sandboxRequested) this.kill();
  }

  /** killPodWithSyncResult: stop every container (in parallel), then the sandbox, then report. */
  private kill(): void {
    const grace =
      this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    const running = this.containers.filter((c) => c.runtime?.state === "running");
    let remaining = running.length;
    const afterContainers = (): void => {
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
        this.kubelet.runtime.stopContainer(
          rc.id,
          pod.spec?.terminationGracePeriodSeconds ?? 30,
          this.ref,
          () => {
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
