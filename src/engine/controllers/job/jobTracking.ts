// Job tracking with finalizers (trackJobStatusAndRemoveFinalizers and its helpers in
// pkg/controller/job/job_controller.go): a finished pod is first recorded by UID in
// status.uncountedTerminatedPods, then its batch.kubernetes.io/job-tracking finalizer is removed,
// and only then is it moved into the succeeded/failed counters. The terminal Complete or Failed
// condition is added once nothing is uncounted and no pod is still terminating; the interim
// SuccessCriteriaMet / FailureTarget conditions come first, as Kubernetes 1.31+ does.

import type { Pod } from "../../api/objects";
import type { JobCondition } from "kubernetes-types/batch/v1";
import type { JobSyncDeps, SyncJobCtx } from "./jobSyncContext";
import { parallel } from "../asyncSteps";
import {
  type WorkingStatus,
  ensureJobConditionStatus,
  findCondition,
  hasJobTrackingFinalizer,
  isPodFailed,
  newCondition,
  removeTrackingFinalizerPatch,
} from "./jobUtils";

/** MaxUncountedPods: keeps status.uncountedTerminatedPods under about 20 KB. */
const MAX_UNCOUNTED_PODS = 500;

export function isSuccessCriteriaMet(condition: JobCondition | undefined): boolean {
  return condition?.type === "SuccessCriteriaMet" && condition.status === "True";
}

/** cleanUncountedPodsWithoutFinalizers: UIDs whose finalizer is gone move into the counters. */
function cleanUncounted(status: WorkingStatus, uidsWithFinalizer: ReadonlySet<string>): boolean {
  let updated = false;
  const succeeded = status.uncountedSucceeded.filter((uid) => uidsWithFinalizer.has(uid));
  if (succeeded.length !== status.uncountedSucceeded.length) {
    updated = true;
    status.succeeded += status.uncountedSucceeded.length - succeeded.length;
    status.uncountedSucceeded = succeeded;
  }
  const failed = status.uncountedFailed.filter((uid) => uidsWithFinalizer.has(uid));
  if (failed.length !== status.uncountedFailed.length) {
    updated = true;
    status.failed += status.uncountedFailed.length - failed.length;
    status.uncountedFailed = failed;
  }
  return updated;
}

/** canRemoveFinalizer (without backoffLimitPerIndex). */
function canRemoveFinalizer(ctx: SyncJobCtx, pod: Pod, considerPodFailed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp || ctx.finishedCondition || pod.status?.phase === "Succeeded")
    return true;
  return considerPodFailed;
}

export function trackJobStatusAndRemoveFinalizers(
  deps: JobSyncDeps,
  ctx: SyncJobCtx,
  needsFlushIn: boolean,
  done: (error?: string) => void,
): void {
  let needsFlush = needsFlushIn;
  const status = ctx.status;
  const uidsWithFinalizer = new Set<string>();
  for (const p of ctx.pods) {
    const uid = p.metadata?.uid ?? "";
    if (hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(uid)) uidsWithFinalizer.add(uid);
  }
  if (cleanUncounted(status, uidsWithFinalizer)) needsFlush = true;

  const podsToRemoveFinalizer: Pod[] = [];
  let reachedMaxUncountedPods = false;
  for (const pod of ctx.pods) {
    const uid = pod.metadata?.uid ?? "";
    // Processed in a previous sync.
    if (!hasJobTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const considerPodFailed = isPodFailed(pod);
    if (!canRemoveFinalizer(ctx, pod, considerPodFailed)) continue;
    podsToRemoveFinalizer.push(pod);
    if (pod.status?.phase === "Succeeded" && !ctx.uncounted.failed.has(uid)) {
      if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        status.uncountedSucceeded.push(uid);
      }
    } else if (considerPodFailed || (ctx.finishedCondition && !isSuccessCriteriaMet(ctx.finishedCondition))) {
      // Once the Job is finished, every pod that did not succeed counts as failed.
      if (!ctx.uncounted.failed.has(uid)) {
        needsFlush = true;
        status.uncountedFailed.push(uid);
      }
    }
    if (status.uncountedSucceeded.length + status.uncountedFailed.length >= MAX_UNCOUNTED_PODS) {
      reachedMaxUncountedPods = true;
      break;
    }
  }
  const now = deps.sim.timestamp();
  const finished = ctx.finishedCondition;
  if (finished?.type === "FailureTarget") {
    // The interim condition is stored before the finalizers go; Failed follows later.
    status.conditions.push(finished);
    needsFlush = true;
    ctx.finishedCondition = newCondition(
      "Failed",
      "True",
      finished.reason ?? "",
      finished.message ?? "",
      now,
    );
  }
  if (isSuccessCriteriaMet(finished) && finished) {
    if (!findCondition(status.conditions, "SuccessCriteriaMet")) {
      status.conditions.push(finished);
      needsFlush = true;
    }
    ctx.finishedCondition = newCondition(
      "Complete",
      "True",
      finished.reason ?? "",
      finished.message ?? "",
      now,
    );
  }
  flushUncountedAndRemoveFinalizers(
    deps,
    ctx,
    podsToRemoveFinalizer,
    uidsWithFinalizer,
    needsFlush,
    (flush, error) => {
      if (error !== undefined) return done(error);
      const jobFinished = !reachedMaxUncountedPods && enactJobFinished(ctx, now);
      if (!flush && !jobFinished) return done();
      deps.updateStatus(ctx, (updateError) => {
        if (updateError !== undefined) return done(`removing uncounted pods from status: ${updateError}`);
        if (jobFinished && ctx.finishedCondition) recordJobFinished(deps, ctx, ctx.finishedCondition);
        done();
      });
    },
  );
}

/**
 * flushUncountedAndRemoveFinalizers: write the new uncounted UIDs (and interim conditions),
 * remove the finalizers, and count the pods whose finalizer is gone. Calls back with whether a
 * status write is still needed, and the error that stops this sync, if any.
 */
function flushUncountedAndRemoveFinalizers(
  deps: JobSyncDeps,
  ctx: SyncJobCtx,
  podsToRemoveFinalizer: readonly Pod[],
  uidsWithFinalizer: Set<string>,
  needsFlush: boolean,
  done: (needsFlush: boolean, error?: string) => void,
): void {
  const afterFlush = (): void => {
    removeTrackingFinalizerFromPods(deps, ctx.key, podsToRemoveFinalizer, (removed, rmError) => {
      podsToRemoveFinalizer.forEach((p, i) => {
        if (removed[i]) uidsWithFinalizer.delete(p.metadata?.uid ?? "");
      });
      const flush = cleanUncounted(ctx.status, uidsWithFinalizer);
      if (rmError === undefined || !flush) return done(flush, rmError);
      // Some removals failed: write the partial progress before giving up.
      deps.updateStatus(ctx, (error) =>
        done(flush, error !== undefined ? `removing uncounted pods from status: ${error}` : rmError),
      );
    });
  };
  if (!needsFlush) return afterFlush();
  deps.updateStatus(ctx, (error) => {
    if (error !== undefined) return done(true, `adding uncounted pods to status: ${error}`);
    deps.backoff.update(ctx.newBackoffRecord);
    afterFlush();
  });
}

/** removeTrackingFinalizerFromPods: PATCH each pod; a pod already gone counts as done. */
function removeTrackingFinalizerFromPods(
  deps: JobSyncDeps,
  jobKey: string,
  pods: readonly Pod[],
  done: (removed: boolean[], error?: string) => void,
): void {
  const removed = pods.map(() => false);
  let firstError: string | undefined;
  deps.finalizerExpectations.expectRemoved(
    jobKey,
    pods.map((p) => p.metadata?.uid ?? ""),
  );
  parallel(
    pods,
    (pod, i, finished) => {
      const patch = removeTrackingFinalizerPatch(pod);
      if (patch === undefined) return finished();
      const meta = pod.metadata ?? {};
      deps.podControl.patchPod(meta.namespace ?? "default", meta.name ?? "", patch, (error) => {
        if (error) {
          // No update will come for this pod: stop waiting for it.
          deps.finalizerExpectations.observed(jobKey, meta.uid ?? "");
          if (error.code !== 404) {
            firstError ??= error.message;
            return finished();
          }
        }
        removed[i] = true;
        finished();
      });
    },
    () => done(removed, firstError),
  );
}

/** enactJobFinished: the terminal condition, once nothing is uncounted or terminating. */
function enactJobFinished(ctx: SyncJobCtx, now: string): boolean {
  const finished = ctx.finishedCondition;
  if (!finished) return false;
  const status = ctx.status;
  if (status.uncountedSucceeded.length + status.uncountedFailed.length > 0) return false;
  if (ctx.terminating > 0) return false;
  [status.conditions] = ensureJobConditionStatus(
    status.conditions,
    finished.type,
    finished.status,
    finished.reason ?? "",
    finished.message ?? "",
    now,
  );
  if (finished.type === "Complete") status.completionTime = finished.lastTransitionTime ?? now;
  return true;
}

/** recordJobFinished: the events of a finished Job. */
function recordJobFinished(deps: JobSyncDeps, ctx: SyncJobCtx, finished: JobCondition): void {
  const job = ctx.job;
  if (finished.type === "Complete") {
    const completions = job.spec?.completions;
    if (completions !== undefined && completions !== null && ctx.status.succeeded > completions) {
      deps.recorder.event(
        job,
        "Warning",
        "TooManySucceededPods",
        "Too many succeeded pods running after completion count reached",
      );
    }
    deps.recorder.event(job, "Normal", "Completed", "Job completed");
  } else {
    deps.recorder.event(job, "Warning", finished.reason ?? "", finished.message ?? "");
  }
}
