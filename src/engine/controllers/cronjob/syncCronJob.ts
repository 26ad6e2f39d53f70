// syncCronJob of pkg/controller/cronjob/cronjob_controllerv2.go, first half: reconcile
// status.active with the Jobs the CronJob owns (SawCompletedJob, lastSuccessfulTime,
// UnexpectedJob, MissingJob), then hand over to scheduleJob.ts to start the next Job.

import { type KubeObject, cloneJson } from "../../api/objects";
import { type JobObject, finishedConditionType, isJobFinished } from "../job/jobUtils";
import {
  type CronJobSyncDeps,
  type CronJobSyncResult,
  deleteFromActiveList,
  eachSeries,
  inActiveList,
  messageOf,
} from "./cronJobJobs";
import { type CronJobObject, isJobSucceeded } from "./cronJobUtils";
import { scheduleJob } from "./scheduleJob";

/** syncCronJob. `cronJob` is a working copy whose status may be changed. */
export function syncCronJob(
  deps: CronJobSyncDeps,
  cronJob: CronJobObject,
  jobs: readonly JobObject[],
  done: (result: CronJobSyncResult) => void,
): void {
  const now = deps.now();
  let cj = cronJob;
  let updateStatus = false;
  const finish = (requeueAfter?: number, error?: string): void =>
    done({
      ...(requeueAfter !== undefined ? { requeueAfter } : {}),
      updateStatus,
      ...(error !== undefined ? { error } : {}),
    });
  const meta = cj.metadata;
  const namespace = meta.namespace ?? "default";
  const children = new Set(jobs.map((j) => j.metadata.uid));

  const reconcileJob = (j: JobObject, next: () => void): void => {
    const found = inActiveList(cj, j.metadata.uid);
    if (!found && !isJobFinished(j)) {
      // Perhaps our own status update is not in the cache yet: ask the apiserver.
      return deps.client.request(
        { verb: "get", resource: "cronjobs", namespace, name: meta.name ?? "" },
        (got) => {
          if (got.code !== 200) return finish(undefined, messageOf(got));
          const fresh = cloneJson(got.body as KubeObject) as CronJobObject;
          if (inActiveList(fresh, j.metadata.uid)) {
            cj = fresh;
            return next();
          }
          deps.recorder.event(
            cj,
            "Warning",
            "UnexpectedJob",
            `Saw a job that the controller did not create or forgot: ${j.metadata.name ?? ""}`,
          );
          next();
        },
      );
    }
    if (found && isJobFinished(j)) {
      deleteFromActiveList(cj, j.metadata.uid);
      deps.recorder.event(
        cj,
        "Normal",
        "SawCompletedJob",
        `Saw completed job: ${j.metadata.name ?? ""}, status: ${finishedConditionType(j) ?? ""}`,
      );
      updateStatus = true;
    } else if (isJobSucceeded(j)) {
      // A succeeded Job need not be in the active list for its completion time to count.
      const completion = j.status?.completionTime;
      const last = cj.status?.lastSuccessfulTime;
      if (completion && (!last || completion > last)) {
        cj.status = { ...(cj.status ?? {}), lastSuccessfulTime: completion };
        updateStatus = true;
      }
    }
    next();
  };

  /** An active Job the informer does not know: gone, or just not seen yet? */
  const checkMissing = (ref: { name?: string; namespace?: string; uid?: string }, next: () => void): void => {
    if (children.has(ref.uid)) return next();
    const name = ref.name ?? "";
    deps.client.request(
      { verb: "get", resource: "jobs", namespace: ref.namespace ?? namespace, name },
      (got) => {
        if (got.code === 404) {
          deps.recorder.event(cj, "Normal", "MissingJob", `Active job went missing: ${name}`);
          deleteFromActiveList(cj, ref.uid);
          updateStatus = true;
        } else if (got.code !== 200) return finish(undefined, messageOf(got));
        next();
      },
    );
  };

  eachSeries(jobs, reconcileJob, () =>
    eachSeries([...(cj.status?.active ?? [])], checkMissing, () =>
      scheduleJob(deps, cj, now, updateStatus, done),
    ),
  );
}
