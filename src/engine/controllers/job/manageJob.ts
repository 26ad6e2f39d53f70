// manageJob, deleteJobPods and deleteActivePods of pkg/controller/job/job_controller.go, for
// NonIndexed Jobs: keep min(parallelism, completions - succeeded) pods active, respecting the
// pod-failure backoff, creating pods in slow-start batches (1, 2, 4, ...) and deleting the
// least-advanced pods first when there are too many.

import type { Pod } from "../../api/objects";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { SECOND } from "../../sim/time";
import type { ControllerExpectations } from "../controllerExpectations";
import { controllerRefTo, isPodReady } from "../controllerUtils";
import { deleteBefore } from "../activePodsRanking";
import { isNamespaceTerminating } from "../podControl";
import { remainingBackoff } from "./jobBackoff";
import type { JobSyncDeps, SyncJobCtx } from "./jobSyncContext";
import { parallel } from "../asyncSteps";
import {
  JOB_TRACKING_FINALIZER,
  type JobObject,
  jobSuspended,
  removeTrackingFinalizerPatch,
} from "./jobUtils";

/** MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** controller.SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH_SIZE = 1;
/** syncJobBatchPeriod: the shortest requeue while waiting out the backoff. */
export const SYNC_JOB_BATCH_PERIOD_MS = SECOND;

export interface ManageDeps extends JobSyncDeps {
  readonly expectations: ControllerExpectations;
}

/** The `namespace/name` key the expectations track pods by. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? "default"}/${pod.metadata?.name ?? ""}`;
}

/** activePodsForRemoval: not-ready before ready, unscheduled before scheduled, pending before running. */
function activePodsForRemoval(pods: readonly Pod[], rmAtLeast: number, nowMs: number): Pod[] {
  if (rmAtLeast <= 0) return [];
  const ranked = pods.map((pod) => ({ pod, rank: 0 }));
  ranked.sort((a, b) => (deleteBefore(a, b, nowMs) ? -1 : deleteBefore(b, a, nowMs) ? 1 : 0));
  return ranked.slice(0, rmAtLeast).map((r) => r.pod);
}

/**
 * deleteJobPods: remove each pod's tracking finalizer, then delete it. Calls back with the ready
 * and total pods deleted and the first error.
 */
function deleteJobPods(
  deps: ManageDeps,
  ctx: SyncJobCtx,
  pods: readonly Pod[],
  done: (deletedReady: number, deleted: number, error?: string) => void,
): void {
  const job = ctx.job;
  let deleted = pods.length;
  let deletedReady = 0;
  let firstError: string | undefined;
  parallel(
    pods,
    (pod, _i, finished) => {
      const meta = pod.metadata ?? {};
      const namespace = meta.namespace ?? "default";
      const fail = (code: number, message: string): void => {
        // The informer will not see this deletion.
        deps.expectations.deletionObserved(ctx.key, podKey(pod));
        if (code !== 404) {
          deleted--;
          firstError ??= message;
        }
      };
      const remove = (): void =>
        deps.podControl.deletePod(namespace, meta.name ?? "", job, (error) => {
          if (error) fail(error.code, error.message);
          if (isPodReady(pod)) deletedReady++;
          finished();
        });
      const patch = removeTrackingFinalizerPatch(pod);
      if (patch === undefined) return remove();
      deps.podControl.patchPod(namespace, meta.name ?? "", patch, (error) => {
        if (!error) return remove();
        fail(error.code, `removing completion finalizer: ${error.message}`);
        finished();
      });
    },
    () => done(deletedReady, deleted, firstError),
  );
}

/** deleteActivePods: delete (keeping finalizers) every active pod of a Job that has finished. */
export function deleteActivePods(
  deps: JobSyncDeps,
  job: JobObject,
  pods: readonly Pod[],
  done: (deletedReady: number, deleted: number, error?: string) => void,
): void {
  let deleted = pods.length;
  let deletedReady = 0;
  let firstError: string | undefined;
  parallel(
    pods,
    (pod, _i, finished) => {
      const meta = pod.metadata ?? {};
      deps.podControl.deletePod(meta.namespace ?? "default", meta.name ?? "", job, (error) => {
        if (error && error.code !== 404) {
          deleted--;
          firstError ??= error.message;
        }
        if (isPodReady(pod)) deletedReady++;
        finished();
      });
    },
    () => done(deletedReady, deleted, firstError),
  );
}

/** The pod template with the tracking finalizer (appendJobCompletionFinalizerIfNotFound). */
function podTemplate(job: JobObject): PodTemplateSpec {
  const template = job.spec?.template ?? { spec: { containers: [] } };
  const finalizers = template.metadata?.finalizers ?? [];
  return {
    ...template,
    metadata: {
      ...(template.metadata ?? {}),
      finalizers: finalizers.includes(JOB_TRACKING_FINALIZER)
        ? [...finalizers]
        : [...finalizers, JOB_TRACKING_FINALIZER],
    },
  };
}

/** Creates `diff` pods in slow-start batches; calls back with how many were not created and the first error. */
function createPods(
  deps: ManageDeps,
  ctx: SyncJobCtx,
  diff: number,
  done: (notCreated: number, error?: string) => void,
): void {
  const job = ctx.job;
  const template = podTemplate(job);
  const ref = controllerRefTo(job);
  const namespace = job.metadata.namespace ?? "default";
  let notCreated = 0;
  let firstError: string | undefined;
  const batch = (remaining: number, size: number): void => {
    if (remaining <= 0) return done(notCreated, firstError);
    let errors = 0;
    parallel(
      Array.from({ length: size }, (_, i) => i),
      (_item, _i, finished) =>
        deps.podControl.createPod(namespace, template, job, ref, (error) => {
          // A terminating namespace fails every create: nothing to count or report.
          if (error && !isNamespaceTerminating(error)) {
            deps.expectations.creationObserved(ctx.key);
            notCreated++;
            errors++;
            firstError ??= error.message;
          }
          finished();
        }),
      () => {
        const skipped = remaining - size;
        if (errors > 0 && skipped > 0) {
          // Slow start gave up: the skipped pods are not expected either.
          for (let i = 0; i < skipped; i++) deps.expectations.creationObserved(ctx.key);
          notCreated += skipped;
          return done(notCreated, firstError);
        }
        batch(skipped, Math.min(2 * size, skipped));
      },
    );
  };
  batch(diff, Math.min(diff, SLOW_START_INITIAL_BATCH_SIZE));
}

/** manageJob: calls back with the number of active pods and the first error. */
export function manageJob(
  deps: ManageDeps,
  ctx: SyncJobCtx,
  done: (active: number, error?: string) => void,
): void {
  const job = ctx.job;
  let active = ctx.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;
  const nowMs = deps.sim.epochMs + deps.sim.now;
  const completions = job.spec?.completions;

  const afterDelete = (deletedReady: number, deleted: number, error?: string): void => {
    active -= deleted;
    ctx.terminating += deleted;
    ctx.ready -= deletedReady;
    done(active, error);
  };
  if (jobSuspended(job)) {
    const podsToDelete = activePodsForRemoval(ctx.activePods, active, nowMs);
    deps.expectations.expectDeletions(
      ctx.key,
      podsToDelete.map((p) => podKey(p)),
    );
    return deleteJobPods(deps, ctx, podsToDelete, afterDelete);
  }

  let wantActive: number;
  if (completions === undefined || completions === null) {
    // Without completions, the Job is done when any pod succeeds: leave running pods alone then.
    wantActive = ctx.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
  }
  const rmAtLeast = Math.max(0, active - wantActive);
  const podsToDelete = activePodsForRemoval(ctx.activePods, rmAtLeast, nowMs).slice(
    0,
    MAX_POD_CREATE_DELETE_PER_SYNC,
  );
  if (podsToDelete.length > 0) {
    deps.expectations.expectDeletions(
      ctx.key,
      podsToDelete.map((p) => podKey(p)),
    );
    return deleteJobPods(deps, ctx, podsToDelete, afterDelete);
  }

  // Only failed pods are replaced when a pod failure policy is set; that is left out here.
  let diff = wantActive - active;
  if (diff <= 0) return done(active);
  const remaining = remainingBackoff(ctx.newBackoffRecord, nowMs);
  if (remaining > 0) {
    deps.enqueueAfter(ctx.key, Math.max(remaining, SYNC_JOB_BATCH_PERIOD_MS));
    // As upstream: a Job waiting out its backoff reports no active pods for this pass.
    return done(0);
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  deps.expectations.expectCreations(ctx.key, diff);
  active += diff;
  createPods(deps, ctx, diff, (notCreated, error) => done(active - notCreated, error));
}
