// pkg/controller/daemon/util/daemonset_util.go and the node predicate of daemon_controller.go
// (NodeShouldRunDaemonPod): which nodes a DaemonSet's pod belongs on, the tolerations every daemon
// pod gets, the node-name affinity that lets the default scheduler place it, and the labels that
// say which template revision a pod runs. The predicate reuses the scheduler's node-affinity term
// matcher and toleration helpers.

import type { KubeObject, Node, Pod, Taint, Toleration } from "../api/objects";
import type { DaemonSetSpec, DaemonSetStatus } from "kubernetes-types/apps/v1";
import type { Affinity, PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { NodeInfo } from "../scheduler/nodeInfo";
import { termMatches } from "../scheduler/plugins/filters";
import { tolerated } from "../scheduler/plugins/tolerations";
import { valueFromIntOrPercent } from "./deploymentUtil";

export interface DaemonSetObject extends KubeObject {
  spec?: DaemonSetSpec;
  status?: DaemonSetStatus;
}

/** apps.DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey). */
export const ControllerRevisionHashLabelKey = "controller-revision-hash";
/** extensions.DaemonSetTemplateGenerationKey. */
export const DaemonSetTemplateGenerationKey = "pod-template-generation";
/** The annotation apps/v1 keeps the deprecated spec.templateGeneration in. */
export const TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

/** Spec fields with the apps/v1 defaults, read defensively. */
export const updateStrategyType = (ds: DaemonSetObject): string =>
  ds.spec?.updateStrategy?.type ?? "RollingUpdate";
export const minReadySeconds = (ds: DaemonSetObject): number => ds.spec?.minReadySeconds ?? 0;
export const revisionHistoryLimit = (ds: DaemonSetObject): number => ds.spec?.revisionHistoryLimit ?? 10;

/**
 * util.GetTemplateGeneration: the deprecated template generation. When the apiserver has not set
 * the annotation we use metadata.generation, so pods still carry pod-template-generation.
 */
export function templateGeneration(ds: DaemonSetObject): number | undefined {
  const raw = ds.metadata.annotations?.[TemplateGenerationAnnotation];
  if (raw !== undefined) {
    const n = Number(raw);
    return Number.isInteger(n) ? n : undefined;
  }
  return ds.metadata.generation;
}

const daemonTolerations: readonly Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];
const networkUnavailable: Toleration = {
  key: "node.kubernetes.io/network-unavailable",
  operator: "Exists",
  effect: "NoSchedule",
};

const sameToleration = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? "") === (b.key ?? "") &&
  (a.effect ?? "") === (b.effect ?? "") &&
  (a.operator ?? "") === (b.operator ?? "") &&
  (a.value ?? "") === (b.value ?? "");

/** v1helper.AddOrUpdateTolerationInPodSpec: replaces a matching toleration, or appends. */
function addOrUpdateToleration(tolerations: readonly Toleration[], toleration: Toleration): Toleration[] {
  let updated = false;
  const out = tolerations.map((t) => {
    if (!sameToleration(t, toleration)) return t;
    updated = true;
    return toleration;
  });
  if (!updated) out.push(toleration);
  return out;
}

/** AddOrUpdateDaemonPodTolerations: daemon pods survive node problems and cordons. */
export function daemonPodTolerations(spec: PodSpec | undefined): Toleration[] {
  let tolerations: Toleration[] = [...(spec?.tolerations ?? [])];
  for (const t of daemonTolerations) tolerations = addOrUpdateToleration(tolerations, t);
  if (spec?.hostNetwork) tolerations = addOrUpdateToleration(tolerations, networkUnavailable);
  return tolerations;
}

/** CreatePodTemplate: the DaemonSet's template plus tolerations, generation and hash labels. */
export function createPodTemplate(
  template: PodTemplateSpec | undefined,
  generation: number | undefined,
  hash: string,
): PodTemplateSpec {
  const spec: PodSpec = { ...(template?.spec ?? { containers: [] }) };
  spec.tolerations = daemonPodTolerations(spec);
  const labels: Record<string, string> = { ...(template?.metadata?.labels ?? {}) };
  if (generation !== undefined) labels[DaemonSetTemplateGenerationKey] = String(generation);
  if (hash) labels[ControllerRevisionHashLabelKey] = hash;
  return { ...(template ?? {}), metadata: { ...(template?.metadata ?? {}), labels }, spec };
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes exactly
 * `matchFields: metadata.name In [node]`; preferred terms and pod (anti-)affinity are kept.
 */
export function replaceNodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const required = {
    nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }],
  };
  return {
    ...(affinity ?? {}),
    nodeAffinity: {
      ...(affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: required,
    },
  };
}

/** util.GetTargetNodeName: spec.nodeName, or the node the node-name affinity points at. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === "metadata.name" && f.operator === "In") {
        return f.values?.length === 1 ? f.values[0] : undefined;
      }
    }
  }
  return undefined;
}

/** util.IsPodUpdated: the pod carries the current hash or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches =
    generation !== undefined && labels[DaemonSetTemplateGenerationKey] === String(generation);
  const hashMatches = hash.length > 0 && labels[ControllerRevisionHashLabelKey] === hash;
  return hashMatches || templateMatches;
}

export interface NodeVerdict {
  /** The node should run a daemon pod (a missing one is created). */
  readonly shouldRun: boolean;
  /** A daemon pod already there may stay (it tolerates the node's NoExecute taints). */
  readonly shouldContinueRunning: boolean;
}

const untolerated = (
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly string[],
) => taints.some((t) => effects.includes(t.effect) && !tolerated(tolerations, t));

/**
 * NodeShouldRunDaemonPod: the template's nodeName, nodeSelector and required node affinity must
 * match the node, and its NoSchedule/NoExecute taints must be tolerated (with the daemon
 * tolerations added). A pod that tolerates only the NoExecute taints may keep running.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSetObject): NodeVerdict {
  const spec = ds.spec?.template?.spec;
  const nodeName = node.metadata?.name ?? "";
  if (spec?.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return { shouldRun: false, shouldContinueRunning: false };
  }
  const terms =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms !== undefined) {
    // termMatches reads only the node object and its name.
    const info = { node, name: nodeName } as Pick<NodeInfo, "node" | "name"> as NodeInfo;
    if (!terms.some((t) => termMatches(t, info))) return { shouldRun: false, shouldContinueRunning: false };
  }
  const taints = node.spec?.taints ?? [];
  const tolerations = daemonPodTolerations(spec);
  if (untolerated(taints, tolerations, ["NoSchedule", "NoExecute"])) {
    return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tolerations, ["NoExecute"]) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** util.UnavailableCount: maxUnavailable scaled to the desired number, rounded up (0 unless RollingUpdate). */
export function unavailableCount(ds: DaemonSetObject, numberToSchedule: number): number | undefined {
  if (updateStrategyType(ds) !== "RollingUpdate") return 0;
  const value = ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  return valueFromIntOrPercent(value, numberToSchedule, true);
}

/** util.SurgeCount: maxSurge scaled to the desired number, rounded up (0 unless RollingUpdate). */
export function surgeCount(ds: DaemonSetObject, numberToSchedule: number): number | undefined {
  if (updateStrategyType(ds) !== "RollingUpdate") return 0;
  const value = ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0;
  return valueFromIntOrPercent(value, numberToSchedule, true);
}

/** util.AllowsSurge. */
export function allowsSurge(ds: DaemonSetObject): boolean {
  const surge = surgeCount(ds, 1);
  return surge !== undefined && surge !== 0;
}

/** podByCreationTimestampAndPhase: scheduled before unscheduled, then the oldest first, then by name. */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const aScheduled = (a.spec?.nodeName ?? "") !== "";
  const bScheduled = (b.spec?.nodeName ?? "") !== "";
  if (aScheduled !== bScheduled) return aScheduled ? -1 : 1;
  const at = a.metadata?.creationTimestamp ?? "";
  const bt = b.metadata?.creationTimestamp ?? "";
  if (at !== bt) return at < bt ? -1 : 1;
  return (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? "");
}
