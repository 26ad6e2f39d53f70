// The simulation kernel: a virtual clock, an event queue and a seeded RNG. Components never
// call each other directly; they `send` messages that are delivered (and traced) later, and
// they set timers with `schedule`. The engine never sleeps: whoever drives it (a test, the CLI,
// the Web Worker) decides how fast simulated time runs.

import type { TraceEvent, TraceMessage } from "../trace/traceEvent";
import { EventQueue, type QueuedTask } from "./eventQueue";
import { Rng } from "./rng";
import { DEFAULT_EPOCH_MS, type SimTime, formatRfc3339, formatRfc3339Micro, simTime } from "./time";

export interface TimerHandle {
  cancel(): void;
}

export interface SimulationOptions {
  readonly seed?: number;
  /** Wall-clock instant (ms since the Unix epoch) that simulated time 0 stands for. */
  readonly epochMs?: number;
  /** Keep every trace event in memory (the UI and tests need them; some benchmarks do not). */
  readonly keepTrace?: boolean;
  /** Simulated ms the clock starts at; negative for a cluster's history before the learner arrives. */
  readonly startMs?: number;
}

export type TraceListener = (event: TraceEvent) => void;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Simulation {
  readonly rng: Rng;
  readonly epochMs: number;
  readonly trace: TraceEvent[] = [];
  private readonly keepTrace: boolean;
  private readonly queue = new EventQueue();
  private nowMs = 0;
  private order = 0;
  private nextSeq = 1;
  private steps = 0;
  private foregroundPending = 0;
  private currentCause: number | undefined;
  private currentBackground = false;
  private readonly listeners: TraceListener[] = [];

  constructor(options: SimulationOptions = {}) {
    this.rng = new Rng(options.seed ?? 1);
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
    this.keepTrace = options.keepTrace ?? true;
    this.nowMs = options.startMs ?? 0;
  }

  /**
   * Forgets the trace so far and numbers the next message 1: what happened before the learner
   * arrived (a cluster's installation) is history, not part of their run.
   */
  resetTrace(): void {
    this.trace.length = 0;
    this.nextSeq = 1;
  }

  get now(): SimTime {
    return simTime(this.nowMs);
  }

  /** Number of trace events emitted so far. */
  get traceCount(): number {
    return this.nextSeq - 1;
  }

  /** `metav1.Time` for the current instant. */
  timestamp(): string {
    return formatRfc3339(this.epochMs + this.nowMs);
  }

  /** `metav1.MicroTime` for the current instant. */
  microTimestamp(): string {
    return formatRfc3339Micro(this.epochMs + this.nowMs);
  }

  /** The trace seq whose handling is running now (the cause of anything sent now). */
  get cause(): number | undefined {
    return this.currentCause;
  }

  onTrace(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Runs `run` after `delayMs` of simulated time. Untraced: timers are not messages. */
  schedule(delayMs: number, run: () => void, options: { background?: boolean } = {}): TimerHandle {
    return this.enqueue(delayMs, run, options.background ?? this.currentBackground);
  }

  /**
   * An outside input at absolute simulated time `time` (not before now): it runs after every other
   * task due at that instant. Scenario steps use this, so a replayed run injects its inputs at the
   * very point where a live driver did (after running the clock to `time`).
   */
  scheduleInput(time: number, run: () => void): TimerHandle {
    return this.enqueue(Math.max(0, time - this.nowMs), run, false, true);
  }

  /** Tasks executed so far. */
  get stepsTaken(): number {
    return this.steps;
  }

  /**
   * Sends a message: after `delayMs` it is recorded in the trace and `deliver` runs in the
   * receiver. Everything `deliver` sends is caused by this message. `message` may be a function,
   * evaluated on delivery, for steps whose outcome depends on the state at that instant.
   */
  send(message: TraceMessage | (() => TraceMessage), delayMs: number, deliver?: () => void): void {
    // Messages are the engine's hottest path: the task carries the message itself (no closure,
    // no cancel handle), and a thunk lets a stage decide what it reports when it runs.
    this.push(delayMs, undefined, message, deliver, this.currentBackground, false);
  }

  /** Runs `fn` as background work: what it sends and schedules does not keep the cluster busy. */
  background<T>(fn: () => T): T {
    const saved = this.currentBackground;
    this.currentBackground = true;
    try {
      return fn();
    } finally {
      this.currentBackground = saved;
    }
  }

  private record(message: TraceMessage): void {
    // Built field by field: object spread is the hottest path of the engine otherwise.
    const event = message as Mutable<TraceEvent>;
    event.seq = this.nextSeq++;
    event.time = this.now;
    if (this.currentCause !== undefined) event.cause = this.currentCause;
    if (this.currentBackground) event.background = true;
    this.currentCause = event.seq;
    if (this.keepTrace) this.trace.push(event);
    for (const listener of this.listeners) listener(event);
  }

  private enqueue(delayMs: number, run: () => void, background: boolean, late = false): TimerHandle {
    const task = this.push(delayMs, run, undefined, undefined, background, late);
    return {
      cancel: () => {
        if (task.cancelled) return;
        task.cancelled = true;
        if (!task.background) this.foregroundPending--;
      },
    };
  }

  private push(
    delayMs: number,
    run: (() => void) | undefined,
    message: TraceMessage | (() => TraceMessage) | undefined,
    deliver: (() => void) | undefined,
    background: boolean,
    late: boolean,
  ): QueuedTask {
    const task: QueuedTask = {
      time: this.nowMs + Math.max(0, delayMs),
      order: this.order++,
      run,
      message,
      deliver,
      cause: this.currentCause,
      background,
      late,
      cancelled: false,
    };
    if (!background) this.foregroundPending++;
    this.queue.push(task);
    return task;
  }

  /** True when only background work (heartbeats, housekeeping) is pending. */
  get idle(): boolean {
    return this.foregroundPending === 0;
  }

  /** Time of the next pending task, if any. */
  get nextTime(): SimTime | undefined {
    this.dropCancelled();
    const top = this.queue.peek();
    return top === undefined ? undefined : simTime(top.time);
  }

  private dropCancelled(): void {
    while (this.queue.peek()?.cancelled) this.queue.pop();
  }

  /** Runs the next task. Returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelled();
    const task = this.queue.pop();
    if (task === undefined) return false;
    if (!task.background) this.foregroundPending--;
    task.cancelled = true;
    this.steps++;
    this.nowMs = task.time;
    this.currentCause = task.cause;
    this.currentBackground = task.background;
    try {
      if (task.run) task.run();
      else if (task.message) {
        this.record(typeof task.message === "function" ? task.message() : task.message);
        task.deliver?.();
      }
    } finally {
      this.currentCause = undefined;
      this.currentBackground = false;
    }
    return true;
  }

  /** Runs tasks until one more trace event has been recorded (or nothing is pending). */
  stepTrace(): TraceEvent | undefined {
    const before = this.nextSeq;
    while (this.nextSeq === before) {
      if (!this.step()) return undefined;
    }
    return this.keepTrace ? this.trace[this.trace.length - 1] : undefined;
  }

  /** Runs every task due at or before `time`, then sets the clock to `time`. */
  runUntil(time: number): void {
    // The clock counts whole milliseconds; a driver pacing against wall time may ask for fractions.
    time = Math.floor(time);
    for (;;) {
      const next = this.nextTime;
      if (next === undefined || next > time) break;
      this.step();
    }
    if (time > this.nowMs) this.nowMs = time;
  }

  runFor(ms: number): void {
    this.runUntil(this.nowMs + ms);
  }

  /**
   * Runs until only background work is pending, or until `maxMs` of simulated time has passed.
   * Returns true if the cluster became idle.
   */
  runUntilIdle(maxMs = 3_600_000): boolean {
    const deadline = this.nowMs + maxMs;
    while (!this.idle) {
      const next = this.nextTime;
      if (next === undefined || next > deadline) break;
      this.step();
    }
    return this.idle;
  }
}
