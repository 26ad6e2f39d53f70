// Simulated time. The engine never reads wall time: every timestamp is derived from the
// virtual clock (milliseconds since the simulation started) plus a fixed epoch.

declare const simTimeBrand: unique symbol;
/** Milliseconds of simulated time since the simulation started. */
export type SimTime = number & { readonly [simTimeBrand]: true };

export const simTime = (ms: number): SimTime => ms as SimTime;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** Default wall-clock instant that simulated time 0 corresponds to (UTC, ms since the Unix epoch). */
export const DEFAULT_EPOCH_MS = 1_767_258_000_000; // 2026-01-01T09:00:00Z

/** Parses a Go/kubectl-style duration such as `90s`, `1m30s`, `10m`, `2h`, `500ms`, `1.5s`. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
  let total = 0;
  let pos = 0;
  while (pos < trimmed.length) {
    re.lastIndex = pos;
    const m = re.exec(trimmed);
    if (!m) return undefined;
    const value = Number(m[1]);
    const unit = m[2];
    total += value * (unit === "h" ? HOUR : unit === "m" ? MINUTE : unit === "s" ? SECOND : 1);
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : Math.round(total);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Civil date [year, month, day] from days since 1970-01-01 (Howard Hinnant's algorithm). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** RFC 3339 with second precision, as Kubernetes serialises metav1.Time: `2026-01-01T09:00:05Z`. */
export function formatRfc3339(epochMs: number): string {
  const totalSeconds = Math.floor(epochMs / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const secOfDay = totalSeconds - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const hh = Math.floor(secOfDay / 3600);
  const mm = Math.floor((secOfDay % 3600) / 60);
  const ss = secOfDay % 60;
  return `${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:${pad(ss)}Z`;
}

/** RFC 3339 with microseconds, as Kubernetes serialises metav1.MicroTime (Lease renewTime, Event eventTime). */
export function formatRfc3339Micro(epochMs: number): string {
  const base = formatRfc3339(epochMs).slice(0, -1);
  const micros = (((epochMs % 1000) + 1000) % 1000) * 1000;
  return `${base}.${pad(micros, 6)}Z`;
}

/** Days since 1970-01-01 of a civil date (the inverse of civilFromDays). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parses the RFC 3339 forms produced above back to epoch ms (used by printers for ages). */
export function parseRfc3339(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const days = daysFromCivil(y, mo, d);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  return ((days * 24 + Number(hs)) * 60 + Number(mis)) * 60000 + Number(ss) * 1000 + ms;
}
