// Per-resource REST strategies (pkg/registry/*/strategy.go): what the registry resets on create,
// which fields an update of the main resource or of the status subresource may change, scheme
// defaults, and validation.

import {
  type KubeObject,
  type Namespace,
  type Node,
  type ObjectMeta,
  type Pod,
  jsonEqual,
} from "../../api/objects";
import type { FieldError } from "../../api/status";
import {
  validateEvent,
  validateLease,
  validateNamespace,
  validateNamespaceUpdate,
  validateNodeCreate,
  validateNodeUpdate,
  validatePodCreate,
  validatePodUpdate,
} from "../validation";
import { validateObjectMetaUpdate } from "../validation/metaValidation";
import { defaultPod, podQosClass } from "./podDefaults";
import { defaultWorkload, generateJobSelector } from "./workloadDefaults";
import { validateWorkloadCreate, validateWorkloadUpdate } from "../validation/workloadValidation";

export interface Strategy {
  /** Scheme defaulting; `notes` gets what was filled in. Runs on create and update. */
  defaults(object: KubeObject, notes: string[]): KubeObject;
  /** Clears what clients may not set on create (usually status). */
  prepareForCreate(object: KubeObject): KubeObject;
  /** An update of the main resource keeps the old status. */
  prepareForUpdate(object: KubeObject, old: KubeObject): KubeObject;
  /** An update of the status subresource keeps the old spec. */
  prepareForStatusUpdate(object: KubeObject, old: KubeObject): KubeObject;
  /** Namespaces' finalize subresource: only spec.finalizers may change. Absent elsewhere. */
  prepareForFinalize?(object: KubeObject, old: KubeObject): KubeObject;
  validateCreate(object: KubeObject): FieldError[];
  validateUpdate(object: KubeObject, old: KubeObject): FieldError[];
  /** The status subresource: metadata rules only (the spec is the old one, already valid). */
  validateStatusUpdate(object: KubeObject, old: KubeObject): FieldError[];
  /** Pods are deleted gracefully: kubelet must stop them first. */
  readonly graceful: boolean;
}

const keepStatus = (object: KubeObject, old: KubeObject): KubeObject =>
  old["status"] === undefined ? withoutField(object, "status") : { ...object, status: old["status"] };

const keepSpec = (object: KubeObject, old: KubeObject): KubeObject =>
  old["spec"] === undefined ? withoutField(object, "spec") : { ...object, spec: old["spec"] };

function withoutField(object: KubeObject, field: "spec" | "status"): KubeObject {
  if (!(field in object)) return object;
  const { [field]: _dropped, ...rest } = object;
  return rest as KubeObject;
}

function withOwners(meta: ObjectMeta, owners: ObjectMeta["ownerReferences"]): ObjectMeta {
  const { ownerReferences: _drop, ...rest } = meta;
  return owners ? { ...rest, ownerReferences: owners } : rest;
}

const plain: Strategy = {
  defaults: (o) => o,
  prepareForCreate: (o) => o,
  prepareForUpdate: (o) => o,
  prepareForStatusUpdate: (o) => o,
  validateCreate: () => [],
  validateUpdate: () => [],
  validateStatusUpdate: (o, old) => validateObjectMetaUpdate(o.metadata, old.metadata),
  graceful: false,
};

const pods: Strategy = {
  defaults: (o, notes) => defaultPod(o as unknown as Pod, notes) as unknown as KubeObject,
  prepareForCreate: (o) => {
    const pod = o as unknown as Pod;
    return { ...o, status: { phase: "Pending", qosClass: podQosClass(pod.spec) } };
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: (o, old) => ({
    ...keepSpec(o, old),
    // The status endpoint may not touch owner references (pkg/registry/core/pod/strategy.go).
    metadata: withOwners(o.metadata, old.metadata.ownerReferences),
  }),
  validateCreate: (o) => validatePodCreate(o as unknown as Pod),
  validateUpdate: (o, old) => validatePodUpdate(o as unknown as Pod, old as unknown as Pod),
  validateStatusUpdate: (o, old) =>
    validateObjectMetaUpdate(o.metadata, old.metadata, { coreFinalizers: true }),
  graceful: true,
};

const nodes: Strategy = {
  ...plain,
  // Nodes may be created with status: the kubelet registers itself with its status filled in.
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepSpec,
  validateCreate: (o) => validateNodeCreate(o as unknown as Node),
  validateUpdate: (o, old) => validateNodeUpdate(o as unknown as Node, old as unknown as Node),
};

const namespaces: Strategy = {
  ...plain,
  defaults: (o) => {
    const name = o.metadata.name ?? "";
    const labels = { ...(o.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
    return { ...o, metadata: { ...o.metadata, labels } };
  },
  prepareForCreate: (o) => ({ ...o, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } }),
  prepareForFinalize: (o, old) => ({
    ...old,
    metadata: { ...old.metadata, resourceVersion: o.metadata.resourceVersion ?? "" },
    spec: {
      ...(old["spec"] as object),
      finalizers: (o["spec"] as { finalizers?: string[] } | undefined)?.finalizers ?? [],
    },
  }),
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepSpec,
  validateCreate: (o) => validateNamespace(o as unknown as Namespace),
  validateUpdate: (o, old) => validateNamespaceUpdate(o as unknown as Namespace, old as unknown as Namespace),
};

const events: Strategy = {
  ...plain,
  validateCreate: (o) => validateEvent(o),
  validateUpdate: (o) => validateEvent(o),
};

const leases: Strategy = {
  ...plain,
  validateCreate: (o) => validateLease(o),
  validateUpdate: (o) => validateLease(o),
};

/** Sets metadata.generation to 1 on create. */
function firstGeneration(o: KubeObject): KubeObject {
  return { ...o, metadata: { ...o.metadata, generation: 1 } };
}

/** Bumps metadata.generation when the spec changed (each workload strategy's PrepareForUpdate). */
function nextGeneration(o: KubeObject, old: KubeObject): KubeObject {
  const generation = old.metadata.generation ?? 1;
  const changed = !jsonEqual(o["spec"], old["spec"]);
  return { ...o, metadata: { ...o.metadata, generation: changed ? generation + 1 : generation } };
}

/**
 * Objects with a spec the user owns and a status a controller owns (Deployments, ReplicaSets,
 * Jobs, Services, ...): status is cleared on create and kept on update, the status subresource
 * keeps the spec, and metadata.generation counts spec changes so controllers can report
 * status.observedGeneration. Defaults and validation per kind.
 */
const DS_TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

function withTemplateGeneration(o: KubeObject, generation: number): KubeObject {
  return {
    ...o,
    metadata: {
      ...o.metadata,
      annotations: { ...(o.metadata.annotations ?? {}), [DS_TEMPLATE_GENERATION]: String(generation) },
    },
  };
}

function specAndStatus(resource: string): Strategy {
  return {
    ...plain,
    defaults: (o, notes) => defaultWorkload(resource, o, notes),
    prepareForCreate: (o) => {
      const created = firstGeneration(withoutField(o, "status"));
      if (resource === "jobs") return generateJobSelector(created);
      if (resource === "persistentvolumeclaims" || resource === "persistentvolumes")
        return { ...created, status: { phase: "Pending" } };
      if (resource === "daemonsets") return withTemplateGeneration(created, 1);
      return created;
    },
    prepareForUpdate: (o, old) => {
      const updated = nextGeneration(keepStatus(o, old), old);
      if (resource !== "daemonsets") return updated;
      // The DaemonSet strategy counts template changes in a (deprecated) annotation.
      const previous = Number(old.metadata.annotations?.[DS_TEMPLATE_GENERATION] ?? 1);
      const spec = (x: KubeObject) => (x["spec"] as { template?: unknown } | undefined)?.template;
      return withTemplateGeneration(updated, jsonEqual(spec(o), spec(old)) ? previous : previous + 1);
    },
    prepareForStatusUpdate: (o, old) => ({
      ...keepSpec(o, old),
      metadata: { ...o.metadata, generation: old.metadata.generation ?? 1 },
    }),
    validateCreate: (o) => validateWorkloadCreate(resource, o),
    validateUpdate: (o, old) => validateWorkloadUpdate(resource, o, old),
  };
}

const strategies: Record<string, Strategy> = {
  pods,
  nodes,
  namespaces,
  events,
  leases,
  ...Object.fromEntries(
    [
      "deployments",
      "replicasets",
      "replicationcontrollers",
      "daemonsets",
      "statefulsets",
      "jobs",
      "cronjobs",
      "horizontalpodautoscalers",
      "persistentvolumeclaims",
      "persistentvolumes",
      "services",
    ].map((resource) => [resource, specAndStatus(resource)]),
  ),
};

export function strategyFor(resource: string): Strategy {
  return strategies[resource] ?? plain;
}
