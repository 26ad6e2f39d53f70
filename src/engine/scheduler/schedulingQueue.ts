// kube-scheduler's scheduling queue (pkg/scheduler/internal/queue): activeQ ordered by priority
// then by the time the pod entered the queue or last failed (PrioritySort), backoffQ for pods
// that failed recently (1 s doubling to 10 s, counted from the failure), and unschedulablePods,
// which wait for a cluster event that might help — or five minutes.
// A popped pod is "in flight" until its scheduling (and binding) ends; an event or an update
// that arrives meanwhile sends it to backoff instead of unschedulablePods, as upstream's
// in-flight event tracking does.
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
  /** When the pod entered the queue or last failed (ms): the backoff starts here (QueuedPodInfo.Timestamp). */
  timestamp: number;
  /** Orders pods of equal priority: taken from a counter whenever `timestamp` is set. */
  order: number;
  /** While in flight: something happened (pod update, cluster event) that may make it schedulable. */
  eventWhileInFlight: boolean;
}

export class SchedulingQueue {
  private readonly active = new Heap<QueuedPod>(
    (a, b) =>
      (b.pod.spec?.priority ?? 0) < (a.pod.spec?.priority ?? 0) ||
      ((b.pod.spec?.priority ?? 0) === (a.pod.spec?.priority ?? 0) && a.order < b.order),
  );
  /** Every pod waiting in the queue (active, backoff or unschedulable). */
  private readonly entries = new Map<string, QueuedPod>();
  /** Pods popped and not yet finished (scheduling or binding). */
  private readonly inFlight = new Map<string, QueuedPod>();
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

  /** Pods waiting in any of the three queues (not counting the one in flight). */
  get pendingCount(): number {
    return this.entries.size;
  }

  get backoffCount(): number {
    return this.backoffTimers.size;
  }

  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  /** Whether the pod waits in the queue or is being scheduled. */
  has(key: string): boolean {
    return this.entries.has(key) || this.inFlight.has(key);
  }

  isUnschedulable(key: string): boolean {
    return this.unschedulable.has(key);
  }

  isBackingOff(key: string): boolean {
    return this.backoffTimers.has(key);
  }

  add(key: string, pod: Pod): void {
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.pod = pod;
      flying.eventWhileInFlight = true;
      return;
    }
    if (this.entries.has(key)) return this.update(key, pod);
    const entry: QueuedPod = {
      key,
      pod,
      attempts: 0,
      timestamp: this.sim.now,
      order: this.order++,
      eventWhileInFlight: false,
    };
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
    this.inFlight.delete(key);
    this.activeKeys.delete(key);
    this.unschedulable.delete(key);
    this.backoffTimers.get(key)?.cancel();
    this.backoffTimers.delete(key);
  }

  /** Next pod to schedule, or undefined. The pod leaves the queue and is in flight until `done`. */
  pop(): QueuedPod | undefined {
    for (;;) {
      const entry = this.active.pop();
      if (!entry) return undefined;
      if (!this.activeKeys.has(entry.key) || this.entries.get(entry.key) !== entry) continue;
      this.activeKeys.delete(entry.key);
      this.entries.delete(entry.key);
      entry.attempts++;
      entry.eventWhileInFlight = false;
      this.inFlight.set(entry.key, entry);
      return entry;
    }
  }

  /** The pod was bound (or abandoned): it no longer belongs to the queue. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * After a failed attempt: wait in unschedulablePods for a helpful cluster event, or back off
   * at once if one arrived while the pod was in flight. A pod deleted meanwhile is dropped.
   */
  addUnschedulable(entry: QueuedPod): void {
    if (!this.requeue(entry)) return;
    if (entry.eventWhileInFlight) return this.startBackoff(entry);
    this.unschedulable.add(entry.key);
  }

  /** After an error (e.g. binding failed): retry after the backoff. */
  addBackoff(entry: QueuedPod): void {
    if (!this.requeue(entry)) return;
    this.startBackoff(entry);
  }

  /** A cluster event that may make unschedulable pods schedulable (node added/changed, pod deleted). */
  moveAllToActiveOrBackoff(): void {
    for (const entry of this.inFlight.values()) entry.eventWhileInFlight = true;
    for (const key of [...this.unschedulable]) {
      const entry = this.entries.get(key);
      if (entry) this.moveOut(entry);
    }
  }

  /** calculateBackoffDuration: 0 before any attempt, then 1 s doubling per attempt up to 10 s. */
  backoffDuration(entry: QueuedPod): number {
    if (entry.attempts === 0) return 0;
    let d = Timing.podInitialBackoff;
    for (let i = 1; i < entry.attempts; i++) {
      if (d > Timing.podMaxBackoff - d) return Timing.podMaxBackoff;
      d += d;
    }
    return d;
  }

  private requeue(entry: QueuedPod): boolean {
    if (this.inFlight.get(entry.key) !== entry) return false;
    this.inFlight.delete(entry.key);
    entry.timestamp = this.sim.now;
    entry.order = this.order++;
    this.entries.set(entry.key, entry);
    return true;
  }

  private moveOut(entry: QueuedPod): void {
    this.unschedulable.delete(entry.key);
    this.startBackoff(entry);
  }

  /** To backoffQ until `timestamp + backoff`, or straight to activeQ if that has passed. */
  private startBackoff(entry: QueuedPod): void {
    if (this.backoffTimers.has(entry.key) || this.activeKeys.has(entry.key)) return;
    const remaining = entry.timestamp + this.backoffDuration(entry) - this.sim.now;
    if (remaining <= 0) return this.pushActive(entry);
    const timer = this.sim.schedule(remaining, () => {
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

  /** flushUnschedulablePodsLeftover: pods unschedulable for more than five minutes are retried. */
  private flushUnschedulableLeftover(): void {
    const now = this.sim.now;
    for (const key of [...this.unschedulable]) {
      const entry = this.entries.get(key);
      if (entry && now - entry.timestamp > Timing.podMaxInUnschedulablePodsDuration) {
        // Leaving unschedulablePods after 5 minutes is foreground work: the pod will be retried.
        this.sim.schedule(
          0,
          () => {
            if (this.entries.get(key) === entry && this.unschedulable.has(key)) this.moveOut(entry);
          },
          { background: false },
        );
      }
    }
  }
}
