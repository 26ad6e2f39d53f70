// The kubelet's probe manager and workers (pkg/kubelet/prober/prober_manager.go, worker.go,
// prober.go): one worker per probe per container, ticking every periodSeconds from when the pod
// was added; it skips probing until the container runs, for initialDelaySeconds after it
// started, and (liveness/readiness) until the startup probe passed; results change only after
// failureThreshold failures or successThreshold successes in a row; every failure records a
// Warning `Unhealthy` event. Readiness sets the container's `ready`; a startup success sets
// `started`; a liveness or startup failure has the pod worker kill the container. After a
// liveness/startup failure a worker holds until the container is replaced.
// Ticks are background work (periodic, so "run until idle" settles), except that a container's
// first readiness/startup probe is awaited as foreground work, and what a probe changes (status,
// events, the kill) is foreground. Pods without probes get no worker and cost nothing.
// Simplified: the kubelet's 1-minute resync does not re-trigger readiness probes.

import type { Probe } from "kubernetes-types/core/v1";
import type { TimerHandle } from "../sim/simulation";
import { SECOND } from "../sim/time";
import type { ContainerRecord } from "./podStatus";
import { type ProbeOutcome, runProbe } from "./probeRunner";
import type { PodWorker } from "./podWorker";

export type ProbeType = "liveness" | "readiness" | "startup";
type Result = "success" | "failure" | "unknown";

const LABEL: Record<ProbeType, string> = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" };
/** The result a worker starts a new container with (newWorker's initialValue). */
const INITIAL: Record<ProbeType, Result> = { liveness: "success", readiness: "failure", startup: "unknown" };

class ProbeWorker {
  private containerId: string | undefined;
  private lastResult: Result | undefined;
  private resultRun = 0;
  private onHold = false;
  private inFlight = false;
  private lastTickMs = -1;
  private ticker: TimerHandle | undefined;
  /** A foreground wake-up for the current container's first readiness/startup probe. */
  private firstProbe: TimerHandle | undefined;
  result: Result;

  constructor(
    private readonly prober: Prober,
    readonly record: ContainerRecord,
    readonly type: ProbeType,
    readonly spec: Probe,
  ) {
    this.result = INITIAL[type];
  }

  private get periodMs(): number {
    return Math.max(1, this.spec.periodSeconds ?? 10) * SECOND;
  }

  /** worker.run: probe at once, then on every tick. */
  start(): void {
    const sim = this.prober.worker.sim;
    const tick = (): void => {
      this.ticker = sim.schedule(this.periodMs, tick, { background: true });
      this.tick();
    };
    this.ticker = sim.schedule(0, tick, { background: true });
  }

  stop(): void {
    this.ticker?.cancel();
    this.firstProbe?.cancel();
    this.ticker = undefined;
    this.firstProbe = undefined;
  }

  /** A new container instance started: arrange for its first probe to be awaited as foreground work. */
  containerStarted(startedAtMs: number, t0: number): void {
    this.firstProbe?.cancel();
    if (this.type === "liveness") return;
    const sim = this.prober.worker.sim;
    const due = startedAtMs + (this.spec.initialDelaySeconds ?? 0) * SECOND;
    const period = this.periodMs;
    const at = Math.max(sim.now, t0 + Math.ceil((due - t0) / period) * period);
    this.firstProbe = sim.schedule(at - sim.now, () => this.tick(), { background: false });
  }

  /** A manual trigger (prober_manager UpdatePodStatus runs the readiness probe at once). */
  trigger(): void {
    this.tick();
  }

  /** doProbe. */
  tick(): void {
    const worker = this.prober.worker;
    const sim = worker.sim;
    // One probe per instant (a manual trigger and a tick may coincide), one at a time.
    if (this.lastTickMs === sim.now || this.inFlight) return;
    if (worker.isTerminal()) return this.stop();
    const rc = this.record.runtime;
    if (!rc) return;
    if (this.containerId !== rc.id) {
      this.containerId = rc.id;
      this.setResult(INITIAL[this.type]);
      this.onHold = false;
    }
    if (this.onHold) return;
    if (rc.state !== "running") {
      this.setResult("failure");
      if (rc.state === "exited" && worker.pod.spec?.restartPolicy === "Never") this.stop();
      return;
    }
    if (sim.now - (rc.startedAtMs ?? 0) < (this.spec.initialDelaySeconds ?? 0) * SECOND) return;
    const started = this.record.started !== false;
    if (started === (this.type === "startup")) return;
    this.firstProbe?.cancel();
    this.lastTickMs = sim.now;
    this.inFlight = true;
    const id = rc.id;
    runProbe(worker.probeContext(this.record, LABEL[this.type]), this.spec, (outcome) => {
      this.inFlight = false;
      if (this.containerId === id) this.handle(outcome);
    });
  }

  private handle(outcome: ProbeOutcome): void {
    const worker = this.prober.worker;
    const label = LABEL[this.type];
    if ("error" in outcome) {
      worker.foreground(() =>
        worker.event(
          this.record,
          "Warning",
          "Unhealthy",
          `${label} probe errored and resulted in unknown state: ${outcome.error}`,
        ),
      );
      return;
    }
    const result = outcome.result;
    if (result === "failure")
      worker.foreground(() =>
        worker.event(this.record, "Warning", "Unhealthy", `${label} probe failed: ${outcome.output}`),
      );
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold =
      result === "failure" ? (this.spec.failureThreshold ?? 3) : (this.spec.successThreshold ?? 1);
    if (this.resultRun < threshold) return;
    this.setResult(result);
    if (this.type !== "readiness" && result === "failure") {
      // The container will be restarted: stop probing it until a new container shows up.
      this.onHold = true;
      this.resultRun = 0;
    }
  }

  private setResult(result: Result): void {
    const changed = this.result !== result;
    this.result = result;
    this.prober.resultChanged(this, changed);
  }
}

/** The probe manager of one pod: its workers, and what their results mean for the containers. */
export class Prober {
  private readonly workers: ProbeWorker[] = [];
  private readonly t0: number;

  constructor(readonly worker: PodWorker) {
    this.t0 = worker.sim.now;
    for (const record of worker.containers) {
      if (record.init) continue;
      const probes: [ProbeType, Probe | undefined][] = [
        ["startup", record.spec.startupProbe],
        ["readiness", record.spec.readinessProbe],
        ["liveness", record.spec.livenessProbe],
      ];
      for (const [type, spec] of probes)
        if (spec) this.workers.push(new ProbeWorker(this, record, type, spec));
    }
    for (const w of this.workers) w.start();
  }

  /** Whether any container of the pod has a probe (a pod without probes needs no Prober). */
  static needed(records: readonly ContainerRecord[]): boolean {
    return records.some(
      (r) => !r.init && (r.spec.livenessProbe || r.spec.readinessProbe || r.spec.startupProbe),
    );
  }

  private find(record: ContainerRecord, type: ProbeType): ProbeWorker | undefined {
    return this.workers.find((w) => w.record === record && w.type === type);
  }

  /**
   * A container (re)started: it is `started` unless a startup probe must pass first, and ready at
   * once unless a readiness probe must pass (UpdatePodStatus); the readiness probe runs right away.
   */
  containerStarted(record: ContainerRecord): void {
    const startedAt = record.runtime?.startedAtMs ?? this.worker.sim.now;
    const startup = this.find(record, "startup");
    const readiness = this.find(record, "readiness");
    record.started = startup ? false : true;
    record.ready = !startup && !readiness;
    for (const w of this.workers) if (w.record === record) w.containerStarted(startedAt, this.t0);
    if (!startup && readiness && (readiness.spec.initialDelaySeconds ?? 0) === 0) readiness.trigger();
  }

  resultChanged(w: ProbeWorker, changed: boolean): void {
    const record = w.record;
    const worker = this.worker;
    if (w.type === "readiness") {
      const ready = w.result === "success" && record.runtime?.state === "running" && record.started !== false;
      if (ready !== record.ready) {
        record.ready = ready;
        worker.foreground(() => worker.reportStatus());
      }
      return;
    }
    if (!changed) return;
    if (w.type === "startup" && w.result === "success") {
      record.started = true;
      const readiness = this.find(record, "readiness");
      if (readiness) readiness.trigger();
      else record.ready = true;
      worker.foreground(() => worker.reportStatus());
    } else if (w.result === "failure" && record.runtime?.state === "running") {
      const probe = w.type as "liveness" | "startup";
      worker.foreground(() => worker.probeFailed(record, probe));
    }
  }

  stop(): void {
    for (const w of this.workers) w.stop();
  }
}
