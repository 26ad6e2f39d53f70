// The HPA's replica calculator (pkg/controller/podautoscaler/replica_calculator.go and
// metrics/utilization.go), pure: from pods, their requests and their metrics, the replica count a
// resource metric asks for. Pods are grouped as upstream does: deleted or failed pods are ignored;
// pending pods and (for CPU) pods still initialising are "unready"; pods without a sample are
// "missing". A change within the tolerance (10%) keeps the current count; missing pods count as
// 100% of their request on a scale-down and 0% on a scale-up, unready pods as 0% on a scale-up,
// and a result that would flip the direction keeps the current count.

import type { Pod } from "../api/objects";
import type { PodMetricsInfo, ResourceMetricResult } from "../metrics/resourceMetricsClient";
import { MINUTE, SECOND, parseRfc3339 } from "../sim/time";
import { parseQuantity } from "../util/quantity";

export interface ReplicaCalculatorOptions {
  /** --horizontal-pod-autoscaler-tolerance. */
  readonly tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period. */
  readonly cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  readonly delayOfInitialReadinessStatusMs: number;
}

/** kube-controller-manager's defaults. */
export const DEFAULT_CALCULATOR_OPTIONS: ReplicaCalculatorOptions = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 5 * MINUTE,
  delayOfInitialReadinessStatusMs: 30 * SECOND,
};

export type ReplicasResult =
  | {
      readonly ok: true;
      readonly replicas: number;
      /** Percentage of request (utilization targets) or average milli-value (value targets). */
      readonly utilization: number;
      /** Average milli-value per pod. */
      readonly rawUtilization: number;
      readonly timestampMs: number;
    }
  | { readonly ok: false; readonly error: string };

export interface ResourceReplicasInput {
  readonly currentReplicas: number;
  readonly resource: string;
  /** "" for the whole pod (Resource metrics), a name for ContainerResource metrics. */
  readonly container: string;
  /** The pods the scale target's selector selects (from the pod informer). */
  readonly pods: readonly Pod[];
  readonly metrics: ResourceMetricResult;
  readonly nowMs: number;
  readonly options?: ReplicaCalculatorOptions;
}

/** Go's zero time.Time, for timestamps a pod does not have. */
const ZERO_TIME_MS = -62_135_596_800_000;
const timeOf = (text: string | undefined): number =>
  text === undefined ? ZERO_TIME_MS : (parseRfc3339(text) ?? ZERO_TIME_MS);

export interface PodGroups {
  readonly readyPodCount: number;
  readonly unready: Set<string>;
  readonly missing: Set<string>;
  readonly ignored: Set<string>;
}

/** groupPods. */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  options: ReplicaCalculatorOptions,
  nowMs: number,
): PodGroups {
  const groups = {
    readyPodCount: 0,
    unready: new Set<string>(),
    missing: new Set<string>(),
    ignored: new Set<string>(),
  };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "";
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === "Failed") {
      groups.ignored.add(name);
      continue;
    }
    if (pod.status?.phase === "Pending") {
      groups.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      groups.missing.add(name);
      continue;
    }
    if (resource === "cpu") {
      const condition = (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
      let unready: boolean;
      if (!condition || pod.status?.startTime === undefined) unready = true;
      else {
        const start = timeOf(pod.status.startTime);
        const transition = timeOf(condition.lastTransitionTime);
        if (start + options.cpuInitializationPeriodMs > nowMs) {
          // Still initialising: ignore the sample unless a whole window was collected since it became ready.
          unready = condition.status === "False" || metric.timestampMs < transition + metric.windowMs;
        } else {
          // Ignore it if the pod is unready and has never been ready.
          unready =
            condition.status === "False" && start + options.delayOfInitialReadinessStatusMs > transition;
        }
      }
      if (unready) {
        groups.unready.add(name);
        continue;
      }
    }
    groups.readyPodCount++;
  }
  return groups;
}

/** calculatePodRequests: each pod's request (regular and restartable init containers), in milli-units. */
export function calculatePodRequests(
  pods: readonly Pod[],
  container: string,
  resource: string,
): { ok: true; requests: Map<string, number> } | { ok: false; error: string } {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const containers = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
    ];
    let sum = 0;
    for (const c of containers) {
      if (container !== "" && container !== c.name) continue;
      const raw = c.resources?.requests?.[resource];
      const q = raw === undefined ? undefined : parseQuantity(raw);
      if (!q) {
        return {
          ok: false,
          error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ""}`,
        };
      }
      sum += q.milliValue();
    }
    requests.set(pod.metadata?.name ?? "", sum);
  }
  return { ok: true, requests };
}

/** metrics.GetResourceUtilizationRatio. */
export function resourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { ok: true; ratio: number; utilization: number; rawAverage: number } | { ok: false; error: string } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, metric] of metrics) {
    const request = requests.get(name);
    // Requests are checked elsewhere: a metric without one is extraneous.
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return { ok: false, error: "no metrics returned matched known pods" };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ok: true,
    ratio: utilization / targetUtilization,
    utilization,
    rawAverage: Math.trunc(metricsTotal / entries),
  };
}

type Ratio = { ok: true; ratio: number; utilization: number; raw: number } | { ok: false; error: string };

interface Method {
  /** The usage ratio (and reported figures) of a set of samples. */
  readonly ratioOf: (metrics: PodMetricsInfo) => Ratio;
  /** What a pod without a sample counts as on a scale-down. */
  readonly missingOnScaleDown: (pod: string) => number;
}

/** The shared body of GetResourceReplicas and calcPlainMetricReplicas. */
function calculate(
  input: ResourceReplicasInput,
  method: (metrics: PodMetricsInfo) => Method | { error: string },
): ReplicasResult {
  const options = input.options ?? DEFAULT_CALCULATOR_OPTIONS;
  const { currentReplicas, resource, pods } = input;
  if (!input.metrics.ok) {
    return { ok: false, error: `unable to get metrics for resource ${resource}: ${input.metrics.error}` };
  }
  const metrics: PodMetricsInfo = new Map(input.metrics.metrics);
  const timestampMs = input.metrics.timestampMs;
  if (pods.length === 0)
    return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const groups = groupPods(pods, metrics, resource, options, input.nowMs);
  for (const name of [...groups.ignored, ...groups.unready]) metrics.delete(name);
  if (metrics.size === 0) {
    return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  }
  const how = method(metrics);
  if ("error" in how) return { ok: false, error: how.error };
  const first = how.ratioOf(metrics);
  if (!first.ok) return first;
  const usageRatio = first.ratio;
  const done = (replicas: number): ReplicasResult => ({
    ok: true,
    replicas,
    utilization: first.utilization,
    rawUtilization: first.raw,
    timestampMs,
  });
  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1 - usageRatio) <= options.tolerance) return done(currentReplicas);
    return done(Math.ceil(usageRatio * groups.readyPodCount));
  }
  const sample = (value: number) => ({ value, timestampMs: 0, windowMs: 0 });
  // Missing pods: their full request (or the target) on a scale-down, nothing on a scale-up.
  for (const name of groups.missing) {
    if (usageRatio < 1) metrics.set(name, sample(how.missingOnScaleDown(name)));
    else if (usageRatio > 1) metrics.set(name, sample(0));
  }
  // Unready pods use nothing on a scale-up.
  if (scaleUpWithUnready) for (const name of groups.unready) metrics.set(name, sample(0));
  const second = how.ratioOf(metrics);
  if (!second.ok) return second;
  const newRatio = second.ratio;
  if (
    Math.abs(1 - newRatio) <= options.tolerance ||
    (usageRatio < 1 && newRatio > 1) ||
    (usageRatio > 1 && newRatio < 1)
  ) {
    return done(currentReplicas);
  }
  const newReplicas = Math.ceil(newRatio * metrics.size);
  // A different number of pods must not turn the direction around either.
  if ((newRatio < 1 && newReplicas > currentReplicas) || (newRatio > 1 && newReplicas < currentReplicas)) {
    return done(currentReplicas);
  }
  return done(newReplicas);
}

/** GetResourceReplicas: a target utilization (percentage of request). */
export function getResourceReplicas(
  input: ResourceReplicasInput & { readonly targetUtilization: number },
): ReplicasResult {
  return calculate(input, () => {
    const requested = calculatePodRequests(input.pods, input.container, input.resource);
    if (!requested.ok) return requested;
    const requests = requested.requests;
    const fallback = Math.max(100, input.targetUtilization);
    return {
      ratioOf: (metrics) => {
        const r = resourceUtilizationRatio(metrics, requests, input.targetUtilization);
        return r.ok ? { ok: true, ratio: r.ratio, utilization: r.utilization, raw: r.rawAverage } : r;
      },
      missingOnScaleDown: (pod) => Math.trunc(((requests.get(pod) ?? 0) * fallback) / 100),
    };
  });
}

/** GetRawResourceReplicas → calcPlainMetricReplicas: a target average value per pod, in milli-units. */
export function getRawResourceReplicas(
  input: ResourceReplicasInput & { readonly targetUsage: number },
): ReplicasResult {
  return calculate(input, () => ({
    ratioOf: (metrics) => {
      let total = 0;
      for (const m of metrics.values()) total += m.value;
      const usage = Math.trunc(total / metrics.size);
      return { ok: true, ratio: usage / input.targetUsage, utilization: usage, raw: usage };
    },
    missingOnScaleDown: () => input.targetUsage,
  }));
}
