// The Recreate strategy of the Deployment controller (pkg/controller/deployment/recreate.go):
// scale every old ReplicaSet to 0, wait until none of their pods is left running (pod deletions
// wake the controller), and only then create and scale up the new ReplicaSet.

import type { Pod } from "../api/objects";
import { deploymentComplete, syncRolloutStatus } from "./deploymentProgress";
import { type Done, type SyncContext, eachSeries } from "./deploymentContext";
import { getAllReplicaSetsAndSyncRevision } from "./deploymentNewReplicaSet";
import { actualReplicaCount, filterActive } from "./deploymentReplicaSets";
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from "./deploymentSync";
import { type DeploymentObject, type ReplicaSetObject, replicasOf } from "./deploymentUtil";

/** Pods of the Deployment by the uid of the ReplicaSet controlling them. */
export type PodMap = ReadonlyMap<string, readonly Pod[]>;

/** rolloutRecreate: old ReplicaSets down first, then the new one up once their pods are gone. */
export function rolloutRecreate(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  podMap: PodMap,
  done: Done,
): void {
  // The new ReplicaSet is not created yet, so nothing scales up before the old pods are down.
  getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false, (r) => {
    if (!r.ok) return done(r.error);
    const { newRS, oldRSs } = r.value;
    const allRSs = [...oldRSs, newRS];
    let scaledDown = false;
    eachSeries(
      filterActive(oldRSs),
      (rs, _i, next) =>
        scaleReplicaSetAndRecordEvent(ctx, rs, 0, d, (s) => {
          if (!s.ok) return next(s.error);
          if (s.value.scaled) scaledDown = true;
          next();
        }),
      (error) => {
        if (error !== undefined) return done(error);
        if (scaledDown || oldPodsRunning(newRS, oldRSs, podMap))
          return syncRolloutStatus(ctx, allRSs, newRS, d, done);
        if (newRS) return scaleUp(ctx, d, newRS, oldRSs, done);
        getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true, (created) => {
          if (!created.ok) return done(created.error);
          if (!created.value.newRS) return done();
          scaleUp(ctx, d, created.value.newRS, created.value.oldRSs, done);
        });
      },
    );
  });
}

function scaleUp(
  ctx: SyncContext,
  d: DeploymentObject,
  newRS: ReplicaSetObject,
  oldRSs: readonly ReplicaSetObject[],
  done: Done,
): void {
  const allRSs = [...oldRSs, newRS];
  scaleReplicaSetAndRecordEvent(ctx, newRS, replicasOf(d), d, (s) => {
    if (!s.ok) return done(s.error);
    const status = (): void => syncRolloutStatus(ctx, allRSs, newRS, d, done);
    if (!deploymentComplete(d, d.status)) return status();
    cleanupDeployment(ctx, oldRSs, d, (error) => (error !== undefined ? done(error) : status()));
  });
}

/** oldPodsRunning: an old ReplicaSet still reports replicas, or one of its pods is not finished. */
export function oldPodsRunning(
  newRS: ReplicaSetObject | undefined,
  oldRSs: readonly ReplicaSetObject[],
  podMap: PodMap,
): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS?.metadata.uid === uid) continue;
    // Succeeded and Failed pods are done; anything else (Pending, Running, Unknown) may still run.
    if (pods.some((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")) return true;
  }
  return false;
}
