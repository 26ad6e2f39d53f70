// How the HPA turns the replica count its metrics ask for into the count it sets
// (pkg/controller/podautoscaler/horizontal.go: normalizeDesiredReplicas and
// normalizeDesiredReplicasWithBehaviors): stabilization over recent recommendations, scaling
// rate limits, and the min/max clamp, each reported through the AbleToScale and ScalingLimited
// conditions. Without spec.behavior the legacy rules apply (5-minute downscale stabilization,
// scale-up to at most max(2×current, 4)); with it, the behavior's policies (see fillBehavior).

import type { Behavior, ScalingRules } from "./hpaStatus";

export interface ConditionUpdate {
  readonly type: "AbleToScale" | "ScalingLimited";
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

interface Recommendation {
  recommendation: number;
  timestampMs: number;
}

interface ScaleEvent {
  replicaChange: number;
  timestampMs: number;
  outdated: boolean;
}

const limited = (desired: number, reason: string, message: string) => ({ desired, reason, message });
const WITHIN_RANGE = ["DesiredWithinRange", "the desired count is within the acceptable range"] as const;

/** The controller's memory of recent recommendations and scale events, per HPA key. */
export class ScaleHistory {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(private readonly downscaleStabilizationMs: number) {}

  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  recordInitialRecommendation(key: string, currentReplicas: number, nowMs: number): void {
    if (!this.recommendations.has(key)) {
      this.recommendations.set(key, [{ recommendation: currentReplicas, timestampMs: nowMs }]);
    }
  }

  /** The replica count to set, and the conditions that explain it. */
  normalize(
    key: string,
    behavior: Behavior | undefined,
    args: { current: number; desired: number; min: number; max: number; nowMs: number },
  ): { desired: number; conditions: ConditionUpdate[] } {
    const conditions: ConditionUpdate[] = [];
    let stabilized: number;
    let limit: { desired: number; reason: string; message: string };
    if (!behavior) {
      stabilized = this.stabilizeLegacy(key, args.desired, args.nowMs);
      conditions.push(
        stabilized !== args.desired
          ? able(
              "ScaleDownStabilized",
              "recent recommendations were higher than current one, applying the highest recent recommendation",
            )
          : able("ReadyForNewScale", "recommended size matches current size"),
      );
      limit = convertWithRules(args.current, stabilized, args.min, args.max);
    } else {
      const result = this.stabilizeWithBehaviors(key, behavior, args.current, args.desired, args.nowMs);
      stabilized = result.recommendation;
      conditions.push(
        stabilized !== args.desired
          ? able(result.reason, result.message)
          : able("ReadyForNewScale", "recommended size matches current size"),
      );
      limit = this.convertWithBehaviorRate(key, behavior, { ...args, desired: stabilized });
    }
    conditions.push({
      type: "ScalingLimited",
      status: limit.desired === stabilized ? "False" : "True",
      reason: limit.reason,
      message: limit.message,
    });
    return { desired: limit.desired, conditions };
  }

  /** storeScaleEvent: only kept when the HPA has a behavior (the legacy rules do not use them). */
  storeScaleEvent(
    key: string,
    behavior: Behavior | undefined,
    prev: number,
    next: number,
    nowMs: number,
  ): void {
    if (!behavior) return;
    const up = next > prev;
    const store = up ? this.scaleUpEvents : this.scaleDownEvents;
    const rules = up ? behavior.scaleUp : behavior.scaleDown;
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
    const events = store.get(key) ?? [];
    let oldIndex = -1;
    events.forEach((e, i) => {
      if (e.timestampMs < nowMs - longest * 1000) e.outdated = true;
      if (e.outdated) oldIndex = i;
    });
    const event = { replicaChange: up ? next - prev : prev - next, timestampMs: nowMs, outdated: false };
    if (oldIndex >= 0) events[oldIndex] = event;
    else events.push(event);
    store.set(key, events);
  }

  /** stabilizeRecommendation: the highest recommendation within the downscale window. */
  private stabilizeLegacy(key: string, desired: number, nowMs: number): number {
    const recs = this.recommendations.get(key) ?? [];
    const cutoff = nowMs - this.downscaleStabilizationMs;
    let max = desired;
    let oldIndex = -1;
    recs.forEach((rec, i) => {
      if (rec.timestampMs < cutoff) oldIndex = i;
      else if (rec.recommendation > max) max = rec.recommendation;
    });
    const fresh = { recommendation: desired, timestampMs: nowMs };
    if (oldIndex >= 0) recs[oldIndex] = fresh;
    else recs.push(fresh);
    this.recommendations.set(key, recs);
    return max;
  }

  /** stabilizeRecommendationWithBehaviors. */
  private stabilizeWithBehaviors(
    key: string,
    behavior: Behavior,
    current: number,
    desired: number,
    nowMs: number,
  ): { recommendation: number; reason: string; message: string } {
    const upCutoff = nowMs - behavior.scaleUp.stabilizationWindowSeconds * 1000;
    const downCutoff = nowMs - behavior.scaleDown.stabilizationWindowSeconds * 1000;
    let up = desired;
    let down = desired;
    let oldIndex = -1;
    const recs = this.recommendations.get(key) ?? [];
    recs.forEach((rec, i) => {
      if (rec.timestampMs > upCutoff) up = Math.min(rec.recommendation, up);
      if (rec.timestampMs > downCutoff) down = Math.max(rec.recommendation, down);
      if (rec.timestampMs < upCutoff && rec.timestampMs < downCutoff) oldIndex = i;
    });
    let recommendation = current;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    const fresh = { recommendation: desired, timestampMs: nowMs };
    if (oldIndex >= 0) recs[oldIndex] = fresh;
    else recs.push(fresh);
    this.recommendations.set(key, recs);
    return desired >= current
      ? {
          recommendation,
          reason: "ScaleUpStabilized",
          message:
            "recent recommendations were lower than current one, applying the lowest recent recommendation",
        }
      : {
          recommendation,
          reason: "ScaleDownStabilized",
          message:
            "recent recommendations were higher than current one, applying the highest recent recommendation",
        };
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private convertWithBehaviorRate(
    key: string,
    behavior: Behavior,
    args: { current: number; desired: number; min: number; max: number; nowMs: number },
  ): { desired: number; reason: string; message: string } {
    const ups = this.scaleUpEvents.get(key) ?? [];
    const downs = this.scaleDownEvents.get(key) ?? [];
    if (args.desired > args.current) {
      const scaleUpLimit = Math.max(
        args.current,
        scaleLimit(behavior.scaleUp, args.current, ups, downs, args.nowMs, "up"),
      );
      const [allowed, reason, message] =
        args.max > scaleUpLimit
          ? [
              scaleUpLimit,
              "ScaleUpLimit",
              "the desired replica count is increasing faster than the maximum scale rate",
            ]
          : [args.max, "TooManyReplicas", "the desired replica count is more than the maximum replica count"];
      if (args.desired > allowed) return limited(allowed, reason, message);
    } else if (args.desired < args.current) {
      const scaleDownLimit = Math.min(
        args.current,
        scaleLimit(behavior.scaleDown, args.current, ups, downs, args.nowMs, "down"),
      );
      const [allowed, reason, message] =
        args.min < scaleDownLimit
          ? [
              scaleDownLimit,
              "ScaleDownLimit",
              "the desired replica count is decreasing faster than the maximum scale rate",
            ]
          : [args.min, "TooFewReplicas", "the desired replica count is less than the minimum replica count"];
      if (args.desired < allowed) return limited(allowed, reason, message);
    }
    return limited(args.desired, ...WITHIN_RANGE);
  }
}

function able(reason: string, message: string): ConditionUpdate {
  return { type: "AbleToScale", status: "True", reason, message };
}

/** convertDesiredReplicasWithRules: the legacy clamp. */
function convertWithRules(current: number, desired: number, min: number, max: number) {
  const scaleUpLimit = Math.trunc(Math.max(2 * current, 4));
  const [maximum, reason, message] =
    max > scaleUpLimit
      ? [
          scaleUpLimit,
          "ScaleUpLimit",
          "the desired replica count is increasing faster than the maximum scale rate",
        ]
      : [max, "TooManyReplicas", "the desired replica count is more than the maximum replica count"];
  if (desired < min)
    return limited(min, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
  if (desired > maximum) return limited(maximum, reason, message);
  return limited(desired, ...WITHIN_RANGE);
}

/** The replicas changed within the last `periodSeconds` (getReplicasChangePerPeriod). */
function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.reduce((sum, e) => (e.timestampMs > cutoff ? sum + e.replicaChange : sum), 0);
}

/** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. */
function scaleLimit(
  rules: ScalingRules,
  current: number,
  ups: readonly ScaleEvent[],
  downs: readonly ScaleEvent[],
  nowMs: number,
  direction: "up" | "down",
): number {
  if (rules.selectPolicy === "Disabled") return current;
  // Max picks the largest change: the highest limit going up, the lowest going down.
  const pickHighest = (rules.selectPolicy === "Min") === (direction === "down");
  let result = pickHighest ? -(2 ** 31) : 2 ** 31 - 1;
  for (const policy of rules.policies) {
    const periodStart =
      current -
      changeInPeriod(policy.periodSeconds, ups, nowMs) +
      changeInPeriod(policy.periodSeconds, downs, nowMs);
    let proposed: number;
    if (direction === "up") {
      proposed =
        policy.type === "Pods"
          ? periodStart + policy.value
          : Math.ceil(periodStart * (1 + policy.value / 100));
    } else {
      proposed =
        policy.type === "Pods"
          ? periodStart - policy.value
          : Math.trunc(periodStart * (1 - policy.value / 100));
    }
    result = pickHighest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}
