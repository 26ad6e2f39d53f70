// The CronJob controller's bookkeeping of its Jobs (pkg/controller/cronjob/cronjob_controllerv2.go
// and utils.go): status.active, deleting a Job (deleteJob, with propagationPolicy Background) and
// the history limits (cleanupFinishedJobs, removeOldestJobs).

import { isStatus } from "../../api/status";
import type { ApiResponse } from "../../apiserver/request";
import type { ApiClient } from "../../client/apiClient";
import type { EventRecorder } from "../../client/eventRecorder";
import { type JobObject, finishedConditionType } from "../job/jobUtils";
import { type CronJobObject, byJobStartTime } from "./cronJobUtils";

export interface CronJobSyncDeps {
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  readonly now: () => number;
}

/** What a sync decided: when to look again, whether status changed, and the error if any. */
export interface CronJobSyncResult {
  readonly requeueAfter?: number;
  readonly updateStatus: boolean;
  readonly error?: string;
}

export function messageOf(response: ApiResponse): string {
  return isStatus(response.body) ? response.body.message : `unexpected response ${response.code}`;
}

export function eachSeries<T>(
  items: readonly T[],
  fn: (item: T, next: () => void) => void,
  done: () => void,
): void {
  const step = (i: number): void => {
    const item = items[i];
    if (item === undefined) return done();
    fn(item, () => step(i + 1));
  };
  step(0);
}

export function inActiveList(cj: CronJobObject, uid: string | undefined): boolean {
  return (cj.status?.active ?? []).some((ref) => ref.uid === uid);
}

export function deleteFromActiveList(cj: CronJobObject, uid: string | undefined): void {
  const active = (cj.status?.active ?? []).filter((ref) => ref.uid !== uid);
  cj.status = { ...(cj.status ?? {}), active };
}

/** deleteJob: DELETE with propagationPolicy Background, then drop it from status.active. */
export function deleteJob(
  deps: CronJobSyncDeps,
  cj: CronJobObject,
  job: JobObject,
  done: (ok: boolean) => void,
): void {
  const meta = job.metadata;
  deps.client.request(
    {
      verb: "delete",
      resource: "jobs",
      namespace: meta.namespace ?? "default",
      name: meta.name ?? "",
      propagationPolicy: "Background",
    },
    (response) => {
      if (response.code !== 200 && response.code !== 202) {
        deps.recorder.event(cj, "Warning", "FailedDelete", `Deleted job: ${messageOf(response)}`);
        return done(false);
      }
      deleteFromActiveList(cj, meta.uid);
      deps.recorder.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${meta.name ?? ""}`);
      done(true);
    },
  );
}

/** cleanupFinishedJobs: keep successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs. */
export function cleanupFinishedJobs(
  deps: CronJobSyncDeps,
  cj: CronJobObject,
  jobs: readonly JobObject[],
  done: (updateStatus: boolean) => void,
): void {
  const successLimit = cj.spec?.successfulJobsHistoryLimit;
  const failedLimit = cj.spec?.failedJobsHistoryLimit;
  if ((successLimit ?? null) === null && (failedLimit ?? null) === null) return done(false);
  const successful = jobs.filter((j) => finishedConditionType(j) === "Complete");
  const failed = jobs.filter((j) => finishedConditionType(j) === "Failed");
  let updateStatus = false;
  const removeOldest = (list: JobObject[], max: number | null | undefined, next: () => void): void => {
    if (max === undefined || max === null || list.length - max <= 0) return next();
    const oldest = [...list].sort(byJobStartTime).slice(0, list.length - max);
    eachSeries(
      oldest,
      (job, after) => deleteJob(deps, cj, job, (ok) => ((updateStatus ||= ok), after())),
      next,
    );
  };
  removeOldest(successful, successLimit, () => removeOldest(failed, failedLimit, () => done(updateStatus)));
}
