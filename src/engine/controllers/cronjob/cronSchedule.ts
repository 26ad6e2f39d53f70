// The cron schedules of the CronJob controller, as robfig/cron/v3's ParseStandard reads them:
// five fields (minute hour day-of-month month day-of-week, with names, ranges, lists, steps and
// `?`), the descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and
// `@every <duration>`, and a `TZ=` or `CRON_TZ=` prefix. The fields are checked here, with
// robfig's error messages, and normalised; the `croner` library then finds the next matching
// instant in the schedule's time zone. Everything works on epoch milliseconds handed in by the
// caller: no ambient time (croner only reads the clock when it is given no start, which never
// happens here).

import { Cron } from "croner";
import { daysFromCivil, formatRfc3339, parseDuration } from "../../sim/time";

export interface CronSchedule {
  /** The first activation strictly after `afterMs` (epoch ms), or undefined if there is none. */
  next(afterMs: number): number | undefined;
}

export type ParseResult =
  { readonly ok: true; readonly schedule: CronSchedule } | { readonly ok: false; readonly error: string };

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** Go's strconv.Atoi, with the message of its error. */
function atoi(text: string): number | string {
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  return `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`;
}

function intOrName(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  const n = atoi(text);
  if (typeof n === "number" && n < 0) return `negative number (${n}) not allowed: ${text}`;
  return n;
}

/** getRange: one comma-separated part, normalised for croner (`N/s` → `N-max/s`, `?` → `*`). */
function normaliseRange(expr: string, bounds: Bounds): string | { error: string } {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  const singleDigit = lowAndHigh.length === 1;
  let start = bounds.min;
  let end = bounds.max;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") star = true;
  else {
    const low = intOrName(lowAndHigh[0] ?? "", bounds);
    if (typeof low === "string") return { error: low };
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = intOrName(lowAndHigh[1] ?? "", bounds);
      if (typeof high === "string") return { error: high };
      end = high;
    } else return { error: `too many hyphens: ${expr}` };
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = atoi(rangeAndStep[1] ?? "");
    if (typeof s === "string") return { error: s };
    step = s;
    // "N/step" means "N-max/step".
    if (singleDigit) end = bounds.max;
  } else if (rangeAndStep.length > 2) return { error: `too many slashes: ${expr}` };
  if (start < bounds.min)
    return { error: `beginning of range (${start}) below minimum (${bounds.min}): ${expr}` };
  if (end > bounds.max) return { error: `end of range (${end}) above maximum (${bounds.max}): ${expr}` };
  if (start > end) return { error: `beginning of range (${start}) beyond end of range (${end}): ${expr}` };
  if (step <= 0) return { error: `step of range should be a positive number: ${expr}` };
  if (star) return step === 1 ? "*" : `*/${step}`;
  if (step === 1) return start === end ? `${start}` : `${start}-${end}`;
  return `${start}-${end}/${step}`;
}

/** A time zone the runtime knows (Go's time.LoadLocation); "" and "UTC" are UTC. */
export function timeZoneError(zone: string): string | undefined {
  if (zone === "" || zone === "UTC") return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone ${zone}`;
  }
}

/** cron.ParseStandard. */
export function parseStandard(spec: string): ParseResult {
  let text = spec.trim();
  let zone = "UTC";
  if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
    const space = text.indexOf(" ");
    const name = text.slice(text.indexOf("=") + 1, space < 0 ? undefined : space);
    const error = timeZoneError(name);
    if (error !== undefined) return { ok: false, error: `provided bad location ${name}: ${error}` };
    zone = name || "UTC";
    text = space < 0 ? "" : text.slice(space).trim();
  }
  if (text.startsWith("@every ")) {
    const ms = parseDuration(text.slice("@every ".length).trim());
    if (ms === undefined) return { ok: false, error: `failed to parse duration ${text}` };
    const delay = Math.max(1000, ms - (ms % 1000));
    // ConstantDelaySchedule: from the start of the current second.
    return { ok: true, schedule: { next: (after) => after - millisOf(after) + delay } };
  }
  if (text.startsWith("@")) {
    const descriptor = DESCRIPTORS[text];
    if (!descriptor) return { ok: false, error: `unrecognized descriptor: ${text}` };
    text = descriptor;
  }
  const fields = text.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5)
    return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  const normalised: string[] = [];
  for (const [i, field] of fields.entries()) {
    const parts: string[] = [];
    for (const part of field.split(",")) {
      const range = normaliseRange(part, FIELDS[i] as Bounds);
      if (typeof range !== "string") return { ok: false, error: range.error };
      parts.push(range);
    }
    normalised.push(parts.join(","));
  }
  let cron: Cron;
  try {
    cron = new Cron(normalised.join(" "), { mode: "5-part", timezone: zone, legacyMode: true });
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return {
    ok: true,
    schedule: {
      next: (after) => cron.nextRun(isoString(after))?.getTime(),
    },
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function millisOf(epochMs: number): number {
  return ((epochMs % 1000) + 1000) % 1000;
}

/** An ISO 8601 instant in UTC with milliseconds, which croner reads as that instant. */
function isoString(epochMs: number): string {
  return `${formatRfc3339(epochMs).slice(0, -1)}.${pad(millisOf(epochMs), 3)}Z`;
}

/**
 * time.Time.In(zone).Format(time.RFC3339): `2026-01-01T09:10:00Z`, or with the zone's offset,
 * `2026-01-01T10:10:00+01:00`.
 */
export function formatInZone(epochMs: number, zone: string): string {
  if (zone === "" || zone === "UTC") return formatRfc3339(epochMs);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone || "UTC",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(epochMs);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const wall =
    ((daysFromCivil(get("year"), get("month"), get("day")) * 24 + get("hour")) * 60 + get("minute")) * 60000 +
    get("second") * 1000;
  const offsetMin = Math.round((wall - (epochMs - millisOf(epochMs))) / 60000);
  const base = `${get("year")}-${pad(get("month"))}-${pad(get("day"))}T${pad(get("hour"))}:${pad(get("minute"))}:${pad(get("second"))}`;
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
