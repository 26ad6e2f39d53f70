// The RollingUpdate strategy of the Deployment controller (pkg/controller/deployment/rolling.go):
// scale the new ReplicaSet up within maxSurge, then old ones down within maxUnavailable (unhealthy
// old replicas first), one step per sync; the ReplicaSets' status changes bring the next sync.

import { type Done, type Result, type SyncContext, eachSeries } from "./deploymentContext";
import { getAllReplicaSetsAndSyncRevision } from "./deploymentNewReplicaSet";
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from "./deploymentSync";
import { deploymentComplete, syncRolloutStatus } from "./deploymentProgress";
import {
  availableReplicaCount,
  byCreation,
  filterActive,
  newRSNewReplicas,
  replicaCount,
} from "./deploymentReplicaSets";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  maxUnavailable,
  replicasOf,
  rsReplicas,
} from "./deploymentUtil";

/** rolloutRolling: one step of a rolling update, then the rollout status. */
export function rolloutRolling(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  done: Done,
): void {
  getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true, (r) => {
    if (!r.ok) return done(r.error);
    const { oldRSs } = r.value;
    const newRS = r.value.newRS;
    if (!newRS) return done();
    const allRSs = [...oldRSs, newRS];
    const status = (): void => syncRolloutStatus(ctx, allRSs, newRS, d, done);
    reconcileNewReplicaSet(ctx, allRSs, newRS, d, (up) => {
      if (!up.ok) return done(up.error);
      if (up.value) return status();
      reconcileOldReplicaSets(ctx, allRSs, filterActive(oldRSs), newRS, d, (down) => {
        if (!down.ok) return done(down.error);
        if (down.value) return status();
        if (!deploymentComplete(d, d.status)) return status();
        cleanupDeployment(ctx, oldRSs, d, (error) => (error !== undefined ? done(error) : status()));
      });
    });
  });
}

/** reconcileNewReplicaSet: scale the new ReplicaSet towards the desired size, within maxSurge. */
function reconcileNewReplicaSet(
  ctx: SyncContext,
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
  cb: (r: Result<boolean>) => void,
): void {
  const replicas = replicasOf(d);
  if (rsReplicas(newRS) === replicas) return cb({ ok: true, value: false });
  const scaleTo = (n: number): void =>
    scaleReplicaSetAndRecordEvent(ctx, newRS, n, d, (r) =>
      cb(r.ok ? { ok: true, value: r.value.scaled } : r),
    );
  if (rsReplicas(newRS) > replicas) return scaleTo(replicas);
  const count = newRSNewReplicas(d, allRSs, newRS);
  if (!count.ok) return cb(count);
  scaleTo(count.value);
}

/**
 * reconcileOldReplicaSets: scale old ReplicaSets down as far as availability allows:
 * maxScaledDown = all pods - minAvailable - unavailable pods of the new ReplicaSet.
 */
function reconcileOldReplicaSets(
  ctx: SyncContext,
  allRSs: readonly ReplicaSetObject[],
  oldRSs: ReplicaSetObject[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
  cb: (r: Result<boolean>) => void,
): void {
  if (replicaCount(oldRSs) === 0) return cb({ ok: true, value: false });
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return cb({ ok: true, value: false });
  // Unhealthy replicas first: removing them does not lower availability (kubernetes#16737).
  cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown, (cleaned) => {
    // Upstream swallows errors of these two steps: the next sync tries again.
    if (!cleaned.ok) return cb({ ok: true, value: false });
    scaleDownOldReplicaSetsForRollingUpdate(
      ctx,
      [...cleaned.value.oldRSs, newRS],
      cleaned.value.oldRSs,
      d,
      (down) => cb({ ok: true, value: down.ok ? cleaned.value.count + down.value > 0 : false }),
    );
  });
}

/** cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable replicas, up to `maxCleanup`. */
function cleanupUnhealthyReplicas(
  ctx: SyncContext,
  oldRSs: ReplicaSetObject[],
  d: DeploymentObject,
  maxCleanup: number,
  cb: (r: Result<{ oldRSs: ReplicaSetObject[]; count: number }>) => void,
): void {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  eachSeries(
    sorted,
    (rs, i, next) => {
      const available = rs.status?.availableReplicas ?? 0;
      if (total >= maxCleanup || rsReplicas(rs) === 0 || rsReplicas(rs) === available) return next();
      const scaledDown = Math.min(maxCleanup - total, rsReplicas(rs) - available);
      scaleReplicaSetAndRecordEvent(ctx, rs, rsReplicas(rs) - scaledDown, d, (r) => {
        if (!r.ok) return next(r.error);
        total += scaledDown;
        sorted[i] = r.value.rs;
        next();
      });
    },
    (error) =>
      cb(error !== undefined ? { ok: false, error } : { ok: true, value: { oldRSs: sorted, count: total } }),
  );
}

/** scaleDownOldReplicaSetsForRollingUpdate: oldest first, only while more than minAvailable are available. */
function scaleDownOldReplicaSetsForRollingUpdate(
  ctx: SyncContext,
  allRSs: readonly ReplicaSetObject[],
  oldRSs: readonly ReplicaSetObject[],
  d: DeploymentObject,
  cb: (r: Result<number>) => void,
): void {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return cb({ ok: true, value: 0 });
  const totalScaleDown = available - minAvailable;
  let total = 0;
  eachSeries(
    [...oldRSs].sort(byCreation),
    (rs, _i, next) => {
      if (total >= totalScaleDown || rsReplicas(rs) === 0) return next();
      const scaleDown = Math.min(rsReplicas(rs), totalScaleDown - total);
      scaleReplicaSetAndRecordEvent(ctx, rs, rsReplicas(rs) - scaleDown, d, (r) => {
        if (!r.ok) return next(r.error);
        total += scaleDown;
        next();
      });
    },
    (error) => cb(error !== undefined ? { ok: false, error } : { ok: true, value: total }),
  );
}
