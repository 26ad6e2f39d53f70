// What one pass of the Job controller's syncJob works with (syncJobCtx in
// pkg/controller/job/job_controller.go), what it needs from the controller, and two small
// bookkeeping helpers: uidTrackingExpectations (tracking_utils.go) and a delaying queue's AddAfter.

import type { Pod } from "../../api/objects";
import type { JobCondition } from "kubernetes-types/batch/v1";
import type { EventRecorder } from "../../client/eventRecorder";
import type { Simulation } from "../../sim/simulation";
import type { PodControl } from "../podControl";
import type { BackoffRecord, BackoffStore } from "./jobBackoff";
import type { JobObject, WorkingStatus } from "./jobUtils";

export interface SyncJobCtx {
  readonly key: string;
  /** A private copy of the Job; its metadata follows each status write. */
  job: JobObject;
  readonly status: WorkingStatus;
  readonly pods: readonly Pod[];
  readonly activePods: readonly Pod[];
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  finishedCondition: JobCondition | undefined;
  readonly newBackoffRecord: BackoffRecord;
  /** Pods whose finalizer removal was sent but not yet seen: already counted. */
  readonly expectedRmFinalizers: ReadonlySet<string>;
  /** status.uncountedTerminatedPods as the sync found them. */
  readonly uncounted: { readonly succeeded: ReadonlySet<string>; readonly failed: ReadonlySet<string> };
}

/** What the sync steps need from the controller. */
export interface JobSyncDeps {
  readonly sim: Simulation;
  readonly podControl: PodControl;
  readonly recorder: EventRecorder;
  readonly finalizerExpectations: UidTrackingExpectations;
  readonly backoff: BackoffStore;
  /** PUT .../jobs/<name>/status with ctx.status; `done(error message)` on failure. */
  updateStatus(ctx: SyncJobCtx, done: (error?: string) => void): void;
  /** AddAfter on the Job's queue (never sooner than the 1 s batching period for pod backoff). */
  enqueueAfter(key: string, delayMs: number): void;
}

/** uidTrackingExpectations: per Job, the pod UIDs whose finalizer removal is not yet observed. */
export class UidTrackingExpectations {
  private readonly sets = new Map<string, Set<string>>();

  expected(jobKey: string): ReadonlySet<string> {
    return new Set(this.sets.get(jobKey) ?? []);
  }

  expectRemoved(jobKey: string, uids: readonly string[]): void {
    const set = this.sets.get(jobKey) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.sets.set(jobKey, set);
  }

  observed(jobKey: string, uid: string): void {
    this.sets.get(jobKey)?.delete(uid);
  }

  delete(jobKey: string): void {
    this.sets.delete(jobKey);
  }
}

/**
 * A delaying queue's AddAfter: a key already waiting keeps the earlier of its two times, so a
 * burst of pod events makes one sync, not one per event.
 */
export class DelayedEnqueuer {
  private readonly due = new Map<string, number>();

  /**
   * With `background`, the wait itself is background work (the cluster counts as idle while a
   * CronJob waits for its next run), but what happens when it ends is foreground again. While
   * `active()` is false (a controller whose workers are not started, in tests) nothing is
   * scheduled, but `dueAt` still tells when it would have been.
   */
  constructor(
    private readonly sim: Simulation,
    private readonly add: (key: string) => void,
    private readonly options: { readonly background?: boolean; readonly active?: () => boolean } = {},
  ) {}

  /** Simulated time at which `key` is due, if it is waiting. */
  dueAt(key: string): number | undefined {
    return this.due.get(key);
  }

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const at = this.sim.now + delayMs;
    const waiting = this.due.get(key);
    if (waiting !== undefined && waiting <= at && waiting >= this.sim.now) return;
    this.due.set(key, at);
    if (this.options.active && !this.options.active()) return;
    const fire = (): void => {
      if (this.due.get(key) !== at) return;
      this.due.delete(key);
      this.add(key);
    };
    if (!this.options.background) {
      this.sim.schedule(delayMs, fire);
      return;
    }
    this.sim.schedule(delayMs, () => this.sim.schedule(0, fire, { background: false }), { background: true });
  }
}
