// One learner's run of the engine, as the Web Worker holds it: the cluster, the log of what the
// learner did (a SessionScenario, which reproduces the run exactly), and what the UI has not been
// sent yet. Pure logic with no timers, so it is tested in Node; engineWorker.ts paces it.

import { Cluster } from "../engine/cluster/cluster";
import { decodeKv } from "../engine/apiserver/storage";
import type { CommandResult } from "../engine/kubectl/kubectl";
import { runStep } from "../engine/scenario/runner";
import type { ScenarioAction, ScenarioStep } from "../engine/scenario/scenario";
import type { TraceEvent } from "../engine/trace/traceEvent";
import type { ClockState, ObjectDiff, SessionScenario, Speed, WorkerMessage } from "../protocol/messages";
import { documentName } from "../ui/documents/documents";
import { TerminalCommands, type TerminalCommandOptions, kubectlStep } from "./terminalCommands";

export type LearnerAction = ScenarioAction;

export const DEFAULT_SCENARIO: SessionScenario = { seed: 1, workers: 3, steps: [] };

/** Longest a "run until idle" may go, in simulated time. */
const IDLE_LIMIT_MS = 60 * 60 * 1000;

export class Session {
  cluster!: Cluster;
  scenario: SessionScenario = DEFAULT_SCENARIO;
  playing = false;
  speed: Speed = 1;
  private objects: ObjectDiff[] = [];
  private trace: TraceEvent[] = [];
  private resetPending = true;
  /** The editor's documents by file name, as the UI last sent them (`kubectl -f NAME` reads these). */
  documents: Readonly<Record<string, string>> = {};
  /** Set by the worker: asks the UI to open a document (`kubectl edit`). */
  onOpenDocument: ((name: string, text: string) => void) | undefined;
  /** The Terminal panel's live commands (a field, so it exists before the constructor's `load`). */
  /** Terminal command id → the index of its recorded step. */
  private readonly terminalSteps = new Map<number, number>();
  readonly terminal = new TerminalCommands();

  constructor(scenario: SessionScenario = DEFAULT_SCENARIO) {
    this.load(scenario);
  }

  /** Builds a fresh cluster and schedules the scenario's steps at their times (paused at 0). */
  load(scenario: SessionScenario): void {
    this.scenario = { seed: scenario.seed, workers: scenario.workers, steps: [...scenario.steps] };
    this.terminal.abandonAll();
    this.cluster = new Cluster({ seed: scenario.seed, workers: scenario.workers });
    this.objects = [];
    this.trace = [];
    this.resetPending = true;
    const sim = this.cluster.sim;
    // Every change in etcd becomes an object diff for the UI, in order, from the first revision:
    // so after a reset the UI can still show any object as it was at any step.
    this.cluster.etcd.store.watch("/registry/", { prefix: true, startRevision: 1 }, (events) => {
      for (const e of events) {
        if (e.type === "PUT") this.objects.push({ key: e.kv.key, object: decodeKv(e.kv) });
        else this.objects.push({ key: e.kv.key, removedAt: e.kv.modRevision });
      }
    });
    sim.onTrace((event) => this.trace.push(event));
    for (const step of this.scenario.steps)
      sim.scheduleInput(step.at, () => runStep(this.cluster, step, "manifest.yaml", () => {}));
  }

  /** A learner's command, injected now: recorded in the scenario so replays do the same. */
  act(action: LearnerAction, source: string, done: (results: CommandResult[]) => void): void {
    const sim = this.cluster.sim;
    // Finish everything due at this instant first: exactly what a replayed input step does.
    sim.runUntil(sim.now);
    const recorded = { at: sim.now, ...action } as ScenarioStep;
    this.scenario = { ...this.scenario, steps: [...this.scenario.steps, recorded] };
    runStep(this.cluster, recorded, source, done);
  }

  /** KubectlEnv.readFile: the text of the editor document `name`, or undefined. */
  readDocument(name: string): string | undefined {
    return Object.hasOwn(this.documents, name) ? this.documents[name] : undefined;
  }

  /**
   * KubectlEnv.openInEditor (`kubectl edit`): the document is kept here at once, so a `-f` of it
   * right after works before the UI's next setDocuments arrives.
   */
  openInEditor(requested: string, text: string): void {
    const name = documentName(requested);
    this.documents = { ...this.documents, [name]: text };
    this.onOpenDocument?.(name, text);
  }

  /**
   * A line typed in the terminal, run now and recorded as a `kubectl` step. While paused its API
   * calls wait in the simulation queue like everything else; output streams as time runs.
   */
  kubectl(
    id: number,
    line: string,
    options: TerminalCommandOptions = {
      readFile: (name) => this.readDocument(name),
      openInEditor: (name, text) => this.openInEditor(name, text),
    },
  ): void {
    const sim = this.cluster.sim;
    sim.runUntil(sim.now);
    // The documents the command reads (`-f NAME`) are recorded with it, so a replay reads the same text.
    const files: Record<string, string> = {};
    const index = this.scenario.steps.length;
    const readFile = options.readFile;
    const recorded: TerminalCommandOptions = {
      ...options,
      ...(readFile
        ? {
            readFile: (name: string) => {
              const text = readFile(name);
              if (text !== undefined) {
                files[name] = text;
                this.updateKubectlStep(index, { files: { ...files } });
              }
              return text;
            },
          }
        : {}),
    };
    this.scenario = { ...this.scenario, steps: [...this.scenario.steps, kubectlStep(sim.now, line)] };
    this.terminalSteps.set(id, index);
    this.terminal.run(this.cluster, id, line, recorded);
  }

  /** Ctrl+C on a terminal command: recorded on its step, so a replay stops it at the same point. */
  cancelKubectl(id: number): void {
    const sim = this.cluster.sim;
    sim.runUntil(sim.now);
    const index = this.terminalSteps.get(id);
    if (index !== undefined && this.terminal.isRunning(id))
      this.updateKubectlStep(index, { cancelAt: sim.now });
    this.terminal.cancel(id);
  }

  private updateKubectlStep(
    index: number,
    extra: { files?: Record<string, string>; cancelAt?: number },
  ): void {
    const steps = [...this.scenario.steps];
    const step = steps[index];
    if (!step || !("kubectl" in step)) return;
    steps[index] = { ...step, ...extra };
    this.scenario = { ...this.scenario, steps };
  }

  /** One more trace event (with `skipBackground`, one more that is not a heartbeat). */
  step(skipBackground = false): void {
    const sim = this.cluster.sim;
    for (;;) {
      const event = sim.stepTrace();
      if (event === undefined || !skipBackground || !event.background) return;
    }
  }

  /**
   * Back to the state just before the last trace event (with `skipBackground`, before the last
   * one that is not a heartbeat): replay the run from the start.
   */
  stepBack(skipBackground = false): void {
    const trace = this.cluster.sim.trace;
    let last = trace.length - 1;
    if (skipBackground) while (last >= 0 && trace[last]?.background) last--;
    const target = last;
    if (target < 0) return;
    this.load(this.scenario);
    const sim = this.cluster.sim;
    while (sim.traceCount < target && sim.stepTrace() !== undefined) {
      /* replay */
    }
    this.trace = [];
  }

  /**
   * Runs simulated time forward to `time` (ms since the start), unless `outOfTime` says the frame's
   * budget is spent: then simulated time stops where the work stopped, and catches up later.
   */
  advanceTo(time: number, outOfTime: () => boolean = () => false): void {
    const sim = this.cluster.sim;
    for (;;) {
      const next = sim.nextTime;
      if (next === undefined || next > time) {
        sim.runUntil(time);
        return;
      }
      if (outOfTime()) return;
      sim.step();
    }
  }

  runUntilIdle(): void {
    this.cluster.sim.runUntilIdle(IDLE_LIMIT_MS);
  }

  /**
   * Rebuilds the run and plays it to `untilTime` (a share link, or a reload). With `traceCount`,
   * the run stops after exactly that many messages, even when the original was paused in the
   * middle of an instant (after Step): then it is the same run message for message.
   */
  restore(scenario: SessionScenario, untilTime: number | undefined, traceCount?: number): void {
    this.load(scenario);
    const sim = this.cluster.sim;
    if (untilTime !== undefined && untilTime > 0) sim.runUntil(untilTime);
    if (traceCount !== undefined && sim.traceCount > traceCount) {
      // The original stopped mid-instant: replay again, message by message, to that point.
      this.load(scenario);
      const replay = this.cluster.sim;
      while (replay.traceCount < traceCount && replay.stepTrace() !== undefined) {
        /* replay */
      }
    }
    this.trace = [];
  }

  clock(): ClockState {
    const sim = this.cluster.sim;
    return {
      now: sim.now,
      epochMs: sim.epochMs,
      playing: this.playing,
      speed: this.speed,
      idle: sim.idle,
      traceCount: sim.traceCount,
    };
  }

  /** What happened since the last batch; a reset batch carries the whole cluster and trace. */
  takeBatch(): Extract<WorkerMessage, { type: "batch" }> {
    const reset = this.resetPending;
    const batch = {
      type: "batch" as const,
      reset,
      objects: this.objects,
      trace: reset ? [...this.cluster.sim.trace] : this.trace,
      clock: this.clock(),
      scenario: this.scenario,
    };
    this.objects = [];
    this.trace = [];
    this.resetPending = false;
    return batch;
  }

  /** True when there is something the UI has not seen. */
  get dirty(): boolean {
    return this.resetPending || this.objects.length > 0 || this.trace.length > 0;
  }
}
