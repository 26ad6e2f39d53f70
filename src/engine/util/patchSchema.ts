// The patchStrategy / patchMergeKey struct tags of k8s.io/api (core/v1, apps/v1, batch/v1 and
// meta/v1 types.go) for the built-in kinds the simulator serves, as
// k8s.io/apimachinery/pkg/util/strategicpatch looks them up (LookupPatchMetadataForStruct,
// extractRetainKeysPatchStrategy).

import { PatchError } from "./patchCommon";

export const PatchStrategy = { Merge: "merge", Replace: "replace", RetainKeys: "retainKeys" } as const;
export type PatchStrategy = (typeof PatchStrategy)[keyof typeof PatchStrategy];

/**
 * The strategic-merge metadata of one field and, through `fields`, of the fields of its struct
 * (for a list: of its elements). A field without `strategies` is replaced when it is a list and
 * merged when it is a map, as for an untagged Go field. Unknown fields behave the same way.
 */
export interface PatchSchema {
  readonly strategies?: readonly PatchStrategy[];
  readonly mergeKey?: string;
  readonly fields?: Readonly<Record<string, PatchSchema>>;
}

const EMPTY_SCHEMA: PatchSchema = Object.freeze({});

export function lookup(schema: PatchSchema, key: string): PatchSchema {
  const fields = schema.fields;
  return fields && Object.hasOwn(fields, key) ? (fields[key] as PatchSchema) : EMPTY_SCHEMA;
}

/** extractRetainKeysPatchStrategy. */
export function splitStrategies(schema: PatchSchema): { retainKeys: boolean; strategy: string } {
  const s = schema.strategies ?? [];
  if (s.length === 0) return { retainKeys: false, strategy: "" };
  if (s.length === 1)
    return s[0] === "retainKeys"
      ? { retainKeys: true, strategy: "" }
      : { retainKeys: false, strategy: s[0] as string };
  if (s.length === 2) {
    if (s[0] === "retainKeys") return { retainKeys: true, strategy: s[1] as string };
    if (s[1] === "retainKeys") return { retainKeys: true, strategy: s[0] as string };
  }
  throw new PatchError(`unexpected patch strategy: [${s.join(" ")}]`);
}

const MERGE: readonly PatchStrategy[] = Object.freeze(["merge"]);
const MERGE_RETAIN_KEYS: readonly PatchStrategy[] = Object.freeze(["merge", "retainKeys"]);
const RETAIN_KEYS: readonly PatchStrategy[] = Object.freeze(["retainKeys"]);
const merge = (mergeKey: string, fields?: Readonly<Record<string, PatchSchema>>): PatchSchema =>
  Object.freeze(fields ? { strategies: MERGE, mergeKey, fields } : { strategies: MERGE, mergeKey });
const mergeRetainKeys = (mergeKey: string): PatchSchema =>
  Object.freeze({ strategies: MERGE_RETAIN_KEYS, mergeKey });
/** A merged list of scalars (a set), like metadata.finalizers. */
const mergeScalars: PatchSchema = Object.freeze({ strategies: MERGE });
const struct = (fields: Record<string, PatchSchema>): PatchSchema =>
  Object.freeze({ fields: Object.freeze(fields) });

// k8s.io/api/core/v1 types.go
const containerSchema: Readonly<Record<string, PatchSchema>> = Object.freeze({
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
});

const podSpecSchema = struct({
  volumes: mergeRetainKeys("name"),
  initContainers: merge("name", containerSchema),
  containers: merge("name", containerSchema),
  ephemeralContainers: merge("name", containerSchema),
  imagePullSecrets: merge("name"),
  hostAliases: merge("ip"),
  topologySpreadConstraints: merge("topologyKey"),
  schedulingGates: merge("name"),
  resourceClaims: mergeRetainKeys("name"),
  // tolerations, readinessGates, args, command, envFrom: untagged, so replaced whole.
});

const conditionsByType = merge("type");

// k8s.io/apimachinery/pkg/apis/meta/v1 types.go
const objectMetaSchema = struct({
  ownerReferences: merge("uid"),
  finalizers: mergeScalars,
});

const podStatusSchema = struct({
  conditions: conditionsByType,
  podIPs: merge("ip"),
  hostIPs: merge("ip"),
  // containerStatuses, initContainerStatuses, ephemeralContainerStatuses: untagged (replaced).
});

const podTemplateSchema = struct({ metadata: objectMetaSchema, spec: podSpecSchema });
const statusWithConditions = struct({ conditions: conditionsByType });
const workload = (specFields: Record<string, PatchSchema>): PatchSchema =>
  struct({
    metadata: objectMetaSchema,
    spec: struct({ template: podTemplateSchema, ...specFields }),
    status: statusWithConditions,
  });

/** Built-in schemas by kind (the Go types the apiserver would look tags up in). */
export const BUILTIN_PATCH_SCHEMAS: Readonly<Record<string, PatchSchema>> = Object.freeze({
  Pod: struct({ metadata: objectMetaSchema, spec: podSpecSchema, status: podStatusSchema }),
  PodTemplate: struct({ metadata: objectMetaSchema, template: podTemplateSchema }),
  Deployment: workload({ strategy: Object.freeze({ strategies: RETAIN_KEYS }) }),
  ReplicaSet: workload({}),
  ReplicationController: workload({}),
  DaemonSet: workload({}),
  StatefulSet: workload({}),
  Job: workload({}),
  CronJob: struct({
    metadata: objectMetaSchema,
    spec: struct({
      jobTemplate: struct({ metadata: objectMetaSchema, spec: struct({ template: podTemplateSchema }) }),
    }),
  }),
  Node: struct({
    metadata: objectMetaSchema,
    spec: struct({ podCIDRs: mergeScalars }),
    status: struct({ conditions: conditionsByType, addresses: merge("type") }),
  }),
  Service: struct({ metadata: objectMetaSchema, spec: struct({ ports: merge("port") }) }),
  Namespace: struct({ metadata: objectMetaSchema, status: statusWithConditions }),
});

/** The schema for a kind; other kinds still get ObjectMeta's tags. */
export function patchSchemaForKind(kind: string): PatchSchema {
  return Object.hasOwn(BUILTIN_PATCH_SCHEMAS, kind)
    ? (BUILTIN_PATCH_SCHEMAS[kind] as PatchSchema)
    : struct({ metadata: objectMetaSchema });
}
