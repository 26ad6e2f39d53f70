import { describe, expect, it } from "vitest";
import { formatRfc3339, parseRfc3339 } from "../../sim/time";
import { formatRfc1123Z, getJobName, mostRecentScheduleTime, nextScheduleTimeDuration } from "./cronJobUtils";
import type { CronJobObject } from "./cronJobUtils";
import { formatInZone, parseStandard } from "./cronSchedule";
import { DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, remainingBackoff } from "../job/jobBackoff";

const t = (text: string): number => parseRfc3339(text) ?? Number.NaN;

/** The next `n` activations after `from`, as RFC 3339 (or with their offset in `zone`). */
function nextN(spec: string, from: string, n: number, zone?: string): string[] {
  const parsed = parseStandard(spec);
  if (!parsed.ok) throw new Error(parsed.error);
  const out: string[] = [];
  let at = t(from);
  for (let i = 0; i < n; i++) {
    const next = parsed.schedule.next(at);
    if (next === undefined) break;
    out.push(zone ? formatInZone(next, zone) : formatRfc3339(next));
    at = next;
  }
  return out;
}

describe("cron schedules (robfig/cron ParseStandard)", () => {
  it("computes activations strictly after a given instant, in UTC", () => {
    expect(nextN("*/10 * * * *", "2026-01-01T09:00:00Z", 3)).toEqual([
      "2026-01-01T09:10:00Z",
      "2026-01-01T09:20:00Z",
      "2026-01-01T09:30:00Z",
    ]);
    expect(nextN("5 4 * * sun", "2026-01-01T09:00:00Z", 2)).toEqual([
      "2026-01-04T04:05:00Z",
      "2026-01-11T04:05:00Z",
    ]);
    // Day of month and day of week restricted: either matches (Vixie cron).
    expect(nextN("0 0 13 * 5", "2026-01-01T09:00:00Z", 3)).toEqual([
      "2026-01-02T00:00:00Z",
      "2026-01-09T00:00:00Z",
      "2026-01-13T00:00:00Z",
    ]);
    // "N/step" means "N-max/step"; names and "?" are accepted.
    expect(nextN("50/5 9 ? JAN THU", "2026-01-01T09:00:00Z", 3)).toEqual([
      "2026-01-01T09:50:00Z",
      "2026-01-01T09:55:00Z",
      "2026-01-08T09:50:00Z",
    ]);
  });

  it("understands descriptors, @every and a time zone prefix", () => {
    expect(nextN("@hourly", "2026-01-01T09:00:00Z", 2)).toEqual([
      "2026-01-01T10:00:00Z",
      "2026-01-01T11:00:00Z",
    ]);
    expect(nextN("@daily", "2026-01-01T09:00:00Z", 1)).toEqual(["2026-01-02T00:00:00Z"]);
    expect(nextN("@every 90s", "2026-01-01T09:00:00Z", 2)).toEqual([
      "2026-01-01T09:01:30Z",
      "2026-01-01T09:03:00Z",
    ]);
    expect(nextN("CRON_TZ=Europe/Berlin 0 9 * * *", "2026-01-01T09:00:00Z", 1, "Europe/Berlin")).toEqual([
      "2026-01-02T09:00:00+01:00",
    ]);
    expect(nextN("TZ=America/New_York 30 6 * * *", "2026-07-01T00:00:00Z", 1)).toEqual([
      "2026-07-01T10:30:00Z",
    ]);
  });

  it("rejects what robfig/cron rejects, with its messages", () => {
    const error = (spec: string): string | undefined => {
      const parsed = parseStandard(spec);
      return parsed.ok ? undefined : parsed.error;
    };
    expect(error("0 0 0 0 0 0")).toBe("expected exactly 5 fields, found 6: [0 0 0 0 0 0]");
    expect(error("60 * * * *")).toBe("end of range (60) above maximum (59): 60");
    expect(error("* * 0 * *")).toBe("beginning of range (0) below minimum (1): 0");
    expect(error("* * * * 7")).toBe("end of range (7) above maximum (6): 7");
    expect(error("5-1 * * * *")).toBe("beginning of range (5) beyond end of range (1): 5-1");
    expect(error("x * * * *")).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(error("@fortnightly")).toBe("unrecognized descriptor: @fortnightly");
    expect(error("TZ=Mars/Olympus * * * * *")).toBe(
      "provided bad location Mars/Olympus: unknown time zone Mars/Olympus",
    );
  });

  it("formats times as Go does: RFC 3339 in a zone, RFC 1123Z", () => {
    expect(formatInZone(t("2026-01-01T09:10:00Z"), "")).toBe("2026-01-01T09:10:00Z");
    expect(formatInZone(t("2026-01-01T09:10:00Z"), "Asia/Kolkata")).toBe("2026-01-01T14:40:00+05:30");
    expect(formatInZone(t("2026-07-01T09:10:00Z"), "America/New_York")).toBe("2026-07-01T05:10:00-04:00");
    expect(formatRfc1123Z(t("2026-01-01T09:10:00Z"))).toBe("Thu, 01 Jan 2026 09:10:00 +0000");
  });
});

describe("CronJob schedule arithmetic (cronjob/utils.go)", () => {
  const cronJob = (
    schedule: string,
    status: Record<string, unknown> = {},
    spec: Record<string, unknown> = {},
  ) =>
    ({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "hello", namespace: "default", creationTimestamp: "2026-01-01T09:00:00Z" },
      spec: { schedule, jobTemplate: {}, ...spec },
      status,
    }) as unknown as CronJobObject;
  const every10 = parseStandard("*/10 * * * *");
  if (!every10.ok) throw new Error(every10.error);
  const sched = every10.schedule;

  it("finds the most recent unmet schedule time and when to look again", () => {
    const cj = cronJob("*/10 * * * *");
    expect(mostRecentScheduleTime(cj, t("2026-01-01T09:05:00Z"), sched, true).mostRecent).toBeUndefined();
    expect(nextScheduleTimeDuration(cj, t("2026-01-01T09:05:00Z"), sched)).toBe(5 * 60_000 + 100);
    const recent = mostRecentScheduleTime(cj, t("2026-01-01T09:10:00.100Z"), sched, true);
    expect(recent.mostRecent).toBe(t("2026-01-01T09:10:00Z"));
    // Missed several: the latest one counts, and the count is "few".
    const late = mostRecentScheduleTime(cj, t("2026-01-01T09:45:00Z"), sched, true);
    expect([late.mostRecent, late.missed]).toEqual([t("2026-01-01T09:40:00Z"), "few"]);
    // After a run, the next look is 100 ms after the next schedule time.
    const ran = cronJob("*/10 * * * *", { lastScheduleTime: "2026-01-01T09:10:00Z" });
    expect(nextScheduleTimeDuration(ran, t("2026-01-01T09:10:00.200Z"), sched)).toBe(10 * 60_000 - 100);
    expect(getJobName(ran, t("2026-01-01T09:10:00Z"))).toBe("hello-29454310");
  });

  it("ignores schedule times older than startingDeadlineSeconds", () => {
    const cj = cronJob("*/10 * * * *", {}, { startingDeadlineSeconds: 60 });
    expect(mostRecentScheduleTime(cj, t("2026-01-01T09:12:00Z"), sched, true).mostRecent).toBeUndefined();
    expect(mostRecentScheduleTime(cj, t("2026-01-01T09:12:00Z"), sched, false).mostRecent).toBe(
      t("2026-01-01T09:10:00Z"),
    );
  });
});

describe("Job pod-failure backoff (backoff_utils.go)", () => {
  it("doubles from 10 s per failure since the last success, capped at 10 minutes", () => {
    const after = (failures: number, elapsedMs = 0): number =>
      remainingBackoff(
        { key: "k", failuresAfterLastSuccess: failures, lastFailureTime: 1_000_000 },
        1_000_000 + elapsedMs,
      );
    expect(DEFAULT_JOB_POD_FAILURE_BACKOFF_MS).toBe(10_000);
    expect([0, 1, 2, 3, 4].map((n) => after(n))).toEqual([0, 10_000, 20_000, 40_000, 80_000]);
    expect(after(7)).toBe(600_000);
    expect(after(30)).toBe(600_000);
    expect(after(2, 15_000)).toBe(5_000);
    expect(after(2, 25_000)).toBe(0);
  });
});
