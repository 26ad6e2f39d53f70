// Semantic validation of the workload kinds, after pkg/apis/apps/validation, pkg/apis/batch/validation
// and pkg/apis/autoscaling/validation of Kubernetes 1.32: the rules a learner meets (selector and
// template labels, replicas, restart policies, rolling-update budgets, immutable selectors), with
// upstream's texts. Pod templates are checked with the Pod spec rules. Not covered: Indexed-job and
// pod-failure-policy details, HPA metric specs beyond the target, Service port details.

import type { KubeObject, PodSpec } from "../../api/objects";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { type FieldError, FieldErrorType, fieldError } from "../../api/status";
import { jsonEqual } from "../../api/objects";
import { labelSelectorAsSelector, matchesLabels, type MetaLabelSelector } from "../../util/labelSelector";
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  withRenderedValue,
  type ValidateNameFunc,
} from "./metaValidation";
import { validatePodSpec } from "./podValidation";

type Spec = Record<string, unknown>;
const specOf = (o: KubeObject): Spec => (o["spec"] as Spec | undefined) ?? {};

/** Go's `%#v` of a map[string]string: keys sorted, `map[string]string(nil)` when absent. */
export function goStringMap(map: Readonly<Record<string, string>> | undefined): string {
  if (map === undefined) return "map[string]string(nil)";
  const body = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`)
    .join(", ");
  return `map[string]string{${body}}`;
}

/** Go's `%#v` of a metav1.LabelSelector. */
export function goLabelSelector(selector: MetaLabelSelector | undefined): string {
  if (selector === undefined) return "null";
  const expressions = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${
              e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(", ")}}` : "[]string(nil)"
            }}`,
        )
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}

const isEmptySelector = (s: MetaLabelSelector): boolean =>
  Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

/** ValidateLabelSelector: label keys/values and operators. */
function validateLabelSelector(selector: MetaLabelSelector, path: string): FieldError[] {
  const errs = validateLabels(selector.matchLabels, `${path}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if (e.operator === "In" || e.operator === "NotIn") {
      if (values.length === 0)
        errs.push(fieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === "Exists" || e.operator === "DoesNotExist") {
      if (values.length > 0)
        errs.push(
          fieldError.forbidden(
            `${p}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errs.push(fieldError.invalid(`${p}.operator`, e.operator, "not a valid selector operator"));
    }
  });
  return errs;
}

interface TemplateRules {
  /** `deployment`, `daemonset`, `statefulset`: used in "empty selector is invalid for ...". */
  readonly noun: string;
  readonly restartPolicies: readonly string[];
  /** "activeDeadlineSeconds in ReplicaSet is not Supported" — absent where upstream allows it. */
  readonly activeDeadlineOwner?: string;
}

/** Selector + template checks shared by Deployments, ReplicaSets, DaemonSets, StatefulSets and Jobs. */
function validateSelectorAndTemplate(
  selector: MetaLabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  path: string,
  rules: TemplateRules,
): FieldError[] {
  const errs: FieldError[] = [];
  let matches = (_labels: Readonly<Record<string, string>> | undefined): boolean => true;
  if (selector === undefined || selector === null) {
    errs.push(fieldError.required(`${path}.selector`));
  } else {
    errs.push(...validateLabelSelector(selector, `${path}.selector`));
    if (isEmptySelector(selector))
      errs.push(
        withRenderedValue(
          FieldErrorType.Invalid,
          `${path}.selector`,
          goLabelSelector(selector),
          `empty selector is invalid for ${rules.noun}`,
        ),
      );
    const parsed = labelSelectorAsSelector(selector);
    if (parsed.ok && !isEmptySelector(selector)) matches = (labels) => matchesLabels(parsed.value, labels);
  }
  const tpath = `${path}.template`;
  const labels = template?.metadata?.labels;
  if (!matches(labels))
    errs.push(
      withRenderedValue(
        FieldErrorType.Invalid,
        `${tpath}.metadata.labels`,
        goStringMap(labels),
        "`selector` does not match template `labels`",
      ),
    );
  errs.push(...validateLabels(labels, `${tpath}.metadata.labels`));
  errs.push(...validateAnnotations(template?.metadata?.annotations, `${tpath}.metadata.annotations`));
  const spec: PodSpec = template?.spec ?? { containers: [] };
  // ValidatePodTemplateSpecForStatefulSet skips the pod spec: its volumeMounts may name
  // volumeClaimTemplates, which only become volumes on the pods.
  if (rules.noun !== "statefulset") errs.push(...validatePodSpec(spec, `${tpath}.spec`));
  const policy = spec.restartPolicy ?? "Always";
  if (!rules.restartPolicies.includes(policy))
    errs.push(fieldError.notSupported(`${tpath}.spec.restartPolicy`, policy, rules.restartPolicies));
  if (
    rules.activeDeadlineOwner &&
    spec.activeDeadlineSeconds !== undefined &&
    spec.activeDeadlineSeconds !== null
  )
    errs.push(
      fieldError.invalid(
        `${tpath}.spec.activeDeadlineSeconds`,
        spec.activeDeadlineSeconds,
        `activeDeadlineSeconds in ${rules.activeDeadlineOwner} is not Supported`,
      ),
    );
  return errs;
}

type IntOrString = number | string;

/** `%#v` of an intstr.IntOrString. */
const goIntOrString = (v: IntOrString): string =>
  typeof v === "number"
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;

function intOrPercentValue(v: IntOrString): number | undefined {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

function validatePositiveIntOrPercent(v: IntOrString | undefined, path: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === "string") {
    if (intOrPercentValue(v) === undefined)
      return [
        fieldError.invalid(
          path,
          v,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      ];
    if ((intOrPercentValue(v) ?? 0) > 100)
      return [fieldError.invalid(path, v, "must not be greater than 100%")];
    return [];
  }
  return validateNonnegativeField(v, path);
}

function validateDeploymentStrategy(strategy: Spec | undefined, path: string): FieldError[] {
  const type = strategy?.["type"];
  const rolling = strategy?.["rollingUpdate"] as
    { maxUnavailable?: IntOrString; maxSurge?: IntOrString } | undefined;
  if (type === "Recreate")
    return rolling
      ? [
          fieldError.forbidden(
            `${path}.rollingUpdate`,
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  if (type !== "RollingUpdate")
    return [fieldError.notSupported(`${path}.type`, type ?? "", ["Recreate", "RollingUpdate"])];
  if (!rolling)
    return [fieldError.required(`${path}.rollingUpdate`, "this should be defaulted and never be nil")];
  const errs = [
    ...validatePositiveIntOrPercent(rolling.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`),
    ...validatePositiveIntOrPercent(rolling.maxSurge, `${path}.rollingUpdate.maxSurge`),
  ];
  const unavailable = rolling.maxUnavailable ?? 0;
  if (intOrPercentValue(unavailable) === 0 && intOrPercentValue(rolling.maxSurge ?? 0) === 0)
    errs.push(
      withRenderedValue(
        FieldErrorType.Invalid,
        `${path}.rollingUpdate.maxUnavailable`,
        goIntOrString(unavailable),
        "may not be 0 when `maxSurge` is 0",
      ),
    );
  return errs;
}

const meta = (o: KubeObject, nameFn: ValidateNameFunc = nameIsDNSSubdomain): FieldError[] =>
  validateObjectMeta(o.metadata, { namespaced: true, nameFn });

const replicaTemplate = (noun: string, owner: string): TemplateRules => ({
  noun,
  restartPolicies: ["Always"],
  activeDeadlineOwner: owner,
});

function validateDeployment(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  return [
    ...meta(o),
    ...validateNonnegativeField(spec["replicas"] as number | undefined, "spec.replicas"),
    ...validateSelectorAndTemplate(
      spec["selector"] as MetaLabelSelector | undefined,
      spec["template"] as PodTemplateSpec | undefined,
      "spec",
      replicaTemplate("deployment", "ReplicaSet"),
    ),
    ...validateDeploymentStrategy(spec["strategy"] as Spec | undefined, "spec.strategy"),
    ...validateNonnegativeField(
      spec["revisionHistoryLimit"] as number | undefined,
      "spec.revisionHistoryLimit",
    ),
    ...validateNonnegativeField(spec["minReadySeconds"] as number | undefined, "spec.minReadySeconds"),
  ];
}

function validateReplicaSet(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  return [
    ...meta(o),
    ...validateNonnegativeField(spec["replicas"] as number | undefined, "spec.replicas"),
    ...validateNonnegativeField(spec["minReadySeconds"] as number | undefined, "spec.minReadySeconds"),
    ...validateSelectorAndTemplate(
      spec["selector"] as MetaLabelSelector | undefined,
      spec["template"] as PodTemplateSpec | undefined,
      "spec",
      replicaTemplate("deployment", "ReplicaSet"),
    ),
  ];
}

function validateReplicationController(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const selector = spec["selector"] as Record<string, string> | undefined;
  const errs = [
    ...meta(o),
    ...validateNonnegativeField(spec["replicas"] as number | undefined, "spec.replicas"),
  ];
  if (!selector || Object.keys(selector).length === 0) errs.push(fieldError.required("spec.selector"));
  errs.push(
    ...validateSelectorAndTemplate(
      selector && Object.keys(selector).length ? { matchLabels: selector } : {},
      spec["template"] as PodTemplateSpec | undefined,
      "spec",
      {
        noun: "replicationcontroller",
        restartPolicies: ["Always"],
        activeDeadlineOwner: "ReplicationController",
      },
    ).filter((e) => !e.detail?.includes("empty selector")),
  );
  return errs;
}

function validateDaemonSet(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  return [
    ...meta(o),
    ...validateSelectorAndTemplate(
      spec["selector"] as MetaLabelSelector | undefined,
      spec["template"] as PodTemplateSpec | undefined,
      "spec",
      replicaTemplate("daemonset", "DaemonSet"),
    ),
    ...validateNonnegativeField(spec["minReadySeconds"] as number | undefined, "spec.minReadySeconds"),
  ];
}

function validateStatefulSet(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const policy = spec["podManagementPolicy"] as string | undefined;
  const errs = [
    ...meta(o),
    ...validateNonnegativeField(spec["replicas"] as number | undefined, "spec.replicas"),
    ...validateSelectorAndTemplate(
      spec["selector"] as MetaLabelSelector | undefined,
      spec["template"] as PodTemplateSpec | undefined,
      "spec",
      { noun: "statefulset", restartPolicies: ["Always"] },
    ),
  ];
  if (policy !== undefined && policy !== "OrderedReady" && policy !== "Parallel")
    errs.push(fieldError.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
  return errs;
}

function validateJobSpec(spec: Spec, path: string, selectorRequired: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["parallelism", "completions", "backoffLimit"])
    errs.push(...validateNonnegativeField(spec[field] as number | undefined, `${path}.${field}`));
  const deadline = spec["activeDeadlineSeconds"] as number | undefined;
  if (deadline !== undefined && deadline <= 0)
    errs.push(fieldError.invalid(`${path}.activeDeadlineSeconds`, deadline, "must be greater than 0"));
  const selector = spec["selector"] as MetaLabelSelector | undefined;
  errs.push(
    ...validateSelectorAndTemplate(
      selector ?? (selectorRequired ? undefined : {}),
      spec["template"] as PodTemplateSpec | undefined,
      path,
      { noun: "job", restartPolicies: ["OnFailure", "Never"] },
    ).filter((e) => selectorRequired || !e.field.endsWith(".selector")),
  );
  return errs;
}

function validateJob(o: KubeObject): FieldError[] {
  return [...meta(o), ...validateJobSpec(specOf(o), "spec", true)];
}

function validateCronJob(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const errs = meta(o, nameIsDNSLabel);
  if (!spec["schedule"]) errs.push(fieldError.required("spec.schedule"));
  const policy = spec["concurrencyPolicy"] as string | undefined;
  if (policy !== undefined && !["Allow", "Forbid", "Replace"].includes(policy))
    errs.push(fieldError.notSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]));
  const jobSpec = ((spec["jobTemplate"] as Spec | undefined)?.["spec"] as Spec | undefined) ?? {};
  errs.push(...validateJobSpec(jobSpec, "spec.jobTemplate.spec", false));
  return errs;
}

function validateHorizontalPodAutoscaler(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const errs = meta(o);
  const target = spec["scaleTargetRef"] as { kind?: string; name?: string } | undefined;
  if (!target?.kind) errs.push(fieldError.required("spec.scaleTargetRef.kind"));
  if (!target?.name) errs.push(fieldError.required("spec.scaleTargetRef.name"));
  const min = spec["minReplicas"] as number | undefined;
  const max = (spec["maxReplicas"] as number | undefined) ?? 0;
  if (min !== undefined && min < 1)
    errs.push(fieldError.invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
  if (max < 1) errs.push(fieldError.invalid("spec.maxReplicas", max, "must be greater than or equal to 1"));
  if (min !== undefined && min > max)
    errs.push(fieldError.invalid("spec.minReplicas", min, "must be less than or equal to maxReplicas"));
  return errs;
}

function validateService(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const errs = meta(o, nameIsDNSLabel);
  const ports = (spec["ports"] as unknown[] | undefined) ?? [];
  if (ports.length === 0 && spec["clusterIP"] !== "None" && spec["type"] !== "ExternalName")
    errs.push(fieldError.required("spec.ports"));
  return errs;
}

const createValidators: Record<string, (o: KubeObject) => FieldError[]> = {
  deployments: validateDeployment,
  replicasets: validateReplicaSet,
  replicationcontrollers: validateReplicationController,
  daemonsets: validateDaemonSet,
  statefulsets: validateStatefulSet,
  jobs: validateJob,
  cronjobs: validateCronJob,
  horizontalpodautoscalers: validateHorizontalPodAutoscaler,
  services: validateService,
  persistentvolumeclaims: (o) => meta(o),
};

export function validateWorkloadCreate(resource: string, o: KubeObject): FieldError[] {
  return createValidators[resource]?.(o) ?? [];
}

/** Fields a StatefulSet update may change (ValidateStatefulSetUpdate). */
const STATEFULSET_MUTABLE = [
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
];

export function validateWorkloadUpdate(resource: string, o: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(o.metadata, old.metadata);
  errs.push(...validateWorkloadCreate(resource, o).filter((e) => !e.field.startsWith("metadata")));
  const spec = specOf(o);
  const oldSpec = specOf(old);
  if (["deployments", "replicasets", "daemonsets", "statefulsets", "jobs"].includes(resource)) {
    const selector = spec["selector"] as MetaLabelSelector | undefined;
    if (!jsonEqual(selector, oldSpec["selector"]))
      errs.push(
        withRenderedValue(
          FieldErrorType.Invalid,
          "spec.selector",
          goLabelSelector(selector),
          FIELD_IMMUTABLE_ERROR_MSG,
        ),
      );
  }
  if (resource === "statefulsets") {
    const strip = (s: Spec): Spec =>
      Object.fromEntries(Object.entries(s).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
    if (!jsonEqual(strip(spec), strip(oldSpec)))
      errs.push(
        fieldError.forbidden(
          "spec",
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
  }
  return errs;
}
