// Plain-text rendering of trace events, for the CLI and for logs.

import type { TraceEvent } from "./traceEvent";

/** `12.345s` */
export function formatSimTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

const arrows = { request: "→", response: "←", watch: "⇢", internal: "•" } as const;

/** One line: time, seq, sender → receiver, what. */
export function formatTraceLine(event: TraceEvent): string {
  const who =
    event.from === event.to
      ? event.from
      : `${event.from} ${arrows[event.kind] === "←" ? "→" : arrows[event.kind]} ${event.to}`;
  return `${formatSimTime(event.time).padStart(9)}  #${String(event.seq).padEnd(6)} ${event.kind.padEnd(8)} ${who}: ${event.summary}`;
}
