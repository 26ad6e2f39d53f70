// calculateStatus, the ReplicaFailure condition helpers and updateReplicaSetStatus of
// pkg/controller/replicaset/replica_set_utils.go: count the controller's pods (all, fully
// labeled, ready, available), set or clear ReplicaFailure, and write the status subresource with
// one GET-and-retry on failure, skipping the write when nothing changed.

import { type KubeObject, type Pod, jsonEqual } from "../api/objects";
import { isStatus } from "../api/status";
import type { ApiClient } from "../client/apiClient";
import { labelSelectorFromSet, matchesLabels } from "../util/labelSelector";
import { isPodAvailable, isPodReady } from "./controllerUtils";
import type { ReplicaSetKind } from "./replicaSetKinds";
import { specView } from "./replicaSetKinds";

/** apps.ReplicaSetReplicaFailure / v1.ReplicationControllerReplicaFailure. */
export const REPLICA_FAILURE = "ReplicaFailure";

export interface ReplicaSetCondition {
  readonly type: string;
  readonly status: "True" | "False" | "Unknown";
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** ReplicaSetStatus / ReplicationControllerStatus; zero counts are omitted as Go's omitempty does. */
export interface ReplicaSetStatus {
  readonly replicas: number;
  readonly fullyLabeledReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly observedGeneration?: number;
  readonly conditions?: readonly ReplicaSetCondition[];
}

export function statusOf(object: KubeObject): ReplicaSetStatus {
  return (object["status"] as ReplicaSetStatus | undefined) ?? { replicas: 0 };
}

const positive = <K extends string>(key: K, value: number): Partial<Record<K, number>> =>
  value !== 0 ? ({ [key]: value } as Record<K, number>) : {};

/** calculateStatus: the new status from the claimed active pods and the manageReplicas error. */
export function calculateStatus(
  object: KubeObject,
  filteredPods: readonly Pod[],
  manageReplicasError: string | undefined,
  nowEpochMs: number,
  timestamp: string,
): ReplicaSetStatus {
  const spec = specView(object);
  const old = statusOf(object);
  // The template's labels are a superset of the selector, so fully labeled pods are among these.
  const templateLabels = labelSelectorFromSet(spec.template?.metadata?.labels);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    if (matchesLabels(templateLabels, pod.metadata?.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, spec.minReadySeconds, nowEpochMs)) available++;
    }
  }
  let conditions = old.conditions ?? [];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageReplicasError !== undefined && !failure) {
    const diff = filteredPods.length - spec.replicas;
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    conditions = [
      ...conditions,
      {
        type: REPLICA_FAILURE,
        status: "True",
        lastTransitionTime: timestamp,
        reason,
        message: manageReplicasError,
      },
    ];
  } else if (manageReplicasError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  return {
    replicas: filteredPods.length,
    ...positive("fullyLabeledReplicas", fullyLabeled),
    ...positive("readyReplicas", ready),
    ...positive("availableReplicas", available),
    ...positive("observedGeneration", old.observedGeneration ?? 0),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/** The steady state of updateReplicaSetStatus: nothing to write. */
export function statusUnchanged(object: KubeObject, next: ReplicaSetStatus): boolean {
  const old = statusOf(object);
  return (
    old.replicas === next.replicas &&
    (old.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (old.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (old.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (object.metadata.generation ?? 0) === (old.observedGeneration ?? 0) &&
    jsonEqual(old.conditions ?? [], next.conditions ?? [])
  );
}

/** statusUpdateRetries: one GET-and-retry after a failed status write. */
const STATUS_UPDATE_RETRIES = 1;

/**
 * updateReplicaSetStatus: `PUT .../<name>/status` with observedGeneration set to the generation
 * acted on. Calls `done` with the object as stored (or as it was, when nothing changed), or an error.
 */
export function updateReplicaSetStatus(
  client: ApiClient,
  kind: ReplicaSetKind,
  object: KubeObject,
  next: ReplicaSetStatus,
  done: (updated: KubeObject | undefined, error?: string) => void,
): void {
  if (statusUnchanged(object, next)) return done(object);
  const status: ReplicaSetStatus = {
    ...next,
    ...positive("observedGeneration", object.metadata.generation ?? 0),
  };
  const namespace = object.metadata.namespace ?? "default";
  const name = object.metadata.name ?? "";
  const attempt = (current: KubeObject, i: number): void => {
    client.request(
      {
        verb: "update",
        resource: kind.resource,
        namespace,
        name,
        subresource: "status",
        body: { ...current, status },
      },
      (response) => {
        if (response.code === 200) return done(response.body as KubeObject);
        const error = isStatus(response.body)
          ? response.body.message
          : `status update failed (${response.code})`;
        if (i >= STATUS_UPDATE_RETRIES) return done(undefined, error);
        // Retry on the latest resourceVersion.
        client.request({ verb: "get", resource: kind.resource, namespace, name }, (got) => {
          if (got.code !== 200) {
            return done(undefined, isStatus(got.body) ? got.body.message : `get failed (${got.code})`);
          }
          attempt(got.body as KubeObject, i + 1);
        });
      },
    );
  };
  attempt(object, 0);
}
