// The CronJob controller of kube-controller-manager (pkg/controller/cronjob/cronjob_controllerv2.go):
// at each schedule time it creates a Job named `<cronjob>-<scheduled minutes since the epoch>`
// from spec.jobTemplate (annotated batch.kubernetes.io/cronjob-scheduled-timestamp), keeps
// status.active, lastScheduleTime and lastSuccessfulTime, applies concurrencyPolicy (Allow,
// Forbid, Replace), suspend and startingDeadlineSeconds, deletes finished Jobs beyond
// successfulJobsHistoryLimit / failedJobsHistoryLimit, and requeues itself 100 ms after the next
// schedule time on the virtual clock. Schedules are parsed as robfig/cron's ParseStandard does
// (cronjob/cronSchedule.ts, computed with the `croner` library), in spec.timeZone when given.
// Simplified: the wait for the next schedule time is background work, so "run until idle" does
// not run a CronJob forever; no metrics.

import type { KubeObject } from "../api/objects";
import { cloneJson } from "../api/objects";
import { isStatus } from "../api/status";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { controllerOf } from "./controllerUtils";
import { type CronJobObject, nextScheduleTimeDuration } from "./cronjob/cronJobUtils";
import { type CronJobSyncDeps, cleanupFinishedJobs } from "./cronjob/cronJobJobs";
import { parseCronJobSchedule } from "./cronjob/scheduleJob";
import { syncCronJob } from "./cronjob/syncCronJob";
import { DelayedEnqueuer } from "./job/jobSyncContext";
import type { JobObject } from "./job/jobUtils";
import { WorkQueue } from "./workQueue";

export class CronJobController {
  readonly cronJobs: Informer<KubeObject>;
  readonly jobs: Informer<KubeObject>;
  readonly queue: WorkQueue;
  private readonly recorder: EventRecorder;
  private readonly delayed: DelayedEnqueuer;
  private running = false;

  /** Whether the jobs informer is this controller's own (else another controller starts it). */
  private readonly ownsJobs: boolean;

  /** `shared.jobs`: another controller's Job informer to use, as the shared informer factory does. */
  constructor(
    private readonly client: ApiClient,
    shared: { readonly jobs?: Informer<KubeObject> } = {},
  ) {
    this.cronJobs = new Informer(client, "cronjobs");
    this.ownsJobs = shared.jobs === undefined;
    this.jobs = shared.jobs ?? new Informer(client, "jobs");
    this.queue = new WorkQueue(client.sim, (key, done) => this.sync(key, done));
    this.recorder = new EventRecorder(client, { component: "cronjob-controller" });
    this.delayed = new DelayedEnqueuer(client.sim, (key) => this.enqueue(key), {
      background: true,
      active: () => this.running,
    });
    this.jobs.addHandlers({
      add: (job) => this.jobChanged(job),
      update: (old, cur) => {
        if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
        if (controllerOf(old)?.uid !== controllerOf(cur)?.uid) this.jobChanged(old);
        this.jobChanged(cur);
      },
      delete: (job) => this.jobChanged(job),
    });
    this.cronJobs.addHandlers({
      add: (cj) => this.enqueue(keyOf(cj)),
      update: (old, cur) => this.updateCronJob(old as CronJobObject, cur as CronJobObject),
      delete: (cj) => this.enqueue(keyOf(cj)),
    });
  }

  /** Starts the informers and the workers. */
  start(): void {
    this.running = true;
    this.startInformers();
  }

  /** The informers alone: tests call sync themselves. */
  startInformers(): void {
    this.cronJobs.start();
    if (this.ownsJobs) this.jobs.start();
  }

  /** Simulated time of the next sync this CronJob is waiting for, if any. */
  nextSyncAt(key: string): number | undefined {
    return this.delayed.dueAt(key);
  }

  private enqueue(key: string): void {
    if (this.running) this.queue.add(key);
  }

  private deps(): CronJobSyncDeps {
    return {
      client: this.client,
      recorder: this.recorder,
      now: () => this.client.sim.epochMs + this.client.sim.now,
    };
  }

  /** addJob / updateJob / deleteJob: wake the CronJob that controls the Job. */
  private jobChanged(job: KubeObject): void {
    const ref = controllerOf(job);
    if (!ref || ref.kind !== "CronJob") return;
    const cj = this.cronJobs.get(`${job.metadata.namespace ?? "default"}/${ref.name}`);
    if (cj?.metadata.uid === ref.uid) this.enqueue(keyOf(cj));
  }

  /** updateCronJob: a new schedule or time zone moves the requeue; other changes sync at once. */
  private updateCronJob(old: CronJobObject, cur: CronJobObject): void {
    if (old.spec?.schedule === cur.spec?.schedule && old.spec?.timeZone === cur.spec?.timeZone) {
      return this.enqueue(keyOf(cur));
    }
    const parsed = parseCronJobSchedule(this.deps(), cur, false);
    if (!parsed.ok) {
      this.recorder.event(
        cur,
        "Warning",
        "UnParseableCronJobSchedule",
        `unparseable schedule for cronjob: ${cur.spec?.schedule ?? ""}`,
      );
      return;
    }
    const now = this.client.sim.epochMs + this.client.sim.now;
    this.delayed.addAfter(keyOf(cur), nextScheduleTimeDuration(cur, now, parsed.schedule));
  }

  /** The Jobs whose controller reference names this CronJob (getJobsToBeReconciled). */
  private jobsOf(cj: CronJobObject): JobObject[] {
    const jobs: JobObject[] = [];
    for (const job of this.jobs.list()) {
      if (job.metadata.namespace !== cj.metadata.namespace) continue;
      if (controllerOf(job)?.name === cj.metadata.name) jobs.push(job as JobObject);
    }
    return jobs.sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
  }

  /** sync: clean up, reconcile, then write the status once if anything changed. */
  sync(key: string, done: (result?: number | "error") => void): void {
    const shared = this.cronJobs.get(key) as CronJobObject | undefined;
    if (!shared) return done();
    const deps = this.deps();
    const jobs = this.jobsOf(shared);
    const copy = cloneJson(shared);
    cleanupFinishedJobs(deps, copy, jobs, (cleaned) =>
      syncCronJob(deps, copy, jobs, (result) => {
        const finish = (): void => {
          if (result.requeueAfter !== undefined) {
            this.delayed.addAfter(key, result.requeueAfter);
            return done();
          }
          done(result.error !== undefined ? "error" : undefined);
        };
        if (!cleaned && !result.updateStatus) return finish();
        // As upstream, the copy the sync started with is written, even if a fresher one was read.
        const cj = copy;
        this.client.request(
          {
            verb: "update",
            resource: "cronjobs",
            namespace: cj.metadata.namespace ?? "default",
            name: cj.metadata.name ?? "",
            subresource: "status",
            body: { ...cj, status: serializeCronJobStatus(cj) },
          },
          (response) => (response.code === 200 && !isStatus(response.body) ? finish() : done("error")),
        );
      }),
    );
  }
}

/** CronJobStatus JSON: active (omitted when empty), lastScheduleTime, lastSuccessfulTime. */
function serializeCronJobStatus(cj: CronJobObject): NonNullable<CronJobObject["status"]> {
  const s = cj.status ?? {};
  return {
    ...(s.active && s.active.length ? { active: s.active } : {}),
    ...(s.lastScheduleTime ? { lastScheduleTime: s.lastScheduleTime } : {}),
    ...(s.lastSuccessfulTime ? { lastSuccessfulTime: s.lastSuccessfulTime } : {}),
  };
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? "default"}/${object.metadata.name ?? ""}`;
}
