// syncJob of pkg/controller/job/job_controller.go: one pass over a NonIndexed Job. It counts the
// pods that finished since the last pass, decides whether the Job has failed (backoffLimit, with
// container restarts counted for restartPolicy OnFailure; activeDeadlineSeconds) or met its
// completions, deletes the active pods of a failed Job or lets manageJob create and delete pods,
// and then tracks the status through uncountedTerminatedPods and the pods' finalizers.

import type { Pod } from "../../api/objects";
import { cloneJson } from "../../api/objects";
import { SECOND, parseRfc3339 } from "../../sim/time";
import { isPodActive, isPodReady } from "../controllerUtils";
import type { JobSyncDeps, SyncJobCtx } from "./jobSyncContext";
import { trackJobStatusAndRemoveFinalizers } from "./jobTracking";
import {
  BACKOFF_LIMIT_MESSAGE,
  DEADLINE_MESSAGE,
  type JobObject,
  JobReason,
  countTerminatingPods,
  ensureJobConditionStatus,
  findCondition,
  hasJobTrackingFinalizer,
  isPodFailed,
  jobSuspended,
  newCondition,
  workingStatus,
} from "./jobUtils";
import { type ManageDeps, deleteActivePods, manageJob } from "./manageJob";

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count as failures. */
function pastBackoffLimitOnFailure(job: JobObject, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== "Running" && pod.status?.phase !== "Pending") continue;
    for (const s of pod.status?.initContainerStatuses ?? []) restarts += s.restartCount ?? 0;
    for (const s of pod.status?.containerStatuses ?? []) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export interface SyncDeps extends ManageDeps {
  /** Whether every pod create and delete of the last pass has been seen by the informer. */
  readonly satisfiedExpectations: boolean;
}

/** syncJob: `pods` are the Job's pods from the informer; `done(error)` when the pass is over. */
export function syncJob(
  deps: SyncDeps,
  key: string,
  shared: JobObject,
  pods: readonly Pod[],
  done: (error?: string) => void,
): void {
  const satisfiedExpectations = deps.satisfiedExpectations;
  const job = cloneJson(shared);
  const status = workingStatus(job.status);
  const now = deps.sim.timestamp();
  const nowMs = deps.sim.epochMs + deps.sim.now;
  const activePods = pods.filter(isPodActive);
  const uncounted = {
    succeeded: new Set(status.uncountedSucceeded),
    failed: new Set(status.uncountedFailed),
  };
  const expectedRmFinalizers = deps.finalizerExpectations.expected(key);
  // getNewFinishedPods: pods still holding the finalizer and not yet recorded as uncounted.
  const tracked = (p: Pod, set: ReadonlySet<string>): boolean => {
    const uid = p.metadata?.uid ?? "";
    return hasJobTrackingFinalizer(p) && !set.has(uid) && !expectedRmFinalizers.has(uid);
  };
  const newSucceeded = pods.filter((p) => tracked(p, uncounted.succeeded) && p.status?.phase === "Succeeded");
  const newFailed = pods.filter((p) => tracked(p, uncounted.failed) && isPodFailed(p));
  let startMs = status.startTime ? parseRfc3339(status.startTime) : undefined;
  if (!status.startTime && !jobSuspended(job)) {
    status.startTime = now;
    startMs = nowMs;
  }
  const ctx: SyncJobCtx = {
    key,
    job,
    status,
    pods,
    activePods,
    succeeded: status.succeeded + newSucceeded.length + uncounted.succeeded.size,
    failed: status.failed + newFailed.length + uncounted.failed.size,
    ready: activePods.filter(isPodReady).length,
    terminating: countTerminatingPods(pods),
    finishedCondition: undefined,
    newBackoffRecord: deps.backoff.newRecord(key, newSucceeded, newFailed),
    expectedRmFinalizers,
    uncounted,
  };
  const successCriteriaMet = findCondition(status.conditions, "SuccessCriteriaMet");
  if (successCriteriaMet?.status === "True") ctx.finishedCondition = successCriteriaMet;
  else {
    const target = findCondition(status.conditions, "FailureTarget");
    if (target?.status === "True")
      ctx.finishedCondition = newCondition("Failed", "True", target.reason ?? "", target.message ?? "", now);
  }
  const ads = job.spec?.activeDeadlineSeconds;
  if (!ctx.finishedCondition) {
    if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      ctx.finishedCondition = newCondition(
        "FailureTarget",
        "True",
        JobReason.BackoffLimitExceeded,
        BACKOFF_LIMIT_MESSAGE,
        now,
      );
    } else if (ads !== undefined && ads !== null && startMs !== undefined && !jobSuspended(job)) {
      const remaining = ads * SECOND - (nowMs - startMs);
      if (remaining <= 0)
        ctx.finishedCondition = newCondition(
          "FailureTarget",
          "True",
          JobReason.DeadlineExceeded,
          DEADLINE_MESSAGE,
          now,
        );
      else deps.enqueueAfter(key, remaining);
    }
  }
  const afterManage = (
    active: number,
    manageError: string | undefined,
    branch: "finished" | "managed" | "waiting",
  ): void => {
    let suspendCondChanged = false;
    if (branch !== "finished") {
      const completions = job.spec?.completions;
      const complete =
        completions === undefined || completions === null
          ? ctx.succeeded > 0 && active === 0
          : ctx.succeeded >= completions && active === 0;
      if (complete) ctx.finishedCondition = newCondition("SuccessCriteriaMet", "True", "", "", now);
      else if (branch === "managed") suspendCondChanged = updateSuspendCondition(deps, ctx, now);
    }
    const needsStatusUpdate =
      suspendCondChanged ||
      active !== status.active ||
      ctx.ready !== status.ready ||
      ctx.terminating !== status.terminating;
    status.active = active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    trackJobStatusAndRemoveFinalizers(deps, ctx, needsStatusUpdate, (error) => {
      if (error !== undefined) return done(`tracking status: ${error}`);
      done(manageError);
    });
  };
  if (ctx.finishedCondition) {
    // Remove the active pods of a Job that failed.
    return deleteActivePods(deps, job, activePods, (deletedReady, deleted, error) => {
      // Not finished while pods remain or creations are still unseen.
      if (deleted !== activePods.length || !satisfiedExpectations) ctx.finishedCondition = undefined;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      afterManage(activePods.length - deleted, error, "finished");
    });
  }
  if (satisfiedExpectations && !job.metadata.deletionTimestamp)
    return manageJob(deps, ctx, (active, error) => afterManage(active, error, "managed"));
  afterManage(activePods.length, undefined, "waiting");
}

/** The Suspended condition and its events; a resumed Job starts its deadline anew. */
function updateSuspendCondition(deps: JobSyncDeps, ctx: SyncJobCtx, now: string): boolean {
  const status = ctx.status;
  const suspended = jobSuspended(ctx.job);
  const [conditions, updated] = suspended
    ? ensureJobConditionStatus(status.conditions, "Suspended", "True", "JobSuspended", "Job suspended", now)
    : ensureJobConditionStatus(status.conditions, "Suspended", "False", "JobResumed", "Job resumed", now);
  status.conditions = conditions;
  if (!updated) return false;
  if (suspended) deps.recorder.event(ctx.job, "Normal", "Suspended", "Job suspended");
  else {
    deps.recorder.event(ctx.job, "Normal", "Resumed", "Job resumed");
    status.startTime = now;
  }
  return true;
}
