// kube-scheduler's scheduling queue (pkg/scheduler/internal/queue): activeQ ordered by priority
// then arrival (PrioritySort), backoffQ for pods that failed recently (1 s doubling to 10 s),
// and unschedulablePods, which wait for a cluster event that might help — or five minutes.
// Simplified: any node or assigned-pod event moves every unschedulable pod (no per-plugin
// queueing hints), and backoff expiry is an exact timer rather than a 1 s flush loop.

import type { Pod } from "../api/objects";
import { Timing } from "../cluster/timing";
import type { Simulation, TimerHandle } from "../sim/simulation";
import { Heap } from "../util/heap";

export interface QueuedPod {
  readonly key: string;
  pod: Pod;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When the pod first entered the queue (ms), for FIFO order among equal priorities. */
  readonly enqueuedAt: number;
  order: number;
  /** When it was last marked unschedulable (ms). */
  unschedulableSince: number;
}

export class SchedulingQueue {
  private readonly active = new Heap<QueuedPod>(
    (a, b) =>
      (b.pod.spec?.priority ?? 0) < (a.pod.spec?.priority ?? 0) ||
      ((b.pod.spec?.priority ?? 0) === (a.pod.spec?.priority ?? 0) && a.order < b.order),
  );
  /** Every pod the queue knows, wherever it waits; a popped pod is "in flight" and absent here. */
  private readonly entries = new Map<string, QueuedPod>();
  private readonly activeKeys = new Set<string>();
  private readonly backoffTimers = new Map<string, TimerHandle>();
  private readonly unschedulable = new Set<string>();
  private order = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly onActive: () => void,
  ) {
    const flush = (): void => {
      this.flushUnschedulableLeftover();
      this.sim.schedule(Timing.unschedulableFlushInterval, flush, { background: true });
    };
    this.sim.schedule(Timing.unschedulableFlushInterval, flush, { background: true });
  }

  get activeCount(): number {
    return this.activeKeys.size;
  }

  get pendingCount(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(key: string, pod: Pod): void {
    if (this.entries.has(key)) return this.update(key, pod);
    const entry: QueuedPod = { key, pod, attempts: 0, enqueuedAt: this.sim.now, order: this.order++, unschedulableSince: 0 };
    this.entries.set(key, entry);
    this.pushActive(entry);
  }

  update(key: string, pod: Pod): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.pod = pod;
    // A changed pod may now fit: give it another try (PodUpdate event).
    if (this.unschedulable.has(key)) this.moveOut(entry);
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.activeKeys.delete(key);
    this.unschedulable.delete(key);
    this.backoffTimers.get(key)?.cancel();
    this.backoffTimers.delete(key);
  }

  /** Next pod to schedule, or undefined. The pod leaves the queue while it is being scheduled. */
  pop(): QueuedPod | undefined {
    for (;;) {
      const entry = this.active.pop();
      if (!entry) return undefined;
      if (!this.activeKeys.has(entry.key) || this.entries.get(entry.key) !== entry) continue;
      this.activeKeys.delete(entry.key);
      this.entries.delete(entry.key);
      entry.attempts++;
      return entry;
    }
  }

  /** After a failed attempt: wait for a helpful cluster event (or back off if one already came). */
  addUnschedulable(entry: QueuedPod): void {
    entry.unschedulableSince = this.sim.now;
    this.entries.set(entry.key, entry);
    this.unschedulable.add(entry.key);
  }

  /** After an error (e.g. binding failed): retry after the backoff. */
  addBackoff(entry: QueuedPod): void {
    this.entries.set(entry.key, entry);
    this.startBackoff(entry);
  }

  /** A cluster event that may make unschedulable pods schedulable (node added/changed, pod deleted). */
  moveAllToActiveOrBackoff(): void {
    for (const key of [...this.unschedulable]) {
      const entry = this.entries.get(key);
      if (entry) this.moveOut(entry);
    }
  }

  backoffDuration(entry: QueuedPod): number {
    let d = Timing.podInitialBackoff;
    for (let i = 1; i < entry.attempts; i++) {
      d *= 2;
      if (d >= Timing.podMaxBackoff) return Timing.podMaxBackoff;
    }
    return Math.min(d, Timing.podMaxBackoff);
  }

  private moveOut(entry: QueuedPod): void {
    this.unschedulable.delete(entry.key);
    if (entry.attempts === 0) this.pushActive(entry);
    else this.startBackoff(entry);
  }

  private startBackoff(entry: QueuedPod): void {
    if (this.backoffTimers.has(entry.key)) return;
    const timer = this.sim.schedule(this.backoffDuration(entry), () => {
      this.backoffTimers.delete(entry.key);
      if (this.entries.get(entry.key) === entry) this.pushActive(entry);
    });
    this.backoffTimers.set(entry.key, timer);
  }

  private pushActive(entry: QueuedPod): void {
    this.unschedulable.delete(entry.key);
    this.activeKeys.add(entry.key);
    this.active.push(entry);
    this.onActive();
  }

  private flushUnschedulableLeftover(): void {
    const now = this.sim.now;
    for (const key of [...this.unschedulable]) {
      const entry = this.entries.get(key);
      if (entry && now - entry.unschedulableSince >= Timing.podMaxInUnschedulablePodsDuration) {
        // Leaving unschedulablePods after 5 minutes is foreground work: the pod will be retried.
        this.sim.schedule(0, () => this.moveOut(entry), { background: false });
      }
    }
  }
}
