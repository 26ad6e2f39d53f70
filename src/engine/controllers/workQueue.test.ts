import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { WorkQueue } from "./workQueue";

describe("WorkQueue", () => {
  it("de-duplicates waiting keys and never processes one key twice at once", () => {
    const sim = new Simulation();
    const seen: string[] = [];
    let finish: (() => void) | undefined;
    const queue = new WorkQueue(sim, (key, done) => {
      seen.push(`${key}@${sim.now}`);
      finish = () => done();
    });
    queue.add("a");
    queue.add("a");
    queue.add("b");
    sim.runFor(1);
    expect(seen).toEqual(["a@0"]);
    queue.add("a"); // changed while being processed: goes round again afterwards
    finish?.();
    sim.runFor(1);
    finish?.();
    sim.runFor(1);
    finish?.();
    sim.runFor(1);
    expect(seen).toEqual(["a@0", "b@1", "a@2"]);
  });

  it("retries failures with exponential backoff and honours requeue-after", () => {
    const sim = new Simulation();
    const times: number[] = [];
    const queue = new WorkQueue(sim, (_key, done) => {
      times.push(sim.now);
      done(times.length < 4 ? "error" : times.length === 4 ? 1000 : undefined);
    });
    queue.add("k");
    sim.runFor(5000);
    expect(times).toEqual([0, 5, 15, 35, 1035]);
  });

  it("runs up to `workers` keys at once, still never one key twice at once", () => {
    const sim = new Simulation();
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const queue = new WorkQueue(
      sim,
      (key, done) => {
        started.push(`${key}@${sim.now}`);
        finish.set(key, () => done());
      },
      2,
    );
    queue.add("a");
    queue.add("b");
    queue.add("c");
    sim.runFor(1);
    expect(started).toEqual(["a@0", "b@0"]);
    queue.add("a"); // being processed: waits for its own turn
    finish.get("b")?.();
    sim.runFor(1);
    expect(started).toEqual(["a@0", "b@0", "c@1"]);
    finish.get("a")?.();
    sim.runFor(1);
    expect(started).toEqual(["a@0", "b@0", "c@1", "a@2"]);
  });
});
