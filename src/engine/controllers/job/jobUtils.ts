// Small pieces of the Job controller (pkg/controller/job/job_controller.go, utils.go,
// tracking_utils.go and pkg/controller/job/util): conditions, the tracking finalizer, which pods
// count as failed or terminating, and the status as the controller writes it.

import type { KubeObject, Pod } from "../../api/objects";
import type { Job, JobCondition, JobStatus } from "kubernetes-types/batch/v1";

/** batch.JobTrackingFinalizer: held on every Job pod until the controller has counted it. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

/** Condition reasons and messages of job_controller.go. */
export const JobReason = {
  BackoffLimitExceeded: "BackoffLimitExceeded",
  DeadlineExceeded: "DeadlineExceeded",
} as const;
export const BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit";
export const DEADLINE_MESSAGE = "Job was active longer than specified deadline";

/** A Job as the controller reads it. */
export type JobObject = KubeObject & Job;

export function asJob(object: KubeObject): JobObject {
  return object as JobObject;
}

export function findCondition(
  list: readonly JobCondition[] | undefined,
  type: string,
): JobCondition | undefined {
  return list?.find((c) => c.type === type);
}

/** util.IsJobFinished: a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
}

/** The Complete or Failed condition type of a finished Job (cronjob getFinishedStatus). */
export function finishedConditionType(job: Job): "Complete" | "Failed" | undefined {
  for (const c of job.status?.conditions ?? [])
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  return undefined;
}

/** newCondition: reason and message are left out when empty (omitempty). */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): JobCondition {
  return {
    type,
    status,
    lastProbeTime: now,
    lastTransitionTime: now,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/**
 * ensureJobConditionStatus: updates the condition of that type, or appends it unless its status
 * is False. Returns the new list and whether it changed.
 */
export function ensureJobConditionStatus(
  list: readonly JobCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): [JobCondition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  const existing = list[i];
  if (existing) {
    if (
      existing.status !== status ||
      (existing.reason ?? "") !== reason ||
      (existing.message ?? "") !== message
    ) {
      const copy = [...list];
      copy[i] = newCondition(type, status, reason, message, now);
      return [copy, true];
    }
    return [[...list], false];
  }
  if (status !== "False") return [[...list, newCondition(type, status, reason, message, now)], true];
  return [[...list], false];
}

export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** removeTrackingFinalizerPatch: a strategic merge patch deleting the finalizer, or undefined. */
export function removeTrackingFinalizerPatch(pod: Pod): unknown {
  if (!hasJobTrackingFinalizer(pod)) return undefined;
  return { metadata: { "$deleteFromPrimitiveList/finalizers": [JOB_TRACKING_FINALIZER] } };
}

export function jobSuspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

/**
 * isPodFailed: Failed, or (without a pod failure policy, which this simulation leaves out) being
 * deleted before it succeeded, so orphaned pods that never reach a phase still count.
 */
export function isPodFailed(pod: Pod): boolean {
  if (pod.status?.phase === "Failed") return true;
  return pod.metadata?.deletionTimestamp !== undefined && pod.status?.phase !== "Succeeded";
}

/** controller.CountTerminatingPods: being deleted and not yet in a terminal phase. */
export function countTerminatingPods(pods: readonly Pod[]): number {
  return pods.filter(
    (p) =>
      p.metadata?.deletionTimestamp !== undefined &&
      p.status?.phase !== "Succeeded" &&
      p.status?.phase !== "Failed",
  ).length;
}

/** Mutable status the sync works on; serialised in Go's field order, zero counters left out. */
export interface WorkingStatus {
  conditions: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active: number;
  succeeded: number;
  failed: number;
  terminating?: number;
  uncountedSucceeded: string[];
  uncountedFailed: string[];
  ready?: number;
}

export function workingStatus(status: JobStatus | undefined): WorkingStatus {
  return {
    conditions: [...(status?.conditions ?? [])],
    ...(status?.startTime ? { startTime: status.startTime } : {}),
    ...(status?.completionTime ? { completionTime: status.completionTime } : {}),
    active: status?.active ?? 0,
    succeeded: status?.succeeded ?? 0,
    failed: status?.failed ?? 0,
    ...(status?.terminating !== undefined ? { terminating: status.terminating } : {}),
    uncountedSucceeded: [...(status?.uncountedTerminatedPods?.succeeded ?? [])],
    uncountedFailed: [...(status?.uncountedTerminatedPods?.failed ?? [])],
    ...(status?.ready !== undefined ? { ready: status.ready } : {}),
  };
}

/** The JobStatus JSON: omitempty counters, the pointer fields (terminating, ready) kept when set. */
export function serializeStatus(s: WorkingStatus): JobStatus {
  return {
    ...(s.conditions.length ? { conditions: s.conditions } : {}),
    ...(s.startTime ? { startTime: s.startTime } : {}),
    ...(s.completionTime ? { completionTime: s.completionTime } : {}),
    ...(s.active ? { active: s.active } : {}),
    ...(s.succeeded ? { succeeded: s.succeeded } : {}),
    ...(s.failed ? { failed: s.failed } : {}),
    ...(s.terminating !== undefined ? { terminating: s.terminating } : {}),
    uncountedTerminatedPods: {
      ...(s.uncountedSucceeded.length ? { succeeded: [...s.uncountedSucceeded] } : {}),
      ...(s.uncountedFailed.length ? { failed: [...s.uncountedFailed] } : {}),
    },
    ...(s.ready !== undefined ? { ready: s.ready } : {}),
  };
}
