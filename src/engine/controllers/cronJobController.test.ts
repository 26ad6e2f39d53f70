import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/objects";
import { MINUTE } from "../sim/time";
import { type ControllerTestbed, controllerTestbed } from "../testing/controllerTestbed";
import { CronJobController } from "./cronJobController";
import { at, eventsOf } from "./job/jobTestFixtures";

const CJ_UID = "uid-cronjobs-hello";
const POST_JOBS = "POST /apis/batch/v1/namespaces/default/jobs";
const POST_EVENTS = "POST /api/v1/namespaces/default/events";
const PUT_CJ_STATUS = "PUT /apis/batch/v1/namespaces/default/cronjobs/hello/status";
const deleteJob = (name: string): string => `DELETE /apis/batch/v1/namespaces/default/jobs/${name}`;
const getJob = (name: string): string => `GET /apis/batch/v1/namespaces/default/jobs/${name}`;
/** Job names: scheduled time in minutes since the epoch (09:10 on 2026-01-01 is 29454310). */
const jobAt = (minutesAfter9: number): string => `hello-${29454300 + minutesAfter9}`;

function cronJob(spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello", namespace: "default", generation: 1 },
    spec: {
      schedule: "*/10 * * * *",
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels: { app: "hello" } },
        spec: {
          template: {
            spec: {
              restartPolicy: "OnFailure",
              containers: [
                { name: "hello", image: "busybox:1.36", command: ["sh", "-c", "date; echo Hello"] },
              ],
            },
          },
        },
      },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

/** A Job the CronJob made at 09:<minute>, finished (Complete or Failed) or still running. */
function childJob(minute: number, state: "Complete" | "Failed" | "running"): KubeObject {
  const name = jobAt(minute);
  const start = at(minute * 60);
  const end = at(minute * 60 + 7);
  const condition = (type: string) => ({ type, status: "True", lastProbeTime: end, lastTransitionTime: end });
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: "hello",
          uid: CJ_UID,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { template: { spec: { containers: [{ name: "hello", image: "busybox:1.36" }] } } },
    status:
      state === "running"
        ? { startTime: start, active: 1 }
        : state === "Complete"
          ? {
              conditions: [condition("SuccessCriteriaMet"), condition("Complete")],
              startTime: start,
              completionTime: end,
              succeeded: 1,
            }
          : { conditions: [condition("FailureTarget"), condition("Failed")], startTime: start, failed: 1 },
  };
}

const activeRef = (minute: number) => ({
  kind: "Job",
  namespace: "default",
  name: jobAt(minute),
  uid: `uid-${jobAt(minute)}`,
  apiVersion: "batch/v1",
});

function setup(objects: KubeObject[]): { tb: ControllerTestbed; cjc: CronJobController } {
  const tb = controllerTestbed(objects, { controllerName: "cronjob-controller" });
  const cjc = new CronJobController(tb.client);
  cjc.startInformers();
  return { tb, cjc };
}

function syncAt(tb: ControllerTestbed, cjc: CronJobController, ms: number): number | "error" | undefined {
  tb.sim.runUntil(ms);
  let result: number | "error" | undefined | null = null;
  cjc.sync("default/hello", (r) => (result = r));
  tb.run();
  if (result === null) throw new Error("sync never finished");
  return result;
}

const statusOf = (tb: ControllerTestbed): unknown => tb.get("cronjobs", "default", "hello")?.["status"];

describe("CronJob controller", () => {
  it("waits for the first schedule time, then creates the Job for it and records it as active", () => {
    const { tb, cjc } = setup([cronJob()]);
    expect(syncAt(tb, cjc, 5 * MINUTE)).toBeUndefined();
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
    expect(cjc.nextSyncAt("default/hello")).toBe(10 * MINUTE + 100);

    syncAt(tb, cjc, 10 * MINUTE + 100);
    expect(tb.client.calls({ includeReads: true })).toEqual([POST_JOBS, POST_EVENTS, PUT_CJ_STATUS]);
    const created = tb.get("jobs", "default", jobAt(10));
    expect(created?.metadata.labels).toEqual({ app: "hello" });
    expect(created?.metadata.annotations).toEqual({
      "batch.kubernetes.io/cronjob-scheduled-timestamp": at(600),
    });
    expect(created?.metadata.ownerReferences).toEqual([
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        name: "hello",
        uid: CJ_UID,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(eventsOf(tb)).toEqual([`Normal SuccessfulCreate Created job ${jobAt(10)} (cronjob-controller)`]);
    expect(statusOf(tb)).toEqual({
      active: [
        { ...activeRef(10), uid: created?.metadata.uid, resourceVersion: created?.metadata.resourceVersion },
      ],
      lastScheduleTime: at(600),
    });
    // 100 ms after the next schedule time, counted from when the sync started.
    const next = cjc.nextSyncAt("default/hello") ?? 0;
    expect(next).toBeGreaterThanOrEqual(20 * MINUTE + 100);
    expect(next).toBeLessThan(20 * MINUTE + 200);
  });

  it("notices a completed Job, then records lastSuccessfulTime", () => {
    const { tb, cjc } = setup([
      cronJob({}, { active: [activeRef(10)], lastScheduleTime: at(600) }),
      childJob(10, "Complete"),
    ]);
    syncAt(tb, cjc, 11 * MINUTE);
    expect(tb.client.calls()).toEqual([POST_EVENTS, PUT_CJ_STATUS]);
    expect(eventsOf(tb)).toEqual([
      `Normal SawCompletedJob Saw completed job: ${jobAt(10)}, status: Complete (cronjob-controller)`,
    ]);
    expect(statusOf(tb)).toEqual({ lastScheduleTime: at(600) });
    tb.client.clear();
    syncAt(tb, cjc, 11 * MINUTE + 1000);
    expect(tb.client.calls()).toEqual([PUT_CJ_STATUS]);
    expect(statusOf(tb)).toEqual({ lastScheduleTime: at(600), lastSuccessfulTime: at(607) });
  });

  it("keeps successfulJobsHistoryLimit Jobs, deleting the oldest in the background", () => {
    const { tb, cjc } = setup([
      cronJob({}, { lastScheduleTime: at(2400), lastSuccessfulTime: at(2407) }),
      childJob(10, "Complete"),
      childJob(20, "Complete"),
      childJob(30, "Failed"),
      childJob(40, "Complete"),
      childJob(0, "Complete"),
    ]);
    syncAt(tb, cjc, 45 * MINUTE);
    expect(tb.client.calls()).toEqual([deleteJob(jobAt(0)), POST_EVENTS, PUT_CJ_STATUS]);
    expect(tb.client.actions[0]?.request.propagationPolicy).toBe("Background");
    expect(eventsOf(tb)).toEqual([`Normal SuccessfulDelete Deleted job ${jobAt(0)} (cronjob-controller)`]);
  });

  it("with Forbid, skips a run while a Job is still active", () => {
    const { tb, cjc } = setup([
      cronJob({ concurrencyPolicy: "Forbid" }, { active: [activeRef(10)], lastScheduleTime: at(600) }),
      childJob(10, "running"),
    ]);
    syncAt(tb, cjc, 20 * MINUTE + 100);
    expect(tb.client.calls()).toEqual([POST_EVENTS]);
    expect(eventsOf(tb)).toEqual([
      "Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid (cronjob-controller)",
    ]);
    expect(cjc.nextSyncAt("default/hello")).toBe(30 * MINUTE + 100);
  });

  it("with Replace, deletes the running Job and starts the new one", () => {
    const { tb, cjc } = setup([
      cronJob({ concurrencyPolicy: "Replace" }, { active: [activeRef(10)], lastScheduleTime: at(600) }),
      childJob(10, "running"),
    ]);
    syncAt(tb, cjc, 20 * MINUTE + 100);
    expect(tb.client.calls({ includeReads: true })).toEqual([
      getJob(jobAt(10)),
      deleteJob(jobAt(10)),
      POST_EVENTS,
      POST_JOBS,
      POST_EVENTS,
      PUT_CJ_STATUS,
    ]);
    expect(eventsOf(tb)).toEqual([
      `Normal SuccessfulDelete Deleted job ${jobAt(10)} (cronjob-controller)`,
      `Normal SuccessfulCreate Created job ${jobAt(20)} (cronjob-controller)`,
    ]);
    const status = statusOf(tb) as { active: { name: string }[]; lastScheduleTime: string };
    expect(status.active.map((r) => r.name)).toEqual([jobAt(20)]);
    expect(status.lastScheduleTime).toBe(at(1200));
  });

  it("skips a schedule time older than startingDeadlineSeconds, and does nothing while suspended", () => {
    const { tb, cjc } = setup([cronJob({ startingDeadlineSeconds: 30 })]);
    syncAt(tb, cjc, 10 * MINUTE + 45_000);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
    expect(cjc.nextSyncAt("default/hello")).toBe(20 * MINUTE + 100);
    syncAt(tb, cjc, 20 * MINUTE + 100);
    expect(tb.client.calls()).toEqual([POST_JOBS, POST_EVENTS, PUT_CJ_STATUS]);

    const suspended = setup([cronJob({ suspend: true })]);
    syncAt(suspended.tb, suspended.cjc, 10 * MINUTE + 100);
    expect(suspended.tb.client.calls({ includeReads: true })).toEqual([]);
    expect(suspended.cjc.nextSyncAt("default/hello")).toBeUndefined();
  });

  it("warns about a Job it owns but did not list as active", () => {
    const { tb, cjc } = setup([cronJob({}, { lastScheduleTime: at(600) }), childJob(10, "running")]);
    syncAt(tb, cjc, 11 * MINUTE);
    // It first re-reads the CronJob, in case its own status update is not in the cache yet.
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "GET /apis/batch/v1/namespaces/default/cronjobs/hello",
      POST_EVENTS,
    ]);
    expect(eventsOf(tb)).toEqual([
      `Warning UnexpectedJob Saw a job that the controller did not create or forgot: ${jobAt(10)} (cronjob-controller)`,
    ]);
  });
});
