// Helpers every workload controller shares (pkg/controller/controller_utils.go and
// k8s.io/kubernetes/pkg/api/v1/pod): controller references, pods made from templates, and the
// pod states controllers count (active, ready, available).

import type { KubeObject, OwnerReference, Pod } from "../api/objects";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { parseRfc3339 } from "../sim/time";
import { type MetaLabelSelector, labelSelectorAsSelector, matchesLabels } from "../util/labelSelector";

/** The ownerReference a controller puts on what it creates (metav1.NewControllerRef). */
export function controllerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The object's managing controller, if any (metav1.GetControllerOf). */
export function controllerOf(object: KubeObject | Pod): OwnerReference | undefined {
  return (object.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/** Whether `object` is controlled by `owner` (same uid). */
export function isControlledBy(object: KubeObject | Pod, owner: KubeObject): boolean {
  return controllerOf(object)?.uid === owner.metadata.uid;
}

/**
 * A pod from a template (controller.GetPodFromTemplate): the template's labels, annotations and
 * spec, a generated name `<prefix>-xxxxx` (or an exact name), and a controller reference.
 */
export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  owner: KubeObject,
  name: { generateName: string } | { name: string },
  extraLabels: Readonly<Record<string, string>> = {},
): Pod {
  const meta = template?.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...name,
      namespace: owner.metadata.namespace ?? "default",
      labels: { ...(meta.labels ?? {}), ...extraLabels },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRefTo(owner)],
    },
    spec: template?.spec ?? { containers: [] },
  };
}

/** Running or pending and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && pod.metadata?.deletionTimestamp === undefined;
}

/** Ready condition True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** Ready for at least minReadySeconds at `nowEpochMs` (podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowEpochMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
  const since = ready?.lastTransitionTime ? parseRfc3339(ready.lastTransitionTime) : undefined;
  return since !== undefined && since + minReadySeconds * 1000 <= nowEpochMs;
}

/** Whether a workload's `spec.selector` selects these labels; an invalid or missing selector selects nothing. */
export function selectorMatches(
  selector: MetaLabelSelector | null | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const parsed = labelSelectorAsSelector(selector);
  return parsed.ok && selector !== undefined && selector !== null && matchesLabels(parsed.value, labels);
}
