import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import { simTime } from "../../engine/sim/time";
import {
  consequences,
  eventBySeq,
  indexBySeq,
  memoTimelineRows,
  revisionAtSeq,
  rowOfSeq,
  timelineRows,
} from "./timelineModel";

function trace(n: number, from = 1): TraceEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = from + i;
    return {
      seq,
      time: simTime(seq * 10),
      from: "kubelet/node-1",
      to: "kube-apiserver",
      kind: "request",
      summary: `#${seq}`,
      ...(seq % 3 === 0 ? { background: true } : {}),
      ...(seq > 1 ? { cause: seq - 1 } : {}),
    } satisfies TraceEvent;
  });
}

describe("lookups by seq", () => {
  it("finds events directly and by binary search when seqs do not start at 1", () => {
    const t = trace(10);
    expect(eventBySeq(t, 4)?.summary).toBe("#4");
    expect(eventBySeq(t, 11)).toBeUndefined();
    const shifted = trace(10, 50);
    expect(eventBySeq(shifted, 55)?.summary).toBe("#55");
    expect(indexBySeq(shifted, 55)).toBe(5);
    expect(indexBySeq(shifted, 5)).toBeUndefined();
  });
});

describe("timelineRows", () => {
  it("hides background events on request", () => {
    const t = trace(7);
    expect(timelineRows(t, false).indices).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(timelineRows(t, true).indices).toEqual([0, 1, 3, 4, 6]);
    expect(timelineRows(t, true).count).toBe(5);
  });

  it("extends the previous rows when a batch appends, and rebuilds after a reset or a toggle", () => {
    const t = trace(7);
    const first = timelineRows(t.slice(0, 4), true);
    expect(first.count).toBe(3);
    const appended = timelineRows(t, true, first);
    expect(appended.indices.slice(0, appended.count)).toEqual([0, 1, 3, 4, 6]);
    expect(appended.indices).toBe(first.indices);
    expect(first.count).toBe(3);
    expect(timelineRows(t, true, appended)).toBe(appended);
    expect(timelineRows([...t], true, appended).indices).toBe(appended.indices);
    // Extending an older result again (e.g. after a render was thrown away) stays correct.
    const again = timelineRows(t.slice(0, 5), true, first);
    expect(again.indices.slice(0, again.count)).toEqual([0, 1, 3, 4]);
    const reset = timelineRows(trace(2), true, appended);
    expect(reset.indices).toEqual([0, 1]);
    expect(timelineRows(t, false, appended).count).toBe(7);
    const memo = memoTimelineRows(t, true);
    expect(memo.indices.slice(0, memo.count)).toEqual([0, 1, 3, 4, 6]);
  });

  it("locates a seq among the shown rows", () => {
    const rows = timelineRows(trace(7), true);
    expect(rowOfSeq(rows, 5)).toBe(3);
    expect(rowOfSeq(rows, 3)).toBeUndefined();
  });
});

describe("revisionAtSeq and consequences", () => {
  it("takes the newest revision the trace had shown by a step", () => {
    const t = trace(10).map((e) =>
      e.seq === 3
        ? { ...e, revision: 22 }
        : e.seq === 5
          ? {
              ...e,
              detail: { type: "etcd" as const, op: "txn" as const, key: "k", succeeded: true, revision: 23 },
            }
          : e.seq === 6
            ? { ...e, revision: 21 }
            : e,
    );
    expect(revisionAtSeq(t, 2)).toBeUndefined();
    expect(revisionAtSeq(t, 4)).toBe(22);
    expect(revisionAtSeq(t, 9)).toBe(23);
  });

  it("lists the events a step caused", () => {
    const t = trace(6).map((e) => (e.seq === 5 ? { ...e, cause: 2 } : e));
    expect(consequences(t, 2).map((e) => e.seq)).toEqual([3, 5]);
    expect(consequences(t, 2, 1).map((e) => e.seq)).toEqual([3]);
    expect(consequences(t, 99)).toEqual([]);
  });
});
