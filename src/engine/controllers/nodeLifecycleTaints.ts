// The node lifecycle controller's two tainting passes (pkg/controller/nodelifecycle):
// doNoScheduleTaintingPass — TaintNodesByCondition: each node condition that calls for it
// (Ready False/Unknown, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable) and
// spec.unschedulable get a NoSchedule taint, removed when the condition clears — and
// doNoExecuteTaintingPass, which adds the not-ready/unreachable NoExecute taint to the nodes the
// health check marked, through a rate-limited queue (--node-eviction-rate 0.1/s, burst 1: one
// node every 10 s). A node stays in the queue's set once tainted, so it is tainted once per
// failure. Simplified: one zone, no disruption modes (upstream stops evicting when a whole zone
// fails), and the pass runs as soon as a token is free rather than every 100 ms.

import type { Node, Taint } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import type { TimerHandle } from "../sim/simulation";
import { SECOND } from "../sim/time";
import { CONDITION_TAINTS, TaintKeys, nodeCondition } from "./nodeTimers";
import { swapNodeControllerTaint, taintExists, taintMatches } from "./nodeTaints";

export const UNREACHABLE_TAINT: Taint = { key: TaintKeys.unreachable, effect: "NoExecute" };
export const NOT_READY_TAINT: Taint = { key: TaintKeys.notReady, effect: "NoExecute" };

/** --node-eviction-rate: NoExecute taints are added to at most one node per 10 s. */
const TAINT_INTERVAL_MS = 10 * SECOND;

const CONDITION_TAINT_KEYS: ReadonlySet<string> = new Set(
  Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
);

/** The NoSchedule taints to add and remove so they match the node's conditions (TaintSetDiff). */
export function noScheduleTaintDiff(node: Node): { add: Taint[]; remove: Taint[] } {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) wanted.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TaintKeys.unschedulable, effect: "NoSchedule" });
  const managed = (node.spec?.taints ?? []).filter(
    (t) =>
      t.effect === "NoSchedule" && (t.key === TaintKeys.unschedulable || CONDITION_TAINT_KEYS.has(t.key)),
  );
  return {
    add: wanted.filter((t) => !taintExists(managed, t)),
    remove: managed.filter((t) => !wanted.some((w) => taintMatches(w, t))),
  };
}

/** doNoScheduleTaintingPass for one node. */
export function noScheduleTaintingPass(client: ApiClient, node: Node, done: (ok: boolean) => void): void {
  const { add, remove } = noScheduleTaintDiff(node);
  if (add.length === 0 && remove.length === 0) return done(true);
  swapNodeControllerTaint(client, node, add, remove, done);
}

/** zoneNoExecuteTainter: a RateLimitedTimedQueue of nodes to taint NoExecute, and its pass. */
export class NoExecuteTainter {
  /** UniqueQueue's set: nodes queued or already tainted for this failure. */
  private readonly marked = new Set<string>();
  private readonly queue: string[] = [];
  private nextTokenMs = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly lookup: (name: string) => Node | undefined,
  ) {}

  private get sim() {
    return this.client.sim;
  }

  /** markNodeForTainting: queue the node unless it is queued or already tainted for `status`. */
  mark(node: Node, status: "False" | "Unknown"): void {
    const name = node.metadata?.name ?? "";
    const taint = status === "False" ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    if (!taintExists(node.spec?.taints, taint)) this.marked.delete(name);
    if (this.marked.has(name)) return;
    this.marked.add(name);
    if (!this.queue.includes(name)) this.queue.push(name);
    this.schedulePass();
  }

  /** The node is ready again (markNodeAsReachable): forget it. */
  unmark(name: string): boolean {
    const i = this.queue.indexOf(name);
    if (i >= 0) this.queue.splice(i, 1);
    return this.marked.delete(name);
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** The pass is work in flight: foreground, so a run until idle waits for the taint. */
  private schedulePass(): void {
    if (this.timer || this.queue.length === 0) return;
    const delay = Math.max(0, this.nextTokenMs - this.sim.now);
    this.timer = this.sim.schedule(delay, () => this.pass(), { background: false });
  }

  /** doNoExecuteTaintingPass: taint the head of the queue when the rate limiter allows. */
  private pass(): void {
    this.timer = undefined;
    const name = this.queue.shift();
    if (name === undefined) return;
    this.nextTokenMs = this.sim.now + TAINT_INTERVAL_MS;
    const node = this.lookup(name);
    const status = nodeCondition(node, "Ready")?.status;
    if (node === undefined || (status !== "False" && status !== "Unknown")) {
      // Gone, or ready again: nothing to taint.
      this.schedulePass();
      return;
    }
    // "not-ready" and "unreachable" mirror the Ready condition, so they exclude each other.
    const [add, remove] =
      status === "False" ? [NOT_READY_TAINT, UNREACHABLE_TAINT] : [UNREACHABLE_TAINT, NOT_READY_TAINT];
    swapNodeControllerTaint(this.client, node, [add], [remove], (ok) => {
      if (!ok && this.marked.has(name) && !this.queue.includes(name)) this.queue.push(name);
    });
    this.schedulePass();
  }
}
