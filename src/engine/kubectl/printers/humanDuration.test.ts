import { describe, expect, it } from "vitest";

import { humanDuration, timestampMs, translateTimestampSince } from "./humanDuration";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("humanDuration", () => {
  // Each pair was checked against kubectl v1.32 (`kubectl events` formats ages client-side).
  it.each([
    [3 * S, "3s"],
    [119 * S, "119s"],
    [2 * M, "2m"],
    [2 * M + 5 * S, "2m5s"],
    [9 * M + 59 * S, "9m59s"],
    [10 * M, "10m"],
    [179 * M, "179m"],
    [3 * H, "3h"],
    [3 * H + 5 * M, "3h5m"],
    [7 * H + 59 * M, "7h59m"],
    [8 * H, "8h"],
    [47 * H + 30 * M, "47h"],
    [48 * H, "2d"],
    [49 * H, "2d1h"],
    [7 * D + 23 * H, "7d23h"],
    [8 * D, "8d"],
    [729 * D, "729d"],
    [730 * D, "2y"],
    [731 * D, "2y1d"],
    [3 * 365 * D, "3y"],
    [8 * 365 * D, "8y"],
    [9 * 365 * D + 40 * D, "9y"],
  ])("%d ms -> %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it("tolerates up to 2s of clock skew, then calls the time invalid", () => {
    expect(humanDuration(-500)).toBe("0s");
    expect(humanDuration(-1999)).toBe("0s");
    expect(humanDuration(-2000)).toBe("<invalid>");
  });

  it("truncates rather than rounds", () => {
    expect(humanDuration(1999)).toBe("1s");
    expect(humanDuration(2 * M - 1)).toBe("119s");
  });
});

describe("translateTimestampSince", () => {
  it("prints <unknown> for absent or zero timestamps", () => {
    expect(translateTimestampSince(undefined, 0)).toBe("<unknown>");
    expect(translateTimestampSince(null, 0)).toBe("<unknown>");
    expect(translateTimestampSince("0001-01-01T00:00:00Z", 0)).toBe("<unknown>");
    expect(timestampMs("2026-01-01T09:00:00Z")).toBe(1_767_258_000_000);
  });

  it("measures from the given instant", () => {
    expect(translateTimestampSince("2026-01-01T09:00:00Z", 1_767_258_000_000 + 90 * S)).toBe("90s");
    expect(translateTimestampSince("2026-01-01T09:00:00.500000Z", 1_767_258_000_000 + 90 * S)).toBe("89s");
  });
});
