// updateStatefulSet, processReplica and processCondemned of
// pkg/controller/statefulset/stateful_set_control.go: the pods with ordinals in
// [start, start+replicas) are replicas (missing ones are created at the right revision), the rest
// are condemned. With OrderedReady ("monotonic") the controller acts on one pod at a time: it
// creates the lowest missing ordinal only once every lower one is Running and Ready, and deletes
// the highest condemned ordinal first, waiting for each to terminate. Parallel acts on all at once
// (slow-start batches). A RollingUpdate then deletes, from the highest ordinal down to the
// partition, the first pod not at the update revision, one at a time; it is recreated at the new
// revision. OnDelete leaves existing pods alone. (MaxUnavailableStatefulSet is alpha and off.)

import type { Pod } from "../api/objects";
import { slowStartBatch } from "./asyncSteps";
import { aggregateErrors } from "./controllerRefManager";
import type { ControllerRevision } from "./controllerHistory";
import type { StatefulPodControl } from "./statefulSetPods";
import {
  type StatefulSetObject,
  allowsBurst,
  applyRevision,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  identityMatches,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  minReadySeconds,
  newVersionedStatefulSetPod,
  partitionOf,
  podInOrdinalRange,
  replicasOf,
  storageMatches,
  updateStrategyType,
} from "./statefulSetUtils";

/** The status the controller computes (apps.StatefulSetStatus fields, zeros included). */
export interface ComputedStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

export interface ReplicaContext {
  readonly podControl: StatefulPodControl;
  /** Epoch ms now, for availability (minReadySeconds). */
  now(): number;
}

type Step = (shouldExit: boolean, error?: string) => void;

/** updateStatus / computeReplicaStatus over some lists of pods. */
function updateStatus(
  status: ComputedStatus,
  set: StatefulSetObject,
  now: number,
  current: ControllerRevision,
  update: ControllerRevision,
  ...lists: readonly Pod[][]
): void {
  status.replicas = status.readyReplicas = status.availableReplicas = 0;
  status.currentReplicas = status.updatedReplicas = 0;
  for (const pod of lists.flat()) {
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds(set), now)) status.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const revision = getPodRevision(pod);
      if (revision === current.metadata.name) status.currentReplicas++;
      if (revision === update.metadata.name) status.updatedReplicas++;
    }
  }
}

/** runForAll: in order, stopping at the first blocked pod (monotonic), or in slow-start batches. */
function runForAll(
  pods: readonly Pod[],
  fn: (i: number, cb: Step) => void,
  monotonic: boolean,
  done: Step,
): void {
  if (!monotonic) {
    return slowStartBatch(
      pods.length,
      1,
      (i, cb) => fn(i, (_exit, error) => cb(error)),
      (_ok, _skipped, errors) => {
        const error = aggregateErrors(errors);
        done(error !== undefined, error);
      },
      500,
    );
  }
  const next = (i: number): void => {
    if (i >= pods.length) return done(false);
    fn(i, (shouldExit, error) => (shouldExit || error !== undefined ? done(true, error) : next(i + 1)));
  };
  next(0);
}

/** updateStatefulSet: create, delete and update pods towards the target state; returns the status. */
export function updateReplicas(
  ctx: ReplicaContext,
  set: StatefulSetObject,
  currentRevision: ControllerRevision,
  updateRevision: ControllerRevision,
  collisionCount: number,
  pods: readonly Pod[],
  done: (status: ComputedStatus, error?: string) => void,
): void {
  const now = ctx.now();
  const minReady = minReadySeconds(set);
  const currentSet = applyRevision(set, currentRevision);
  const updateSet = applyRevision(set, updateRevision);
  const status: ComputedStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    currentRevision: currentRevision.metadata.name ?? "",
    updateRevision: updateRevision.metadata.name ?? "",
    collisionCount,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  updateStatus(status, set, now, currentRevision, updateRevision, [...pods]);

  const start = getStartOrdinal(set);
  const slots: (Pod | undefined)[] = new Array<Pod | undefined>(replicasOf(set)).fill(undefined);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) slots[getOrdinal(pod) - start] = pod;
    else if (getOrdinal(pod) >= 0) condemned.push(pod);
  }
  // Missing ordinals get a new pod at the right revision (not created yet: it has no phase).
  const replicas: Pod[] = slots.map(
    (pod, i) =>
      pod ??
      newVersionedStatefulSetPod(
        currentSet,
        updateSet,
        currentRevision.metadata.name ?? "",
        updateRevision.metadata.name ?? "",
        start + i,
      ),
  );
  condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
  const firstUnhealthy =
    replicas.find((p) => isUnavailable(p, minReady, now)) ??
    [...condemned].reverse().find((p) => isUnavailable(p, minReady, now));

  // A StatefulSet being deleted only gets its status updated.
  if (set.metadata.deletionTimestamp) return done(status);
  const monotonic = !allowsBurst(set);
  const finish = (error?: string): void => {
    updateStatus(status, set, now, currentRevision, updateRevision, replicas, condemned);
    done(status, error);
  };
  const { podControl } = ctx;

  const processReplica = (i: number, cb: Step): void => {
    const pod = replicas[i] as Pod;
    // A pod that finished (evicted, node rebooted) is deleted; the next sync recreates it.
    if (isFailed(pod) || isSucceeded(pod)) {
      if (isTerminating(pod)) return cb(true);
      return podControl.deleteStatefulPod(set, pod, (error) => cb(true, error));
    }
    const afterCreate = (): void => {
      // A pending pod may have lost a claim: recreate the missing ones.
      if (isPending(pod)) {
        return podControl.createPersistentVolumeClaims(set, pod, (error) =>
          error !== undefined ? cb(true, error) : checkHealth(),
        );
      }
      checkHealth();
    };
    const checkHealth = (): void => {
      if (monotonic && isTerminating(pod)) return cb(true);
      if (monotonic && !isRunningAndReady(pod)) return cb(true);
      if (monotonic && !isRunningAndAvailable(pod, minReady, now)) return cb(true);
      if (identityMatches(set, pod) && storageMatches(set, pod)) return cb(false);
      podControl.updateStatefulPod(updateSet, pod, (error) => cb(error !== undefined, error));
    };
    if (isCreated(pod)) return afterCreate();
    podControl.createStatefulPod(set, pod, (error) => {
      if (error !== undefined) return cb(true, error);
      // Without bursting, one creation per sync.
      if (monotonic) return cb(true);
      afterCreate();
    });
  };

  const processCondemned = (i: number, cb: Step): void => {
    const pod = condemned[i] as Pod;
    if (isTerminating(pod)) return cb(monotonic);
    // In order: an unhealthy pod blocks the scale-down unless it is the first unhealthy one.
    if (monotonic && pod !== firstUnhealthy && !isRunningAndReady(pod)) return cb(true);
    if (monotonic && pod !== firstUnhealthy && !isRunningAndAvailable(pod, minReady, now)) return cb(true);
    podControl.deleteStatefulPod(set, pod, (error) => cb(true, error));
  };

  runForAll(replicas, processReplica, monotonic, (exit, error) => {
    if (exit || error !== undefined) return finish(error);
    runForAll(condemned, processCondemned, monotonic, (exitCondemned, condemnedError) => {
      if (exitCondemned || condemnedError !== undefined) return finish(condemnedError);
      updateStatus(status, set, now, currentRevision, updateRevision, replicas, condemned);
      if (updateStrategyType(set) === "OnDelete") return done(status);
      rollingUpdate(set, replicas, updateRevision, status, podControl, minReady, now, done);
    });
  });
}

/** The default RollingUpdate: delete the highest-ordinal outdated pod, or wait for an unavailable one. */
function rollingUpdate(
  set: StatefulSetObject,
  replicas: readonly Pod[],
  updateRevision: ControllerRevision,
  status: ComputedStatus,
  podControl: StatefulPodControl,
  minReady: number,
  now: number,
  done: (status: ComputedStatus, error?: string) => void,
): void {
  const updateMin = partitionOf(set) ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target] as Pod;
    if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
      return podControl.deleteStatefulPod(set, pod, (error, notFound) => {
        if (error === undefined || notFound) status.currentReplicas--;
        done(status, error);
      });
    }
    if (isUnavailable(pod, minReady, now)) return done(status);
  }
  done(status);
}
