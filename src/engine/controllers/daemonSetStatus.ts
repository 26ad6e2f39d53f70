// updateDaemonSetStatus and storeDaemonSetStatus of pkg/controller/daemon/daemon_controller.go:
// count, over the nodes that should run the daemon pod, how many have one (scheduled), how many
// of those are ready, available and on the current revision, and how many nodes run one they
// should not (misscheduled); write the status subresource only when a number changed, with one
// GET-and-retry after a failed write (StatusUpdateRetries = 1).

import { type KubeObject, objectKey } from "../api/objects";
import { isStatus } from "../api/status";
import type { DaemonSetStatus } from "kubernetes-types/apps/v1";
import { SECOND } from "../sim/time";
import { isPodAvailable, isPodReady } from "./controllerUtils";
import type { DaemonSetController } from "./daemonSetController";
import {
  type DaemonSetObject,
  byCreationTimestampAndPhase,
  isPodUpdated,
  minReadySeconds,
  nodeShouldRunDaemonPod,
  templateGeneration,
} from "./daemonSetUtil";

const STATUS_UPDATE_RETRIES = 1;

export interface DaemonSetCounts {
  readonly desiredNumberScheduled: number;
  readonly currentNumberScheduled: number;
  readonly numberMisscheduled: number;
  readonly numberReady: number;
  readonly updatedNumberScheduled: number;
  readonly numberAvailable: number;
  readonly numberUnavailable: number;
}

/** The counts updateDaemonSetStatus computes. */
export function daemonSetCounts(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  hash: string,
): DaemonSetCounts {
  const nodeToDaemonPods = ctrl.nodesToDaemonPods(ds);
  const nowEpoch = ctrl.client.sim.epochMs + ctrl.client.sim.now;
  const generation = templateGeneration(ds);
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  for (const node of ctrl.nodeList()) {
    const pods = nodeToDaemonPods.get(node.metadata?.name ?? "") ?? [];
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    // The oldest pod on the node is the one that counts.
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0];
    if (!pod) continue;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds(ds), nowEpoch)) available++;
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  return {
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}

/** DaemonSetStatus as Go serializes it: the four counts always, the others omitted when zero. */
function withCounts(
  old: DaemonSetStatus | undefined,
  c: DaemonSetCounts,
  observedGeneration: number | undefined,
): DaemonSetStatus {
  const {
    updatedNumberScheduled: _u,
    numberAvailable: _a,
    numberUnavailable: _n,
    observedGeneration: _o,
    ...rest
  } = old ?? ({} as DaemonSetStatus);
  return {
    ...rest,
    currentNumberScheduled: c.currentNumberScheduled,
    numberMisscheduled: c.numberMisscheduled,
    desiredNumberScheduled: c.desiredNumberScheduled,
    numberReady: c.numberReady,
    ...(observedGeneration ? { observedGeneration } : {}),
    ...(c.updatedNumberScheduled ? { updatedNumberScheduled: c.updatedNumberScheduled } : {}),
    ...(c.numberAvailable ? { numberAvailable: c.numberAvailable } : {}),
    ...(c.numberUnavailable ? { numberUnavailable: c.numberUnavailable } : {}),
  };
}

/**
 * updateDaemonSetStatus: computes and stores the status; `updateObservedGen` is false while
 * expectations are pending. `done` may ask for a requeue after minReadySeconds.
 */
export function updateDaemonSetStatus(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  hash: string,
  updateObservedGen: boolean,
  done: (error?: string, requeueAfterMs?: number) => void,
): void {
  const counts = daemonSetCounts(ctrl, ds, hash);
  // A last line of defence against clock skew: look again once pods may have become available.
  const minReady = minReadySeconds(ds);
  const requeue =
    minReady > 0 && counts.numberReady !== counts.numberAvailable ? minReady * SECOND : undefined;
  const old = ds.status;
  const generation = ds.metadata.generation ?? 0;
  const unchanged =
    (old?.desiredNumberScheduled ?? 0) === counts.desiredNumberScheduled &&
    (old?.currentNumberScheduled ?? 0) === counts.currentNumberScheduled &&
    (old?.numberMisscheduled ?? 0) === counts.numberMisscheduled &&
    (old?.numberReady ?? 0) === counts.numberReady &&
    (old?.updatedNumberScheduled ?? 0) === counts.updatedNumberScheduled &&
    (old?.numberAvailable ?? 0) === counts.numberAvailable &&
    (old?.numberUnavailable ?? 0) === counts.numberUnavailable &&
    (old?.observedGeneration ?? 0) >= generation;
  if (unchanged) return done(undefined, requeue);
  const namespace = ds.metadata.namespace ?? "default";
  const name = ds.metadata.name ?? "";
  const attempt = (current: DaemonSetObject, i: number): void => {
    const observed = updateObservedGen ? generation : current.status?.observedGeneration;
    const body: KubeObject = { ...current, status: withCounts(current.status, counts, observed) };
    ctrl.client.request(
      { verb: "update", resource: "daemonsets", namespace, name, subresource: "status", body },
      (response) => {
        if (response.code === 200) {
          ctrl.ownWrites.record(objectKey(ds), response.body as KubeObject);
          return done(undefined, requeue);
        }
        const error = isStatus(response.body)
          ? response.body.message
          : `status update failed (${response.code})`;
        if (i >= STATUS_UPDATE_RETRIES) return done(error);
        ctrl.client.request({ verb: "get", resource: "daemonsets", namespace, name }, (got) => {
          if (got.code !== 200) return done(isStatus(got.body) ? got.body.message : error);
          attempt(got.body as DaemonSetObject, i + 1);
        });
      },
    );
  };
  attempt(ds, 0);
}
