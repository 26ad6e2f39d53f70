// computeReplicasForMetrics and its per-metric helpers (pkg/controller/podautoscaler/horizontal.go):
// for each metric of an HPA, the replica count it proposes and its MetricStatus; the largest
// proposal wins. Resource and ContainerResource metrics are read from metrics.k8s.io through
// kube-apiserver. Simplified: no custom or external metrics API is installed, so Pods, Object and
// External metrics fail as they do in a cluster without such an adapter.

import type { Pod } from "../api/objects";
import type { ResourceMetricResult, ResourceMetricsClient } from "../metrics/resourceMetricsClient";
import type { LabelSelector } from "../util/labelSelector";
import { labelSelectorString } from "../util/labelSelector";
import { newMilliQuantity, parseQuantity } from "../util/quantity";
import { type ReplicasResult, getRawResourceReplicas, getResourceReplicas } from "./hpaReplicaCalculator";
import type { ReplicaCalculatorOptions } from "./hpaReplicaCalculator";
import type { MetricSpec, MetricStatus } from "./hpaStatus";

export interface ScalingActiveCondition {
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

export interface MetricsOutcome {
  /** -1 when no usable proposal: the HPA must not scale. */
  readonly replicas: number;
  readonly metric: string;
  readonly statuses: MetricStatus[];
  /** The ScalingActive condition to set (absent: leave it as it is). */
  readonly condition?: ScalingActiveCondition;
  readonly error?: string;
}

export interface MetricsContext {
  readonly namespace: string;
  readonly selector: LabelSelector;
  /** The pods the selector selects, from the pod informer. */
  readonly pods: readonly Pod[];
  readonly specReplicas: number;
  readonly nowMs: number;
  readonly calculator: ReplicaCalculatorOptions;
  readonly metricsClient: ResourceMetricsClient;
  /** Records a Warning event on the HPA. */
  readonly warn: (reason: string, message: string) => void;
}

interface Proposal {
  readonly replicas: number;
  readonly metric: string;
  readonly status: MetricStatus;
}

type ProposalResult =
  { ok: true; proposal: Proposal } | { ok: false; error: string; condition: ScalingActiveCondition };

const milli = (value: number): string => newMilliQuantity(value, "DecimalSI").toString();

/** computeReplicasForMetrics over `specs`, one after the other. */
export function computeReplicasForMetrics(
  ctx: MetricsContext,
  specs: readonly MetricSpec[],
  done: (outcome: MetricsOutcome) => void,
): void {
  const statuses: MetricStatus[] = specs.map(() => ({ type: "" }) as unknown as MetricStatus);
  let replicas = 0;
  let metric = "";
  let invalid = 0;
  let firstError: { error: string; condition: ScalingActiveCondition } | undefined;
  const next = (i: number): void => {
    const spec = specs[i];
    if (spec) {
      return computeReplicasForMetric(ctx, spec, (result) => {
        if (!result.ok) {
          if (invalid === 0) firstError = result;
          invalid++;
        } else {
          statuses[i] = result.proposal.status;
          if (replicas === 0 || result.proposal.replicas > replicas) {
            replicas = result.proposal.replicas;
            metric = result.proposal.metric;
          }
        }
        next(i + 1);
      });
    }
    const error = firstError
      ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.error}`
      : undefined;
    // All invalid, or some invalid and the rest would scale down: do nothing.
    if (firstError && (invalid >= specs.length || replicas < ctx.specReplicas)) {
      return done({
        replicas: -1,
        metric: "",
        statuses,
        condition: firstError.condition,
        ...(error ? { error } : {}),
      });
    }
    done({
      replicas,
      metric,
      statuses,
      condition: {
        status: "True",
        reason: "ValidMetricFound",
        message: `the HPA was able to successfully calculate a replica count from ${metric}`,
      },
      ...(error ? { error } : {}),
    });
  };
  next(0);
}

/** getUnableComputeReplicaCountCondition: a Warning event and a ScalingActive=False condition. */
function unable(ctx: MetricsContext, reason: string, error: string, wrapped = error): ProposalResult {
  ctx.warn(reason, error);
  return {
    ok: false,
    error: wrapped,
    condition: {
      status: "False",
      reason,
      message: `the HPA was unable to compute the replica count: ${error}`,
    },
  };
}

const NO_CUSTOM_METRICS =
  "unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered";

function computeReplicasForMetric(
  ctx: MetricsContext,
  spec: MetricSpec,
  done: (r: ProposalResult) => void,
): void {
  switch (spec.type) {
    case "Resource":
    case "ContainerResource": {
      const source = spec.type === "Resource" ? spec.resource : spec.containerResource;
      const container = spec.type === "ContainerResource" ? (spec.containerResource?.container ?? "") : "";
      const name = source?.name ?? "";
      const reason =
        spec.type === "Resource" ? "FailedGetResourceMetric" : "FailedGetContainerResourceMetric";
      const wrap = (e: string): string =>
        spec.type === "Resource"
          ? `failed to get ${name} resource metric value: ${e}`
          : `failed to get ${container} container metric value: ${e}`;
      const target = source?.target;
      const type = spec.type;
      if (target?.averageValue === undefined && target?.averageUtilization === undefined) {
        const e =
          "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set";
        return done(unable(ctx, reason, e, wrap(e)));
      }
      return ctx.metricsClient.getResourceMetric(
        name,
        ctx.namespace,
        labelSelectorString(ctx.selector),
        container,
        (metrics) => {
          const r = resourceProposal(ctx, type, name, container, target, metrics);
          done(r.ok ? r : unable(ctx, reason, r.error, wrap(r.error)));
        },
      );
    }
    case "Pods": {
      const e = `unable to get metric ${spec.pods?.metric.name ?? ""}: ${NO_CUSTOM_METRICS}`;
      return done(unable(ctx, "FailedGetPodsMetric", e, `failed to get pods metric value: ${e}`));
    }
    case "Object": {
      const o = spec.object;
      const e = `unable to get metric ${o?.metric.name ?? ""}: ${o?.describedObject.kind ?? ""} on ${ctx.namespace} ${o?.describedObject.name ?? ""}/${NO_CUSTOM_METRICS}`;
      return done(unable(ctx, "FailedGetObjectMetric", e, `failed to get object metric value: ${e}`));
    }
    case "External": {
      const m = spec.external?.metric.name ?? "";
      const e = `unable to get external metric ${ctx.namespace}/${m}/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${m}.external.metrics.k8s.io)`;
      return done(
        unable(ctx, "FailedGetExternalMetric", e, `failed to get ${m} external metric value: ${e}`),
      );
    }
    default: {
      const e = `unknown metric source type "${spec.type}"`;
      return done(unable(ctx, "InvalidMetricSourceType", e));
    }
  }
}

/** computeStatusForResourceMetricGeneric. */
function resourceProposal(
  ctx: MetricsContext,
  type: "Resource" | "ContainerResource",
  name: string,
  container: string,
  target: NonNullable<MetricSpec["resource"]>["target"],
  metrics: ResourceMetricResult,
): { ok: true; proposal: Proposal } | { ok: false; error: string } {
  const input = {
    currentReplicas: ctx.specReplicas,
    resource: name,
    container,
    pods: ctx.pods,
    metrics,
    nowMs: ctx.nowMs,
    options: ctx.calculator,
  };
  const statusOf = (current: NonNullable<MetricStatus["resource"]>["current"]): MetricStatus =>
    type === "Resource"
      ? { type, resource: { name, current } }
      : { type, containerResource: { name, container, current } };
  if (target.averageValue !== undefined) {
    const r: ReplicasResult = getRawResourceReplicas({
      ...input,
      targetUsage: parseQuantity(target.averageValue)?.milliValue() ?? 0,
    });
    if (!r.ok) return { ok: false, error: `failed to get ${name} usage: ${r.error}` };
    return {
      ok: true,
      proposal: {
        replicas: r.replicas,
        metric: `${name} resource`,
        status: statusOf({ averageValue: milli(r.rawUtilization) }),
      },
    };
  }
  const r = getResourceReplicas({ ...input, targetUtilization: target.averageUtilization ?? 0 });
  if (!r.ok) return { ok: false, error: `failed to get ${name} utilization: ${r.error}` };
  return {
    ok: true,
    proposal: {
      replicas: r.replicas,
      metric:
        type === "Resource"
          ? `${name} resource utilization (percentage of request)`
          : `${name} container resource utilization (percentage of request)`,
      status: statusOf({ averageUtilization: r.utilization, averageValue: milli(r.rawUtilization) }),
    },
  };
}
