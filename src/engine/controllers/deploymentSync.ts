// The Deployment controller's scaling and housekeeping steps (pkg/controller/deployment/sync.go):
// proportional scaling on scaling events and while paused, ScalingReplicaSet events, cleanup of
// old ReplicaSets beyond revisionHistoryLimit, the paused conditions, and the status write.

import type { DeploymentStatus } from "kubernetes-types/apps/v1";
import { type Done, type Result, type SyncContext, eachSeries, putReplicaSet } from "./deploymentContext";
import { getAllReplicaSetsAndSyncRevision } from "./deploymentNewReplicaSet";
import {
  ConditionReason,
  calculateStatus,
  getCondition,
  newCondition,
  setCondition,
  statusEqual,
  updateDeploymentStatus,
} from "./deploymentProgress";
import {
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  filterActive,
  findActiveOrLatest,
  getProportion,
  isSaturated,
  replicaCount,
} from "./deploymentReplicaSets";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  desiredReplicasAnnotation,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  maxSurge,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  revisionHistoryLimit,
  rsReplicas,
  setReplicasAnnotations,
} from "./deploymentUtil";

/** scaleReplicaSetAndRecordEvent: scale up or down to `newScale`, unless it is there already. */
export function scaleReplicaSetAndRecordEvent(
  ctx: SyncContext,
  rs: ReplicaSetObject,
  newScale: number,
  d: DeploymentObject,
  cb: (r: Result<{ scaled: boolean; rs: ReplicaSetObject }>) => void,
): void {
  if (rsReplicas(rs) === newScale) return cb({ ok: true, value: { scaled: false, rs } });
  scaleReplicaSet(ctx, rs, newScale, d, rsReplicas(rs) < newScale ? "up" : "down", cb);
}

/** scaleReplicaSet: PUT the new size and the desired/max-replicas annotations; event when the size changed. */
function scaleReplicaSet(
  ctx: SyncContext,
  rs: ReplicaSetObject,
  newScale: number,
  d: DeploymentObject,
  operation: string,
  cb: (r: Result<{ scaled: boolean; rs: ReplicaSetObject }>) => void,
): void {
  const oldScale = rsReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max))
    return cb({ ok: true, value: { scaled: false, rs } });
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  setReplicasAnnotations(annotations, replicasOf(d), max);
  const copy: ReplicaSetObject = {
    ...rs,
    metadata: { ...rs.metadata, annotations },
    spec: { ...rs.spec, replicas: newScale, selector: rs.spec?.selector ?? {} },
  };
  putReplicaSet(ctx, copy, (r) => {
    if (!r.ok) return cb(r);
    if (sizeNeedsUpdate)
      ctx.recorder.event(
        d,
        "Normal",
        "ScalingReplicaSet",
        `Scaled ${operation} replica set ${r.value.metadata.name ?? ""} from ${oldScale} to ${newScale}`,
      );
    cb({ ok: true, value: { scaled: sizeNeedsUpdate, rs: r.value } });
  });
}

/**
 * scale: on a scaling event or while paused, the single active ReplicaSet takes the new size;
 * with several active during a rolling update, the change is shared out in proportion to their
 * sizes (larger first; newer first when scaling up, older first when scaling down).
 */
export function scale(
  ctx: SyncContext,
  d: DeploymentObject,
  newRS: ReplicaSetObject | undefined,
  oldRSs: readonly ReplicaSetObject[],
  done: Done,
): void {
  const replicas = replicasOf(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) === replicas) return done();
    return scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicas, d, (r) =>
      done(r.ok ? undefined : r.error),
    );
  }
  if (isSaturated(d, newRS)) {
    // FindActiveOrLatest sorted the old ones newest first (in place, upstream): that is the order here.
    const active = filterActive([...oldRSs].sort((a, b) => byCreation(b, a)));
    return eachSeries(
      active,
      (old, _i, next) =>
        scaleReplicaSetAndRecordEvent(ctx, old, 0, d, (r) => next(r.ok ? undefined : r.error)),
      done,
    );
  }
  if (!isRollingUpdate(d)) return done();
  const allRSs = filterActive([...oldRSs, newRS]);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(allRSs);
  let operation = "";
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    operation = "up";
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    operation = "down";
  }
  let added = 0;
  const sizes = allRSs.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const proportion = getProportion(rs, d, toAdd, added);
    added += proportion;
    return rsReplicas(rs) + proportion;
  });
  // Leftovers go to the largest ReplicaSet.
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added);
  eachSeries(
    allRSs,
    (rs, i, next) =>
      scaleReplicaSet(ctx, rs, sizes[i] ?? 0, d, operation, (r) => next(r.ok ? undefined : r.error)),
    done,
  );
}

/** cleanupDeployment: delete the oldest old ReplicaSets beyond revisionHistoryLimit, if fully scaled down. */
export function cleanupDeployment(
  ctx: SyncContext,
  oldRSs: readonly ReplicaSetObject[],
  d: DeploymentObject,
  done: Done,
): void {
  if (!hasRevisionHistoryLimit(d)) return done();
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - revisionHistoryLimit(d);
  if (diff <= 0) return done();
  const candidates = [...cleanable].sort(byRevision).slice(0, diff);
  const deletable = candidates.filter(
    (rs) =>
      (rs.status?.replicas ?? 0) === 0 &&
      rsReplicas(rs) === 0 &&
      (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0),
  );
  eachSeries(
    deletable,
    (rs, _i, next) =>
      ctx.client.request(
        {
          verb: "delete",
          resource: "replicasets",
          namespace: rs.metadata.namespace ?? "default",
          name: rs.metadata.name ?? "",
        },
        (res) => next(res.code === 200 || res.code === 404 ? undefined : ctx.errorOf(res)),
      ),
    done,
  );
}

/** syncDeploymentStatus: write the calculated status if it changed. */
export function syncDeploymentStatus(
  ctx: SyncContext,
  allRSs: readonly (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
  done: Done,
): void {
  const newStatus = calculateStatus(allRSs, newRS, d, ctx.timestamp());
  if (statusEqual(d.status, newStatus)) return done();
  d.status = newStatus;
  updateDeploymentStatus(ctx, d, done);
}

/** sync: reconcile on scaling events or while paused (no rollout), then write the status. */
export function sync(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  done: Done,
): void {
  getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false, (r) => {
    if (!r.ok) return done(r.error);
    const { newRS, oldRSs } = r.value;
    scale(ctx, d, newRS, oldRSs, (error) => {
      if (error !== undefined) return done(error);
      const status = (): void => syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d, done);
      if (!d.spec?.paused) return status();
      cleanupDeployment(ctx, oldRSs, d, (e) => (e !== undefined ? done(e) : status()));
    });
  });
}

/** syncStatusOnly: a Deployment being deleted only has its status refreshed. */
export function syncStatusOnly(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  done: Done,
): void {
  getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false, (r) => {
    if (!r.ok) return done(r.error);
    syncDeploymentStatus(ctx, [...r.value.oldRSs, r.value.newRS], r.value.newRS, d, done);
  });
}

/** checkPausedConditions: mark pausing and resuming on Progressing, so a pause never counts as lost progress. */
export function checkPausedConditions(ctx: SyncContext, d: DeploymentObject, done: Done): void {
  if (!hasProgressDeadline(d)) return done();
  const status: DeploymentStatus = (d.status ??= {});
  const cond = getCondition(status, "Progressing");
  if (cond?.reason === ConditionReason.TimedOut) return done();
  const pausedCondExists = cond?.reason === ConditionReason.Paused;
  const now = ctx.timestamp();
  if (d.spec?.paused && !pausedCondExists)
    setCondition(
      status,
      newCondition("Progressing", "Unknown", ConditionReason.Paused, "Deployment is paused", now),
    );
  else if (!d.spec?.paused && pausedCondExists)
    setCondition(
      status,
      newCondition("Progressing", "Unknown", ConditionReason.Resumed, "Deployment is resumed", now),
    );
  else return done();
  updateDeploymentStatus(ctx, d, done);
}

/** isScalingEvent: an active ReplicaSet was sized for a different replica count than the spec's. */
export function isScalingEvent(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  cb: (r: Result<boolean>) => void,
): void {
  getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false, (r) => {
    if (!r.ok) return cb(r);
    const active = filterActive([...r.value.oldRSs, r.value.newRS]);
    const scaling = active.some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== replicasOf(d);
    });
    cb({ ok: true, value: scaling });
  });
}
