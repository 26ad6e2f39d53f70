// The TTL-after-finished controller of kube-controller-manager
// (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go): a finished Job (Complete or
// Failed) with spec.ttlSecondsAfterFinished is deleted that many seconds after the condition's
// lastTransitionTime. Before deleting, it re-reads the Job from the apiserver (the TTL may have
// changed), then deletes it with propagationPolicy Foreground and a uid precondition, so the
// garbage collector removes the Job's pods first. It records no events, as upstream.
// Simplified: no metrics; the clock-skew warning is not logged.

import type { KubeObject } from "../api/objects";
import { isStatus } from "../api/status";
import type { ApiClient } from "../client/apiClient";
import { Informer } from "../client/informer";
import { SECOND, parseRfc3339 } from "../sim/time";
import { type JobObject, isJobFinished } from "./job/jobUtils";
import { WorkQueue } from "./workQueue";

/** needsCleanup: finished, with a TTL. */
function needsCleanup(job: JobObject): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && isJobFinished(job);
}

/** jobFinishTime: the lastTransitionTime of the Complete or Failed condition. */
function jobFinishTime(job: JobObject): number | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True")
      return c.lastTransitionTime ? parseRfc3339(c.lastTransitionTime) : undefined;
  }
  return undefined;
}

export class TtlAfterFinishedController {
  readonly jobs: Informer<KubeObject>;
  readonly queue: WorkQueue;
  private running = false;

  private readonly ownsJobs: boolean;

  /** `shared.jobs`: another controller's Job informer to use, as the shared informer factory does. */
  constructor(
    private readonly client: ApiClient,
    shared: { readonly jobs?: Informer<KubeObject> } = {},
  ) {
    this.ownsJobs = shared.jobs === undefined;
    this.jobs = shared.jobs ?? new Informer(client, "jobs");
    this.queue = new WorkQueue(client.sim, (key, done) => this.processJob(key, done));
    this.jobs.addHandlers({ add: (job) => this.enqueue(job), update: (_old, cur) => this.enqueue(cur) });
  }

  private enqueue(object: KubeObject): void {
    const job = object as JobObject;
    if (this.running && !job.metadata.deletionTimestamp && needsCleanup(job)) this.queue.add(keyOf(job));
  }

  /** Starts the informer (unless another controller does) and the worker. */
  start(): void {
    this.running = true;
    this.startInformers();
    // A shared informer may have listed its Jobs already: look at them now.
    if (!this.ownsJobs) for (const job of this.jobs.list()) this.enqueue(job);
  }

  /** The informer alone: tests call processJob themselves. */
  startInformers(): void {
    if (this.ownsJobs) this.jobs.start();
  }

  /**
   * processTTL: "expired", or how long until it expires (the Job is queued again for then), or
   * undefined when the Job needs no cleanup. "error" when its finish time cannot be found.
   */
  private processTTL(job: JobObject): "expired" | "error" | number | undefined {
    if (job.metadata.deletionTimestamp || !needsCleanup(job)) return undefined;
    const finishedAt = jobFinishTime(job);
    if (finishedAt === undefined) return "error";
    const expireAt = finishedAt + (job.spec?.ttlSecondsAfterFinished ?? 0) * SECOND;
    const remaining = expireAt - (this.client.sim.epochMs + this.client.sim.now);
    return remaining <= 0 ? "expired" : remaining;
  }

  /** processJob: delete the Job once its TTL has truly expired; `done(ms)` requeues for later. */
  processJob(key: string, done: (result?: number | "error") => void): void {
    const cached = this.jobs.get(key) as JobObject | undefined;
    if (!cached) return done();
    const ttl = this.processTTL(cached);
    if (ttl !== "expired") return done(ttl);
    const namespace = cached.metadata.namespace ?? "default";
    const name = cached.metadata.name ?? "";
    // The cached Job may be stale: check the latest TTL before deleting.
    this.client.request({ verb: "get", resource: "jobs", namespace, name }, (got) => {
      if (got.code === 404) return done();
      if (got.code !== 200 || isStatus(got.body)) return done("error");
      const fresh = got.body as JobObject;
      const freshTtl = this.processTTL(fresh);
      if (freshTtl !== "expired") return done(freshTtl);
      // Cascade: the garbage collector deletes the pods before the Job goes.
      this.client.request(
        {
          verb: "delete",
          resource: "jobs",
          namespace,
          name,
          propagationPolicy: "Foreground",
          preconditions: { uid: fresh.metadata.uid ?? "" },
        },
        (deleted) => done(deleted.code === 200 || deleted.code === 202 ? undefined : "error"),
      );
    });
  }
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? "default"}/${object.metadata.name ?? ""}`;
}
