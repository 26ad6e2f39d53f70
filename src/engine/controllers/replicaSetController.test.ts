import { describe, expect, it } from "vitest";
import type { Event } from "../api/objects";
import { DEFAULT_EPOCH_MS, MINUTE, SECOND } from "../sim/time";
import {
  POST_EVENTS,
  POST_PODS,
  PUT_RS_STATUS,
  RS_REF,
  eventsOf,
  pod,
  podsOf,
  reconcile,
  replicaSet,
  setup,
  statusOf,
} from "./replicaSetTestFixtures";

describe("ReplicaSet controller: creating pods", () => {
  it("creates the missing pods from the template in slow-start batches, with events, then writes status", () => {
    const { tb, rsc } = setup([replicaSet(3)]);
    expect(reconcile(tb, rsc)).toBeUndefined();
    // Batch of 1, then a batch of 2; status last.
    expect(tb.client.calls({ includeReads: true })).toEqual([
      POST_PODS,
      POST_EVENTS,
      POST_PODS,
      POST_PODS,
      POST_EVENTS,
      POST_EVENTS,
      PUT_RS_STATUS,
    ]);
    const created = podsOf(tb);
    expect(created).toHaveLength(3);
    for (const p of created) {
      expect(p.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata?.generateName).toBe("web-");
      expect(p.metadata?.labels).toEqual({ app: "web", tier: "front" });
      expect(p.metadata?.ownerReferences).toEqual([RS_REF]);
    }
    expect(eventsOf(tb).sort()).toEqual(
      created
        .map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name} (replicaset-controller)`)
        .sort(),
    );
    // Status counts the pods seen before the creates: the watch reports the new ones later.
    expect(statusOf(tb)).toEqual({ replicas: 0, observedGeneration: 1 });

    // The next pass sees them and only updates status.
    tb.client.clear();
    expect(reconcile(tb, rsc)).toBeUndefined();
    expect(tb.client.calls()).toEqual([PUT_RS_STATUS]);
    expect(statusOf(tb)).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    // Steady state: nothing to write at all.
    tb.client.clear();
    reconcile(tb, rsc);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
  });

  it("stops at the first failing batch: FailedCreate event and the ReplicaFailure condition", () => {
    const broken = replicaSet(5, {
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx" }] } },
    });
    const { tb, rsc } = setup([broken]);
    expect(reconcile(tb, rsc)).toBe("error");
    expect(tb.client.calls()).toEqual([POST_PODS, POST_EVENTS, PUT_RS_STATUS]);
    const message = /^Pod "web-[a-z0-9]{5}" is invalid: spec\.containers\[0\]\.image: Required value$/;
    const events = tb.list("events", "default") as unknown as Event[];
    expect(events.map((e) => [e.type, e.reason, e.source?.component])).toEqual([
      ["Warning", "FailedCreate", "replicaset-controller"],
    ]);
    expect(events[0]?.message?.slice("Error creating: ".length)).toMatch(message);
    expect(events[0]?.message?.startsWith("Error creating: ")).toBe(true);
    const status = statusOf(tb) as {
      conditions: { type: string; status: string; reason: string; message: string }[];
    };
    expect(status.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["ReplicaFailure", "True", "FailedCreate"],
    ]);
    expect(status.conditions[0]?.message).toMatch(message);
    // The failed create will never be observed: the next pass may try again.
    expect(rsc.expectations.satisfied("default/web")).toBe(true);
  });

  it("does not count terminating or finished pods: a replacement is made while one terminates", () => {
    const { tb, rsc } = setup([
      replicaSet(2),
      pod("web-a", { node: "node-1", readySince: 0 }),
      pod("web-b", { node: "node-1", readySince: 0, deleting: true }),
      pod("web-c", { node: "node-2", phase: "Failed" }),
    ]);
    reconcile(tb, rsc);
    expect(tb.client.calls()).toEqual([POST_PODS, POST_EVENTS, PUT_RS_STATUS]);
    expect(statusOf(tb)).toEqual({
      replicas: 1,
      fullyLabeledReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    });
  });
});

describe("ReplicaSet controller: expectations", () => {
  it("a second pass before the watch has caught up creates nothing", () => {
    const { tb, rsc } = setup([replicaSet(3)]);
    // Two passes back to back: the second sees an empty cache, but expects 3 creations.
    let first: unknown = null;
    let second: unknown = null;
    rsc.reconcile("default/web", (r) => (first = r));
    rsc.reconcile("default/web", (r) => (second = r));
    expect(rsc.expectations.get("default/web")).toEqual({ add: 3, del: 0 });
    tb.run();
    expect([first, second]).toEqual([undefined, undefined]);
    expect(tb.client.calls().filter((c) => c === POST_PODS)).toHaveLength(3);
    expect(podsOf(tb)).toHaveLength(3);
    // The informer observed all three creations.
    expect(rsc.expectations.get("default/web")).toEqual({ add: 0, del: 0 });
  });

  it("waits for the watch as long as it lags, and acts again once the expectations expire (5 minutes)", () => {
    const { tb, rsc } = setup([replicaSet(2)]);
    rsc.pods.stop(); // The watch goes quiet: creates are never observed.
    reconcile(tb, rsc);
    expect(tb.client.calls().filter((c) => c === POST_PODS)).toHaveLength(2);
    tb.client.clear();
    reconcile(tb, rsc);
    expect(tb.client.calls().filter((c) => c === POST_PODS)).toEqual([]);
    tb.sim.runFor(5 * MINUTE + SECOND);
    reconcile(tb, rsc);
    expect(tb.client.calls().filter((c) => c === POST_PODS)).toHaveLength(2);
  });
});

describe("ReplicaSet controller: minReadySeconds", () => {
  it("requeues after minReadySeconds and then counts the pods as available", () => {
    const start = DEFAULT_EPOCH_MS;
    const { tb, rsc } = setup([
      replicaSet(2, { minReadySeconds: 10 }),
      pod("web-a", { node: "node-1", readySince: start }),
      pod("web-b", { node: "node-2", readySince: start }),
    ]);
    expect(reconcile(tb, rsc)).toBe(10 * SECOND);
    expect(statusOf(tb)).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      observedGeneration: 1,
    });
    tb.sim.runFor(10 * SECOND);
    expect(reconcile(tb, rsc)).toBeUndefined();
    expect(statusOf(tb)).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
  });
});
