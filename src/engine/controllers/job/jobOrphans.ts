// The Job controller's orphan queue (orphanWorker / syncOrphanPod in
// pkg/controller/job/job_controller.go): a pod that still holds the job-tracking finalizer but
// whose Job is gone, finished, or not a batch/v1 Job any more gets the finalizer removed, so it
// can be deleted.

import type { KubeObject, OwnerReference, Pod } from "../../api/objects";
import type { Informer } from "../../client/informer";
import type { Simulation } from "../../sim/simulation";
import { controllerOf } from "../controllerUtils";
import type { PodControl } from "../podControl";
import { WorkQueue } from "../workQueue";
import { type JobObject, isJobFinished, removeTrackingFinalizerPatch } from "./jobUtils";
import { podKey } from "./manageJob";

export class JobOrphans {
  readonly queue: WorkQueue;

  constructor(
    sim: Simulation,
    private readonly pods: Informer<KubeObject>,
    private readonly podControl: PodControl,
    private readonly resolve: (namespace: string, ref: OwnerReference) => JobObject | undefined,
  ) {
    this.queue = new WorkQueue(sim, (key, done) => this.syncOrphanPod(key, done));
  }

  enqueue(pod: Pod): void {
    this.queue.add(podKey(pod));
  }

  /** syncOrphanPod: removes the tracking finalizer from a pod no unfinished Job owns. */
  syncOrphanPod(key: string, done: (result?: number | "error") => void): void {
    const pod = this.pods.get(key) as unknown as Pod | undefined;
    if (!pod) return done();
    const ref = controllerOf(pod);
    if (ref) {
      // Owned by something other than a batch/v1 Job: not ours to touch.
      if (ref.kind !== "Job" || ref.apiVersion !== "batch/v1") return done();
      const job = this.resolve(pod.metadata?.namespace ?? "", ref);
      // Adopted by a running Job: it keeps its finalizer.
      if (job && !isJobFinished(job)) return done();
    }
    const patch = removeTrackingFinalizerPatch(pod);
    if (patch === undefined) return done();
    this.podControl.patchPod(pod.metadata?.namespace ?? "default", pod.metadata?.name ?? "", patch, (error) =>
      done(error && error.code !== 404 ? "error" : undefined),
    );
  }
}
