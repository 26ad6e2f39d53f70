// Asserting that a trace contains some messages in a given order (other messages may come between).

import type { TraceEvent } from "../trace/traceEvent";

export interface TraceMatcher {
  readonly from?: string;
  readonly to?: string;
  readonly kind?: TraceEvent["kind"];
  /** A substring of the summary, or a pattern. */
  readonly summary?: string | RegExp;
}

function matches(event: TraceEvent, m: TraceMatcher): boolean {
  if (m.from !== undefined && event.from !== m.from) return false;
  if (m.to !== undefined && event.to !== m.to) return false;
  if (m.kind !== undefined && event.kind !== m.kind) return false;
  if (m.summary !== undefined) {
    if (typeof m.summary === "string" ? !event.summary.includes(m.summary) : !m.summary.test(event.summary))
      return false;
  }
  return true;
}

/**
 * Finds the matchers in order; returns the matched events, or throws an error naming the first
 * matcher that could not be found after the previous match.
 */
export function findInOrder(trace: readonly TraceEvent[], matchers: readonly TraceMatcher[]): TraceEvent[] {
  const found: TraceEvent[] = [];
  let i = 0;
  for (const [n, m] of matchers.entries()) {
    while (i < trace.length && !matches(trace[i] as TraceEvent, m)) i++;
    if (i >= trace.length) {
      const after = found.length ? ` after #${found[found.length - 1]?.seq ?? 0}` : "";
      throw new Error(
        `step ${n + 1} not found${after}: ${JSON.stringify(m, (_k, v: unknown) => (v instanceof RegExp ? v.source : v))}`,
      );
    }
    found.push(trace[i] as TraceEvent);
    i++;
  }
  return found;
}
