// How the kubelet restarts a pod's containers (kuberuntime_manager.go computePodActions and
// doBackOff): after a container exits, as restartPolicy says (init containers go on to the next
// one), and after a failed liveness/startup probe, which kills it first ("Killing", within the
// probe's or pod's grace period). Restarts wait out the CrashLoopBackOff back-off.

import type { Pod } from "../api/objects";
import type { EventType } from "../client/eventRecorder";
import type { Simulation } from "../sim/simulation";
import type { ObjectRef } from "../trace/traceEvent";
import type { ContainerRuntime, RuntimeContainer } from "./containerRuntime";
import type { ContainerRecord } from "./podStatus";
import { RestartBackOff, durationText } from "./restartBackOff";

/** What the pod worker lends the restart logic. */
export interface RestartHost {
  readonly sim: Simulation;
  readonly ref: ObjectRef;
  readonly containers: readonly ContainerRecord[];
  pod(): Pod;
  runtime(): ContainerRuntime;
  /** The pod is being deleted (or the node went down): nothing is restarted. */
  stopping(): boolean;
  reportStatus(): void;
  /** Pull if needed, create and start a new instance of the container. */
  restart(c: ContainerRecord): void;
  /** Start the next container in order (after an init container succeeded). */
  startNext(): void;
  /** Report a container that stays down, and tear down a pod that has finished. */
  settle(): void;
  event(c: ContainerRecord, type: EventType, reason: string, message: string): void;
}

export class ContainerRestarts {
  /** CrashLoopBackOff: 10 s, doubling, capped at 5 minutes (flowcontrol.Backoff). */
  private readonly backoff = new RestartBackOff();

  constructor(private readonly host: RestartHost) {}

  /** The runtime reports that a container's process exited on its own. */
  containerExited(rc: RuntimeContainer): void {
    const c = this.host.containers.find((x) => x.runtime === rc);
    if (!c || this.host.stopping() || c.stopping) return;
    c.ready = false;
    const policy = this.host.pod().spec?.restartPolicy ?? "Always";
    const failed = (rc.exitCode ?? 0) !== 0;
    if (c.init && !failed) {
      this.host.reportStatus();
      this.host.startNext();
      return;
    }
    const restart =
      policy === "Always" || (policy === "OnFailure" && failed) || (c.init && failed && policy !== "Never");
    if (!restart) return this.host.settle();
    // doBackOff reads the pod's status when the container has just exited: this one.
    this.restartOrBackOff(c, rc, rc.finishedAtMs ?? this.host.sim.now);
  }

  /**
   * doBackOff (kuberuntime_manager.go), with `finished` the finish time of the latest exited
   * instance the kubelet knew of: in back-off while less than the current back-off has passed
   * since then (CrashLoopBackOff, retried when it ends); otherwise restart now, doubling it.
   */
  private restartOrBackOff(c: ContainerRecord, rc: RuntimeContainer, finished: number): void {
    const key = c.spec.name;
    const waitMs = this.backoff.remaining(key, finished, this.host.sim.now);
    if (waitMs <= 0) {
      this.backoff.next(key, finished, this.host.sim.now);
      this.host.reportStatus();
      this.host.restart(c);
      return;
    }
    const meta = this.host.pod().metadata;
    // format.Pod: name_namespace(uid).
    const podDesc = `${meta?.name ?? ""}_${meta?.namespace ?? ""}(${meta?.uid ?? ""})`;
    c.lastTerminated = rc;
    c.waiting = {
      reason: "CrashLoopBackOff",
      message: `back-off ${durationText(this.backoff.get(key))} restarting failed container=${c.spec.name} pod=${podDesc}`,
    };
    this.host.event(
      c,
      "Warning",
      "BackOff",
      `Back-off restarting failed container ${c.spec.name} in pod ${podDesc}`,
    );
    this.host.reportStatus();
    // Waiting out a back-off is not work in flight (the cluster is idle meanwhile); the restart is.
    this.host.sim.schedule(
      waitMs,
      () =>
        this.host.sim.schedule(
          0,
          () => {
            if (this.host.stopping()) return;
            this.backoff.next(key, finished, this.host.sim.now);
            this.host.restart(c);
          },
          { background: false },
        ),
      { background: true },
    );
  }

  /**
   * A liveness or startup probe failed (computePodActions): kill the container, then start it
   * again unless restartPolicy is Never. The restart's back-off is judged on the pod status read
   * before the kill, whose latest exited instance is the one before this (if any).
   */
  probeFailed(c: ContainerRecord, probe: "liveness" | "startup"): void {
    const rc = c.runtime;
    if (!rc || rc.state !== "running" || this.host.stopping() || c.stopping) return;
    const restart = (this.host.pod().spec?.restartPolicy ?? "Always") !== "Never";
    const before = c.lastTerminated;
    this.host.event(
      c,
      "Normal",
      "Killing",
      `Container ${c.spec.name} failed ${probe} probe${restart ? ", will be restarted" : ""}`,
    );
    const spec = probe === "liveness" ? c.spec.livenessProbe : c.spec.startupProbe;
    const grace =
      spec?.terminationGracePeriodSeconds ?? this.host.pod().spec?.terminationGracePeriodSeconds ?? 30;
    c.stopping = true;
    this.host.runtime().stopContainer(rc.id, grace, this.host.ref, () => {
      c.stopping = false;
      if (this.host.stopping()) return;
      c.ready = false;
      if (!restart) return this.host.settle();
      if (before?.finishedAtMs === undefined) {
        // No exited instance in the status yet: doBackOff does not back off (nor count).
        this.host.reportStatus();
        this.host.restart(c);
        return;
      }
      this.restartOrBackOff(c, rc, before.finishedAtMs);
    });
  }
}
