import { describe, expect, it } from "vitest";
import { podManifest } from "../engine/testing/harness";
import { Session } from "./session";

function applied(session: Session, text: string): string[] {
  let messages: string[] | undefined;
  session.act({ apply: text }, "manifest.yaml", (r) => (messages = r.map((x) => x.message)));
  while (messages === undefined && session.cluster.sim.step()) {
    /* run until kubectl answers */
  }
  return messages ?? [];
}

describe("Session", () => {
  it("records the learner's applies with their times, and a restore replays the same trace", () => {
    const live = new Session();
    live.advanceTo(1_500);
    expect(applied(live, podManifest("web"))).toEqual(["pod/web created"]);
    live.advanceTo(20_000);
    live.act({ delete: { kind: "pod", name: "web", namespace: "default" } }, "", () => {});
    live.advanceTo(40_000);
    expect(live.scenario.steps.map((s) => s.at)).toEqual([1_500, 20_000]);

    const replay = new Session();
    replay.restore(live.scenario, 40_000);
    expect(JSON.stringify(replay.cluster.sim.trace)).toBe(JSON.stringify(live.cluster.sim.trace));
    expect(replay.cluster.objects()).toEqual(live.cluster.objects());
  });

  it("steps back to exactly the state before the last message", () => {
    const session = new Session();
    applied(session, podManifest("web"));
    session.advanceTo(3_000);
    const before = session.cluster.sim.trace.slice(0, -1);
    const count = session.cluster.sim.traceCount;
    session.stepBack();
    expect(session.cluster.sim.traceCount).toBe(count - 1);
    expect(JSON.stringify(session.cluster.sim.trace)).toBe(JSON.stringify(before));
    session.step();
    expect(session.cluster.sim.traceCount).toBe(count);
  });

  it("batches diffs: a reset batch carries everything, later batches only what changed", () => {
    const session = new Session();
    const first = session.takeBatch();
    expect(first.reset).toBe(true);
    expect(first.objects.some((d) => d.key === "/registry/minions/node-1")).toBe(true);
    expect(session.dirty).toBe(false);
    applied(session, podManifest("web"));
    const next = session.takeBatch();
    expect(next.reset).toBe(false);
    expect(next.objects.map((d) => d.key)).toContain("/registry/pods/default/web");
    expect(next.trace[0]?.summary).toBe("GET /api/v1/namespaces/default/pods/web");
    expect(next.scenario.steps).toHaveLength(1);
  });

  it("stops a frame's work when the budget is spent, and catches up later", () => {
    const session = new Session();
    applied(session, podManifest("a") + "---\n" + podManifest("b"));
    let calls = 0;
    session.advanceTo(10_000, () => ++calls > 5);
    expect(session.cluster.sim.now).toBeLessThan(10_000);
    session.advanceTo(10_000);
    expect(session.cluster.sim.now).toBe(10_000);
  });
});

describe("Session stepping with heartbeats hidden", () => {
  it("skips background messages forwards and backwards", () => {
    const session = new Session();
    // Run into the first lease renewals, then step: only foreground messages count.
    session.advanceTo(12_000);
    expect(session.cluster.sim.trace.some((e) => e.background)).toBe(true);
    applied(session, podManifest("web"));
    session.advanceTo(session.cluster.sim.now + 500);
    const before = session.cluster.sim.traceCount;
    for (let i = 0; i < 30; i++) session.step(true);
    const stepped = session.cluster.sim.trace.slice(before);
    expect(stepped.filter((e) => !e.background)).toHaveLength(30);
    expect(stepped[stepped.length - 1]?.background).toBeFalsy();

    const trace = session.cluster.sim.trace;
    const lastForeground = [...trace].reverse().find((e) => !e.background);
    session.stepBack(true);
    expect(session.cluster.sim.traceCount).toBe((lastForeground?.seq ?? 0) - 1);
  });
});

describe("Session restore", () => {
  it("reopens a run paused in the middle of an instant at exactly the same message", () => {
    const live = new Session();
    applied(live, podManifest("web"));
    // Step into the middle of an instant: several messages share the same millisecond here.
    for (let i = 0; i < 7; i++) live.step();
    const { now, traceCount } = live.cluster.sim;
    const replay = new Session();
    replay.restore(live.scenario, now, traceCount);
    expect(replay.cluster.sim.traceCount).toBe(traceCount);
    expect(JSON.stringify(replay.cluster.sim.trace)).toBe(JSON.stringify(live.cluster.sim.trace));
    // Without the count, the instant is finished: more messages than the sharer saw.
    const byTime = new Session();
    byTime.restore(live.scenario, now);
    expect(byTime.cluster.sim.traceCount).toBeGreaterThan(traceCount);
  });
});
