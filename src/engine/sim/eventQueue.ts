// A binary min-heap of tasks ordered by simulated time, then by insertion sequence, so tasks
// due at the same instant run first-in first-out and every run is reproducible. "Late" tasks
// (inputs from outside: a scenario step, a learner's Apply) run after everything else due at
// their instant, exactly as if the driver had run the clock to that instant and then acted.

export interface QueuedTask {
  readonly time: number;
  readonly order: number;
  readonly run: () => void;
  /** The trace seq that caused this task (propagated to whatever it sends). */
  readonly cause: number | undefined;
  /** Background tasks (heartbeats, periodic housekeeping) do not keep the cluster "busy". */
  readonly background: boolean;
  /** Late tasks run after every ordinary task due at the same instant (outside inputs). */
  readonly late: boolean;
  cancelled: boolean;
}

export class EventQueue {
  private heap: QueuedTask[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(task: QueuedTask): void {
    const heap = this.heap;
    heap.push(task);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as QueuedTask;
      if (!before(task, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = task;
  }

  peek(): QueuedTask | undefined {
    return this.heap[0];
  }

  pop(): QueuedTask | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && before(heap[r] as QueuedTask, heap[l] as QueuedTask)) child = r;
      const c = heap[child] as QueuedTask;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: QueuedTask, b: QueuedTask): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.late !== b.late) return b.late;
  return a.order < b.order;
}
