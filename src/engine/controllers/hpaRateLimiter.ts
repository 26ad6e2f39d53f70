// The HPA's work-queue rate limiter (pkg/controller/podautoscaler/rate_limiters.go,
// NewDefaultHPARateLimiter): every add waits one resync period, and a key already waiting keeps
// its earlier time. So each HPA is processed once per period, whatever events arrive meanwhile.

import type { Simulation, TimerHandle } from "../sim/simulation";
import type { WorkQueue } from "./workQueue";

export class FixedIntervalRateLimiter {
  private readonly waiting = new Map<string, { readonly atMs: number; readonly timer: TimerHandle }>();

  constructor(
    private readonly sim: Simulation,
    private readonly queue: WorkQueue,
    private readonly intervalMs: number,
  ) {}

  /** AddRateLimited; `background` marks the wait as periodic housekeeping (hidden with heartbeats). */
  addRateLimited(key: string, background = false): void {
    const atMs = this.sim.now + this.intervalMs;
    const waiting = this.waiting.get(key);
    if (waiting && waiting.atMs <= atMs) return;
    waiting?.timer.cancel();
    const add = (): void => {
      this.waiting.delete(key);
      this.queue.add(key);
    };
    this.waiting.set(key, {
      atMs,
      timer: this.sim.schedule(this.intervalMs, add, background ? { background } : {}),
    });
  }

  /** Forget: the key no longer waits. */
  forget(key: string): void {
    this.waiting.get(key)?.timer.cancel();
    this.waiting.delete(key);
  }
}
