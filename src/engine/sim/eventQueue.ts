// A binary min-heap of tasks ordered by simulated time, then by insertion sequence, so tasks
// due at the same instant run first-in first-out and every run is reproducible. "Late" tasks
// (inputs from outside: a scenario step, a learner's Apply) run after everything else due at
// their instant, exactly as if the driver had run the clock to that instant and then acted.

import type { TraceMessage } from "../trace/traceEvent";
import { Heap } from "../util/heap";

export interface QueuedTask {
  readonly time: number;
  readonly order: number;
  /** A timer's function; for a message, undefined (the message and its delivery are below). */
  readonly run: (() => void) | undefined;
  readonly message: TraceMessage | (() => TraceMessage) | undefined;
  readonly deliver: (() => void) | undefined;
  /** The trace seq that caused this task (propagated to whatever it sends). */
  readonly cause: number | undefined;
  /** Background tasks (heartbeats, periodic housekeeping) do not keep the cluster "busy". */
  readonly background: boolean;
  /** Late tasks run after every ordinary task due at the same instant (outside inputs). */
  readonly late: boolean;
  cancelled: boolean;
}

export class EventQueue {
  private readonly heap = new Heap<QueuedTask>(before);

  get size(): number {
    return this.heap.size;
  }

  push(task: QueuedTask): void {
    this.heap.push(task);
  }

  peek(): QueuedTask | undefined {
    return this.heap.peek();
  }

  pop(): QueuedTask | undefined {
    return this.heap.pop();
  }
}

function before(a: QueuedTask, b: QueuedTask): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.late !== b.late) return b.late;
  return a.order < b.order;
}
