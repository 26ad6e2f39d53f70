// The horizontal pod autoscaler controller of kube-controller-manager
// (pkg/controller/podautoscaler/horizontal.go, reconcileAutoscaler): every sync period (15 s,
// --horizontal-pod-autoscaler-sync-period) per HPA, read the target's scale subresource, ask the
// metrics API for its pods' usage, compute the replica count (hpaReplicaCalculator.ts), stabilize
// and limit it (hpaBehavior.ts), write the new count through PUT .../scale and the status through
// the status subresource, with upstream's events and conditions. Like upstream's fixed-interval
// rate limiter, every add is delayed by the sync period, so a new HPA first syncs 15 s after it
// appears. Periodic syncs are background traffic; a rescale, and what follows it, is not.
// Simplified: one worker; metrics from metrics.k8s.io only (no custom/external metrics adapters).

import { type KubeObject, jsonEqual, objectKey } from "../api/objects";
import type { ResourceInfo } from "../api/resources";
import type { Scale } from "../apiserver/verbs/scale";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { ResourceMetricsClient } from "../metrics/resourceMetricsClient";
import { MINUTE, SECOND } from "../sim/time";
import { ScaleHistory } from "./hpaBehavior";
import { type MetricsOutcome, computeReplicasForMetrics } from "./hpaMetrics";
import { FixedIntervalRateLimiter } from "./hpaRateLimiter";
import { HpaSelectors, scaleTargetResource } from "./hpaTarget";
import { DEFAULT_CALCULATOR_OPTIONS, type ReplicaCalculatorOptions } from "./hpaReplicaCalculator";
import {
  type Behavior,
  type ConditionSpec,
  HpaConditions,
  fillBehavior,
  type HorizontalPodAutoscaler,
  type MetricStatus,
  type WorkingStatus,
  metricsOf,
  minReplicasOf,
  setCondition,
  setStatus,
  statusObject,
  workingStatus,
} from "./hpaStatus";
import { WorkQueue } from "./workQueue";

export interface HpaControllerOptions {
  /** --horizontal-pod-autoscaler-sync-period (15 s). */
  readonly syncPeriodMs?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization (5 minutes). */
  readonly downscaleStabilizationMs?: number;
  readonly calculator?: ReplicaCalculatorOptions;
}

type Hpa = HorizontalPodAutoscaler & KubeObject;

/** One sync of one HPA: the object as read, and the status being built. */
interface Sync {
  readonly key: string;
  readonly hpa: Hpa;
  readonly namespace: string;
  readonly original: unknown;
  readonly status: WorkingStatus;
  readonly behavior: Behavior | undefined;
  readonly finish: () => void;
}

export class HorizontalPodAutoscalerController {
  readonly hpas: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  readonly history: ScaleHistory;
  private readonly metricsClient: ResourceMetricsClient;
  private readonly syncPeriodMs: number;
  private readonly downscaleStabilizationMs: number;
  private readonly calculator: ReplicaCalculatorOptions;
  private readonly limiter: FixedIntervalRateLimiter;
  private readonly selectors = new HpaSelectors();

  constructor(
    private readonly client: ApiClient,
    options: HpaControllerOptions = {},
  ) {
    this.syncPeriodMs = options.syncPeriodMs ?? 15 * SECOND;
    this.downscaleStabilizationMs = options.downscaleStabilizationMs ?? 5 * MINUTE;
    this.calculator = options.calculator ?? DEFAULT_CALCULATOR_OPTIONS;
    this.history = new ScaleHistory(this.downscaleStabilizationMs);
    this.recorder = new EventRecorder(client, { component: "horizontal-pod-autoscaler" });
    this.metricsClient = new ResourceMetricsClient(client);
    this.hpas = new Informer(client, "horizontalpodautoscalers");
    this.pods = new Informer(client, "pods");
    this.queue = new WorkQueue(client.sim, (key, done) => this.reconcile(key, done));
    this.limiter = new FixedIntervalRateLimiter(client.sim, this.queue, this.syncPeriodMs);
    this.hpas.addHandlers({
      add: (o) => this.limiter.addRateLimited(objectKey(o)),
      // Our own status writes change no generation: the next periodic sync is enough.
      update: (old, o) =>
        this.limiter.addRateLimited(objectKey(o), old.metadata.generation === o.metadata.generation),
      // Upstream forgets the HPA's history when its key next comes round; we do it at once.
      delete: (o) => {
        this.limiter.forget(objectKey(o));
        this.selectors.delete(objectKey(o));
        this.history.forget(objectKey(o));
      },
    });
  }

  start(): void {
    this.hpas.start();
    this.pods.start();
  }

  /** One sync of `namespace/name`. */
  reconcile(key: string, done: (result?: number | "error") => void): void {
    const hpa = this.hpas.get(key) as Hpa | undefined;
    if (!hpa) {
      this.history.forget(key);
      return done();
    }
    const status = workingStatus(hpa);
    const sync: Sync = {
      key,
      hpa,
      namespace: hpa.metadata.namespace ?? "default",
      original: statusObject(workingStatus(hpa)),
      status,
      behavior: fillBehavior(hpa.spec?.behavior, this.downscaleStabilizationMs / 1000),
      finish: () => {
        this.limiter.addRateLimited(key, true);
        done();
      },
    };
    const ref = hpa.spec?.scaleTargetRef;
    const target = scaleTargetResource(ref?.apiVersion ?? "", ref?.kind ?? "");
    if ("error" in target) return this.failedGetScale(sync, target.error);
    const name = ref?.name ?? "";
    this.client.request(
      { verb: "get", resource: target.resource, namespace: sync.namespace, name, subresource: "scale" },
      (res) => {
        if (res.code !== 200)
          return this.failedGetScale(sync, (res.body as { message?: string }).message ?? "");
        this.withScale(sync, target, res.body as unknown as Scale);
      },
    );
  }

  private now(): string {
    return this.client.sim.timestamp();
  }

  private condition(sync: Sync, [type, status, reason, message]: ConditionSpec): void {
    setCondition(sync.status, type, status, reason, message, this.now());
  }

  private failedGetScale(sync: Sync, error: string): void {
    this.recorder.event(sync.hpa, "Warning", "FailedGetScale", error);
    this.condition(sync, HpaConditions.failedGetScale(error));
    this.updateStatusIfNeeded(sync, sync.finish);
  }

  private withScale(sync: Sync, target: ResourceInfo, scale: Scale): void {
    const { hpa, status } = sync;
    this.condition(sync, HpaConditions.succeededGetScale);
    const current = scale.spec.replicas ?? 0;
    const nowMs = this.client.sim.now;
    this.history.recordInitialRecommendation(sync.key, current, nowMs);
    const min = minReplicasOf(hpa);
    const max = hpa.spec?.maxReplicas ?? 0;
    if (current === 0 && min !== 0) {
      this.condition(sync, HpaConditions.scalingDisabled);
      return this.rescale(sync, target, scale, [current, current], "", undefined);
    }
    if (current > max) {
      const reason = "Current number of replicas above Spec.MaxReplicas";
      return this.rescale(sync, target, scale, [current, max], reason, undefined);
    }
    if (current < min) {
      const reason = "Current number of replicas below Spec.MinReplicas";
      return this.rescale(sync, target, scale, [current, min], reason, undefined);
    }
    this.computeMetrics(sync, scale, (outcome) => {
      if (outcome.condition) {
        const c = outcome.condition;
        this.condition(sync, ["ScalingActive", c.status, c.reason, c.message]);
      }
      if (outcome.replicas === -1) {
        // setCurrentReplicasInStatus: keep the last desired count and metrics.
        setStatus(status, current, status.desiredReplicas, status.currentMetrics, false, this.now());
        return this.updateStatusIfNeeded(sync, () => {
          this.recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas", outcome.error ?? "");
          sync.finish();
        });
      }
      const desired = Math.max(0, outcome.replicas);
      const reason =
        desired > current
          ? `${outcome.metric} above target`
          : desired < current
            ? "All metrics below target"
            : "";
      const normalized = this.history.normalize(sync.key, sync.behavior, {
        current,
        desired,
        min,
        max,
        nowMs,
      });
      for (const c of normalized.conditions) this.condition(sync, [c.type, c.status, c.reason, c.message]);
      this.rescale(sync, target, scale, [current, normalized.desired], reason, outcome.statuses);
    });
  }

  /** validateAndParseSelector, then computeReplicasForMetrics. */
  private computeMetrics(sync: Sync, scale: Scale, done: (outcome: MetricsOutcome) => void): void {
    const selected = this.selectors.validate(
      sync.key,
      sync.namespace,
      scale.status.selector ?? "",
      this.pods.list(),
    );
    if (!selected.ok) {
      this.recorder.event(sync.hpa, "Warning", selected.eventReason, selected.error);
      const condition = {
        status: "False",
        reason: selected.conditionReason,
        message: selected.message,
      } as const;
      return done({ replicas: -1, metric: "", statuses: [], condition, error: selected.error });
    }
    const sim = this.client.sim;
    const warn = (reason: string, message: string): void =>
      this.recorder.event(sync.hpa, "Warning", reason, message);
    computeReplicasForMetrics(
      {
        namespace: sync.namespace,
        selector: selected.selector,
        pods: selected.pods,
        specReplicas: scale.spec.replicas ?? 0,
        nowMs: sim.epochMs + sim.now,
        calculator: this.calculator,
        metricsClient: this.metricsClient,
        warn,
      },
      metricsOf(sync.hpa),
      done,
    );
  }

  /** Writes the new scale if it changed, then the status. */
  private rescale(
    sync: Sync,
    target: ResourceInfo,
    scale: Scale,
    [current, desired]: readonly [number, number],
    reason: string,
    metrics: MetricStatus[] | undefined,
  ): void {
    const { hpa, status } = sync;
    if (desired === current) {
      setStatus(status, current, current, metrics, false, this.now());
      return this.updateStatusIfNeeded(sync, sync.finish);
    }
    const put = (): void =>
      this.client.request(
        {
          verb: "update",
          resource: target.resource,
          namespace: sync.namespace,
          name: scale.metadata.name ?? "",
          subresource: "scale",
          body: { ...scale, spec: { replicas: desired } },
        },
        (res) => {
          if (res.code !== 200) {
            const error = (res.body as { message?: string }).message ?? "";
            this.recorder.event(
              hpa,
              "Warning",
              "FailedRescale",
              `New size: ${desired}; reason: ${reason}; error: ${error}`,
            );
            this.condition(sync, HpaConditions.failedUpdateScale(error));
            setStatus(status, current, status.desiredReplicas, status.currentMetrics, false, this.now());
            return this.updateStatusIfNeeded(sync, sync.finish);
          }
          this.condition(sync, HpaConditions.succeededRescale(desired));
          this.recorder.event(hpa, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
          this.history.storeScaleEvent(sync.key, sync.behavior, current, desired, this.client.sim.now);
          setStatus(status, current, desired, metrics, true, this.now());
          this.updateStatusIfNeeded(sync, sync.finish);
        },
      );
    // A rescale is news, not housekeeping: it leaves the background sync loop.
    this.client.sim.schedule(0, put, { background: false });
  }

  /** updateStatusIfNeeded: PUT .../status only when the status changed. */
  private updateStatusIfNeeded(sync: Sync, next: () => void): void {
    const status = statusObject(sync.status);
    if (jsonEqual(status, sync.original)) return next();
    this.client.request(
      {
        verb: "update",
        resource: "horizontalpodautoscalers",
        namespace: sync.namespace,
        name: sync.hpa.metadata.name ?? "",
        subresource: "status",
        body: { ...sync.hpa, status },
      },
      (res) => {
        if (res.code !== 200) {
          const message = (res.body as { message?: string }).message ?? "";
          this.recorder.event(sync.hpa, "Warning", "FailedUpdateStatus", message);
        }
        next();
      },
    );
  }
}
