// client-go's rate-limited work queue (util/workqueue), on the simulation clock: keys are
// de-duplicated while waiting, a key is never processed twice at once, and failures are retried
// with per-key exponential backoff (5 ms doubling, as DefaultControllerRateLimiter, capped here
// at 1000 s). One worker by default; a controller may run several, as upstream's --concurrent-*-syncs.

import type { Simulation } from "../sim/simulation";

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1_000_000;

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** Workers running or scheduled (up to `workers`). */
  private active = 0;

  constructor(
    private readonly sim: Simulation,
    /** Reconciles one key; calls `done(requeueAfterMs?)` when finished, or `done("error")` to retry with backoff. */
    private readonly reconcile: (key: string, done: (result?: number | "error") => void) => void,
    /** Keys processed at once (a controller's --concurrent-*-syncs); each key still one at a time. */
    private readonly workers = 1,
    /**
     * For requeues that are checks ("look again at the deadline"): the timer does not keep the
     * cluster busy, and when it fires the key is processed (as foreground work) only if this still
     * says it is due. Without it, a requeue is ordinary pending work.
     */
    private readonly stillDue?: (key: string) => boolean,
  ) {}

  add(key: string): void {
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.kick();
  }

  addAfter(key: string, delayMs: number): void {
    const due = this.stillDue;
    if (!due) {
      this.sim.schedule(delayMs, () => this.add(key));
      return;
    }
    this.sim.schedule(
      delayMs,
      () => {
        if (due(key)) this.sim.schedule(0, () => this.add(key), { background: false });
      },
      { background: true },
    );
  }

  get length(): number {
    return this.queue.length;
  }

  private kick(): void {
    if (this.active >= this.workers) return;
    this.active++;
    this.sim.schedule(0, () => this.work());
  }

  private work(): void {
    const key = this.queue.shift();
    if (key === undefined) {
      this.active--;
      return;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    this.reconcile(key, (result) => {
      this.processing.delete(key);
      if (result === "error") {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.addAfter(key, Math.min(BASE_DELAY_MS * 2 ** (n - 1), MAX_DELAY_MS));
      } else {
        this.failures.delete(key);
        if (typeof result === "number") this.addAfter(key, result);
      }
      // Changed while it was being processed: go round again.
      if (this.dirty.has(key)) this.queue.push(key);
      this.active--;
      if (this.queue.length) this.kick();
    });
  }
}
