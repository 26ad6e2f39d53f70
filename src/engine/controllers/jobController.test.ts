import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import { parseRfc3339 } from "../sim/time";
import { JOB_TRACKING_FINALIZER } from "./job/jobUtils";
import {
  JOB_LABELS,
  JOB_REF,
  POST_EVENTS,
  POST_PODS,
  PUT_JOB_STATUS,
  at,
  deletePod,
  eventsOf,
  job,
  jobStatus,
  patchPod,
  pod,
  podsOf,
  setupJob,
  syncOnce,
} from "./job/jobTestFixtures";

const running = { startTime: at(0), active: 1, terminating: 0, uncountedTerminatedPods: {}, ready: 0 };

describe("Job controller: creating pods", () => {
  it("creates min(parallelism, completions) pods with the tracking finalizer, then writes status", () => {
    const { tb, jc } = setupJob([job({ completions: 3, parallelism: 2 })]);
    expect(syncOnce(tb, jc)).toBeUndefined();
    // Slow start: a batch of one, then one more; the status write comes last.
    expect(tb.client.calls({ includeReads: true })).toEqual([
      POST_PODS,
      POST_EVENTS,
      POST_PODS,
      POST_EVENTS,
      PUT_JOB_STATUS,
    ]);
    const created = podsOf(tb);
    expect(created).toHaveLength(2);
    for (const p of created) {
      expect(p.metadata?.name).toMatch(/^pi-[a-z0-9]{5}$/);
      expect(p.metadata?.generateName).toBe("pi-");
      expect(p.metadata?.labels).toEqual(JOB_LABELS);
      expect(p.metadata?.finalizers).toEqual([JOB_TRACKING_FINALIZER]);
      expect(p.metadata?.ownerReferences).toEqual([JOB_REF]);
    }
    expect(eventsOf(tb).sort()).toEqual(
      created.map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name} (job-controller)`).sort(),
    );
    expect(jobStatus(tb)).toEqual({
      startTime: at(0),
      active: 2,
      terminating: 0,
      uncountedTerminatedPods: {},
      ready: 0,
    });
    // The next pass sees the pods (expectations met): nothing to do.
    tb.client.clear();
    expect(syncOnce(tb, jc)).toBeUndefined();
    expect(tb.client.calls()).toEqual([]);
  });

  it("counts a succeeded pod through uncountedTerminatedPods, removes its finalizer, and completes", () => {
    const { tb, jc } = setupJob([job({}, running), pod("pi-aaaaa", { phase: "Succeeded", finishedAt: 5 })]);
    tb.sim.runUntil(6000);
    expect(syncOnce(tb, jc)).toBeUndefined();
    expect(tb.client.calls()).toEqual([PUT_JOB_STATUS, patchPod("pi-aaaaa"), PUT_JOB_STATUS, POST_EVENTS]);
    // The first write records the pod by UID with the interim condition; the second counts it.
    const first = tb.client.actions[0]?.request.body as { status: Record<string, unknown> };
    expect(first.status).toEqual({
      conditions: [
        { type: "SuccessCriteriaMet", status: "True", lastProbeTime: at(6), lastTransitionTime: at(6) },
      ],
      startTime: at(0),
      terminating: 0,
      uncountedTerminatedPods: { succeeded: ["uid-pi-aaaaa"] },
      ready: 0,
    });
    expect(tb.client.actions[1]?.request.body).toEqual({
      metadata: { "$deleteFromPrimitiveList/finalizers": [JOB_TRACKING_FINALIZER] },
    });
    expect(jobStatus(tb)).toEqual({
      conditions: [
        { type: "SuccessCriteriaMet", status: "True", lastProbeTime: at(6), lastTransitionTime: at(6) },
        { type: "Complete", status: "True", lastProbeTime: at(6), lastTransitionTime: at(6) },
      ],
      startTime: at(0),
      completionTime: at(6),
      succeeded: 1,
      terminating: 0,
      uncountedTerminatedPods: {},
      ready: 0,
    });
    expect((tb.get("pods", "default", "pi-aaaaa") as unknown as Pod).metadata?.finalizers).toBeUndefined();
    expect(eventsOf(tb)).toEqual(["Normal Completed Job completed (job-controller)"]);
    // A finished Job is left alone.
    tb.client.clear();
    syncOnce(tb, jc);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
  });

  it("waits 10 s after a failure before creating the replacement (pod failure backoff)", () => {
    const { tb, jc } = setupJob([job({}, running), pod("pi-aaaaa", { phase: "Failed", finishedAt: 5 })]);
    tb.sim.runUntil(8000);
    expect(syncOnce(tb, jc)).toBeUndefined();
    // No pod yet: the failure is counted and the Job waits; as upstream, active reads 0 meanwhile.
    expect(tb.client.calls()).toEqual([PUT_JOB_STATUS, patchPod("pi-aaaaa"), PUT_JOB_STATUS]);
    expect(jobStatus(tb)).toEqual({
      startTime: at(0),
      failed: 1,
      terminating: 0,
      uncountedTerminatedPods: {},
      ready: 0,
    });
    expect(jc.backoff.get("default/pi")).toEqual({
      key: "default/pi",
      failuresAfterLastSuccess: 1,
      lastFailureTime: parseRfc3339(at(5)),
    });
    // 10 s after the failure (at 15 s) the replacement is created.
    tb.client.clear();
    tb.sim.runUntil(15_000);
    syncOnce(tb, jc);
    expect(tb.client.calls()).toEqual([POST_PODS, POST_EVENTS, PUT_JOB_STATUS]);
    expect(jobStatus(tb)?.["active"]).toBe(1);
  });
});

describe("Job controller: failing", () => {
  it("fails past backoffLimit: FailureTarget, then Failed with BackoffLimitExceeded", () => {
    const { tb, jc } = setupJob([
      job({ backoffLimit: 1 }, { ...running, active: 1, failed: 1 }),
      pod("pi-bbbbb", { phase: "Failed", finishedAt: 40 }),
    ]);
    tb.sim.runUntil(41_000);
    syncOnce(tb, jc);
    expect(tb.client.calls()).toEqual([PUT_JOB_STATUS, patchPod("pi-bbbbb"), PUT_JOB_STATUS, POST_EVENTS]);
    const reason = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
    expect(jobStatus(tb)).toEqual({
      conditions: [
        {
          type: "FailureTarget",
          status: "True",
          lastProbeTime: at(41),
          lastTransitionTime: at(41),
          ...reason,
        },
        { type: "Failed", status: "True", lastProbeTime: at(41), lastTransitionTime: at(41), ...reason },
      ],
      startTime: at(0),
      failed: 2,
      terminating: 0,
      uncountedTerminatedPods: {},
      ready: 0,
    });
    expect(eventsOf(tb)).toEqual([
      "Warning BackoffLimitExceeded Job has reached the specified backoff limit (job-controller)",
    ]);
  });

  it("counts container restarts against backoffLimit with restartPolicy OnFailure", () => {
    const template = {
      metadata: { labels: JOB_LABELS },
      spec: { restartPolicy: "OnFailure", containers: [{ name: "pi", image: "perl:5.34" }] },
    };
    const { tb, jc } = setupJob([
      job({ backoffLimit: 2, template }, running),
      pod("pi-ccccc", { phase: "Running", restartCount: 2, ready: true }),
    ]);
    syncOnce(tb, jc);
    // The running pod is deleted (keeping its finalizer), then counted as failed.
    expect(tb.client.calls()).toEqual([
      deletePod("pi-ccccc"),
      POST_EVENTS,
      PUT_JOB_STATUS,
      patchPod("pi-ccccc"),
      PUT_JOB_STATUS,
    ]);
    expect(eventsOf(tb)).toEqual(["Normal SuccessfulDelete Deleted pod: pi-ccccc (job-controller)"]);
    const status = jobStatus(tb) as {
      conditions: { type: string; reason: string }[];
      failed: number;
      terminating: number;
    };
    // Still terminating: Failed waits until the kubelet has stopped the pod.
    expect(status.conditions.map((c) => [c.type, c.reason])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded"],
    ]);
    expect(status.failed).toBe(1);
    expect(status.terminating).toBe(1);
  });

  it("fails at activeDeadlineSeconds: deletes the active pods, then Failed once they are gone", () => {
    const { tb, jc } = setupJob([
      job({ activeDeadlineSeconds: 60 }, { ...running, ready: 1 }),
      pod("pi-ddddd", { phase: "Running", ready: true }),
    ]);
    tb.sim.runUntil(59_000);
    syncOnce(tb, jc);
    expect(tb.client.calls()).toEqual([]);
    tb.sim.runUntil(60_000);
    syncOnce(tb, jc);
    expect(tb.client.calls()).toEqual([
      deletePod("pi-ddddd"),
      POST_EVENTS,
      PUT_JOB_STATUS,
      patchPod("pi-ddddd"),
      PUT_JOB_STATUS,
    ]);
    const deadline = { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };
    expect(jobStatus(tb)).toEqual({
      conditions: [
        {
          type: "FailureTarget",
          status: "True",
          lastProbeTime: at(60),
          lastTransitionTime: at(60),
          ...deadline,
        },
      ],
      startTime: at(0),
      failed: 1,
      terminating: 1,
      uncountedTerminatedPods: {},
      ready: 0,
    });
    // The kubelet finishes the graceful deletion; the next pass sets Failed.
    tb.client.clear();
    tb.client.request({
      verb: "delete",
      resource: "pods",
      namespace: "default",
      name: "pi-ddddd",
      gracePeriodSeconds: 0,
    });
    tb.run();
    tb.sim.runUntil(70_000);
    syncOnce(tb, jc);
    // terminating 1 → 0 is flushed first; the Failed condition is a second write, as upstream.
    expect(tb.client.calls().slice(1)).toEqual([PUT_JOB_STATUS, PUT_JOB_STATUS, POST_EVENTS]);
    const status = jobStatus(tb) as {
      conditions: { type: string; reason: string; lastTransitionTime: string }[];
    };
    expect(status.conditions.map((c) => [c.type, c.reason, c.lastTransitionTime])).toEqual([
      ["FailureTarget", "DeadlineExceeded", at(60)],
      ["Failed", "DeadlineExceeded", at(70)],
    ]);
    expect(jobStatus(tb)?.["terminating"]).toBe(0);
    expect(eventsOf(tb)).toEqual([
      "Normal SuccessfulDelete Deleted pod: pi-ddddd (job-controller)",
      "Warning DeadlineExceeded Job was active longer than specified deadline (job-controller)",
    ]);
  });
});

describe("Job controller: suspend and orphans", () => {
  it("deletes the pods of a suspended Job and says so in a Suspended condition", () => {
    const { tb, jc } = setupJob([job({ suspend: true }, running), pod("pi-eeeee", { phase: "Running" })]);
    syncOnce(tb, jc);
    expect(tb.client.calls()).toEqual([
      patchPod("pi-eeeee"),
      deletePod("pi-eeeee"),
      POST_EVENTS,
      POST_EVENTS,
      PUT_JOB_STATUS,
    ]);
    expect(eventsOf(tb)).toEqual([
      "Normal SuccessfulDelete Deleted pod: pi-eeeee (job-controller)",
      "Normal Suspended Job suspended (job-controller)",
    ]);
    expect(jobStatus(tb)).toEqual({
      conditions: [
        {
          type: "Suspended",
          status: "True",
          lastProbeTime: at(0),
          lastTransitionTime: at(0),
          reason: "JobSuspended",
          message: "Job suspended",
        },
      ],
      startTime: at(0),
      terminating: 1,
      uncountedTerminatedPods: {},
      ready: 0,
    });
  });

  it("removes the tracking finalizer from a pod whose Job is gone", () => {
    const { tb, jc } = setupJob([pod("pi-fffff", { phase: "Succeeded" })]);
    let result: number | "error" | undefined | null = null;
    jc.orphans.syncOrphanPod("default/pi-fffff", (r) => (result = r));
    tb.run();
    expect(result).toBeUndefined();
    expect(tb.client.calls()).toEqual([patchPod("pi-fffff")]);
    expect((tb.get("pods", "default", "pi-fffff") as unknown as Pod).metadata?.finalizers).toBeUndefined();
  });
});
