// The Job controller of kube-controller-manager (pkg/controller/job/job_controller.go): runs a
// Job's pods to completion. It keeps min(parallelism, completions - succeeded) pods active, each
// created with the batch.kubernetes.io/job-tracking finalizer; counts finished pods through
// status.uncountedTerminatedPods before removing that finalizer; waits 10 s, 20 s, ... (capped at
// 10 min) after pod failures before creating replacements; and fails the Job past backoffLimit
// or activeDeadlineSeconds, with the interim FailureTarget / SuccessCriteriaMet conditions of 1.32
// before Failed / Complete. Events as upstream (SuccessfulCreate, SuccessfulDelete, Completed,
// BackoffLimitExceeded, DeadlineExceeded, Suspended, Resumed).
// Simplified: NonIndexed Jobs only (an Indexed Job is left alone); no podFailurePolicy,
// successPolicy, backoffLimitPerIndex, podReplacementPolicy Failed or managedBy; orphan pods are
// not adopted (only pods whose controller reference is the Job count); no metrics.

import type { KubeObject, Pod } from "../api/objects";
import { isStatus } from "../api/status";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { SECOND, parseRfc3339 } from "../sim/time";
import { ControllerExpectations } from "./controllerExpectations";
import { controllerOf } from "./controllerUtils";
import { BackoffStore } from "./job/jobBackoff";
import {
  DelayedEnqueuer,
  type JobSyncDeps,
  type SyncJobCtx,
  UidTrackingExpectations,
} from "./job/jobSyncContext";
import { type JobObject, hasJobTrackingFinalizer, isJobFinished, serializeStatus } from "./job/jobUtils";
import { SYNC_JOB_BATCH_PERIOD_MS, podKey } from "./job/manageJob";
import { syncJob } from "./job/syncJob";
import { PodControl } from "./podControl";
import { WorkQueue } from "./workQueue";
import { JobOrphans } from "./job/jobOrphans";

/** DefaultJobApiBackOff / MaxJobApiBackOff: the Job queue's retry delays after API errors. */
const API_BACKOFF_MS = SECOND;
const MAX_API_BACKOFF_MS = 60 * SECOND;

export class JobController {
  readonly jobs: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;
  readonly finalizerExpectations = new UidTrackingExpectations();
  readonly backoff = new BackoffStore();
  readonly orphans: JobOrphans;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly delayed: DelayedEnqueuer;
  private readonly apiFailures = new Map<string, number>();
  private running = false;
  /** Pod keys by their controller's uid, so a sync does not scan every pod. */
  private readonly podsByOwner = new Map<string, Set<string>>();

  constructor(private readonly client: ApiClient) {
    const sim = client.sim;
    this.jobs = new Informer(client, "jobs");
    this.pods = new Informer(client, "pods");
    this.queue = new WorkQueue(sim, (key, done) => this.reconcile(key, done));
    this.expectations = new ControllerExpectations(sim);
    this.recorder = new EventRecorder(client, { component: "job-controller" });
    this.podControl = new PodControl(client, this.recorder);
    this.delayed = new DelayedEnqueuer(sim, (key) => this.enqueue(key), { active: () => this.running });
    this.orphans = new JobOrphans(sim, this.pods, this.podControl, (ns, ref) =>
      this.resolveControllerRef(ns, ref),
    );
    this.jobs.addHandlers({
      add: (job) => this.enqueue(keyOf(job)),
      update: (old, cur) => this.updateJob(old as JobObject, cur as JobObject),
      delete: (job) => {
        this.enqueue(keyOf(job));
        this.cleanupPodFinalizers(job as JobObject);
      },
    });
    this.pods.addHandlers({
      add: (pod) => this.addPod(pod as unknown as Pod),
      update: (old, cur) => this.updatePod(old as unknown as Pod, cur as unknown as Pod),
      delete: (pod) => this.deletePod(pod as unknown as Pod, true),
    });
  }

  /** Starts the informers and the workers. */
  start(): void {
    this.running = true;
    this.startInformers();
  }

  /** The informers alone: tests call reconcile themselves. */
  startInformers(): void {
    this.jobs.start();
    this.pods.start();
  }

  private enqueue(key: string): void {
    if (this.running) this.queue.add(key);
  }

  private enqueueOrphan(pod: Pod): void {
    if (this.running) this.orphans.enqueue(pod);
  }

  private enqueueBatched(job: KubeObject): void {
    this.delayed.addAfter(keyOf(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  private resolveControllerRef(
    namespace: string,
    ref: { kind: string; name: string; uid: string },
  ): JobObject | undefined {
    if (ref.kind !== "Job") return undefined;
    const job = this.jobs.get(`${namespace}/${ref.name}`) as JobObject | undefined;
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  private index(pod: Pod, present: boolean): void {
    const uid = controllerOf(pod)?.uid;
    if (!uid) return;
    const set = this.podsByOwner.get(uid) ?? new Set<string>();
    if (present) set.add(podKey(pod));
    else set.delete(podKey(pod));
    if (set.size) this.podsByOwner.set(uid, set);
    else this.podsByOwner.delete(uid);
  }

  private podsOf(job: JobObject): Pod[] {
    const pods: Pod[] = [];
    for (const key of this.podsByOwner.get(job.metadata.uid ?? "") ?? []) {
      const pod = this.pods.get(key) as unknown as Pod | undefined;
      if (pod) pods.push(pod);
    }
    return pods.sort((a, b) => (podKey(a) < podKey(b) ? -1 : 1));
  }

  private addPod(pod: Pod): void {
    this.index(pod, true);
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod, false);
    const ref = controllerOf(pod);
    if (ref) {
      const job = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
      if (!job) return;
      this.expectations.creationObserved(keyOf(job));
      return this.enqueueBatched(job);
    }
    if (hasJobTrackingFinalizer(pod)) this.enqueueOrphan(pod);
  }

  private updatePod(old: Pod, cur: Pod): void {
    this.index(old, false);
    this.index(cur, true);
    if (cur.metadata?.resourceVersion === old.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp) return this.deletePod(cur, false);
    const finalizerRemoved = !hasJobTrackingFinalizer(cur);
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const namespace = cur.metadata?.namespace ?? "";
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const job = this.resolveControllerRef(namespace, oldRef);
      if (job) {
        if (finalizerRemoved) this.finalizerExpectations.observed(keyOf(job), cur.metadata?.uid ?? "");
        this.enqueueBatched(job);
      }
    }
    if (curRef) {
      const job = this.resolveControllerRef(namespace, curRef);
      if (!job) return;
      if (finalizerRemoved) this.finalizerExpectations.observed(keyOf(job), cur.metadata?.uid ?? "");
      return this.enqueueBatched(job);
    }
    if (hasJobTrackingFinalizer(cur)) this.enqueueOrphan(cur);
  }

  /** deletePod: also called for a pod that got its deletionTimestamp (`final` false). */
  private deletePod(pod: Pod, final: boolean): void {
    if (final) this.index(pod, false);
    const ref = controllerOf(pod);
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    if (!ref) {
      if (hasFinalizer) this.enqueueOrphan(pod);
      return;
    }
    const job = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
    if (!job || isJobFinished(job)) {
      // syncJob will not remove this finalizer.
      if (hasFinalizer) this.enqueueOrphan(pod);
      return;
    }
    const key = keyOf(job);
    this.expectations.deletionObserved(key, podKey(pod));
    if (final || !hasFinalizer) this.finalizerExpectations.observed(key, pod.metadata?.uid ?? "");
    this.enqueueBatched(job);
  }

  private updateJob(old: JobObject, cur: JobObject): void {
    const key = keyOf(cur);
    // A spec change syncs at once; status updates are batched like pod events.
    if (cur.metadata.generation === old.metadata.generation) this.enqueueBatched(cur);
    else this.enqueue(key);
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const start = cur.status?.startTime ? parseRfc3339(cur.status.startTime) : undefined;
    const ads = cur.spec?.activeDeadlineSeconds;
    if (start === undefined || ads === undefined || ads === null) return;
    if (old.spec?.activeDeadlineSeconds !== ads) {
      const passed = this.nowMs() - start;
      this.delayed.addAfter(key, ads * SECOND - passed);
    }
  }

  /** cleanupPodFinalizers: a finished or deleted Job's pods still holding the finalizer. */
  private cleanupPodFinalizers(job: JobObject): void {
    for (const pod of this.podsOf(job)) if (hasJobTrackingFinalizer(pod)) this.enqueueOrphan(pod);
  }

  private nowMs(): number {
    return this.client.sim.epochMs + this.client.sim.now;
  }

  private deps(): JobSyncDeps & { expectations: ControllerExpectations } {
    return {
      sim: this.client.sim,
      podControl: this.podControl,
      recorder: this.recorder,
      finalizerExpectations: this.finalizerExpectations,
      backoff: this.backoff,
      expectations: this.expectations,
      enqueueAfter: (key, delayMs) => this.delayed.addAfter(key, delayMs),
      updateStatus: (ctx, done) => this.updateStatus(ctx, done),
    };
  }

  /** UpdateStatus: PUT .../jobs/<name>/status with the whole Job, pinned to its resourceVersion. */
  private updateStatus(ctx: SyncJobCtx, done: (error?: string) => void): void {
    const job = ctx.job;
    const body = { ...job, status: serializeStatus(ctx.status) };
    this.client.request(
      {
        verb: "update",
        resource: "jobs",
        namespace: job.metadata.namespace ?? "default",
        name: job.metadata.name ?? "",
        subresource: "status",
        body,
      },
      (response) => {
        if (response.code === 200) {
          ctx.job = response.body as JobObject;
          return done();
        }
        done(isStatus(response.body) ? response.body.message : `unexpected response ${response.code}`);
      },
    );
  }

  /** syncJob. */
  reconcile(key: string, done: (result?: number | "error") => void): void {
    const finish = (error?: string): void => {
      if (error === undefined) {
        this.apiFailures.delete(key);
        return done();
      }
      const failures = (this.apiFailures.get(key) ?? 0) + 1;
      this.apiFailures.set(key, failures);
      done(Math.min(API_BACKOFF_MS * 2 ** (failures - 1), MAX_API_BACKOFF_MS));
    };
    const shared = this.jobs.get(key) as JobObject | undefined;
    if (!shared) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoff.remove(key);
      return done();
    }
    // A finished Job is never synced again.
    if (isJobFinished(shared)) {
      this.backoff.remove(key);
      return done();
    }
    const mode = shared.spec?.completionMode;
    if (mode !== undefined && mode !== null && mode !== "NonIndexed") {
      if (mode !== "Indexed")
        this.recorder.event(
          shared,
          "Warning",
          "UnknownCompletionMode",
          "Skipped Job sync because completion mode is unknown",
        );
      return done();
    }
    const deps = { ...this.deps(), satisfiedExpectations: this.expectations.satisfied(key) };
    syncJob(deps, key, shared, this.podsOf(shared), finish);
  }
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? "default"}/${object.metadata.name ?? ""}`;
}
