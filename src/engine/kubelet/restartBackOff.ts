// The kubelet's container restart back-off (k8s.io/client-go/util/flowcontrol Backoff, as
// pkg/kubelet/kubelet.go builds it: 10 s initial, doubling, capped at MaxContainerBackOff 5 min).
// An entry expires when the event it is asked about comes more than twice the cap (10 minutes)
// after the entry was last updated: a container that ran for 10 minutes restarts at once again.

import { MINUTE, SECOND } from "../sim/time";

export const INITIAL_BACKOFF_MS = 10 * SECOND;
export const MAX_BACKOFF_MS = 5 * MINUTE;

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

export class RestartBackOff {
  private readonly entries = new Map<string, Entry>();

  private live(key: string, eventMs: number): Entry | undefined {
    const entry = this.entries.get(key);
    return entry && eventMs - entry.lastUpdateMs <= 2 * MAX_BACKOFF_MS ? entry : undefined;
  }

  /** The current back-off for `key` (0 if none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** IsInBackOffSince: how much longer to wait after `eventMs` (0: not in back-off). */
  remaining(key: string, eventMs: number, nowMs: number): number {
    const entry = this.live(key, eventMs);
    return entry ? Math.max(0, entry.backoffMs - (nowMs - eventMs)) : 0;
  }

  /** Next: start at 10 s (again after an expired entry), else double up to the cap. */
  next(key: string, eventMs: number, nowMs: number): void {
    const entry = this.live(key, eventMs);
    if (!entry) this.entries.set(key, { backoffMs: INITIAL_BACKOFF_MS, lastUpdateMs: nowMs });
    else {
      entry.backoffMs = Math.min(entry.backoffMs * 2, MAX_BACKOFF_MS);
      entry.lastUpdateMs = nowMs;
    }
  }
}

/** Go's time.Duration.String() for a whole number of milliseconds: `0s`, `384ms`, `3.047s`, `1m20s`, `1h0m5s`. */
export function durationText(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = `${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${seconds}`;
  return m > 0 ? `${m}m${seconds}` : seconds;
}
