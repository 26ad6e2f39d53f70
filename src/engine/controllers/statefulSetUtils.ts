// pkg/controller/statefulset/stateful_set_utils.go: a StatefulSet's pods are `<set>-<ordinal>`,
// with hostname = pod name and subdomain = spec.serviceName (their DNS identity through the
// headless Service), the labels statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index
// and controller-revision-hash, and one PersistentVolumeClaim per volumeClaimTemplate named
// `<template>-<set>-<ordinal>`. Revisions store the template as upstream's getPatch does.

import type { KubeObject, Pod, Volume } from "../api/objects";
import type { StatefulSetSpec, StatefulSetStatus } from "kubernetes-types/apps/v1";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1";
import {
  type ControllerRevision,
  newControllerRevision,
  templateOf,
  templatePatch,
} from "./controllerHistory";
import { isPodAvailable, isPodReady, podFromTemplate } from "./controllerUtils";

export interface StatefulSetObject extends KubeObject {
  spec?: StatefulSetSpec;
  status?: StatefulSetStatus;
}

/** apps.StatefulSetRevisionLabel, apps.StatefulSetPodNameLabel, apps.PodIndexLabel. */
export const StatefulSetRevisionLabel = "controller-revision-hash";
export const StatefulSetPodNameLabel = "statefulset.kubernetes.io/pod-name";
export const PodIndexLabel = "apps.kubernetes.io/pod-index";

/** Spec fields with the apps/v1 defaults, read defensively. */
export const replicasOf = (set: StatefulSetObject): number => set.spec?.replicas ?? 1;
export const minReadySeconds = (set: StatefulSetObject): number => set.spec?.minReadySeconds ?? 0;
export const revisionHistoryLimit = (set: StatefulSetObject): number => set.spec?.revisionHistoryLimit ?? 10;
export const updateStrategyType = (set: StatefulSetObject): string =>
  set.spec?.updateStrategy?.type ?? "RollingUpdate";
/** RollingUpdate's partition (the defaulted rollingUpdate has partition 0); undefined for OnDelete. */
export function partitionOf(set: StatefulSetObject): number | undefined {
  const rolling = set.spec?.updateStrategy?.rollingUpdate;
  if (rolling) return rolling.partition ?? 0;
  return updateStrategyType(set) === "RollingUpdate" ? 0 : undefined;
}
/** allowsBurst: Parallel pod management. */
export const allowsBurst = (set: StatefulSetObject): boolean => set.spec?.podManagementPolicy === "Parallel";
export const getStartOrdinal = (set: StatefulSetObject): number => set.spec?.ordinals?.start ?? 0;
export const getEndOrdinal = (set: StatefulSetObject): number => getStartOrdinal(set) + replicasOf(set) - 1;

const statefulPodRegex = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: ordinal -1 when the name has none (or it does not fit an int32). */
export function getParentNameAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = statefulPodRegex.exec(pod.metadata?.name ?? "");
  if (!m) return { parent: "", ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1] ?? "", ordinal: n <= 2147483647 ? n : -1 };
}

export const getOrdinal = (pod: Pod): number => getParentNameAndOrdinal(pod).ordinal;
export const getPodName = (set: StatefulSetObject, ordinal: number): string =>
  `${set.metadata.name ?? ""}-${ordinal}`;
export const getPersistentVolumeClaimName = (
  set: StatefulSetObject,
  claimName: string,
  ordinal: number,
): string => `${claimName}-${set.metadata.name ?? ""}-${ordinal}`;
export const isMemberOf = (set: StatefulSetObject, pod: Pod): boolean =>
  getParentNameAndOrdinal(pod).parent === set.metadata.name;
export function podInOrdinalRange(pod: Pod, set: StatefulSetObject): boolean {
  const ordinal = getOrdinal(pod);
  return ordinal >= getStartOrdinal(set) && ordinal <= getEndOrdinal(set);
}

/** identityMatches: the name, namespace and pod-name label fit the ordinal. */
export function identityMatches(set: StatefulSetObject, pod: Pod): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata?.name === getPodName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata.namespace &&
    pod.metadata?.labels?.[StatefulSetPodNameLabel] === pod.metadata?.name
  );
}

/** getPersistentVolumeClaims: one claim per template, labelled with the selector's matchLabels. */
export function getPersistentVolumeClaims(
  set: StatefulSetObject,
  ordinal: number,
): { readonly templateName: string; readonly claim: PersistentVolumeClaim }[] {
  const matchLabels = set.spec?.selector?.matchLabels ?? {};
  return (set.spec?.volumeClaimTemplates ?? []).map((template) => {
    const templateName = template.metadata?.name ?? "";
    const { status: _status, ...rest } = template;
    const claim: PersistentVolumeClaim = {
      ...rest,
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        ...(template.metadata ?? {}),
        name: getPersistentVolumeClaimName(set, templateName, ordinal),
        namespace: set.metadata.namespace ?? "default",
        labels: { ...(template.metadata?.labels ?? {}), ...matchLabels },
      },
    };
    return { templateName, claim };
  });
}

/** storageMatches: every claim template is mounted from its claim. */
export function storageMatches(set: StatefulSetObject, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (set.spec?.volumeClaimTemplates ?? []).every((t) => {
    const name = t.metadata?.name ?? "";
    return (
      volumes.get(name)?.persistentVolumeClaim?.claimName === getPersistentVolumeClaimName(set, name, ordinal)
    );
  });
}

/** updateStorage: the claims' volumes first (template order), then the pod's other volumes. */
export function updateStorage(set: StatefulSetObject, pod: Pod): Pod {
  const claims = getPersistentVolumeClaims(set, getOrdinal(pod));
  const names = new Set(claims.map((c) => c.templateName));
  const volumes: Volume[] = [
    ...claims.map((c) => ({
      name: c.templateName,
      persistentVolumeClaim: { claimName: c.claim.metadata?.name ?? "" },
    })),
    ...(pod.spec?.volumes ?? []).filter((v) => !names.has(v.name)),
  ];
  return { ...pod, spec: { containers: [], ...pod.spec, volumes } };
}

/** updateIdentity: the name labels (pod-name and pod-index) for the pod's ordinal. */
export function updateIdentity(set: StatefulSetObject, pod: Pod): Pod {
  const ordinal = getOrdinal(pod);
  const name = getPodName(set, ordinal);
  const labels = {
    ...(pod.metadata?.labels ?? {}),
    [StatefulSetPodNameLabel]: name,
    [PodIndexLabel]: String(ordinal),
  };
  return {
    ...pod,
    metadata: { ...pod.metadata, name, namespace: set.metadata.namespace ?? "default", labels },
  };
}

/** newStatefulSetPod: from the template, with identity (initIdentity adds hostname and subdomain) and storage. */
export function newStatefulSetPod(set: StatefulSetObject, ordinal: number): Pod {
  const name = getPodName(set, ordinal);
  const base = podFromTemplate(set.spec?.template, set, { name });
  // GetPodFromTemplate sets generateName `<set>-`; the name given afterwards wins.
  const pod: Pod = { ...base, metadata: { generateName: `${set.metadata.name ?? ""}-`, ...base.metadata } };
  const withIdentity = updateIdentity(set, pod);
  const serviceName = set.spec?.serviceName;
  const spec = {
    ...(withIdentity.spec ?? { containers: [] }),
    hostname: name,
    ...(serviceName ? { subdomain: serviceName } : {}),
  };
  return updateStorage(set, { ...withIdentity, spec });
}

export const getPodRevision = (pod: Pod): string => pod.metadata?.labels?.[StatefulSetRevisionLabel] ?? "";

function setPodRevision(pod: Pod, revision: string): Pod {
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      labels: { ...(pod.metadata?.labels ?? {}), [StatefulSetRevisionLabel]: revision },
    },
  };
}

/** newVersionedStatefulSetPod: ordinals below the partition stay at the current revision. */
export function newVersionedStatefulSetPod(
  currentSet: StatefulSetObject,
  updateSet: StatefulSetObject,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): Pod {
  const rolling = currentSet.spec?.updateStrategy?.rollingUpdate;
  const atCurrent =
    (updateStrategyType(currentSet) === "RollingUpdate" &&
      rolling === undefined &&
      ordinal < (currentSet.status?.currentReplicas ?? 0)) ||
    (rolling !== undefined && ordinal < (rolling.partition ?? 0));
  return atCurrent
    ? setPodRevision(newStatefulSetPod(currentSet, ordinal), currentRevision)
    : setPodRevision(newStatefulSetPod(updateSet, ordinal), updateRevision);
}

/** newRevision: the template as a ControllerRevision, with the set's annotations. */
export function newRevision(
  set: StatefulSetObject,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const cr = newControllerRevision(
    set,
    set.spec?.template?.metadata?.labels,
    templatePatch(set.spec?.template),
    revision,
    collisionCount,
  );
  const annotations = { ...(cr.metadata.annotations ?? {}), ...(set.metadata.annotations ?? {}) };
  return Object.keys(annotations).length ? { ...cr, metadata: { ...cr.metadata, annotations } } : cr;
}

/** ApplyRevision: the set with the revision's template. */
export function applyRevision(set: StatefulSetObject, revision: ControllerRevision): StatefulSetObject {
  const template = templateOf(revision);
  return { ...set, spec: { ...(set.spec as StatefulSetSpec), ...(template ? { template } : {}) } };
}

export const isCreated = (pod: Pod): boolean => (pod.status?.phase ?? "") !== "";
export const isFailed = (pod: Pod): boolean => pod.status?.phase === "Failed";
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === "Succeeded";
export const isPending = (pod: Pod): boolean => pod.status?.phase === "Pending";
export const isTerminating = (pod: Pod): boolean => pod.metadata?.deletionTimestamp !== undefined;
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === "Running" && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReady: number, nowEpochMs: number): boolean =>
  isPodAvailable(pod, minReady, nowEpochMs);
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);
export const isUnavailable = (pod: Pod, minReady: number, nowEpochMs: number): boolean =>
  !isHealthy(pod) || !isRunningAndAvailable(pod, minReady, nowEpochMs);
