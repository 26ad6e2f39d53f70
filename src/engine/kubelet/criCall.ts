// One CRI call between a kubelet and its container runtime as two traced messages: the
// kubelet's request, then the runtime's reply after the call's simulated duration. The reply's
// summary is written when the call completes, so it says what really happened.

import type { Simulation } from "../sim/simulation";
import type { ComponentName, CriDetail, ObjectRef } from "../trace/traceEvent";

export type CriFields = Omit<CriDetail, "type" | "call">;

export interface CriCall<T> {
  readonly sim: Simulation;
  readonly kubelet: ComponentName;
  readonly runtime: ComponentName;
  readonly call: string;
  readonly summary: string;
  readonly object: ObjectRef | undefined;
  readonly detail: CriFields;
  /** Evaluated when the request arrives. */
  readonly durationMs: () => number;
  /** Runs when the call completes (at the reply). */
  readonly execute: () => T;
  readonly reply: (result: T) => void;
  readonly describe: (result: T) => { summary: string; detail?: CriFields };
}

export function criCall<T>(c: CriCall<T>): void {
  const objectField = c.object ? { object: c.object } : {};
  c.sim.send(
    {
      from: c.kubelet,
      to: c.runtime,
      kind: "request",
      summary: `${c.call} ${c.summary}`,
      ...objectField,
      detail: { type: "cri", call: c.call, ...c.detail },
    },
    0,
    () => {
      const duration = c.durationMs();
      let result: T;
      c.sim.send(
        () => {
          result = c.execute();
          const d = c.describe(result);
          return {
            from: c.runtime,
            to: c.kubelet,
            kind: "response",
            summary: d.summary,
            ...objectField,
            detail: { type: "cri", call: c.call, durationMs: duration, ...c.detail, ...(d.detail ?? {}) },
          };
        },
        duration,
        () => c.reply(result),
      );
    },
  );
}
