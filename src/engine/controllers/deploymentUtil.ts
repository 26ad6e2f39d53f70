// Helpers of the Deployment controller (pkg/controller/deployment/util/deployment_util.go): the
// spec with its apps/v1 defaults, the surge/unavailable fenceposts, the revision and replica
// annotations. Pure functions over plain objects; the Deployment's spec is read defensively (`?? default`) so a Deployment stored
// without apps/v1 defaults behaves as if they were there.

import type {
  DeploymentSpec,
  DeploymentStatus,
  ReplicaSetSpec,
  ReplicaSetStatus,
} from "kubernetes-types/apps/v1";
import type { KubeObject } from "../api/objects";

// Shared with other controllers that name objects by a hash (controllerHistory.ts).
export { computeHash, safeEncodeString } from "./deploymentHash";

export interface DeploymentObject extends KubeObject {
  spec?: DeploymentSpec;
  status?: DeploymentStatus;
}

export interface ReplicaSetObject extends KubeObject {
  spec?: ReplicaSetSpec;
  status?: ReplicaSetStatus;
}

export const RevisionAnnotation = "deployment.kubernetes.io/revision";
export const RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
export const DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
export const MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
export const PodTemplateHashLabel = "pod-template-hash";
/** Revision history kept on a ReplicaSet that is rolled back to, at most this many characters. */
export const MaxRevHistoryLengthInChars = 2000;
const MaxInt32 = 2147483647;

/** Never copied from a Deployment to its ReplicaSets, nor back on a rollback. */
export const annotationsToSkip: ReadonlySet<string> = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  "deprecated.deployment.rollback.to",
]);

// ---- the spec, with apps/v1 defaults ----------------------------------------------------------

export const replicasOf = (d: DeploymentObject): number => d.spec?.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSetObject | undefined): number => rs?.spec?.replicas ?? 1;
export const strategyType = (d: DeploymentObject): string => d.spec?.strategy?.type ?? "RollingUpdate";
export const isRollingUpdate = (d: DeploymentObject): boolean => strategyType(d) === "RollingUpdate";
export const minReadySeconds = (d: DeploymentObject): number => d.spec?.minReadySeconds ?? 0;
export const progressDeadlineSeconds = (d: DeploymentObject): number =>
  d.spec?.progressDeadlineSeconds ?? 600;
export const revisionHistoryLimit = (d: DeploymentObject): number => d.spec?.revisionHistoryLimit ?? 10;
export const hasProgressDeadline = (d: DeploymentObject): boolean => progressDeadlineSeconds(d) !== MaxInt32;
export const hasRevisionHistoryLimit = (d: DeploymentObject): boolean => revisionHistoryLimit(d) !== MaxInt32;

export function rollingParams(d: DeploymentObject): { surge: number | string; unavailable: number | string } {
  const rolling = d.spec?.strategy?.rollingUpdate;
  return { surge: rolling?.maxSurge ?? "25%", unavailable: rolling?.maxUnavailable ?? "25%" };
}

/** intstr.GetValueFromIntOrPercent: percentages of `total`, rounded up or down; undefined if malformed. */
export function valueFromIntOrPercent(
  value: number | string,
  total: number,
  roundUp: boolean,
): number | undefined {
  if (typeof value === "number") return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) return undefined;
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both 0 means 1 unavailable. */
export function resolveFenceposts(
  maxSurge: number | string,
  maxUnavailable: number | string,
  desired: number,
): [number, number] {
  const surge = valueFromIntOrPercent(maxSurge, desired, true) ?? 0;
  let unavailable = valueFromIntOrPercent(maxUnavailable, desired, false) ?? 0;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  const { surge, unavailable } = rollingParams(d);
  return resolveFenceposts(surge, unavailable, replicasOf(d))[0];
}

export function maxUnavailable(d: DeploymentObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const { surge, unavailable } = rollingParams(d);
  return Math.min(resolveFenceposts(surge, unavailable, replicas)[1], replicas);
}

// ---- revisions and annotations ----------------------------------------------------------------

/** The revision annotation: 0 when absent, undefined when it is not an integer (such objects are skipped). */
export function revisionOf(object: KubeObject): number | undefined {
  const v = object.metadata.annotations?.[RevisionAnnotation];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(replicaSets: readonly KubeObject[]): number {
  let max = 0;
  for (const rs of replicaSets) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

/** SetReplicasAnnotations on a mutable annotations map; true when something changed. */
export function setReplicasAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  let updated = false;
  if (annotations[DesiredReplicasAnnotation] !== String(desired)) {
    annotations[DesiredReplicasAnnotation] = String(desired);
    updated = true;
  }
  if (annotations[MaxReplicasAnnotation] !== String(max)) {
    annotations[MaxReplicasAnnotation] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DesiredReplicasAnnotation] !== String(desired) || a[MaxReplicasAnnotation] !== String(max);
}

export function intAnnotation(rs: ReplicaSetObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export const desiredReplicasAnnotation = (rs: ReplicaSetObject): number | undefined =>
  intAnnotation(rs, DesiredReplicasAnnotation);

/**
 * SetNewReplicaSetAnnotations on the new ReplicaSet's mutable annotations: copy the Deployment's
 * annotations (except the skipped ones), raise the revision to `newRevision` (keeping the old one in
 * revision-history when rolling back to this ReplicaSet), and on creation add the replica annotations.
 */
export function setNewReplicaSetAnnotations(
  d: DeploymentObject,
  annotations: Record<string, string>,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (annotationsToSkip.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[RevisionAnnotation];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== "") {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  if (oldRevisionInt < newRevision) {
    annotations[RevisionAnnotation] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) appendRevisionHistory(annotations, oldRevision);
  }
  if (!exists && setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true;
  return changed;
}

function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[RevisionHistoryAnnotation] ?? "";
  if (history === "") {
    annotations[RevisionHistoryAnnotation] = oldRevision;
    return;
  }
  const old = history.split(",");
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > MaxRevHistoryLengthInChars && start < old.length) total -= (old[start++] ?? "").length + 1;
  if (total <= MaxRevHistoryLengthInChars)
    annotations[RevisionHistoryAnnotation] = [...old.slice(start), oldRevision].join(",");
}

/** SetDeploymentRevision on the working copy; true when it changed. */
export function setDeploymentRevision(d: DeploymentObject, revision: string): boolean {
  if (d.metadata.annotations?.[RevisionAnnotation] === revision) return false;
  d.metadata = {
    ...d.metadata,
    annotations: { ...(d.metadata.annotations ?? {}), [RevisionAnnotation]: revision },
  };
  return true;
}
