// Indexes over the trace for the timeline and narration: events by seq, the rows shown when
// heartbeats are hidden (extended incrementally as batches append), the etcd revision a step saw,
// and what a step caused. Pure, so tested in Node.

import type { TraceEvent } from "../../engine/trace/traceEvent";

/** The event with this seq. Seqs start at 1 and are dense, so this is usually `trace[seq - 1]`. */
export function eventBySeq(trace: readonly TraceEvent[], seq: number): TraceEvent | undefined {
  const direct = trace[seq - 1];
  if (direct?.seq === seq) return direct;
  const i = indexBySeq(trace, seq);
  return i === undefined ? undefined : trace[i];
}

/** Index in `trace` of the event with this seq (binary search; the trace is ordered by seq). */
export function indexBySeq(trace: readonly TraceEvent[], seq: number): number | undefined {
  let lo = 0;
  let hi = trace.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (trace[mid] as TraceEvent).seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export interface TimelineRows {
  readonly trace: readonly TraceEvent[];
  readonly hideHeartbeats: boolean;
  /**
   * Indices into `trace` of the events shown, in order: the first `count` entries. The array is
   * shared with (and appended to by) later results extending this one, so read only `count`.
   */
  readonly indices: readonly number[];
  readonly count: number;
}

/**
 * The rows the timeline shows. When `previous` was computed for a prefix of this trace (the
 * common case: a batch appended events), only the new events are examined and the index array is
 * appended to in place, so a batch costs O(new events), not O(trace).
 */
export function timelineRows(
  trace: readonly TraceEvent[],
  hideHeartbeats: boolean,
  previous?: TimelineRows,
): TimelineRows {
  const n = previous?.trace.length ?? 0;
  const extendsPrevious =
    previous !== undefined &&
    previous.hideHeartbeats === hideHeartbeats &&
    n <= trace.length &&
    (n === 0 || previous.trace[n - 1] === trace[n - 1]);
  if (extendsPrevious && previous) {
    if (n === trace.length) return previous.trace === trace ? previous : { ...previous, trace };
    const indices = previous.indices as number[];
    // Another result may have extended the shared array already: drop what it added.
    indices.length = previous.count;
    for (let i = n; i < trace.length; i++) {
      if (!hideHeartbeats || !(trace[i] as TraceEvent).background) indices.push(i);
    }
    return { trace, hideHeartbeats, indices, count: indices.length };
  }
  const indices: number[] = [];
  for (let i = 0; i < trace.length; i++) {
    if (!hideHeartbeats || !(trace[i] as TraceEvent).background) indices.push(i);
  }
  return { trace, hideHeartbeats, indices, count: indices.length };
}

let lastRows: TimelineRows | undefined;

/** timelineRows with a one-entry memo, for the (single) timeline view. */
export function memoTimelineRows(trace: readonly TraceEvent[], hideHeartbeats: boolean): TimelineRows {
  lastRows = timelineRows(trace, hideHeartbeats, lastRows);
  return lastRows;
}

/** Position among `rows` of the event with this seq, or undefined when it is not shown. */
export function rowOfSeq(rows: TimelineRows, seq: number): number | undefined {
  const { indices, trace } = rows;
  let lo = 0;
  let hi = rows.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (trace[indices[mid] as number] as TraceEvent).seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function revisionOf(e: TraceEvent): number | undefined {
  if (e.revision !== undefined) return e.revision;
  const d = e.detail;
  return d?.type === "etcd" && d.op !== "compact" ? d.revision : undefined;
}

/**
 * The newest etcd revision the trace had shown by step `seq`: the object versions a learner can
 * see "as of" that step. Watch events trail writes, so a few more events are looked at once one
 * revision is found.
 */
export function revisionAtSeq(trace: readonly TraceEvent[], seq: number): number | undefined {
  const start = indexBySeq(trace, seq);
  if (start === undefined) return undefined;
  let best: number | undefined;
  let extra = 0;
  for (let i = start; i >= 0; i--) {
    const r = revisionOf(trace[i] as TraceEvent);
    if (r !== undefined && (best === undefined || r > best)) best = r;
    if (best !== undefined && ++extra > 64) break;
  }
  return best;
}

/** The events this step caused directly (the messages sent while handling it), at most `limit`. */
export function consequences(trace: readonly TraceEvent[], seq: number, limit = 8): TraceEvent[] {
  const start = indexBySeq(trace, seq);
  const out: TraceEvent[] = [];
  if (start === undefined) return out;
  const end = Math.min(trace.length, start + 20000);
  for (let i = start + 1; i < end && out.length < limit; i++) {
    const e = trace[i] as TraceEvent;
    if (e.cause === seq) out.push(e);
  }
  return out;
}
