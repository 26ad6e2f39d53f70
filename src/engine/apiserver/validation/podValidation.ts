// Semantic validation of Pods, Nodes, Namespaces, Events, Leases and pod Bindings, after
// pkg/apis/core/validation (validation.go, events.go) and pkg/apis/coordination/validation of
// Kubernetes 1.32: same checks, same order, same texts, for the fields a learner meets.
//
// Upstream validates objects after defaulting. A field the apiserver defaults (restartPolicy,
// imagePullPolicy, a port's protocol, probe thresholds, …) is therefore taken at its default when
// absent or empty, so "Required value" never shows for it, exactly as with a real cluster.
// Not covered: security contexts, affinity, topology spread, DNS config, ephemeral containers,
// resource claims, pod-level resources, Windows options and most volume source details.

import type {
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  LifecycleHandler,
  Probe,
  VolumeMount,
} from "kubernetes-types/core/v1";
import type {
  Event,
  KubeObject,
  Lease,
  Namespace,
  Node,
  ObjectMeta,
  Pod,
  PodSpec,
  ResourceRequirements,
  Taint,
  Toleration,
  Volume,
} from "../../api/objects";
import { cloneJson, jsonEqual } from "../../api/objects";
import { FieldErrorType, fieldError, type FieldError } from "../../api/status";
import { maxLenError, regexError } from "../../util/labels";
import { parseQuantity, type Quantity } from "../../util/quantity";
import {
  IS_NEGATIVE_ERROR_MSG,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateFinalizers,
  validateKubeFinalizerName,
  validateLabelName,
  validateLabels,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
  withRenderedValue,
} from "./metaValidation";

const MAX_INT32 = 2147483647;

/** validation.InclusiveRangeError. */
const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

const idx = (path: string, i: number): string => `${path}[${i}]`;
const key = (path: string, k: string): string => `${path}[${k}]`;

function dnsLabelErrors(value: string, field: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => fieldError.invalid(field, value, msg));
}

function dnsSubdomainErrors(value: string, field: string): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => fieldError.invalid(field, value, msg));
}

function notFound(field: string, value: unknown): FieldError {
  return { type: FieldErrorType.NotFound, field, badValue: value };
}

// ---- Pod ----------------------------------------------------------------------------------------

/**
 * The Forbidden detail for a pod update that changes other fields. Upstream appends "\n" and a
 * go-cmp diff of the old and new (internal) PodSpec; that diff is left out here.
 */
export const POD_UPDATE_FORBIDDEN_MESSAGE =
  "pod updates may not change fields other than " +
  [
    "`spec.containers[*].image`",
    "`spec.initContainers[*].image`",
    "`spec.activeDeadlineSeconds`",
    "`spec.tolerations` (only additions to existing tolerations)",
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
  ].join(",");

/** ValidatePodCreate. */
export function validatePodCreate(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec;
  if (spec?.ephemeralContainers && spec.ephemeralContainers.length > 0)
    errs.push(fieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
  if (spec?.nodeName && spec.schedulingGates && spec.schedulingGates.length > 0)
    errs.push(
      fieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"),
    );
  return errs;
}

/** ValidatePodUpdate: metadata rules, the new pod's own validity, then what may change. */
export function validatePodUpdate(newPod: Pod, oldPod: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(newPod.metadata, oldPod.metadata, { coreFinalizers: true });
  errs.push(...validatePodMetadataAndSpec(newPod));
  const newSpec: PodSpec = newPod.spec ?? { containers: [] };
  const oldSpec: PodSpec = oldPod.spec ?? { containers: [] };

  for (const [field, n, o] of [
    ["spec.containers", newSpec.containers, oldSpec.containers],
    ["spec.initContainers", newSpec.initContainers, oldSpec.initContainers],
  ] as const) {
    const { errors, stop } = validateContainerUpdates(n ?? [], o ?? [], field);
    errs.push(...errors);
    if (stop) return errs;
  }

  // activeDeadlineSeconds may go from nil to a positive value, or down, never back to nil.
  if (newSpec.activeDeadlineSeconds !== undefined && newSpec.activeDeadlineSeconds !== null) {
    const value = newSpec.activeDeadlineSeconds;
    if (value < 0 || value > MAX_INT32) {
      errs.push(fieldError.invalid("spec.activeDeadlineSeconds", value, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds < value) {
      errs.push(
        fieldError.invalid(
          "spec.activeDeadlineSeconds",
          value,
          "must be less than or equal to previous value",
        ),
      );
      return errs;
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined) {
    // A nil *int64 is printed as the string "null".
    errs.push(
      fieldError.invalid(
        "spec.activeDeadlineSeconds",
        "null",
        "must not update from a positive integer to nil value",
      ),
    );
  }

  errs.push(
    ...validateOnlyAddedTolerations(newSpec.tolerations ?? [], oldSpec.tolerations ?? [], "spec.tolerations"),
  );
  errs.push(
    ...validateOnlyDeletedSchedulingGates(newSpec.schedulingGates ?? [], oldSpec.schedulingGates ?? []),
  );

  if (specEqual(newSpec, oldSpec)) return errs;
  const munged = cloneJson(newSpec) as PodSpec & Record<string, unknown>;
  munged.containers = (munged.containers ?? []).map((c, i) => withImage(c, oldSpec.containers?.[i]?.image));
  if (munged.initContainers)
    munged.initContainers = munged.initContainers.map((c, i) =>
      withImage(c, oldSpec.initContainers?.[i]?.image),
    );
  setOrDelete(munged, "activeDeadlineSeconds", oldSpec.activeDeadlineSeconds);
  setOrDelete(munged, "schedulingGates", oldSpec.schedulingGates);
  setOrDelete(munged, "tolerations", oldSpec.tolerations);
  if (
    oldSpec.terminationGracePeriodSeconds !== undefined &&
    oldSpec.terminationGracePeriodSeconds < 0 &&
    munged.terminationGracePeriodSeconds === 1
  )
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  // Gated pods may gain nodeSelector entries (only additions).
  if (
    (oldSpec.schedulingGates?.length ?? 0) > 0 &&
    !jsonEqual(munged.nodeSelector ?? {}, oldSpec.nodeSelector ?? {})
  ) {
    const old = oldSpec.nodeSelector ?? {};
    const added = munged.nodeSelector ?? {};
    if (Object.entries(old).every(([k, v]) => added[k] === v))
      setOrDelete(munged, "nodeSelector", oldSpec.nodeSelector);
  }
  if (!specEqual(munged, oldSpec)) errs.push(fieldError.forbidden("spec", POD_UPDATE_FORBIDDEN_MESSAGE));
  return errs;
}

function withImage(c: Container, image: string | undefined): Container {
  const out = { ...c };
  if (image === undefined) delete out.image;
  else out.image = image;
  return out;
}

function setOrDelete(target: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) Reflect.deleteProperty(target, field);
  else target[field] = cloneJson(value);
}

// apiequality.Semantic compares Go values: nil and empty slices and maps are equal, and so are an
// unset and a zero string or bool. JSON keeps those apart, so they are dropped before comparing.
// (Zero numbers are kept: many are pointers, where 0 differs from unset.)
const MAP_OR_VALUE_STRUCT_FIELDS = new Set(["nodeSelector", "limits", "requests", "overhead", "resources"]);

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const n = normalize(v);
    if (n === undefined || n === null || n === "" || n === false) continue;
    if (Array.isArray(n) && n.length === 0) continue;
    if (MAP_OR_VALUE_STRUCT_FIELDS.has(k) && typeof n === "object" && Object.keys(n).length === 0) continue;
    out[k] = n;
  }
  return out;
}

function specEqual(a: PodSpec, b: PodSpec): boolean {
  return jsonEqual(normalize(a), normalize(b));
}

/** ValidateContainerUpdates. */
function validateContainerUpdates(
  newContainers: readonly Container[],
  oldContainers: readonly Container[],
  field: string,
): { errors: FieldError[]; stop: boolean } {
  if (newContainers.length !== oldContainers.length)
    return {
      errors: [fieldError.forbidden(field, "pod updates may not add or remove containers")],
      stop: true,
    };
  const errors: FieldError[] = [];
  newContainers.forEach((c, i) => {
    const image = c.image ?? "";
    if (image.length === 0) errors.push(fieldError.required(`${idx(field, i)}.image`));
    if (image.trim().length !== image.length)
      errors.push(
        fieldError.invalid(`${idx(field, i)}.image`, image, "must not have leading or trailing whitespace"),
      );
  });
  return { errors, stop: false };
}

/** validateOnlyAddedTolerations: existing tolerations may only change their tolerationSeconds. */
function validateOnlyAddedTolerations(
  newTolerations: readonly Toleration[],
  oldTolerations: readonly Toleration[],
  field: string,
): FieldError[] {
  for (const old of oldTolerations) {
    const found = newTolerations.some((t) =>
      jsonEqual(withSeconds(old, t.tolerationSeconds), withSeconds(t, t.tolerationSeconds)),
    );
    if (!found)
      return [
        fieldError.forbidden(field, "existing toleration can not be modified except its tolerationSeconds"),
      ];
  }
  return validateTolerations(newTolerations, field);
}

function withSeconds(t: Toleration, seconds: number | undefined): Record<string, unknown> {
  // Compare as Go does after defaulting: an empty operator is kept as is, absent strings are "".
  return {
    key: t.key ?? "",
    operator: t.operator ?? "",
    value: t.value ?? "",
    effect: t.effect ?? "",
    tolerationSeconds: seconds ?? null,
  };
}

function validateOnlyDeletedSchedulingGates(
  newGates: readonly { name: string }[],
  oldGates: readonly { name: string }[],
): FieldError[] {
  if (newGates.length === 0) return [];
  const old = new Set(oldGates.map((g) => g.name));
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  newGates.forEach((g, i) => {
    if (old.has(g.name) || seen.has(g.name)) return;
    seen.add(g.name);
    errs.push(
      fieldError.forbidden(
        `spec.schedulingGates[${i}].name`,
        `only deletion is allowed, but found new scheduling gate '${g.name}'`,
      ),
    );
  });
  return errs;
}

/** validatePodMetadataAndSpec (create and update share it). */
function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, {
    namespaced: true,
    nameFn: nameIsDNSSubdomain,
    coreFinalizers: true,
  });
  const spec: PodSpec = pod.spec ?? { containers: [] };
  errs.push(...validatePodSpec(spec, "spec", { resourceIsPod: true }));
  // Pod-only checks (not applied to pod templates).
  for (const [field, list] of [
    ["spec.containers", spec.containers],
    ["spec.initContainers", spec.initContainers],
  ] as const) {
    (list ?? []).forEach((c, i) => {
      const image = c.image ?? "";
      if (image.length !== image.trim().length)
        errs.push(
          fieldError.invalid(`${idx(field, i)}.image`, image, "must not have leading or trailing whitespace"),
        );
    });
  }
  return errs;
}

export interface PodSpecOptions {
  /** The spec belongs to a Pod, not to a template (host ports under hostNetwork must then match). */
  readonly resourceIsPod?: boolean;
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: PodSpec, path: string, opts: PodSpecOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  // Defaulted to 30 when absent.
  const gracePeriod = spec.terminationGracePeriodSeconds ?? 30;
  const { volumes, errors: volumeErrors } = validateVolumes(spec.volumes ?? [], `${path}.volumes`);
  errs.push(...volumeErrors);
  errs.push(...validateContainers(spec.containers ?? [], volumes, gracePeriod, `${path}.containers`));
  errs.push(
    ...validateInitContainers(
      spec.initContainers ?? [],
      spec.containers ?? [],
      volumes,
      gracePeriod,
      `${path}.initContainers`,
    ),
  );
  errs.push(...validatePodHostNetworkDeps(spec, path, opts));
  errs.push(...validateRestartPolicy(spec.restartPolicy, `${path}.restartPolicy`));
  errs.push(...validateDNSPolicy(spec.dnsPolicy, `${path}.dnsPolicy`));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  (spec.readinessGates ?? []).forEach((g, i) =>
    errs.push(...qualifiedNameErrors(g.conditionType, `${path}.readinessGates[${i}].conditionType`)),
  );
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    errs.push(...qualifiedNameErrors(g.name, idx(`${path}.schedulingGates`, i)));
    if (gates.has(g.name)) errs.push(fieldError.duplicate(idx(`${path}.schedulingGates`, i), g.name));
    gates.add(g.name);
  });
  if (spec.serviceAccountName)
    errs.push(...dnsSubdomainErrors(spec.serviceAccountName, `${path}.serviceAccountName`));
  if (spec.nodeName) errs.push(...dnsSubdomainErrors(spec.nodeName, `${path}.nodeName`));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const value = spec.activeDeadlineSeconds;
    if (value < 1 || value > MAX_INT32)
      errs.push(
        fieldError.invalid(`${path}.activeDeadlineSeconds`, value, inclusiveRangeError(1, MAX_INT32)),
      );
  }
  if (spec.hostname) errs.push(...dnsLabelErrors(spec.hostname, `${path}.hostname`));
  if (spec.subdomain) errs.push(...dnsLabelErrors(spec.subdomain, `${path}.subdomain`));
  if (spec.tolerations && spec.tolerations.length > 0)
    errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  if (spec.priorityClassName)
    errs.push(...dnsSubdomainErrors(spec.priorityClassName, `${path}.priorityClassName`));
  if (spec.runtimeClassName !== undefined)
    errs.push(...dnsSubdomainErrors(spec.runtimeClassName, `${path}.runtimeClassName`));
  if (
    spec.preemptionPolicy !== undefined &&
    spec.preemptionPolicy !== "PreemptLowerPriority" &&
    spec.preemptionPolicy !== "Never"
  ) {
    errs.push(
      spec.preemptionPolicy === ""
        ? fieldError.required(`${path}.preemptionPolicy`)
        : fieldError.notSupported(`${path}.preemptionPolicy`, spec.preemptionPolicy, [
            "PreemptLowerPriority",
            "Never",
          ]),
    );
  }
  if (spec.overhead)
    errs.push(...validateResourceRequirements({ limits: spec.overhead }, `${path}.overhead`));
  if (spec.os) {
    if (!spec.os.name) errs.push(fieldError.required(`${path}.os.name`, "cannot be empty"));
    else if (spec.os.name !== "linux" && spec.os.name !== "windows")
      errs.push(fieldError.notSupported(`${path}.os`, spec.os.name, ["linux", "windows"]));
  }
  return errs;
}

function qualifiedNameErrors(value: string, field: string): FieldError[] {
  return isQualifiedName(value).map((msg) => fieldError.invalid(field, value, msg));
}

function validateRestartPolicy(policy: string | undefined, field: string): FieldError[] {
  if (!policy || policy === "Always" || policy === "OnFailure" || policy === "Never") return [];
  return [fieldError.notSupported(field, policy, ["Always", "OnFailure", "Never"])];
}

function validateDNSPolicy(policy: string | undefined, field: string): FieldError[] {
  if (!policy || ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"].includes(policy)) return [];
  return [
    fieldError.notSupported(field, policy, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]),
  ];
}

function validatePodHostNetworkDeps(spec: PodSpec, path: string, opts: PodSpecOptions): FieldError[] {
  if (!spec.hostNetwork) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      const hp = p.hostPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== p.containerPort)
        errs.push(
          fieldError.invalid(
            `${path}.containers[${ci}].ports[${pi}].hostPort`,
            hp,
            "must match `containerPort` when `hostNetwork` is true",
          ),
        );
    });
  });
  return errs;
}

// ---- volumes ------------------------------------------------------------------------------------

// VolumeSource members in upstream's check order; the value is the path upstream uses in the
// "more than 1 volume type" error (two differ from the JSON name, upstream's typo included).
const VOLUME_SOURCES: ReadonlyArray<readonly [string, string]> = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const FILE_MODE_ERROR_MSG = "must be a number between 0 and 0777 (octal), both inclusive";

/** ValidateVolumes: returns the volumes that passed (what mounts may refer to) and the errors. */
function validateVolumes(
  volumes: readonly Volume[],
  path: string,
): { volumes: Map<string, Volume>; errors: FieldError[] } {
  const valid = new Map<string, Volume>();
  const errors: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((vol, i) => {
    const volPath = idx(path, i);
    const el = validateVolumeSource(vol, volPath);
    if (!vol.name) el.push(fieldError.required(`${volPath}.name`));
    else el.push(...dnsLabelErrors(vol.name, `${volPath}.name`));
    if (names.has(vol.name)) el.push(fieldError.duplicate(`${volPath}.name`, vol.name));
    if (el.length === 0) {
      names.add(vol.name);
      valid.set(vol.name, vol);
    } else errors.push(...el);
  });
  return { volumes: valid, errors };
}

function validateVolumeSource(vol: Volume, path: string): FieldError[] {
  const source = vol as unknown as Record<string, unknown>;
  const errs: FieldError[] = [];
  let count = 0;
  for (const [member, errorName] of VOLUME_SOURCES) {
    const value = source[member];
    if (value === undefined || value === null) continue;
    if (count > 0) {
      errs.push(fieldError.forbidden(`${path}.${errorName}`, "may not specify more than 1 volume type"));
      continue;
    }
    count++;
    errs.push(...validateVolumeSourceMember(member, value as Record<string, unknown>, `${path}.${member}`));
  }
  // A volume without a source is defaulted to an emptyDir, so "must specify a volume type" never shows.
  return errs;
}

function validateVolumeSourceMember(
  member: string,
  source: Record<string, unknown>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mode = (field: string): void => {
    const value = source[field];
    if (typeof value === "number" && (value > 0o777 || value < 0))
      errs.push(fieldError.invalid(`${path}.${field}`, value, FILE_MODE_ERROR_MSG));
  };
  switch (member) {
    case "emptyDir": {
      const limit = source["sizeLimit"];
      const q = limit === undefined || limit === null ? undefined : parseQuantity(limit as string | number);
      if (q && q.sign() < 0)
        errs.push(
          fieldError.forbidden(`${path}.sizeLimit`, "SizeLimit field must be a valid resource quantity"),
        );
      break;
    }
    case "hostPath":
      if (!source["path"]) errs.push(fieldError.required(`${path}.path`));
      break;
    case "secret":
      if (!source["secretName"]) errs.push(fieldError.required(`${path}.secretName`));
      mode("defaultMode");
      break;
    case "configMap":
      if (!source["name"]) errs.push(fieldError.required(`${path}.name`));
      mode("defaultMode");
      break;
    case "persistentVolumeClaim":
      if (!source["claimName"]) errs.push(fieldError.required(`${path}.claimName`));
      break;
  }
  return errs;
}

// ---- containers ---------------------------------------------------------------------------------

/** validateContainers (regular containers). */
function validateContainers(
  containers: readonly Container[],
  volumes: Map<string, Volume>,
  gracePeriod: number,
  path: string,
): FieldError[] {
  if (containers.length === 0) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cPath = idx(path, i);
    errs.push(...validateContainerCommon(c, volumes, cPath));
    if (names.has(c.name)) errs.push(fieldError.duplicate(`${cPath}.name`, c.name));
    else names.add(c.name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${cPath}.lifecycle`));
    errs.push(...validateProbe(c.livenessProbe, `${cPath}.livenessProbe`, "liveness"));
    errs.push(...validateProbe(c.readinessProbe, `${cPath}.readinessProbe`, "readiness"));
    errs.push(...validateProbe(c.startupProbe, `${cPath}.startupProbe`, "startup"));
    if (c.restartPolicy !== undefined)
      errs.push(fieldError.forbidden(`${cPath}.restartPolicy`, "may not be set for non-init containers"));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

/** validateInitContainers. */
function validateInitContainers(
  containers: readonly Container[],
  regular: readonly Container[],
  volumes: Map<string, Volume>,
  gracePeriod: number,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(regular.map((c) => c.name));
  containers.forEach((c, i) => {
    const cPath = idx(path, i);
    errs.push(...validateContainerCommon(c, volumes, cPath));
    let restartAlways = false;
    if (c.restartPolicy !== undefined) {
      if (c.restartPolicy !== "Always")
        errs.push(fieldError.notSupported(`${cPath}.restartPolicy`, c.restartPolicy, ["Always"]));
      restartAlways = c.restartPolicy === "Always";
    }
    if (names.has(c.name)) errs.push(fieldError.duplicate(`${cPath}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], path));
    if (restartAlways) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${cPath}.lifecycle`));
      errs.push(...validateProbe(c.livenessProbe, `${cPath}.livenessProbe`, "liveness"));
      errs.push(...validateProbe(c.readinessProbe, `${cPath}.readinessProbe`, "readiness"));
      errs.push(...validateProbe(c.startupProbe, `${cPath}.startupProbe`, "startup"));
    } else {
      const notForInit = "may not be set for init containers without restartPolicy=Always";
      if (c.lifecycle) errs.push(fieldError.forbidden(`${cPath}.lifecycle`, notForInit));
      if (c.livenessProbe) errs.push(fieldError.forbidden(`${cPath}.livenessProbe`, notForInit));
      if (c.readinessProbe) errs.push(fieldError.forbidden(`${cPath}.readinessProbe`, notForInit));
      if (c.startupProbe) errs.push(fieldError.forbidden(`${cPath}.startupProbe`, notForInit));
    }
  });
  return errs;
}

/** validateContainerCommon: name, image, ports, env, mounts, pull policy, resources. */
function validateContainerCommon(c: Container, volumes: Map<string, Volume>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldError.required(`${path}.name`));
  else errs.push(...dnsLabelErrors(c.name, `${path}.name`));
  if (!c.image) errs.push(fieldError.required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (tmp && tmp !== "File" && tmp !== "FallbackToLogsOnError")
    errs.push(
      fieldError.notSupported(`${path}.terminationMessagePolicy`, tmp, ["File", "FallbackToLogsOnError"]),
    );
  errs.push(...validateContainerPorts(c.ports ?? [], `${path}.ports`));
  errs.push(...validateEnv(c.env ?? [], `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom ?? [], `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c.volumeMounts ?? [], volumes, `${path}.volumeMounts`));
  const pull = c.imagePullPolicy;
  if (pull && pull !== "Always" && pull !== "IfNotPresent" && pull !== "Never")
    errs.push(fieldError.notSupported(`${path}.imagePullPolicy`, pull, ["Always", "IfNotPresent", "Never"]));
  errs.push(...validateResourceRequirements(c.resources ?? {}, `${path}.resources`));
  return errs;
}

/** validation.IsValidPortNum. */
function portNumErrors(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** validation.IsValidPortName (IANA_SVC_NAME). */
function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name))
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  if (name.length > 0 && (name.startsWith("-") || name.endsWith("-")))
    errs.push("must not begin or end with a hyphen");
  return errs;
}

const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"];

/** validateContainerPorts. */
function validateContainerPorts(ports: readonly ContainerPort[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pPath = idx(path, i);
    if (p.name) {
      const msgs = portNameErrors(p.name);
      if (msgs.length > 0)
        for (const msg of msgs) errs.push(fieldError.invalid(`${pPath}.name`, p.name, msg));
      else if (names.has(p.name)) errs.push(fieldError.duplicate(`${pPath}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldError.required(`${pPath}.containerPort`));
    else
      for (const msg of portNumErrors(p.containerPort))
        errs.push(fieldError.invalid(`${pPath}.containerPort`, p.containerPort, msg));
    if (p.hostPort)
      for (const msg of portNumErrors(p.hostPort))
        errs.push(fieldError.invalid(`${pPath}.hostPort`, p.hostPort, msg));
    // An empty protocol is defaulted to TCP.
    if (p.protocol && !SUPPORTED_PORT_PROTOCOLS.includes(p.protocol))
      errs.push(fieldError.notSupported(`${pPath}.protocol`, p.protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

/** checkHostPortConflicts: `protocol/hostIP/port` must be unique across the containers given. */
function checkHostPortConflicts(containers: readonly Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const id = `${p.protocol || "TCP"}/${p.hostIP ?? ""}/${p.hostPort}`;
      if (seen.has(id)) errs.push(fieldError.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, id));
      else seen.add(id);
    });
  });
  return errs;
}

const RELAXED_ENV_NAME_MSG =
  "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** IsRelaxedEnvVarName: 1.32 turns RelaxedEnvironmentVariableValidation on by default. */
function envNameErrors(name: string): string[] {
  if (name.length === 0) return ["environment variable name must be non-empty"];
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7e || cp < 0x20 || ch === "=") return [RELAXED_ENV_NAME_MSG];
  }
  return [];
}

const DOWNWARD_API_ENV_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
// Labels ConvertDownwardAPIFieldLabel accepts for v1 pods (spec.host is an old alias).
const CONVERTIBLE_POD_FIELDS = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
  "spec.host",
]);
const RESOURCE_FIELD_PATHS = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

/** ValidateEnv. */
function validateEnv(vars: readonly EnvVar[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  vars.forEach((ev, i) => {
    const vPath = idx(path, i);
    if (!ev.name) errs.push(fieldError.required(`${vPath}.name`));
    else
      for (const msg of envNameErrors(ev.name)) errs.push(fieldError.invalid(`${vPath}.name`, ev.name, msg));
    errs.push(...validateEnvVarValueFrom(ev, `${vPath}.valueFrom`));
  });
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, `${path}.fieldRef`));
  }
  if (from.resourceFieldRef) {
    sources++;
    const resource = from.resourceFieldRef.resource;
    if (!resource) errs.push(fieldError.required(`${path}.resourceFieldRef.resource`));
    else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource))
      errs.push(fieldError.notSupported(`${path}.resourceFieldRef.resource`, resource, RESOURCE_FIELD_PATHS));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (sources === 0)
    errs.push(
      fieldError.invalid(
        path,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  else if (ev.value)
    errs.push(fieldError.invalid(path, "", "may not be specified when `value` is not empty"));
  else if (sources > 1)
    errs.push(fieldError.invalid(path, "", "may not have more than one field specified at a time"));
  return errs;
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` → [`metadata.labels`, `app`]. */
function splitMaybeSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** validateObjectFieldSelector, with pods.ConvertDownwardAPIFieldLabel's errors. */
function validateObjectFieldSelector(
  fs: { apiVersion?: string; fieldPath: string },
  path: string,
): FieldError[] {
  // apiVersion is defaulted to v1.
  const apiVersion = fs.apiVersion || "v1";
  const fieldPath = fs.fieldPath;
  if (!fieldPath) return [fieldError.required(`${path}.fieldPath`)];
  const convertError = (why: string): FieldError[] => [
    fieldError.invalid(`${path}.fieldPath`, fieldPath, `error converting fieldPath: ${why}`),
  ];
  if (apiVersion !== "v1") return convertError(`unsupported pod version: ${apiVersion}`);
  const split = splitMaybeSubscriptedPath(fieldPath);
  if (split) {
    const [base, subscript] = split;
    if (base === "metadata.annotations") return qualifiedNameErrors(subscript.toLowerCase(), path);
    if (base === "metadata.labels") return qualifiedNameErrors(subscript, path);
    return convertError(`field label does not support subscript: ${fieldPath}`);
  }
  if (!CONVERTIBLE_POD_FIELDS.has(fieldPath)) return convertError(`field label not supported: ${fieldPath}`);
  const internal = fieldPath === "spec.host" ? "spec.nodeName" : fieldPath;
  if (!DOWNWARD_API_ENV_PATHS.includes(internal))
    return [fieldError.notSupported(`${path}.fieldPath`, internal, DOWNWARD_API_ENV_PATHS)];
  return [];
}

const CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_ERR_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** validation.IsConfigMapKey. */
function configMapKeyErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(value))
    errs.push(regexError(CONFIG_MAP_KEY_ERR_MSG, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
  if (value === ".") errs.push("must not be '.'");
  else if (value === "..") errs.push("must not be '..'");
  else if (value.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

function validateKeySelector(s: { name?: string; key: string }, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? "";
  for (const msg of nameIsDNSSubdomain(name, false)) errs.push(fieldError.invalid(`${path}.name`, name, msg));
  if (!s.key) errs.push(fieldError.required(`${path}.key`));
  else for (const msg of configMapKeyErrors(s.key)) errs.push(fieldError.invalid(`${path}.key`, s.key, msg));
  return errs;
}

/** ValidateEnvFrom. */
function validateEnvFrom(vars: readonly EnvFromSource[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  vars.forEach((ev, i) => {
    const vPath = idx(path, i);
    if (ev.prefix)
      for (const msg of envNameErrors(ev.prefix))
        errs.push(fieldError.invalid(`${vPath}.prefix`, ev.prefix, msg));
    let sources = 0;
    for (const [field, ref] of [
      ["configMapRef", ev.configMapRef],
      ["secretRef", ev.secretRef],
    ] as const) {
      if (!ref) continue;
      sources++;
      if (!ref.name) errs.push(fieldError.required(`${vPath}.${field}.name`));
      else
        for (const msg of nameIsDNSSubdomain(ref.name, true))
          errs.push(fieldError.invalid(`${vPath}.${field}.name`, ref.name, msg));
    }
    // Upstream reports these two at the list itself, not at the item.
    if (sources === 0)
      errs.push(fieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1)
      errs.push(fieldError.invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

/** ValidateVolumeMounts (without volumeDevices, mount propagation and recursive read-only). */
function validateVolumeMounts(
  mounts: readonly VolumeMount[],
  volumes: Map<string, Volume>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  mounts.forEach((m, i) => {
    const mPath = idx(path, i);
    if (!m.name) errs.push(fieldError.required(`${mPath}.name`));
    if (!volumes.has(m.name)) errs.push(notFound(`${mPath}.name`, m.name));
    if (!m.mountPath) errs.push(fieldError.required(`${mPath}.mountPath`));
    if (mountPoints.has(m.mountPath))
      errs.push(fieldError.invalid(`${mPath}.mountPath`, m.mountPath, "must be unique"));
    mountPoints.add(m.mountPath);
    // Upstream passes the list's path (no index) down to the subPath checks.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push(
          fieldError.invalid(
            `${mPath}.subPathExpr`,
            m.subPathExpr,
            "subPathExpr and subPath are mutually exclusive",
          ),
        );
      errs.push(...validateLocalDescendingPath(m.subPathExpr, `${path}.subPathExpr`));
    }
  });
  return errs;
}

function validateLocalDescendingPath(target: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith("/")) errs.push(fieldError.invalid(field, target, "must be a relative path"));
  if (target.split(/[\\/]/).includes(".."))
    errs.push(fieldError.invalid(field, target, "must not contain '..'"));
  return errs;
}

// ---- probes and lifecycle hooks -------------------------------------------------------------------

type ProbeKind = "liveness" | "readiness" | "startup";

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
function validateProbe(probe: Probe | undefined, path: string, kind: ProbeKind): FieldError[] {
  if (!probe) return [];
  const errs = validateHandler(probe, path);
  // Absent or zero values are defaulted (timeoutSeconds 1, periodSeconds 10, thresholds 1 and 3).
  errs.push(...validateNonnegativeField(probe.initialDelaySeconds, `${path}.initialDelaySeconds`));
  errs.push(...validateNonnegativeField(probe.timeoutSeconds, `${path}.timeoutSeconds`));
  errs.push(...validateNonnegativeField(probe.periodSeconds, `${path}.periodSeconds`));
  errs.push(...validateNonnegativeField(probe.successThreshold, `${path}.successThreshold`));
  errs.push(...validateNonnegativeField(probe.failureThreshold, `${path}.failureThreshold`));
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps <= 0)
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, tgps, "must be greater than 0"));
  if (kind === "readiness") {
    if (tgps !== undefined)
      errs.push(
        fieldError.invalid(
          `${path}.terminationGracePeriodSeconds`,
          tgps,
          "must not be set for readinessProbes",
        ),
      );
  } else if ((probe.successThreshold || 1) !== 1) {
    // A zero threshold is defaulted to 1.
    errs.push(fieldError.invalid(`${path}.successThreshold`, probe.successThreshold, "must be 1"));
  }
  return errs;
}

function validateLifecycle(
  lifecycle: { postStart?: LifecycleHandler; preStop?: LifecycleHandler },
  gracePeriod: number,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart)
    errs.push(...validateHandler(lifecycle.postStart, `${path}.postStart`, gracePeriod));
  if (lifecycle.preStop) errs.push(...validateHandler(lifecycle.preStop, `${path}.preStop`, gracePeriod));
  return errs;
}

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks). */
function validateHandler(
  handler: Probe | LifecycleHandler,
  path: string,
  gracePeriod?: number,
): FieldError[] {
  const h = handler as Probe & LifecycleHandler;
  const errs: FieldError[] = [];
  let handlers = 0;
  const one = (field: string, present: boolean, check: () => FieldError[]): void => {
    if (!present) return;
    if (handlers > 0) {
      errs.push(fieldError.forbidden(`${path}.${field}`, "may not specify more than 1 handler type"));
      return;
    }
    handlers++;
    errs.push(...check());
  };
  one("exec", h.exec !== undefined, () =>
    (h.exec?.command ?? []).length === 0 ? [fieldError.required(`${path}.exec.command`)] : [],
  );
  one("httpGet", h.httpGet !== undefined, () => {
    const get = h.httpGet;
    if (!get) return [];
    // path defaults to "/" and scheme to HTTP.
    const out = validatePortNumOrName(get.port, `${path}.httpGet.port`);
    if (get.scheme && get.scheme !== "HTTP" && get.scheme !== "HTTPS")
      out.push(fieldError.notSupported(`${path}.httpGet.scheme`, get.scheme, ["HTTP", "HTTPS"]));
    for (const header of get.httpHeaders ?? [])
      if (!/^[-A-Za-z0-9]+$/.test(header.name))
        out.push(
          fieldError.invalid(
            `${path}.httpGet.httpHeaders`,
            header.name,
            regexError(
              "a valid HTTP header must consist of alphanumeric characters or '-'",
              "[-A-Za-z0-9]+",
              "X-Header-Name",
            ),
          ),
        );
    return out;
  });
  one("tcpSocket", h.tcpSocket !== undefined, () =>
    validatePortNumOrName(h.tcpSocket?.port ?? 0, `${path}.tcpSocket.port`),
  );
  one("grpc", h.grpc !== undefined, () => validatePortNumOrName(h.grpc?.port ?? 0, `${path}.grpc.port`));
  if (gracePeriod !== undefined)
    one("sleep", h.sleep !== undefined, () => {
      const seconds = h.sleep?.seconds ?? 0;
      // PodLifecycleSleepActionAllowZero is off by default in 1.32.
      return seconds <= 0 || seconds > gracePeriod
        ? [
            fieldError.invalid(
              `${path}.sleep`,
              seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
            ),
          ]
        : [];
    });
  if (handlers === 0) errs.push(fieldError.required(path, "must specify a handler type"));
  return errs;
}

/** ValidatePortNumOrName. */
function validatePortNumOrName(port: number | string, field: string): FieldError[] {
  if (typeof port === "number") return portNumErrors(port).map((msg) => fieldError.invalid(field, port, msg));
  return portNameErrors(port).map((msg) => fieldError.invalid(field, port, msg));
}

// ---- resources ----------------------------------------------------------------------------------

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

const isHugePages = (name: string): boolean => name.startsWith("hugepages-");
/** helper.IsNativeResource: unprefixed or in the kubernetes.io domain. */
const isNativeResource = (name: string): boolean => !name.includes("/") || name.includes("kubernetes.io/");
const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** validateContainerResourceName. */
function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = qualifiedNameErrors(name, field);
  if (errs.length === 0 && !name.includes("/") && !STANDARD_RESOURCES.has(name) && !isHugePages(name))
    errs.push(fieldError.invalid(field, name, "must be a standard resource type or fully qualified"));
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
      errs.push(fieldError.invalid(field, name, "must be a standard resource for containers"));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(fieldError.invalid(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function quantityOf(value: unknown): Quantity | undefined {
  return typeof value === "string" || typeof value === "number" ? parseQuantity(value) : undefined;
}

/** ValidateResourceQuantityValue (integer-only resources aside). */
function validateResourceQuantityValue(q: Quantity, field: string): FieldError[] {
  return q.sign() < 0 ? [fieldError.invalid(field, q.toString(), IS_NEGATIVE_ERROR_MSG)] : [];
}

/** ValidateContainerResourceRequirements. */
function validateResourceRequirements(req: ResourceRequirements, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = (req.limits ?? {}) as Record<string, unknown>;
  const requests = (req.requests ?? {}) as Record<string, unknown>;
  let limitsCpuOrMemory = false;
  let requestsCpuOrMemory = false;
  let hugePages = false;
  for (const name of Object.keys(limits).sort()) {
    const field = key(limPath, name);
    errs.push(...validateContainerResourceName(name, field));
    const q = quantityOf(limits[name]);
    if (q) errs.push(...validateResourceQuantityValue(q, field));
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") limitsCpuOrMemory = true;
  }
  for (const name of Object.keys(requests).sort()) {
    const field = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, field));
    const q = quantityOf(requests[name]);
    if (q) errs.push(...validateResourceQuantityValue(q, field));
    const limit = quantityOf(limits[name]);
    if (name in limits) {
      if (q && limit) {
        // Requests of resources that cannot be overcommitted must equal their limits.
        if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name))
          errs.push(
            fieldError.invalid(
              reqPath,
              q.toString(),
              `must be equal to ${name} limit of ${limit.toString()}`,
            ),
          );
        else if (q.cmp(limit) > 0)
          errs.push(
            fieldError.invalid(
              reqPath,
              q.toString(),
              `must be less than or equal to ${name} limit of ${limit.toString()}`,
            ),
          );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(fieldError.required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") requestsCpuOrMemory = true;
  }
  if (!limitsCpuOrMemory && !requestsCpuOrMemory && hugePages)
    errs.push(fieldError.forbidden(path, "HugePages require cpu or memory"));
  return errs;
}

// ---- tolerations and taints ---------------------------------------------------------------------

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** ValidateTolerations. */
export function validateTolerations(tolerations: readonly Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const tPath = idx(path, i);
    const tkey = t.key ?? "";
    const operator = t.operator ?? "";
    const value = t.value ?? "";
    const effect = t.effect ?? "";
    if (tkey.length > 0) errs.push(...validateLabelName(tkey, `${tPath}.key`));
    if (tkey.length === 0 && operator !== "Exists")
      errs.push(
        fieldError.invalid(
          `${tPath}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute")
      errs.push(
        fieldError.invalid(
          `${tPath}.effect`,
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (operator === "Equal" || operator === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(fieldError.invalid(`${tPath}.operator`, value, msgs.join(";")));
    } else if (operator === "Exists") {
      if (value.length > 0)
        errs.push(
          fieldError.invalid(`${tPath}.operator`, value, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(fieldError.notSupported(`${tPath}.operator`, operator, ["Equal", "Exists"]));
    }
    if (effect.length > 0) errs.push(...validateTaintEffect(effect, true, `${tPath}.effect`));
  });
  return errs;
}

function validateTaintEffect(effect: string, allowEmpty: boolean, field: string): FieldError[] {
  if (!allowEmpty && effect.length === 0) return [fieldError.required(field)];
  return TAINT_EFFECTS.includes(effect) ? [] : [fieldError.notSupported(field, effect, TAINT_EFFECTS)];
}

/** `%#v` of a core.Taint, as Go prints the duplicate. */
function goTaint(t: Taint): string {
  const added = t.timeAdded ? `&v1.Time{${t.timeAdded}}` : "(*v1.Time)(nil)";
  return `core.Taint{Key:${JSON.stringify(t.key ?? "")}, Value:${JSON.stringify(t.value ?? "")}, Effect:${JSON.stringify(t.effect ?? "")}, TimeAdded:${added}}`;
}

/** validateNodeTaints. */
function validateNodeTaints(taints: readonly Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const tPath = idx(path, i);
    errs.push(...validateLabelName(t.key ?? "", `${tPath}.key`));
    const msgs = isValidLabelValue(t.value ?? "");
    if (msgs.length > 0) errs.push(fieldError.invalid(`${tPath}.value`, t.value ?? "", msgs.join(";")));
    errs.push(...validateTaintEffect(t.effect ?? "", false, `${tPath}.effect`));
    const keys = unique.get(t.effect ?? "") ?? new Set<string>();
    if (keys.has(t.key ?? "")) {
      errs.push(
        withRenderedValue(
          FieldErrorType.Duplicate,
          tPath,
          goTaint(t),
          "taints must be unique by key and effect pair",
        ),
      );
      return;
    }
    keys.add(t.key ?? "");
    unique.set(t.effect ?? "", keys);
  });
  return errs;
}

// ---- Node ---------------------------------------------------------------------------------------

/** ValidateNode. Note upstream reports taints under `metadata.taints`. */
export function validateNodeCreate(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, {
    namespaced: false,
    nameFn: nameIsDNSSubdomain,
    coreFinalizers: true,
  });
  if (node.spec?.taints && node.spec.taints.length > 0)
    errs.push(...validateNodeTaints(node.spec.taints, "metadata.taints"));
  errs.push(...validateNodeResources(node));
  return errs;
}

function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ["capacity", "allocatable"] as const) {
    const values = (node.status?.[list] ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(values).sort()) {
      const q = quantityOf(values[name]);
      if (q) errs.push(...validateResourceQuantityValue(q, `status.${list}.${name}`));
    }
  }
  return errs;
}

/** ValidateNodeUpdate. */
export function validateNodeUpdate(node: Node, oldNode: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(node.metadata, oldNode.metadata, { coreFinalizers: true });
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const id = `${a.type}\u0000${a.address}`;
    if (seen.has(id))
      errs.push(
        withRenderedValue(
          FieldErrorType.Duplicate,
          `status.addresses[${i}]`,
          `core.NodeAddress{Type:${JSON.stringify(a.type)}, Address:${JSON.stringify(a.address)}}`,
        ),
      );
    seen.add(id);
  });
  const oldCIDRs = oldNode.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(fieldError.forbidden("spec.podCIDRs", cidrMsg));
    else
      oldCIDRs.forEach(
        (c, i) => c !== newCIDRs[i] && errs.push(fieldError.forbidden("spec.podCIDRs", cidrMsg)),
      );
  }
  const oldProvider = oldNode.spec?.providerID ?? "";
  if (oldProvider.length > 0 && oldProvider !== (node.spec?.providerID ?? ""))
    errs.push(
      fieldError.forbidden(
        "spec.providerID",
        'node updates may not change providerID except from "" to valid',
      ),
    );
  if (node.spec?.taints && node.spec.taints.length > 0)
    errs.push(...validateNodeTaints(node.spec.taints, "metadata.taints"));
  if ((node.spec?.externalID ?? "") !== (oldNode.spec?.externalID ?? ""))
    errs.push(fieldError.forbidden("spec.externalID", "may not be updated"));
  return errs;
}

// ---- Namespace ----------------------------------------------------------------------------------

/** ValidateNamespace. */
export function validateNamespace(namespace: Namespace): FieldError[] {
  const errs = validateObjectMeta(namespace.metadata, {
    namespaced: false,
    nameFn: nameIsDNSLabel,
    coreFinalizers: true,
  });
  for (const f of namespace.spec?.finalizers ?? []) {
    errs.push(...validateFinalizers([f], "spec.finalizers"));
    errs.push(...validateKubeFinalizerName(f, "spec.finalizers"));
  }
  return errs;
}

/** ValidateNamespaceUpdate: only the metadata rules. */
export function validateNamespaceUpdate(namespace: Namespace, old: Namespace): FieldError[] {
  return validateObjectMetaUpdate(namespace.metadata, old.metadata, { coreFinalizers: true });
}

// ---- Event --------------------------------------------------------------------------------------

type EventLike = Partial<Event> & { readonly metadata?: ObjectMeta };

/**
 * Event create/update through the core v1 API: ValidateEventCreate runs only the legacy checks
 * for v1; the generic registry then checks metadata with ValidatePathSegmentName (and only
 * then, because it runs after the kind's own validation passed).
 */
export function validateEvent(event: EventLike | KubeObject): FieldError[] {
  const e = event as EventLike;
  const errs: FieldError[] = [];
  const namespace = e.metadata?.namespace ?? "";
  const involvedNs = e.involvedObject?.namespace ?? "";
  const mismatch = (): FieldError =>
    fieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
  if (!e.eventTime) {
    if (involvedNs.length === 0) {
      if (namespace !== "" && namespace !== "default") errs.push(mismatch());
    } else if (namespace !== involvedNs) errs.push(mismatch());
  } else {
    if (involvedNs.length === 0 && namespace !== "default" && namespace !== "kube-system")
      errs.push(mismatch());
    const controller = e.reportingComponent ?? "";
    if (controller.length === 0) errs.push(fieldError.required("reportingController"));
    for (const msg of isQualifiedName(controller))
      errs.push(fieldError.invalid("reportingController", controller, msg));
    const instance = e.reportingInstance ?? "";
    if (instance.length === 0) errs.push(fieldError.required("reportingInstance"));
    if (instance.length > 128)
      errs.push(fieldError.invalid("reportingInstance", "", "can have at most 128 characters"));
    const action = e.action ?? "";
    if (action.length === 0) errs.push(fieldError.required("action"));
    if (action.length > 128) errs.push(fieldError.invalid("action", "", "can have at most 128 characters"));
    const reason = e.reason ?? "";
    if (reason.length === 0) errs.push(fieldError.required("reason"));
    if (reason.length > 128) errs.push(fieldError.invalid("reason", "", "can have at most 128 characters"));
    if ((e.message ?? "").length > 1024)
      errs.push(fieldError.invalid("message", "", "can have at most 1024 characters"));
  }
  for (const msg of isDNS1123Subdomain(namespace)) errs.push(fieldError.invalid("namespace", namespace, msg));
  if (errs.length > 0) return errs;
  return validateObjectMeta(e.metadata, { namespaced: true, nameFn: validatePathSegmentName });
}

// ---- Lease --------------------------------------------------------------------------------------

type LeaseLike = Partial<Lease> & { readonly metadata?: ObjectMeta };

/** ValidateLease (coordination.k8s.io). */
export function validateLease(lease: LeaseLike | KubeObject): FieldError[] {
  const l = lease as LeaseLike;
  return [
    ...validateObjectMeta(l.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateLeaseSpec(l),
  ];
}

/** ValidateLeaseUpdate. */
export function validateLeaseUpdate(
  lease: LeaseLike | KubeObject,
  old: LeaseLike | KubeObject,
): FieldError[] {
  const l = lease as LeaseLike;
  return [...validateObjectMetaUpdate(l.metadata, (old as LeaseLike).metadata), ...validateLeaseSpec(l)];
}

function validateLeaseSpec(lease: LeaseLike): FieldError[] {
  const errs: FieldError[] = [];
  const spec = lease.spec;
  if (spec?.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0)
    errs.push(
      fieldError.invalid("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"),
    );
  if (spec?.leaseTransitions !== undefined && spec.leaseTransitions < 0)
    errs.push(
      fieldError.invalid(
        "spec.leaseTransitions",
        spec.leaseTransitions,
        "must be greater than or equal to 0",
      ),
    );
  return errs;
}

// ---- Binding ------------------------------------------------------------------------------------

/** ValidatePodBinding: the target must be a Node (or not say) and be named. */
export function validateBinding(binding: {
  readonly target?: { readonly kind?: string | undefined; readonly name?: string | undefined } | undefined;
}): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? "";
  if (kind.length > 0 && kind !== "Node")
    errs.push(fieldError.notSupported("target.kind", kind, ["Node", "<empty>"]));
  if (!binding.target?.name) errs.push(fieldError.required("target.name"));
  return errs;
}
