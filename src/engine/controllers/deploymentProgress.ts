// The Deployment controller's status and progress reporting (pkg/controller/deployment/progress.go,
// sync.go calculateStatus and the condition helpers of util/deployment_util.go): the replica
// counts, the Available and Progressing conditions, and the progressDeadlineSeconds check, which
// runs on the virtual clock: a rollout without progress is queued again for the moment its
// deadline passes.

import type { DeploymentCondition, DeploymentStatus } from "kubernetes-types/apps/v1";
import { cloneJson, jsonEqual } from "../api/objects";
import { SECOND, parseRfc3339 } from "../sim/time";
import type { Done, SyncContext } from "./deploymentContext";
import {
  actualReplicaCount,
  availableReplicaCount,
  readyReplicaCount,
  replicaCount,
} from "./deploymentReplicaSets";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  hasProgressDeadline,
  maxUnavailable,
  progressDeadlineSeconds,
  replicasOf,
} from "./deploymentUtil";

export const ConditionReason = {
  ReplicaSetUpdated: "ReplicaSetUpdated",
  FailedRSCreate: "ReplicaSetCreateError",
  NewReplicaSet: "NewReplicaSetCreated",
  FoundNewRS: "FoundNewReplicaSet",
  NewRSAvailable: "NewReplicaSetAvailable",
  TimedOut: "ProgressDeadlineExceeded",
  Paused: "DeploymentPaused",
  Resumed: "DeploymentResumed",
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

// ---- conditions (util.NewDeploymentCondition, Get/Set/RemoveDeploymentCondition) --------------

export function newCondition(
  type: string,
  status: "True" | "False" | "Unknown",
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Adds or replaces a condition; a condition with the same status and reason is left as it is. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next =
    current && current.status === condition.status && current.lastTransitionTime !== undefined
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

/** The status as Go serializes it: zero counts (omitempty) and empty condition lists left out. */
export function compactStatus(status: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) {
    if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as DeploymentStatus;
}

export const statusEqual = (a: DeploymentStatus | undefined, b: DeploymentStatus): boolean =>
  jsonEqual(compactStatus(a ?? {}), compactStatus(b));

// ---- status -----------------------------------------------------------------------------------

/** calculateStatus: counts from the ReplicaSets, the Available condition, the other conditions kept. */
export function calculateStatus(
  allRSs: readonly (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
  now: string,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    ...(d.status?.conditions ? { conditions: [...d.status.conditions] } : {}),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
  if (available >= replicasOf(d) - maxUnavailable(d))
    setCondition(
      status,
      newCondition(
        "Available",
        "True",
        ConditionReason.MinimumReplicasAvailable,
        "Deployment has minimum availability.",
        now,
      ),
    );
  else
    setCondition(
      status,
      newCondition(
        "Available",
        "False",
        ConditionReason.MinimumReplicasUnavailable,
        "Deployment does not have minimum availability.",
        now,
      ),
    );
  return compactStatus(status);
}

/** DeploymentComplete: every desired replica updated and available, no old ones left. */
export function deploymentComplete(d: DeploymentObject, s: DeploymentStatus | undefined): boolean {
  const replicas = replicasOf(d);
  return (
    (s?.updatedReplicas ?? 0) === replicas &&
    (s?.replicas ?? 0) === replicas &&
    (s?.availableReplicas ?? 0) === replicas &&
    (s?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: new pods were added, became ready or available, or old ones went away. */
function deploymentProgressing(d: DeploymentObject, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition was last updated more than the deadline ago. */
function deploymentTimedOut(d: DeploymentObject, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(s, "Progressing");
  if (!condition || condition.reason === ConditionReason.NewRSAvailable) return false;
  if (condition.reason === ConditionReason.TimedOut) return true;
  const from = parseRfc3339(condition.lastUpdateTime ?? "") ?? nowMs;
  return from + progressDeadlineSeconds(d) * SECOND < nowMs;
}

/** syncRolloutStatus: the status during a rollout, with the Progressing condition estimated. */
export function syncRolloutStatus(
  ctx: SyncContext,
  allRSs: readonly (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
  done: Done,
): void {
  const now = ctx.timestamp();
  const status = { ...calculateStatus(allRSs, newRS, d, now) };
  if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");
  const current = getCondition(d.status, "Progressing");
  const isComplete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
    current?.reason === ConditionReason.NewRSAvailable;
  const name = JSON.stringify(newRS?.metadata.name ?? d.metadata.name ?? "");
  const subject = newRS ? `ReplicaSet ${name}` : `Deployment ${name}`;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      const msg = `${subject} has successfully progressed.`;
      setCondition(status, newCondition("Progressing", "True", ConditionReason.NewRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      let condition = newCondition(
        "Progressing",
        "True",
        ConditionReason.ReplicaSetUpdated,
        `${subject} is progressing.`,
        now,
      );
      if (current) {
        if (current.status === "True" && current.lastTransitionTime !== undefined)
          condition = { ...condition, lastTransitionTime: current.lastTransitionTime };
        removeCondition(status, "Progressing");
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, ctx.now())) {
      const msg = `${subject} has timed out progressing.`;
      setCondition(status, newCondition("Progressing", "False", ConditionReason.TimedOut, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, "ReplicaFailure");

  const newStatus = compactStatus(status);
  if (statusEqual(d.status, newStatus)) {
    requeueStuckDeployment(ctx, d, newStatus);
    return done();
  }
  d.status = newStatus;
  updateDeploymentStatus(ctx, d, done);
}

/** getReplicaFailures: a ReplicaFailure condition of the new ReplicaSet first, else of any other. */
function replicaFailure(
  allRSs: readonly (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs?.status?.conditions?.find((x) => x.type === "ReplicaFailure");
    if (c)
      return {
        type: c.type,
        status: c.status,
        ...(c.lastTransitionTime ? { lastUpdateTime: c.lastTransitionTime } : {}),
        ...(c.lastTransitionTime ? { lastTransitionTime: c.lastTransitionTime } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.message ? { message: c.message } : {}),
      };
  }
  return undefined;
}

/** requeueStuckDeployment: without progress, look again when the deadline will have passed. */
function requeueStuckDeployment(ctx: SyncContext, d: DeploymentObject, newStatus: DeploymentStatus): void {
  const current = getCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, newStatus) || current.reason === ConditionReason.TimedOut) return;
  const last = parseRfc3339(current.lastUpdateTime ?? "") ?? ctx.now();
  const after = last + progressDeadlineSeconds(d) * SECOND - ctx.now();
  // A second more, as upstream, so the deadline has surely passed when the check runs.
  ctx.enqueueAfter(Math.max(after, 0) + SECOND);
}

/** UpdateStatus: PUT the working copy to the status subresource (its resourceVersion from the cache). */
export function updateDeploymentStatus(ctx: SyncContext, d: DeploymentObject, done: Done): void {
  ctx.client.request(
    {
      verb: "update",
      resource: "deployments",
      namespace: d.metadata.namespace ?? "default",
      name: d.metadata.name ?? "",
      subresource: "status",
      // A copy: the working copy's status keeps changing after this write within the same sync.
      body: cloneJson(d),
    },
    (res) => done(res.code === 200 ? undefined : ctx.errorOf(res)),
  );
}
