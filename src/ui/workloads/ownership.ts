// The ownership the controllers keep, derived from the objects' ownerReferences: each workload
// (Deployment, DaemonSet, StatefulSet, CronJob, Job, standalone ReplicaSet) with what it owns —
// a Deployment's ReplicaSets (new and old, by revision) and their pods — and, for a rolling
// update, the budget maxSurge and maxUnavailable allow, worked out as the deployment controller
// does (surge rounds up, unavailable rounds down; both 0 means unavailable 1).

import type { KubeObject } from "../../engine/api/objects";
import { podStatus, podTone, type PodTone } from "../graph/topology";

export interface OwnedPod {
  readonly key: string;
  readonly name: string;
  readonly status: string;
  readonly tone: PodTone;
  readonly node: string | undefined;
  readonly terminating: boolean;
}

export interface OwnedSet {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  /** `deployment.kubernetes.io/revision`, for a Deployment's ReplicaSets. */
  readonly revision: number | undefined;
  readonly desired: number;
  readonly ready: number;
  /** The Deployment's current ReplicaSet (highest revision). */
  readonly isNew: boolean;
  readonly pods: readonly OwnedPod[];
}

export interface RolloutBudget {
  readonly strategy: "RollingUpdate" | "Recreate";
  readonly desired: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  /** Most pods allowed at once: desired + maxSurge. */
  readonly maxPods: number;
  /** Fewest available pods allowed: desired − maxUnavailable. */
  readonly minAvailable: number;
  /** Pods that exist and are not terminating. */
  readonly pods: number;
  readonly available: number;
}

export interface Workload {
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly sets: readonly OwnedSet[];
  /** Pods owned directly (DaemonSet, StatefulSet, Job, ReplicaSet). */
  readonly pods: readonly OwnedPod[];
  readonly budget: RolloutBudget | undefined;
}

const ROOT_KINDS = new Set([
  "Deployment",
  "DaemonSet",
  "StatefulSet",
  "CronJob",
  "Job",
  "ReplicaSet",
  "ReplicationController",
]);

type Spec = Record<string, unknown>;
const spec = (o: KubeObject): Spec => (o["spec"] as Spec | undefined) ?? {};
const status = (o: KubeObject): Spec => (o["status"] as Spec | undefined) ?? {};
const num = (v: unknown, fallback = 0): number => (typeof v === "number" ? v : fallback);

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const m = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
  if (!m) return 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function ownerUid(o: KubeObject): string | undefined {
  return (o.metadata.ownerReferences ?? []).find((r) => r.controller)?.uid;
}

function ownedPod(key: string, pod: KubeObject): OwnedPod {
  const st = podStatus(pod);
  return {
    key,
    name: pod.metadata.name ?? "",
    status: st,
    tone: podTone(st),
    node: (spec(pod)["nodeName"] as string | undefined) || undefined,
    terminating: pod.metadata.deletionTimestamp !== undefined,
  };
}

export function rolloutBudget(
  deployment: KubeObject,
  sets: readonly OwnedSet[],
  objects: ReadonlyMap<string, KubeObject>,
): RolloutBudget {
  const s = spec(deployment);
  const desired = num(s["replicas"], 1);
  const strategy =
    (s["strategy"] as
      { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } | undefined) ?? {};
  const recreate = strategy.type === "Recreate";
  let maxSurge = recreate ? 0 : scaledValue(strategy.rollingUpdate?.maxSurge ?? "25%", desired, true);
  let maxUnavailable = recreate
    ? desired
    : scaledValue(strategy.rollingUpdate?.maxUnavailable ?? "25%", desired, false);
  if (!recreate && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  if (maxUnavailable > desired) maxUnavailable = desired;
  maxSurge = Math.max(0, maxSurge);
  let available = 0;
  for (const set of sets) {
    const rs = objects.get(set.key);
    if (rs) available += num(status(rs)["availableReplicas"]);
  }
  const pods = sets.reduce((n, set) => n + set.pods.filter((p) => !p.terminating).length, 0);
  return {
    strategy: recreate ? "Recreate" : "RollingUpdate",
    desired,
    maxSurge,
    maxUnavailable,
    maxPods: desired + maxSurge,
    minAvailable: desired - maxUnavailable,
    pods,
    available,
  };
}

/** Every workload in the cluster with what it owns, sorted by namespace then kind then name. */
export function ownershipOf(objects: ReadonlyMap<string, KubeObject>): Workload[] {
  const byUid = new Map<string, { key: string; object: KubeObject }>();
  const children = new Map<string, { key: string; object: KubeObject }[]>();
  for (const [key, object] of objects) {
    const uid = object.metadata.uid;
    if (uid) byUid.set(uid, { key, object });
  }
  for (const [key, object] of objects) {
    const owner = ownerUid(object);
    if (owner === undefined || !byUid.has(owner)) continue;
    let list = children.get(owner);
    if (!list) children.set(owner, (list = []));
    list.push({ key, object });
  }
  const podsOf = (uid: string | undefined): OwnedPod[] =>
    (children.get(uid ?? "") ?? [])
      .filter((c) => c.object.kind === "Pod")
      .map((c) => ownedPod(c.key, c.object))
      .sort((a, b) => a.name.localeCompare(b.name));

  const workloads: Workload[] = [];
  for (const [key, object] of objects) {
    if (!ROOT_KINDS.has(object.kind)) continue;
    const owner = ownerUid(object);
    if (owner !== undefined && byUid.has(owner)) continue; // shown under its owner
    const ownedSets = (children.get(object.metadata.uid ?? "") ?? []).filter(
      (c) => c.object.kind === "ReplicaSet" || c.object.kind === "Job",
    );
    const revisions = ownedSets.map((c) =>
      Number(c.object.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? NaN),
    );
    const newest = Math.max(...revisions.filter((r) => !Number.isNaN(r)), -1);
    const sets: OwnedSet[] = ownedSets
      .map((c, i) => {
        const revision = Number.isNaN(revisions[i] ?? NaN) ? undefined : revisions[i];
        return {
          key: c.key,
          kind: c.object.kind,
          name: c.object.metadata.name ?? "",
          revision,
          desired: num(
            spec(c.object)["replicas"],
            c.object.kind === "Job" ? num(spec(c.object)["completions"], 1) : 0,
          ),
          ready: num(status(c.object)[c.object.kind === "Job" ? "succeeded" : "readyReplicas"]),
          isNew: revision !== undefined && revision === newest,
          pods: podsOf(c.object.metadata.uid),
        };
      })
      .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0) || a.name.localeCompare(b.name));
    workloads.push({
      key,
      kind: object.kind,
      namespace: object.metadata.namespace ?? "default",
      name: object.metadata.name ?? "",
      sets,
      pods: podsOf(object.metadata.uid),
      budget: object.kind === "Deployment" ? rolloutBudget(object, sets, objects) : undefined,
    });
  }
  const order = [...ROOT_KINDS];
  return workloads.sort(
    (a, b) =>
      Number(a.namespace === "kube-system") - Number(b.namespace === "kube-system") ||
      a.namespace.localeCompare(b.namespace) ||
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      a.name.localeCompare(b.name),
  );
}
