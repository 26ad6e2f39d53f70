// A container's output as containerd's log file holds it: what the process wrote to stdout and
// stderr, with the simulated time it wrote it. Kept as written (one chunk per write, split into
// lines only when read), and a start-up banner that every container of an image prints the same
// way is kept as a shared renderer, so ten thousand nginx containers do not each hold a copy.

import { formatRfc3339 } from "../sim/time";

/** One line a container wrote. */
export interface LogLine {
  /** Simulated ms since the start of the simulation. */
  readonly timeMs: number;
  readonly stream: "stdout" | "stderr";
  readonly line: string;
}

interface Chunk {
  readonly timeMs: number;
  readonly fd: 1 | 2;
  /** Whole lines (ending in "\n"), or a renderer given the wall-clock ms of the write. */
  readonly text: string | ((epochMs: number) => string);
}

/** The log is bounded (the kubelet rotates container logs); the oldest writes go first. */
const MAX_CHUNKS = 5000;

export class ProcessLog {
  private chunks: Chunk[] | undefined;
  private partial: [string, string] | undefined;

  /** Appends text; a line without its newline waits for the rest (or for flush). */
  write(timeMs: number, fd: 1 | 2, text: string): void {
    let pending = this.partial?.[fd - 1] ?? "";
    if (pending !== "") text = pending + text;
    const nl = text.lastIndexOf("\n");
    pending = nl === text.length - 1 ? "" : text.slice(nl + 1);
    if (pending !== "" || this.partial) (this.partial ??= ["", ""])[fd - 1] = pending;
    if (nl >= 0) this.push({ timeMs, fd, text: pending === "" ? text : text.slice(0, nl + 1) });
  }

  /** Appends lines rendered when read (a banner shared by every container of an image). */
  writeRendered(timeMs: number, fd: 1 | 2, render: (epochMs: number) => string): void {
    this.push({ timeMs, fd, text: render });
  }

  private push(chunk: Chunk): void {
    const chunks = (this.chunks ??= []);
    chunks.push(chunk);
    if (chunks.length > MAX_CHUNKS) chunks.splice(0, chunks.length - MAX_CHUNKS);
  }

  /** The process ended: an unfinished last line is kept as a line. */
  flush(timeMs: number): void {
    for (const fd of [1, 2] as const) if (this.partial?.[fd - 1]) this.write(timeMs, fd, "\n");
  }

  lines(epochMs: number): LogLine[] {
    const out: LogLine[] = [];
    for (const c of this.chunks ?? []) {
      const text = typeof c.text === "string" ? c.text : c.text(epochMs + c.timeMs);
      const stream = c.fd === 1 ? "stdout" : "stderr";
      const parts = text.split("\n");
      parts.pop();
      for (const line of parts) out.push({ timeMs: c.timeMs, stream, line });
    }
    return out;
  }
}

/** Log lines as `kubectl logs --timestamps` prints their times (RFC 3339 with nanoseconds). */
export function logTimestamp(epochMs: number, timeMs: number): string {
  const ms = epochMs + timeMs;
  return `${formatRfc3339(ms).slice(0, -1)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}000000Z`;
}
