// Which ReplicaSet is which, and how big (pkg/controller/deployment/util/deployment_util.go and
// the ReplicaSet sorters of pkg/controller/controller_utils.go): the new ReplicaSet is the oldest
// whose template equals the Deployment's, ignoring pod-template-hash; proportions for scaling
// several active ReplicaSets; how far a rollout may scale the new one.

import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { KubeObject } from "../api/objects";
import { parseRfc3339 } from "../sim/time";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  MaxReplicasAnnotation,
  PodTemplateHashLabel,
  desiredReplicasAnnotation,
  intAnnotation,
  maxSurge,
  replicasOf,
  revisionOf,
  rollingParams,
  rsReplicas,
  strategyType,
  valueFromIntOrPercent,
} from "./deploymentUtil";

const createdMs = (o: KubeObject): number => parseRfc3339(o.metadata.creationTimestamp ?? "") ?? 0;

/** controller.ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const diff = createdMs(a) - createdMs(b);
  return diff !== 0 ? diff : (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

/** ReplicaSetsBySizeOlder: larger first; of equal size, older first. */
export const bySizeOlder = (a: ReplicaSetObject, b: ReplicaSetObject): number =>
  rsReplicas(b) - rsReplicas(a) || byCreation(a, b);
/** ReplicaSetsBySizeNewer: larger first; of equal size, newer first. */
export const bySizeNewer = (a: ReplicaSetObject, b: ReplicaSetObject): number =>
  rsReplicas(b) - rsReplicas(a) || byCreation(b, a);

/** ReplicaSetsByRevision: lowest revision first, by creation when revisions tie or do not parse. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreation(a, b);
  return ra - rb;
}

export const filterActive = (rss: readonly (ReplicaSetObject | undefined)[]): ReplicaSetObject[] =>
  rss.filter((rs): rs is ReplicaSetObject => rs !== undefined && rsReplicas(rs) > 0);

/** apiequality.Semantic.DeepEqual for JSON: missing, null, empty maps and empty lists are all equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown): boolean =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => semanticEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** EqualIgnoreHash: two pod templates are equal apart from the pod-template-hash label. */
export function equalIgnoreHash(t1: PodTemplateSpec | undefined, t2: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): unknown => {
    const { [PodTemplateHashLabel]: _hash, ...labels } = t?.metadata?.labels ?? {};
    return { ...(t ?? {}), metadata: { ...(t?.metadata ?? {}), labels } };
  };
  return semanticEqual(strip(t1), strip(t2));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
): ReplicaSetObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: [old ones with replicas, all old ones]. */
export function findOldReplicaSets(
  d: DeploymentObject,
  rsList: readonly ReplicaSetObject[],
): [ReplicaSetObject[], ReplicaSetObject[]] {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => newRS === undefined || rs.metadata.uid !== newRS.metadata.uid);
  return [all.filter((rs) => rsReplicas(rs) !== 0), all];
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(
  newRS: ReplicaSetObject | undefined,
  oldRSs: readonly ReplicaSetObject[],
): ReplicaSetObject | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

// ---- counting ---------------------------------------------------------------------------------

const sum = (rss: readonly (ReplicaSetObject | undefined)[], f: (rs: ReplicaSetObject) => number): number =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
export const replicaCount = (rss: readonly (ReplicaSetObject | undefined)[]): number => sum(rss, rsReplicas);
export const actualReplicaCount = (rss: readonly (ReplicaSetObject | undefined)[]): number =>
  sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rss: readonly (ReplicaSetObject | undefined)[]): number =>
  sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rss: readonly (ReplicaSetObject | undefined)[]): number =>
  sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

/** k8s.io/utils/integer RoundToInt32: halves round away from zero. */
const roundToInt = (a: number): number => (a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5));

/** GetProportion: how many of `toAdd` replicas this ReplicaSet takes, by its share of max-replicas. */
export function getProportion(
  rs: ReplicaSetObject,
  d: DeploymentObject,
  toAdd: number,
  added: number,
): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -rsReplicas(rs);
  else {
    const annotated = intAnnotation(rs, MaxReplicasAnnotation) ?? d.status?.replicas ?? 0;
    const size =
      annotated > 0 ? (rsReplicas(rs) * (replicasOf(d) + maxSurge(d))) / annotated : rsReplicas(rs);
    fraction = roundToInt(size) - rsReplicas(rs);
  }
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** NewRSNewReplicas: how far a rollout may scale the new ReplicaSet now. */
export function newRSNewReplicas(
  d: DeploymentObject,
  allRSs: readonly (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject,
): { ok: true; value: number } | { ok: false; error: string } {
  const type = strategyType(d);
  if (type === "Recreate") return { ok: true, value: replicasOf(d) };
  if (type !== "RollingUpdate") return { ok: false, error: `deployment type ${type} isn't supported` };
  const surge = valueFromIntOrPercent(rollingParams(d).surge, replicasOf(d), true);
  if (surge === undefined)
    return { ok: false, error: `invalid value for IntOrString: ${rollingParams(d).surge}` };
  const current = replicaCount(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return { ok: true, value: rsReplicas(newRS) };
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRS));
  return { ok: true, value: rsReplicas(newRS) + scaleUp };
}

/** IsSaturated: the new ReplicaSet holds, believes in and has available all desired replicas. */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  return (
    desired !== undefined &&
    rsReplicas(rs) === replicasOf(d) &&
    desired === replicasOf(d) &&
    (rs.status?.availableReplicas ?? 0) === replicasOf(d)
  );
}
