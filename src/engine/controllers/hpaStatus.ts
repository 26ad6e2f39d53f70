// The HPA status the controller writes (pkg/controller/podautoscaler/horizontal.go: setStatus,
// setCondition, setConditionInList) and the spec defaults it reads where upstream's apiserver
// would have set them (pkg/apis/autoscaling/v2/defaults.go: minReplicas 1, an 80% CPU
// utilization metric, and a given spec.behavior's unset rules).

import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerBehavior,
  HorizontalPodAutoscalerCondition,
  HorizontalPodAutoscalerStatus,
  MetricSpec,
  MetricStatus,
} from "kubernetes-types/autoscaling/v2";

export type { HorizontalPodAutoscaler, MetricSpec, MetricStatus };

export type ConditionType = "AbleToScale" | "ScalingActive" | "ScalingLimited";

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** The status being built during one sync; conditions keep their order of first appearance. */
export interface WorkingStatus {
  currentReplicas: number;
  desiredReplicas: number;
  lastScaleTime: string | undefined;
  currentMetrics: MetricStatus[] | undefined;
  conditions: HorizontalPodAutoscalerCondition[];
}

export function workingStatus(hpa: HorizontalPodAutoscaler): WorkingStatus {
  const status = hpa.status;
  return {
    currentReplicas: status?.currentReplicas ?? 0,
    desiredReplicas: status?.desiredReplicas ?? 0,
    lastScaleTime: status?.lastScaleTime,
    currentMetrics: status?.currentMetrics ? [...status.currentMetrics] : undefined,
    conditions: (status?.conditions ?? []).map((c) => ({ ...c })),
  };
}

/** The status as the API serialises it (currentReplicas and currentMetrics omitempty). */
export function statusObject(w: WorkingStatus): HorizontalPodAutoscalerStatus {
  return {
    ...(w.lastScaleTime !== undefined ? { lastScaleTime: w.lastScaleTime } : {}),
    ...(w.currentReplicas !== 0 ? { currentReplicas: w.currentReplicas } : {}),
    desiredReplicas: w.desiredReplicas,
    ...(w.currentMetrics && w.currentMetrics.length > 0 ? { currentMetrics: w.currentMetrics } : {}),
    ...(w.conditions.length > 0 ? { conditions: w.conditions } : {}),
  };
}

/** setCondition: the transition time moves only when the status changes. */
export function setCondition(
  w: WorkingStatus,
  type: ConditionType,
  status: "True" | "False",
  reason: string,
  message: string,
  now: string,
): void {
  let existing = w.conditions.find((c) => c.type === type);
  if (!existing) {
    existing = { type, status: "" };
    w.conditions.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = now;
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
}

/** setStatus: current and desired counts and metrics; lastScaleTime moves on a rescale. */
export function setStatus(
  w: WorkingStatus,
  currentReplicas: number,
  desiredReplicas: number,
  metrics: MetricStatus[] | undefined,
  rescale: boolean,
  now: string,
): void {
  w.currentReplicas = currentReplicas;
  w.desiredReplicas = desiredReplicas;
  w.currentMetrics = metrics;
  if (rescale) w.lastScaleTime = now;
}

export function minReplicasOf(hpa: HorizontalPodAutoscaler): number {
  return hpa.spec?.minReplicas ?? 1;
}

export function metricsOf(hpa: HorizontalPodAutoscaler): MetricSpec[] {
  const metrics = hpa.spec?.metrics ?? [];
  if (metrics.length > 0) return metrics;
  return [
    {
      type: "Resource",
      resource: { name: "cpu", target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION } },
    },
  ];
}

/** A condition to set: type, status, reason, message. */
export type ConditionSpec = readonly [ConditionType, "True" | "False", string, string];

/** The controller's own conditions, with upstream's reasons and messages. */
export const HpaConditions = {
  failedGetScale: (error: string): ConditionSpec => [
    "AbleToScale",
    "False",
    "FailedGetScale",
    `the HPA controller was unable to get the target's current scale: ${error}`,
  ],
  succeededGetScale: [
    "AbleToScale",
    "True",
    "SucceededGetScale",
    "the HPA controller was able to get the target's current scale",
  ] as ConditionSpec,
  failedUpdateScale: (error: string): ConditionSpec => [
    "AbleToScale",
    "False",
    "FailedUpdateScale",
    `the HPA controller was unable to update the target scale: ${error}`,
  ],
  succeededRescale: (replicas: number): ConditionSpec => [
    "AbleToScale",
    "True",
    "SucceededRescale",
    `the HPA controller was able to update the target scale to ${replicas}`,
  ],
  scalingDisabled: [
    "ScalingActive",
    "False",
    "ScalingDisabled",
    "scaling is disabled since the replica count of the target is zero",
  ] as ConditionSpec,
} as const;

export interface ScalingPolicy {
  readonly type: "Pods" | "Percent";
  readonly value: number;
  readonly periodSeconds: number;
}

export interface ScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: string;
  readonly policies: readonly ScalingPolicy[];
}

export interface Behavior {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
}

const DEFAULT_SCALE_UP: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};

/**
 * spec.behavior with every unset field defaulted (GenerateHPAScaleUpRules/DownRules); the
 * scale-down window defaults to --horizontal-pod-autoscaler-downscale-stabilization.
 * undefined when the HPA has no behavior: the legacy rules apply.
 */
export function fillBehavior(
  behavior: HorizontalPodAutoscalerBehavior | undefined,
  downscaleStabilizationSeconds: number,
): Behavior | undefined {
  if (!behavior) return undefined;
  const fill = (rules: HorizontalPodAutoscalerBehavior["scaleUp"], defaults: ScalingRules): ScalingRules => ({
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy ?? defaults.selectPolicy,
    policies: (rules?.policies as ScalingPolicy[] | undefined) ?? defaults.policies,
  });
  return {
    scaleUp: fill(behavior.scaleUp, DEFAULT_SCALE_UP),
    scaleDown: fill(behavior.scaleDown, {
      stabilizationWindowSeconds: downscaleStabilizationSeconds,
      selectPolicy: "Max",
      policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
    }),
  };
}
