// Finding or creating a Deployment's new ReplicaSet (getAllReplicaSetsAndSyncRevision and
// getNewReplicaSet of pkg/controller/deployment/sync.go): the ReplicaSet whose template matches is
// the new one and gets the next revision; otherwise one named <deployment>-<pod-template-hash> is
// created with as many replicas as the strategy allows. Like upstream, the working copy of the
// Deployment keeps the resourceVersion it was read with, so a second status write in one sync can
// meet a 409 Conflict, and the key is retried.

import type { DeploymentStatus } from "kubernetes-types/apps/v1";
import { cloneJson } from "../api/objects";
import { isStatus } from "../api/status";
import { controllerOf, controllerRefTo } from "./controllerUtils";
import { type Result, type SyncContext, putReplicaSet, withMinReadySeconds } from "./deploymentContext";
import { computeHash } from "./deploymentHash";
import {
  ConditionReason,
  getCondition,
  newCondition,
  setCondition,
  updateDeploymentStatus,
} from "./deploymentProgress";
import {
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  newRSNewReplicas,
} from "./deploymentReplicaSets";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  PodTemplateHashLabel,
  RevisionAnnotation,
  hasProgressDeadline,
  maxRevision,
  minReadySeconds,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from "./deploymentUtil";

export interface ReplicaSets {
  readonly newRS: ReplicaSetObject | undefined;
  readonly oldRSs: ReplicaSetObject[];
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked) and all old ones. */
export function getAllReplicaSetsAndSyncRevision(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  createIfNotExisted: boolean,
  cb: (r: Result<ReplicaSets>) => void,
): void {
  const oldRSs = findOldReplicaSets(d, rsList)[1];
  getNewReplicaSet(ctx, d, rsList, oldRSs, createIfNotExisted, (r) =>
    cb(r.ok ? { ok: true, value: { newRS: r.value, oldRSs } } : r),
  );
}

/**
 * getNewReplicaSet: sync the existing new ReplicaSet's annotations and the Deployment's revision,
 * or create the new ReplicaSet with revision max(old)+1 and as many replicas as the strategy allows.
 */
function getNewReplicaSet(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
  oldRSs: readonly ReplicaSetObject[],
  createIfNotExisted: boolean,
  cb: (r: Result<ReplicaSetObject | undefined>) => void,
): void {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const status: DeploymentStatus = (d.status ??= {});
  if (existing) {
    const annotations = { ...(existing.metadata.annotations ?? {}) };
    const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true);
    if (annotationsUpdated || (existing.spec?.minReadySeconds ?? 0) !== minReadySeconds(d)) {
      const copy: ReplicaSetObject = {
        ...existing,
        metadata: { ...existing.metadata, annotations },
        spec: withMinReadySeconds(
          { ...existing.spec, selector: existing.spec?.selector ?? {} },
          minReadySeconds(d),
        ),
      };
      return putReplicaSet(ctx, copy, cb);
    }
    let needsUpdate = setDeploymentRevision(d, annotations[RevisionAnnotation] ?? "");
    if (hasProgressDeadline(d) && !getCondition(status, "Progressing")) {
      const msg = `Found new replica set ${JSON.stringify(existing.metadata.name ?? "")}`;
      setCondition(
        status,
        newCondition("Progressing", "True", ConditionReason.FoundNewRS, msg, ctx.timestamp()),
      );
      needsUpdate = true;
    }
    if (!needsUpdate) return cb({ ok: true, value: existing });
    return updateDeploymentStatus(ctx, d, (error) =>
      cb(error !== undefined ? { ok: false, error } : { ok: true, value: existing }),
    );
  }
  if (!createIfNotExisted) return cb({ ok: true, value: undefined });
  createNewReplicaSet(ctx, d, oldRSs, newRevision, cb);
}

function createNewReplicaSet(
  ctx: SyncContext,
  d: DeploymentObject,
  oldRSs: readonly ReplicaSetObject[],
  newRevision: number,
  cb: (r: Result<ReplicaSetObject | undefined>) => void,
): void {
  const status: DeploymentStatus = (d.status ??= {});
  const template = cloneJson(d.spec?.template ?? {});
  const hash = computeHash(template, status.collisionCount);
  const labels = { ...(template.metadata?.labels ?? {}), [PodTemplateHashLabel]: hash };
  const selector = cloneJson(d.spec?.selector ?? {});
  const namespace = d.metadata.namespace ?? "default";
  const name = `${d.metadata.name ?? ""}-${hash}`;
  const annotations: Record<string, string> = {};
  const newRS: ReplicaSetObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace, labels, annotations, ownerReferences: [controllerRefTo(d)] },
    spec: withMinReadySeconds(
      {
        replicas: 0,
        selector: {
          ...selector,
          matchLabels: { ...(selector.matchLabels ?? {}), [PodTemplateHashLabel]: hash },
        },
        template: { ...template, metadata: { ...(template.metadata ?? {}), labels: { ...labels } } },
      },
      minReadySeconds(d),
    ),
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  if (!replicas.ok) return cb(replicas);
  newRS.spec = { ...newRS.spec, replicas: replicas.value, selector: newRS.spec?.selector ?? {} };
  setNewReplicaSetAnnotations(d, annotations, newRevision, false);

  const finish = (created: ReplicaSetObject, alreadyExists: boolean): void => {
    if (!alreadyExists && replicas.value > 0)
      ctx.recorder.event(
        d,
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set ${created.metadata.name ?? ""} from 0 to ${replicas.value}`,
      );
    let needsUpdate = setDeploymentRevision(d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      const msg = `Created new replica set ${JSON.stringify(created.metadata.name ?? "")}`;
      setCondition(
        status,
        newCondition("Progressing", "True", ConditionReason.NewReplicaSet, msg, ctx.timestamp()),
      );
      needsUpdate = true;
    }
    if (!needsUpdate) return cb({ ok: true, value: created });
    updateDeploymentStatus(ctx, d, (error) =>
      cb(error !== undefined ? { ok: false, error } : { ok: true, value: created }),
    );
  };

  ctx.client.create("replicasets", namespace, newRS, (res) => {
    if (res.code === 201) return finish(res.body as ReplicaSetObject, false);
    const error = ctx.errorOf(res);
    const reason = isStatus(res.body) ? res.body.reason : undefined;
    if (reason === "AlreadyExists") {
      // A slow cache or a fast resync: ours if we own it and it has our template; else a hash collision.
      const rs = ctx.replicaSets.get(`${namespace}/${name}`) as ReplicaSetObject | undefined;
      if (!rs) return cb({ ok: false, error: `replicaset.apps ${JSON.stringify(name)} not found` });
      if (controllerOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template))
        return finish(rs, true);
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      return updateDeploymentStatus(ctx, d, () => cb({ ok: false, error }));
    }
    const terminating =
      isStatus(res.body) && res.body.details?.causes?.some((c) => c.reason === "NamespaceTerminating");
    if (terminating) return cb({ ok: false, error });
    const msg = `Failed to create new replica set ${JSON.stringify(name)}: ${error}`;
    const warn = (): void => {
      ctx.recorder.event(d, "Warning", ConditionReason.FailedRSCreate, msg);
      cb({ ok: false, error });
    };
    if (!hasProgressDeadline(d)) return warn();
    setCondition(
      status,
      newCondition("Progressing", "False", ConditionReason.FailedRSCreate, msg, ctx.timestamp()),
    );
    updateDeploymentStatus(ctx, d, () => warn());
  });
}
