// Mirrors k8s.io/apimachinery/pkg/util/duration (HumanDuration) and the translateTimestampSince /
// translateMicroTimestampSince helpers of k8s.io/kubernetes/pkg/printers/internalversion/printers.go.
// Kept here rather than shared so the printers stay byte-for-byte tied to the kubectl version they copy.

import { parseRfc3339 } from "../../sim/time";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's integer division of durations truncates toward zero. */
const div = (a: number, b: number): number => Math.trunc(a / b);

/** `HumanDuration(d)`: ~2-3 significant figures, e.g. `45s`, `3m20s`, `25m`, `5h10m`, `3d4h`, `2y30d`. */
export function humanDuration(ms: number): string {
  const seconds = div(ms, SECOND);
  // Up to 2s in the future is tolerated as clock skew and shown as "0s".
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = div(ms, MINUTE);
  if (minutes < 10) {
    const s = div(ms, SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = div(ms, HOUR);
  if (hours < 8) {
    const m = div(ms, MINUTE) % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${div(hours, 24)}d` : `${div(hours, 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${div(hours, 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = div(hours, 24) % 365;
    return dy === 0 ? `${div(hours, 24 * 365)}y` : `${div(hours, 24 * 365)}y${dy}d`;
  }
  return `${div(hours, 24 * 365)}y`;
}

/** Epoch ms of a metav1.Time / MicroTime, or undefined when it is absent (Go's zero time). */
export function timestampMs(value: string | null | undefined): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const ms = parseRfc3339(value);
  // 0001-01-01T00:00:00Z is Go's zero time, which serialises like any other instant.
  return ms === undefined || value.startsWith("0001-01-01T00:00:00") ? undefined : ms;
}

/** `translateTimestampSince`: `<unknown>` for a zero timestamp, else the human age. */
export function translateTimestampSince(value: string | null | undefined, nowMs: number): string {
  const ms = timestampMs(value);
  return ms === undefined ? "<unknown>" : humanDuration(nowMs - ms);
}
