// ScaleHistory.normalize with spec.behavior (horizontal.go normalizeDesiredReplicasWithBehaviors).

import { describe, expect, it } from "vitest";
import { SECOND } from "../sim/time";
import { ScaleHistory } from "./hpaBehavior";
import { fillBehavior } from "./hpaStatus";

const FIVE_MINUTES = 300;

describe("normalizeDesiredReplicasWithBehaviors", () => {
  it("fills an empty behavior with upstream's defaults", () => {
    expect(fillBehavior({}, FIVE_MINUTES)).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Pods", value: 4, periodSeconds: 15 },
          { type: "Percent", value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: "Max",
        policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
      },
    });
    expect(fillBehavior(undefined, FIVE_MINUTES)).toBeUndefined();
  });

  it("a scale-up window applies the lowest recent recommendation", () => {
    const behavior = fillBehavior({ scaleUp: { stabilizationWindowSeconds: 60 } }, FIVE_MINUTES);
    const h = new ScaleHistory(FIVE_MINUTES * SECOND);
    h.recordInitialRecommendation("a", 3, 0);
    const r = h.normalize("a", behavior, { current: 3, desired: 8, min: 1, max: 20, nowMs: 15 * SECOND });
    expect(r.desired).toBe(3);
    expect(r.conditions[0]).toEqual({
      type: "AbleToScale",
      status: "True",
      reason: "ScaleUpStabilized",
      message:
        "recent recommendations were lower than current one, applying the lowest recent recommendation",
    });
    // Once the 3 is more than 60 s old the 8 counts, limited by the default rate: max(3 + 4, 3 × 2).
    expect(
      h.normalize("a", behavior, { current: 3, desired: 8, min: 1, max: 20, nowMs: 61 * SECOND }).desired,
    ).toBe(7);
  });

  it("selectPolicy Min takes the smaller change, Disabled none", () => {
    const min = fillBehavior({ scaleUp: { selectPolicy: "Min" } }, FIVE_MINUTES);
    const r = new ScaleHistory(0).normalize("a", min, {
      current: 10,
      desired: 40,
      min: 1,
      max: 50,
      nowMs: 0,
    });
    expect(r.desired).toBe(14); // min(10 + 4, 10 × 2)
    expect(r.conditions[1]).toEqual({
      type: "ScalingLimited",
      status: "True",
      reason: "ScaleUpLimit",
      message: "the desired replica count is increasing faster than the maximum scale rate",
    });
    const off = fillBehavior({ scaleDown: { selectPolicy: "Disabled" } }, 0);
    expect(
      new ScaleHistory(0).normalize("a", off, { current: 10, desired: 2, min: 1, max: 50, nowMs: 0 }).desired,
    ).toBe(10);
  });

  it("counts replicas added within a policy's period (periodStartReplicas)", () => {
    const behavior = fillBehavior(
      { scaleUp: { policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] } },
      FIVE_MINUTES,
    );
    const h = new ScaleHistory(FIVE_MINUTES * SECOND);
    expect(h.normalize("a", behavior, { current: 2, desired: 10, min: 1, max: 20, nowMs: 0 }).desired).toBe(
      4,
    );
    h.storeScaleEvent("a", behavior, 2, 4, 0);
    expect(
      h.normalize("a", behavior, { current: 4, desired: 10, min: 1, max: 20, nowMs: 30 * SECOND }).desired,
    ).toBe(4);
    expect(
      h.normalize("a", behavior, { current: 4, desired: 10, min: 1, max: 20, nowMs: 61 * SECOND }).desired,
    ).toBe(6);
  });
});
