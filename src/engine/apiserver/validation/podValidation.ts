// Semantic validation of Pods, after pkg/apis/core/validation/validation.go of Kubernetes 1.32
// (ValidatePodCreate, ValidatePodUpdate, validatePodMetadataAndSpec, ValidatePodSpec and the
// pod-level spec rules): same checks, same order, same texts, for the fields a learner meets.
// Containers, volumes, env, resources, tolerations and cluster objects live in sibling files.
//
// Upstream validates objects after defaulting. A field the apiserver defaults (restartPolicy,
// imagePullPolicy, a port's protocol, probe thresholds, …) is therefore taken at its default when
// absent or empty, so "Required value" never shows for it, exactly as with a real cluster.
// Not covered: security contexts, affinity, topology spread, DNS config, ephemeral containers,
// resource claims, pod-level resources, Windows options and most volume source details.

import type { Container, Pod, PodSpec } from "../../api/objects";
import { cloneJson, jsonEqual } from "../../api/objects";
import { fieldError, type FieldError } from "../../api/status";
import { validateContainers, validateContainerUpdates, validateInitContainers } from "./containerValidation";
import {
  nameIsDNSSubdomain,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./metaValidation";
import { validateResourceRequirements } from "./resourceValidation";
import { validateOnlyAddedTolerations, validateTolerations } from "./tolerationValidation";
import {
  MAX_INT32,
  dnsLabelErrors,
  dnsSubdomainErrors,
  idx,
  inclusiveRangeError,
  qualifiedNameErrors,
} from "./validationHelpers";
import { validateVolumes } from "./volumeValidation";

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
