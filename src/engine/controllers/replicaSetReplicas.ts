// manageReplicas and slowStartBatch of pkg/controller/replicaset/replica_set.go: create the missing
// pods in batches of 1, 2, 4, ... (a failing batch stops the rest, so a quota error costs one
// request, not hundreds), or delete the surplus pods that rank first for deletion. At most
// burstReplicas (500) per pass. Expectations are set before the writes go out, so a second pass
// before the informer has seen them does nothing.

import type { KubeObject, OwnerReference, Pod } from "../api/objects";
import type { Simulation } from "../sim/simulation";
import { getPodsToDelete } from "./activePodsRanking";
import type { ControllerExpectations } from "./controllerExpectations";
import { type PodControl, isNamespaceTerminating } from "./podControl";
import { specView } from "./replicaSetKinds";

/** BurstReplicas: the most pods one pass creates or deletes. */
export const BURST_REPLICAS = 500;

/** controller.SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * slowStartBatch: calls `fn` `count` times, in batches that start at `initialBatchSize` and double
 * while every call of a batch succeeds. Calls `done` with the successes and the first error.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (callback: (error?: string) => void) => void,
  done: (successes: number, error?: string) => void,
): void {
  let remaining = count;
  let successes = 0;
  const batch = (size: number): void => {
    if (size <= 0) return done(successes);
    let pending = size;
    const errors: string[] = [];
    for (let i = 0; i < size; i++) {
      fn((error) => {
        if (error !== undefined) errors.push(error);
        if (--pending > 0) return;
        successes += size - errors.length;
        if (errors.length > 0) return done(successes, errors[0]);
        remaining -= size;
        batch(Math.min(2 * size, remaining));
      });
    }
  };
  batch(Math.min(remaining, initialBatchSize));
}

/** controller.PodKey: `namespace/name`. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

export interface ManageReplicasContext {
  readonly sim: Simulation;
  readonly podControl: PodControl;
  readonly expectations: ControllerExpectations;
  readonly burstReplicas: number;
  /** The reference new pods get (metav1.NewControllerRef with the controller's kind). */
  readonly controllerRef: OwnerReference;
  /** getIndirectlyRelatedPods: pods of every ReplicaSet sharing this one's owner (for ranking). */
  readonly relatedPods: () => readonly Pod[];
}

/**
 * manageReplicas: brings the number of `filteredPods` (active, claimed) to `spec.replicas`.
 * `done` gets the error to report in the ReplicaFailure condition, if any.
 */
export function manageReplicas(
  ctx: ManageReplicasContext,
  key: string,
  object: KubeObject,
  filteredPods: readonly Pod[],
  done: (error?: string) => void,
): void {
  const spec = specView(object);
  const namespace = object.metadata.namespace ?? "default";
  const diff = filteredPods.length - spec.replicas;
  if (diff < 0) {
    const toCreate = Math.min(-diff, ctx.burstReplicas);
    // Expect the creates before sending them: the watch may report a pod before its create returns.
    ctx.expectations.expectCreations(key, toCreate);
    slowStartBatch(
      toCreate,
      SLOW_START_INITIAL_BATCH_SIZE,
      (callback) =>
        ctx.podControl.createPod(namespace, spec.template, object, ctx.controllerRef, (error) =>
          // Every create fails in a terminating namespace: nothing to do, nothing to report.
          callback(error === undefined || isNamespaceTerminating(error) ? undefined : error.message),
        ),
      (successes, error) => {
        // Pods never attempted (or failed) will not be observed: lower the expectations for them.
        for (let skipped = toCreate - successes; skipped > 0; skipped--)
          ctx.expectations.creationObserved(key);
        done(error);
      },
    );
    return;
  }
  if (diff > 0) {
    const toDelete = Math.min(diff, ctx.burstReplicas);
    // Choose which pods to delete, preferring those in earlier phases of startup.
    const pods = getPodsToDelete(filteredPods, ctx.relatedPods(), toDelete, ctx.sim.epochMs + ctx.sim.now);
    ctx.expectations.expectDeletions(key, pods.map(podKey));
    let pending = pods.length;
    const errors: string[] = [];
    for (const pod of pods) {
      ctx.podControl.deletePod(namespace, pod.metadata?.name ?? "", object, (error) => {
        if (error !== undefined) {
          // This deletion will never be observed.
          ctx.expectations.deletionObserved(key, podKey(pod));
          if (error.code !== 404) errors.push(error.message);
        }
        if (--pending === 0) done(errors[0]);
      });
    }
    return;
  }
  done();
}
