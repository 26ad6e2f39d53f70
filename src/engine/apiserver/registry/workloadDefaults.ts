// Scheme defaulting for the workload kinds (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go,
// pkg/apis/core/v1/defaults.go for ReplicationControllers, Services and PersistentVolumeClaims,
// pkg/apis/autoscaling/v2/defaults.go), and the Job strategy's generated selector
// (pkg/registry/batch/job/strategy.go generateSelector). Pod templates get the Pod defaults.

import type { KubeObject, Pod, PodSpec } from "../../api/objects";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { defaultPod } from "./podDefaults";

type Spec = Record<string, unknown>;

function specOf(o: KubeObject): Spec {
  return { ...((o["spec"] as Spec | undefined) ?? {}) };
}

/** The pod defaults, applied to a template's spec. */
export function defaultTemplate(template: PodTemplateSpec | undefined, notes: string[]): PodTemplateSpec {
  const inner: string[] = [];
  const pod = defaultPod({ spec: (template?.spec ?? { containers: [] }) as PodSpec } as Pod, inner);
  notes.push(...inner.map((n) => `template.${n}`));
  return { ...(template ?? {}), spec: pod.spec as PodSpec };
}

function setDefault(spec: Spec, key: string, value: unknown, notes: string[]): void {
  if (spec[key] === undefined || spec[key] === null) {
    spec[key] = value;
    notes.push(`${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`);
  }
}

function deployment(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "replicas", 1, notes);
  const strategy = { ...((spec["strategy"] as Spec | undefined) ?? {}) };
  if (strategy["type"] === undefined) strategy["type"] = "RollingUpdate";
  if (strategy["type"] === "RollingUpdate") {
    const rolling = { ...((strategy["rollingUpdate"] as Spec | undefined) ?? {}) };
    rolling["maxUnavailable"] ??= "25%";
    rolling["maxSurge"] ??= "25%";
    strategy["rollingUpdate"] = rolling;
  }
  if (spec["strategy"] === undefined) notes.push("strategy=RollingUpdate 25%/25%");
  spec["strategy"] = strategy;
  setDefault(spec, "revisionHistoryLimit", 10, notes);
  setDefault(spec, "progressDeadlineSeconds", 600, notes);
  spec["template"] = defaultTemplate(spec["template"] as PodTemplateSpec | undefined, notes);
  return { ...o, spec };
}

function replicaSet(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "replicas", 1, notes);
  spec["template"] = defaultTemplate(spec["template"] as PodTemplateSpec | undefined, notes);
  return { ...o, spec };
}

function replicationController(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  const template = spec["template"] as PodTemplateSpec | undefined;
  const labels = template?.metadata?.labels;
  // An empty selector means the template's labels; so do the RC's own labels.
  if (labels && Object.keys((spec["selector"] as Spec | undefined) ?? {}).length === 0) {
    spec["selector"] = { ...labels };
    notes.push("selector=template labels");
  }
  let metadata = o.metadata;
  if (labels && Object.keys(o.metadata.labels ?? {}).length === 0)
    metadata = { ...o.metadata, labels: { ...labels } };
  setDefault(spec, "replicas", 1, notes);
  spec["template"] = defaultTemplate(template, notes);
  return { ...o, metadata, spec };
}

function daemonSet(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  const strategy = { ...((spec["updateStrategy"] as Spec | undefined) ?? {}) };
  if (strategy["type"] === undefined) strategy["type"] = "RollingUpdate";
  if (strategy["type"] === "RollingUpdate") {
    const rolling = { ...((strategy["rollingUpdate"] as Spec | undefined) ?? {}) };
    rolling["maxUnavailable"] ??= 1;
    rolling["maxSurge"] ??= 0;
    strategy["rollingUpdate"] = rolling;
  }
  spec["updateStrategy"] = strategy;
  setDefault(spec, "revisionHistoryLimit", 10, notes);
  spec["template"] = defaultTemplate(spec["template"] as PodTemplateSpec | undefined, notes);
  return { ...o, spec };
}

function statefulSet(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "podManagementPolicy", "OrderedReady", notes);
  const strategy = { ...((spec["updateStrategy"] as Spec | undefined) ?? {}) };
  if (strategy["type"] === undefined) strategy["type"] = "RollingUpdate";
  if (strategy["type"] === "RollingUpdate") {
    const rolling = { ...((strategy["rollingUpdate"] as Spec | undefined) ?? {}) };
    rolling["partition"] ??= 0;
    strategy["rollingUpdate"] = rolling;
  }
  spec["updateStrategy"] = strategy;
  setDefault(spec, "replicas", 1, notes);
  setDefault(spec, "revisionHistoryLimit", 10, notes);
  setDefault(
    spec,
    "persistentVolumeClaimRetentionPolicy",
    { whenDeleted: "Retain", whenScaled: "Retain" },
    notes,
  );
  const templates = spec["volumeClaimTemplates"] as Spec[] | undefined;
  if (templates)
    spec["volumeClaimTemplates"] = templates.map((t) => ({
      ...{ apiVersion: "v1", kind: "PersistentVolumeClaim" },
      ...t,
      spec: { volumeMode: "Filesystem", ...((t["spec"] as Spec | undefined) ?? {}) },
      status: { phase: "Pending" },
    }));
  spec["template"] = defaultTemplate(spec["template"] as PodTemplateSpec | undefined, notes);
  return { ...o, spec };
}

function job(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  if (spec["completions"] === undefined && spec["parallelism"] === undefined) {
    spec["completions"] = 1;
    notes.push("completions=1");
  }
  setDefault(spec, "parallelism", 1, notes);
  setDefault(spec, "backoffLimit", spec["backoffLimitPerIndex"] !== undefined ? 2147483647 : 6, notes);
  setDefault(spec, "completionMode", "NonIndexed", notes);
  setDefault(spec, "suspend", false, notes);
  if (spec["podFailurePolicy"] === undefined)
    setDefault(spec, "podReplacementPolicy", "TerminatingOrFailed", notes);
  spec["template"] = defaultTemplate(spec["template"] as PodTemplateSpec | undefined, notes);
  let metadata = o.metadata;
  const templateLabels = (spec["template"] as PodTemplateSpec).metadata?.labels;
  if (templateLabels && Object.keys(o.metadata.labels ?? {}).length === 0)
    metadata = { ...o.metadata, labels: { ...templateLabels } };
  return { ...o, metadata, spec };
}

function cronJob(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "concurrencyPolicy", "Allow", notes);
  setDefault(spec, "suspend", false, notes);
  setDefault(spec, "successfulJobsHistoryLimit", 3, notes);
  setDefault(spec, "failedJobsHistoryLimit", 1, notes);
  const jobTemplate = { ...((spec["jobTemplate"] as Spec | undefined) ?? {}) };
  const jobSpec = { ...((jobTemplate["spec"] as Spec | undefined) ?? {}) };
  jobSpec["template"] = defaultTemplate(jobSpec["template"] as PodTemplateSpec | undefined, notes);
  jobTemplate["spec"] = jobSpec;
  spec["jobTemplate"] = jobTemplate;
  return { ...o, spec };
}

const DEFAULT_CPU_UTILIZATION = 80;

function horizontalPodAutoscaler(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "minReplicas", 1, notes);
  const metrics = spec["metrics"] as unknown[] | undefined;
  if (!metrics || metrics.length === 0) {
    spec["metrics"] = [
      {
        type: "Resource",
        resource: {
          name: "cpu",
          target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
    notes.push(`metrics=cpu ${DEFAULT_CPU_UTILIZATION}%`);
  }
  // Behavior is only filled in when given (SetDefaults_HorizontalPodAutoscalerBehavior).
  const behavior = spec["behavior"] as Spec | undefined;
  if (behavior) {
    const up = (behavior["scaleUp"] as Spec | undefined) ?? {};
    const down = (behavior["scaleDown"] as Spec | undefined) ?? {};
    spec["behavior"] = {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Pods", value: 4, periodSeconds: 15 },
          { type: "Percent", value: 100, periodSeconds: 15 },
        ],
        ...up,
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: "Max",
        policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
        ...down,
      },
    };
  }
  return { ...o, spec };
}

function service(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "type", "ClusterIP", notes);
  setDefault(spec, "sessionAffinity", "None", notes);
  if (spec["type"] !== "ExternalName") {
    setDefault(spec, "internalTrafficPolicy", "Cluster", notes);
    setDefault(spec, "ipFamilyPolicy", "SingleStack", notes);
    setDefault(spec, "ipFamilies", ["IPv4"], notes);
  }
  const ports = spec["ports"] as Spec[] | undefined;
  if (ports)
    spec["ports"] = ports.map((p) => ({
      ...p,
      protocol: p["protocol"] ?? "TCP",
      targetPort: p["targetPort"] ?? p["port"],
    }));
  return { ...o, spec };
}

function persistentVolumeClaim(o: KubeObject, notes: string[]): KubeObject {
  const spec = specOf(o);
  setDefault(spec, "volumeMode", "Filesystem", notes);
  return { ...o, spec };
}

const defaulters: Record<string, (o: KubeObject, notes: string[]) => KubeObject> = {
  deployments: deployment,
  replicasets: replicaSet,
  replicationcontrollers: replicationController,
  daemonsets: daemonSet,
  statefulsets: statefulSet,
  jobs: job,
  cronjobs: cronJob,
  horizontalpodautoscalers: horizontalPodAutoscaler,
  services: service,
  persistentvolumeclaims: persistentVolumeClaim,
};

/** Defaults for one workload resource; other resources pass through. */
export function defaultWorkload(resource: string, object: KubeObject, notes: string[]): KubeObject {
  const defaulter = defaulters[resource];
  return defaulter ? defaulter(object, notes) : object;
}

/**
 * A Job's generated selector (unless spec.manualSelector): the template gets the controller-uid
 * and job-name labels, old and new style, and the selector matches the uid.
 */
export function generateJobSelector(o: KubeObject): KubeObject {
  const spec = specOf(o);
  if (spec["manualSelector"] === true) return o;
  const uid = o.metadata.uid ?? "";
  const name = o.metadata.name ?? "";
  const template = { ...((spec["template"] as PodTemplateSpec | undefined) ?? {}) };
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: {
      ...(template.metadata?.labels ?? {}),
      "batch.kubernetes.io/controller-uid": uid,
      "batch.kubernetes.io/job-name": name,
      "controller-uid": uid,
      "job-name": name,
    },
  };
  spec["template"] = template;
  if (spec["selector"] === undefined)
    spec["selector"] = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  return { ...o, spec };
}
