// The two kinds one ReplicaSet controller implementation serves, as upstream runs
// pkg/controller/replicaset for apps/v1 ReplicaSets and, through the adapters of
// pkg/controller/replication (conversion.go), for v1 ReplicationControllers. The only differences
// the controller sees: the resource, the kind in owner references and events, the event source,
// and the selector (an RC's `spec.selector` is a plain map, read as matchLabels).

import type { KubeObject } from "../api/objects";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { MetaLabelSelector } from "../util/labelSelector";

export interface ReplicaSetKind {
  readonly kind: "ReplicaSet" | "ReplicationController";
  readonly apiVersion: "apps/v1" | "v1";
  readonly resource: "replicasets" | "replicationcontrollers";
  /** The EventSource component of the controller's events. */
  readonly component: "replicaset-controller" | "replication-controller";
  /** The service account kube-controller-manager uses for it (--use-service-account-credentials). */
  readonly serviceAccount: "replicaset-controller" | "replication-controller";
  /** `spec.selector` as a metav1.LabelSelector; undefined selects nothing. */
  selectorOf(object: KubeObject): MetaLabelSelector | undefined;
}

/** The spec fields the controller reads, common to both kinds. */
export interface ReplicaSetSpecView {
  readonly replicas: number;
  readonly minReadySeconds: number;
  readonly template: PodTemplateSpec | undefined;
}

interface RawSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplateSpec;
  selector?: unknown;
}

function rawSpec(object: KubeObject): RawSpec {
  return (object["spec"] ?? {}) as RawSpec;
}

/** Replicas default to 1 when omitted (the apiserver defaults it; read defensively). */
export function specView(object: KubeObject): ReplicaSetSpecView {
  const spec = rawSpec(object);
  return {
    replicas: spec.replicas ?? 1,
    minReadySeconds: spec.minReadySeconds ?? 0,
    template: spec.template,
  };
}

export const REPLICA_SET: ReplicaSetKind = {
  kind: "ReplicaSet",
  apiVersion: "apps/v1",
  resource: "replicasets",
  component: "replicaset-controller",
  serviceAccount: "replicaset-controller",
  selectorOf: (object) => (rawSpec(object).selector ?? undefined) as MetaLabelSelector | undefined,
};

export const REPLICATION_CONTROLLER: ReplicaSetKind = {
  kind: "ReplicationController",
  apiVersion: "v1",
  resource: "replicationcontrollers",
  component: "replication-controller",
  serviceAccount: "replication-controller",
  selectorOf: (object) => {
    const spec = rawSpec(object);
    const selector = spec.selector as Record<string, string> | undefined;
    // SetDefaults_ReplicationController copies the template labels into an empty selector;
    // tolerate an object stored before that defaulting.
    const matchLabels =
      selector && Object.keys(selector).length > 0 ? selector : spec.template?.metadata?.labels;
    return matchLabels && Object.keys(matchLabels).length > 0 ? { matchLabels } : undefined;
  },
};
