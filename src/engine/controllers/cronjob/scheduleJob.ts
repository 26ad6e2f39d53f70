// syncCronJob of pkg/controller/cronjob/cronjob_controllerv2.go, second half: unless the CronJob
// is suspended or its schedule is broken, start the Job for the most recent unmet schedule time,
// honouring startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid, Replace), and say when
// to look again.

import { isStatus } from "../../api/status";
import { formatRfc3339, parseRfc3339 } from "../../sim/time";
import { isControlledBy } from "../controllerUtils";
import type { JobObject } from "../job/jobUtils";
import { isNamespaceTerminating } from "../podControl";
import {
  type CronJobSyncDeps,
  type CronJobSyncResult,
  deleteJob,
  eachSeries,
  inActiveList,
  messageOf,
} from "./cronJobJobs";
import {
  type CronJobObject,
  formatRfc1123Z,
  getJobFromTemplate,
  getJobName,
  jobReference,
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
} from "./cronJobUtils";
import { parseStandard, timeZoneError } from "./cronSchedule";

/** formatSchedule: a schedule with TZ in it is used as is (with a warning); else spec.timeZone is prefixed. */
function formatSchedule(deps: CronJobSyncDeps, cj: CronJobObject, warn: boolean): string {
  const schedule = cj.spec?.schedule ?? "";
  if (schedule.includes("TZ")) {
    if (warn)
      deps.recorder.event(
        cj,
        "Warning",
        "UnsupportedSchedule",
        `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
      );
    return schedule;
  }
  const zone = cj.spec?.timeZone;
  if (zone !== undefined && zone !== null && timeZoneError(zone) === undefined)
    return `TZ=${zone} ${schedule}`;
  return schedule;
}

export function parseCronJobSchedule(deps: CronJobSyncDeps, cj: CronJobObject, warn: boolean) {
  return parseStandard(formatSchedule(deps, cj, warn));
}

/** Starts the Job for the most recent unmet schedule time, if it is due. */
export function scheduleJob(
  deps: CronJobSyncDeps,
  cj: CronJobObject,
  now: number,
  statusChanged: boolean,
  done: (result: CronJobSyncResult) => void,
): void {
  let updateStatus = statusChanged;
  const finish = (requeueAfter?: number, error?: string): void =>
    done({
      ...(requeueAfter !== undefined ? { requeueAfter } : {}),
      updateStatus,
      ...(error !== undefined ? { error } : {}),
    });
  // Being deleted: only the status is kept up to date.
  if (cj.metadata.deletionTimestamp) return finish();
  const zone = cj.spec?.timeZone;
  if (zone !== undefined && zone !== null) {
    const error = timeZoneError(zone);
    if (error !== undefined) {
      deps.recorder.event(
        cj,
        "Warning",
        "UnknownTimeZone",
        `invalid timeZone: ${JSON.stringify(zone)}: ${error}`,
      );
      return finish();
    }
  }
  if (cj.spec?.suspend === true) return finish();
  const parsed = parseCronJobSchedule(deps, cj, true);
  if (!parsed.ok) {
    deps.recorder.event(
      cj,
      "Warning",
      "UnparseableSchedule",
      `unparseable schedule: ${JSON.stringify(cj.spec?.schedule ?? "")} : ${parsed.error}`,
    );
    return finish();
  }
  const sched = parsed.schedule;
  const next = (): number => nextScheduleTimeDuration(cj, now, sched);
  const recent = mostRecentScheduleTime(cj, now, sched, true);
  if (recent.mostRecent !== undefined && recent.mostRecent <= now && recent.missed === "many") {
    deps.recorder.event(
      cj,
      "Warning",
      "TooManyMissedTimes",
      "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
    );
  }
  if (recent.error !== undefined) {
    deps.recorder.event(
      cj,
      "Warning",
      "InvalidSchedule",
      `invalid schedule: ${cj.spec?.schedule ?? ""} : ${recent.error}`,
    );
    return finish();
  }
  const scheduledTime = recent.mostRecent;
  // No unmet start time: wait for the next one.
  if (scheduledTime === undefined || scheduledTime > now) return finish(next());
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sds !== undefined && sds !== null && scheduledTime + sds * 1000 < now) {
    deps.recorder.event(
      cj,
      "Warning",
      "MissSchedule",
      `Missed scheduled time to start a job: ${formatRfc1123Z(scheduledTime)}`,
    );
    return finish(next());
  }
  const jobName = getJobName(cj, scheduledTime);
  const active = cj.status?.active ?? [];
  const lastSchedule = cj.status?.lastScheduleTime;
  if (
    active.some((ref) => ref.name === jobName && ref.namespace === cj.metadata.namespace) ||
    (lastSchedule !== undefined && parseRfc3339(lastSchedule) === scheduledTime)
  ) {
    // This schedule time was processed already.
    return finish(next());
  }
  if (cj.spec?.concurrencyPolicy === "Forbid" && active.length > 0) {
    deps.recorder.event(
      cj,
      "Normal",
      "JobAlreadyActive",
      "Not starting job because prior execution is running and concurrency policy is Forbid",
    );
    return finish(next());
  }
  const namespace = cj.metadata.namespace ?? "default";
  const replace = (refs: typeof active, after: () => void): void => {
    eachSeries(
      refs,
      (ref, nextRef) => {
        deps.client.request(
          { verb: "get", resource: "jobs", namespace: ref.namespace ?? namespace, name: ref.name ?? "" },
          (got) => {
            if (got.code !== 200) {
              deps.recorder.event(cj, "Warning", "FailedGet", `Get job: ${messageOf(got)}`);
              return finish(undefined, messageOf(got));
            }
            deleteJob(deps, cj, got.body as JobObject, (ok) => {
              if (!ok)
                return finish(undefined, `could not replace job ${ref.namespace ?? ""}/${ref.name ?? ""}`);
              updateStatus = true;
              nextRef();
            });
          },
        );
      },
      after,
    );
  };
  const create = (): void => {
    const body = getJobFromTemplate(cj, scheduledTime);
    deps.client.create("jobs", namespace, body, (response) => {
      if (response.code === 201) {
        const created = response.body as JobObject;
        deps.recorder.event(cj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name ?? ""}`);
        return record(created);
      }
      const error = {
        code: response.code,
        message: messageOf(response),
        ...(isStatus(response.body) ? { status: response.body } : {}),
      };
      // A terminating namespace fails every create: nothing to report.
      if (isNamespaceTerminating(error)) return finish(undefined, error.message);
      if (!isStatus(response.body) || response.body.reason !== "AlreadyExists") {
        deps.recorder.event(cj, "Warning", "FailedCreate", `Error creating job: ${error.message}`);
        return finish(undefined, error.message);
      }
      // Already there: created by us before a status update was lost, or by someone else.
      deps.client.request({ verb: "get", resource: "jobs", namespace, name: jobName }, (got) => {
        if (got.code !== 200) return finish(undefined, messageOf(got));
        const existing = got.body as JobObject;
        if (!isControlledBy(existing, cj) || inActiveList(cj, existing.metadata.uid)) return finish();
        record(existing);
      });
    });
  };
  const record = (job: JobObject): void => {
    cj.status = {
      ...(cj.status ?? {}),
      active: [...(cj.status?.active ?? []), jobReference(job)],
      lastScheduleTime: formatRfc3339(scheduledTime),
    };
    updateStatus = true;
    finish(next());
  };
  if (cj.spec?.concurrencyPolicy === "Replace") return replace([...active], create);
  create();
}
