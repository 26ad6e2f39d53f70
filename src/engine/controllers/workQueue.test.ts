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
});
