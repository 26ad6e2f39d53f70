import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import { Simulation } from "../sim/simulation";
import { type QueuedPod, SchedulingQueue } from "./schedulingQueue";

function pod(name: string, priority?: number, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels },
    spec: { containers: [{ name: "c", image: "nginx" }], ...(priority !== undefined ? { priority } : {}) },
  };
}

function setup(): { sim: Simulation; queue: SchedulingQueue; activations: () => number } {
  const sim = new Simulation({ seed: 1 });
  let activations = 0;
  const queue = new SchedulingQueue(sim, () => activations++);
  return { sim, queue, activations: () => activations };
}

function add(queue: SchedulingQueue, name: string, priority?: number): void {
  queue.add(`default/${name}`, pod(name, priority));
}

function popAll(queue: SchedulingQueue): string[] {
  const names: string[] = [];
  for (let e = queue.pop(); e; e = queue.pop()) names.push(e.pod.metadata?.name ?? "");
  return names;
}

function popOne(queue: SchedulingQueue): QueuedPod {
  const entry = queue.pop();
  if (!entry) throw new Error("queue is empty");
  return entry;
}

describe("activeQ order (PrioritySort)", () => {
  it("is FIFO among pods of equal priority", () => {
    const { queue, activations } = setup();
    for (const name of ["c", "a", "d", "b"]) add(queue, name);
    expect(activations()).toBe(4);
    expect(queue.activeCount).toBe(4);
    expect(popAll(queue)).toEqual(["c", "a", "d", "b"]);
    expect(queue.activeCount).toBe(0);
  });

  it("puts higher priority first, FIFO within a priority", () => {
    const { queue } = setup();
    add(queue, "low-1", 0);
    add(queue, "high-1", 1000);
    add(queue, "none");
    add(queue, "mid", 500);
    add(queue, "high-2", 1000);
    add(queue, "negative", -10);
    expect(popAll(queue)).toEqual(["high-1", "high-2", "mid", "low-1", "none", "negative"]);
  });

  it("orders a retried pod by the time it failed, not by when it first arrived", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    const a = popOne(queue);
    sim.runFor(1);
    add(queue, "b");
    sim.runFor(1);
    queue.addBackoff(a); // failed at t=2: back in activeQ at t=1002
    sim.runFor(500);
    add(queue, "c");
    sim.runFor(1000);
    expect(popAll(queue)).toEqual(["b", "a", "c"]);
  });

  it("keeps one entry per pod: adding again updates it", () => {
    const { queue } = setup();
    add(queue, "a");
    queue.add("default/a", pod("a", 0, { v: "2" }));
    const entries = popAll(queue);
    expect(entries).toEqual(["a"]);
  });
});

describe("backoff", () => {
  it("doubles from 1 s per attempt and caps at 10 s", () => {
    const { queue } = setup();
    add(queue, "a");
    const entry = popOne(queue);
    const durations = [0, 1, 2, 3, 4, 5, 6, 10].map((attempts) => {
      entry.attempts = attempts;
      return queue.backoffDuration(entry);
    });
    expect(durations).toEqual([0, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it("holds a failed pod for 1 s, 2 s, 4 s, 8 s, 10 s, 10 s on the virtual clock", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    const waited: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const entry = popOne(queue);
      expect(entry.attempts).toBe(attempt);
      queue.addBackoff(entry);
      expect(queue.isBackingOff("default/a")).toBe(true);
      const failedAt = sim.now;
      // Step 100 ms at a time until the pod is active again.
      while (queue.activeCount === 0) sim.runFor(100);
      waited.push(sim.now - failedAt);
    }
    expect(waited).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it("is exact: not active 1 ms before the backoff ends", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    queue.addBackoff(popOne(queue));
    sim.runFor(999);
    expect(queue.activeCount).toBe(0);
    expect(queue.pendingCount).toBe(1);
    sim.runFor(1);
    expect(queue.activeCount).toBe(1);
    expect(queue.isBackingOff("default/a")).toBe(false);
  });
});

describe("unschedulablePods", () => {
  it("keeps an unschedulable pod out of activeQ until a cluster event", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    queue.addUnschedulable(popOne(queue));
    expect(queue.isUnschedulable("default/a")).toBe(true);
    sim.runFor(60_000);
    expect(queue.activeCount).toBe(0);
    expect(queue.pop()).toBeUndefined();
    queue.moveAllToActiveOrBackoff();
    // The 1 s backoff (counted from the failure) is long over: straight to activeQ.
    expect(queue.activeCount).toBe(1);
    expect(queue.isUnschedulable("default/a")).toBe(false);
    expect(popOne(queue).attempts).toBe(2);
  });

  it("sends a pod moved soon after its failure to backoffQ for the rest of its backoff", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    queue.addBackoff(popOne(queue)); // t=0, attempt 1
    sim.runFor(1000);
    queue.addUnschedulable(popOne(queue)); // t=1 s, attempt 2: backs off until t=3 s
    add(queue, "b");
    queue.addUnschedulable(popOne(queue)); // t=1 s, attempt 1: backs off until t=2 s
    sim.runFor(300);
    queue.moveAllToActiveOrBackoff();
    expect(queue.activeCount).toBe(0);
    expect(queue.isBackingOff("default/a") && queue.isBackingOff("default/b")).toBe(true);
    sim.runUntil(1999);
    expect(queue.activeCount).toBe(0);
    sim.runUntil(2000);
    expect(popAll(queue)).toEqual(["b"]);
    sim.runUntil(2999);
    expect(queue.activeCount).toBe(0);
    sim.runUntil(3000);
    expect(popAll(queue)).toEqual(["a"]);
  });

  it("gives an updated pod another try (PodUpdate)", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    queue.addUnschedulable(popOne(queue));
    sim.runFor(5_000);
    queue.update("default/a", pod("a", 0, { fixed: "yes" }));
    expect(queue.activeCount).toBe(1);
    expect(popOne(queue).pod.metadata?.labels).toEqual({ fixed: "yes" });
  });

  it("flushes pods unschedulable for more than 5 minutes, on the 30 s flush loop", () => {
    const { sim, queue } = setup();
    sim.runFor(10_000);
    add(queue, "a");
    queue.addUnschedulable(popOne(queue)); // at t=10 s
    // Flushes run at t=30 s, 60 s, ...: at 300 s the pod has waited 290 s, at 330 s 320 s.
    sim.runUntil(329_999);
    expect(queue.activeCount).toBe(0);
    expect(queue.isUnschedulable("default/a")).toBe(true);
    sim.runUntil(330_000);
    expect(queue.activeCount).toBe(1);
    expect(queue.isUnschedulable("default/a")).toBe(false);
  });

  it("does not let the flush loop keep the simulation busy", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    queue.addUnschedulable(popOne(queue));
    expect(sim.idle).toBe(true);
  });
});

describe("pods in flight", () => {
  it("backs off instead of waiting when a cluster event arrived during the attempt", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    const a = popOne(queue);
    queue.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
    queue.addUnschedulable(a);
    expect(queue.isUnschedulable("default/a")).toBe(false);
    expect(queue.isBackingOff("default/a")).toBe(true);
    sim.runFor(1000);
    expect(queue.activeCount).toBe(1);
  });

  it("keeps an update that arrives during the attempt", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    const a = popOne(queue);
    expect(queue.has("default/a")).toBe(true);
    queue.add("default/a", pod("a", 0, { tolerates: "now" }));
    expect(queue.activeCount).toBe(0);
    queue.addUnschedulable(a);
    sim.runFor(1000);
    const retried = popOne(queue);
    expect(retried.pod.metadata?.labels).toEqual({ tolerates: "now" });
  });

  it("drops a pod deleted during the attempt", () => {
    const { sim, queue } = setup();
    add(queue, "a");
    const a = popOne(queue);
    queue.delete("default/a");
    queue.addUnschedulable(a);
    expect(queue.has("default/a")).toBe(false);
    expect(queue.pendingCount).toBe(0);
    queue.moveAllToActiveOrBackoff();
    sim.runFor(400_000);
    expect(queue.pop()).toBeUndefined();
  });

  it("forgets a pod once it is done (bound)", () => {
    const { queue } = setup();
    add(queue, "a");
    popOne(queue);
    queue.done("default/a");
    expect(queue.has("default/a")).toBe(false);
    // A new pod of the same name starts afresh.
    add(queue, "a");
    expect(popOne(queue).attempts).toBe(1);
  });
});
