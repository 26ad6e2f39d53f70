import { describe, expect, it } from "vitest";
import { type ControllerTestbed, controllerTestbed } from "../testing/controllerTestbed";
import { JOB_UID, at, job } from "./job/jobTestFixtures";
import { TtlAfterFinishedController } from "./ttlAfterFinishedController";

const GET_JOB = "GET /apis/batch/v1/namespaces/default/jobs/pi";
const DELETE_JOB = "DELETE /apis/batch/v1/namespaces/default/jobs/pi";

const finished = (type: "Complete" | "Failed", seconds: number) => {
  const t = at(seconds);
  return {
    conditions: [{ type, status: "True", lastProbeTime: t, lastTransitionTime: t }],
    startTime: at(0),
    ...(type === "Complete" ? { completionTime: t, succeeded: 1 } : { failed: 1 }),
  };
};

function setup(spec: Record<string, unknown>, status?: Record<string, unknown>) {
  const tb = controllerTestbed([job(spec, status)], { controllerName: "ttl-after-finished-controller" });
  const ttl = new TtlAfterFinishedController(tb.client);
  ttl.startInformers();
  return { tb, ttl };
}

function processAt(
  tb: ControllerTestbed,
  ttl: TtlAfterFinishedController,
  ms: number,
): number | "error" | undefined {
  tb.sim.runUntil(ms);
  let result: number | "error" | undefined | null = null;
  ttl.processJob("default/pi", (r) => (result = r));
  tb.run();
  if (result === null) throw new Error("processJob never finished");
  return result;
}

describe("TTL-after-finished controller", () => {
  it("requeues a finished Job until its TTL expires, then deletes it in the foreground", () => {
    const { tb, ttl } = setup({ ttlSecondsAfterFinished: 100 }, finished("Complete", 10));
    // Finished at 10 s with a TTL of 100 s: 80 s to go at 30 s.
    expect(processAt(tb, ttl, 30_000)).toBe(80_000);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);

    expect(processAt(tb, ttl, 110_000)).toBeUndefined();
    // A fresh read first (the TTL may have changed), then the delete.
    expect(tb.client.calls({ includeReads: true })).toEqual([GET_JOB, DELETE_JOB]);
    const request = tb.client.actions[1]?.request;
    expect(request?.propagationPolicy).toBe("Foreground");
    expect(request?.preconditions).toEqual({ uid: JOB_UID });
    // Foreground deletion: the Job stays, being deleted, until the garbage collector is done.
    expect(tb.get("jobs", "default", "pi")?.metadata.deletionTimestamp).toBe(at(110));
  });

  it("counts from a Failed condition too, and leaves unfinished Jobs and Jobs without a TTL alone", () => {
    const failed = setup({ ttlSecondsAfterFinished: 0 }, finished("Failed", 5));
    expect(processAt(failed.tb, failed.ttl, 5000)).toBeUndefined();
    expect(failed.tb.client.calls({ includeReads: true })).toEqual([GET_JOB, DELETE_JOB]);

    const running = setup({ ttlSecondsAfterFinished: 0 }, { startTime: at(0), active: 1 });
    expect(processAt(running.tb, running.ttl, 5000)).toBeUndefined();
    const noTtl = setup({}, finished("Complete", 5));
    expect(processAt(noTtl.tb, noTtl.ttl, 500_000)).toBeUndefined();
    expect([
      ...running.tb.client.calls({ includeReads: true }),
      ...noTtl.tb.client.calls({ includeReads: true }),
    ]).toEqual([]);
  });
});
