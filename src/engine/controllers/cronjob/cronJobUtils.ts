// The time arithmetic and Job template of the CronJob controller (pkg/controller/cronjob/utils.go):
// the most recent schedule time that was missed, when to look again (the next schedule time
// plus 100 ms), the Job made from spec.jobTemplate, named `<cronjob>-<scheduled time in unix
// minutes>`, and the order in which finished Jobs are cleaned up.

import { type KubeObject, cloneJson } from "../../api/objects";
import type { CronJob, Job } from "kubernetes-types/batch/v1";
import type { ObjectReference } from "kubernetes-types/core/v1";
import { SECOND, civilFromDays, formatRfc3339, parseRfc3339 } from "../../sim/time";
import { controllerRefTo } from "../controllerUtils";
import { type JobObject, finishedConditionType } from "../job/jobUtils";
import { type CronSchedule, formatInZone } from "./cronSchedule";

export type CronJobObject = KubeObject & CronJob;

/** batchv1.CronJobScheduledTimestampAnnotation. */
export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/** nextScheduleDelta: requeue a little after the schedule time, for clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type MissedSchedules = "none" | "few" | "many";

export interface MostRecent {
  readonly earliest: number;
  readonly mostRecent: number | undefined;
  readonly missed: MissedSchedules;
  readonly error?: string;
}

/** mostRecentScheduleTime: the latest schedule time at or before `now` since the last one run. */
export function mostRecentScheduleTime(
  cj: CronJobObject,
  now: number,
  schedule: CronSchedule,
  includeStartingDeadlineSeconds: boolean,
): MostRecent {
  let earliest = parseRfc3339(cj.metadata.creationTimestamp ?? "") ?? now;
  const last = cj.status?.lastScheduleTime ? parseRfc3339(cj.status.lastScheduleTime) : undefined;
  if (last !== undefined) earliest = last;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && sds !== undefined && sds !== null) {
    // Nothing before this point will be scheduled.
    const deadline = now - sds * SECOND;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 === undefined || now < t1) return { earliest, mostRecent: undefined, missed: "none" };
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: "none" };
  const between = Math.round((t2 - t1) / SECOND);
  if (between < 1)
    return {
      earliest,
      mostRecent: undefined,
      missed: "none",
      error: "time difference between two schedules is less than 1 second",
    };
  // A rough count of the missed schedules, then the exact latest one from just before it.
  const elapsed = Math.trunc((now - t1) / SECOND);
  const missedCount = Math.floor(elapsed / between) + 1;
  let mostRecent: number | undefined;
  const potentialEarliest = t1 + (missedCount - 2) * between * SECOND;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= now; t = schedule.next(t))
    mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? "many" : missedCount > 0 ? "few" : "none";
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: how long until the next schedule time (plus the 100 ms delta). */
export function nextScheduleTimeDuration(cj: CronJobObject, now: number, schedule: CronSchedule): number {
  const { earliest, mostRecent, missed, error } = mostRecentScheduleTime(cj, now, schedule, false);
  const base = error !== undefined ? now : (mostRecent ?? (missed === "none" ? earliest : now));
  const next = schedule.next(base);
  // A schedule that never fires again (a 30th of February) is looked at again in a year.
  return next === undefined ? 365 * 24 * 3600 * SECOND : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function getJobName(cj: CronJobObject, scheduledTime: number): string {
  return `${cj.metadata.name ?? ""}-${Math.floor(scheduledTime / 60_000)}`;
}

/** getJobFromTemplate2: the Job for one scheduled time, owned by the CronJob. */
export function getJobFromTemplate(cj: CronJobObject, scheduledTime: number): KubeObject {
  const template = cj.spec?.jobTemplate;
  const labels = { ...(template?.metadata?.labels ?? {}) };
  const annotations: Record<string, string> = {
    ...(template?.metadata?.annotations ?? {}),
    [SCHEDULED_TIMESTAMP_ANNOTATION]: formatInZone(scheduledTime, cj.spec?.timeZone ?? ""),
  };
  const job: Job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: getJobName(cj, scheduledTime),
      // Ignored by the apiserver, but sent as upstream does.
      creationTimestamp: formatRfc3339(scheduledTime),
      ...(Object.keys(labels).length ? { labels } : {}),
      annotations,
      ownerReferences: [controllerRefTo(cj)],
    },
    spec: cloneJson(template?.spec ?? { template: { spec: { containers: [] } } }),
  };
  return job as KubeObject;
}

/** ref.GetReference for a Job, as status.active lists it. */
export function jobReference(job: JobObject): ObjectReference {
  return {
    kind: "Job",
    namespace: job.metadata.namespace ?? "default",
    name: job.metadata.name ?? "",
    uid: job.metadata.uid ?? "",
    apiVersion: "batch/v1",
    ...(job.metadata.resourceVersion ? { resourceVersion: job.metadata.resourceVersion } : {}),
  };
}

export function isJobSucceeded(job: JobObject): boolean {
  return finishedConditionType(job) === "Complete";
}

/** byJobStartTime: oldest start first, Jobs that never started last, names breaking ties. */
export function byJobStartTime(a: JobObject, b: JobObject): number {
  const sa = a.status?.startTime ? parseRfc3339(a.status.startTime) : undefined;
  const sb = b.status?.startTime ? parseRfc3339(b.status.startTime) : undefined;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
  return (sa ?? 0) - (sb ?? 0);
}

const WEEKDAYS = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** time.RFC1123Z in UTC: `Thu, 01 Jan 2026 09:10:00 +0000`. */
export function formatRfc1123Z(epochMs: number): string {
  const days = Math.floor(epochMs / 86_400_000);
  const [y, m, d] = civilFromDays(days);
  const clock = formatRfc3339(epochMs).slice(11, 19);
  const weekday = WEEKDAYS[((days % 7) + 7) % 7] ?? "";
  return `${weekday}, ${String(d).padStart(2, "0")} ${MONTH_NAMES[m - 1] ?? ""} ${y} ${clock} +0000`;
}
