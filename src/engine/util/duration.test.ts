import { describe, it, expect } from "vitest";
import { humanDuration, shortHumanDuration } from "./duration";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("humanDuration", () => {
  it("matches the upstream TestHumanDuration table", () => {
    const table: [number, string][] = [
      [1 * s, "1s"],
      [70 * s, "70s"],
      [190 * s, "3m10s"],
      [70 * m, "70m"],
      [47 * h, "47h"],
      [49 * h, "2d1h"],
      [(8 * 24 + 2) * h, "8d"],
      [367 * 24 * h, "367d"],
      [(365 * 2 * 24 + 25) * h, "2y1d"],
      [(365 * 8 * 24 + 2) * h, "8y"],
    ];
    for (const [ms, want] of table) expect(humanDuration(ms), want).toBe(want);
  });

  it("covers each branch", () => {
    expect(humanDuration(0)).toBe("0s");
    expect(humanDuration(5 * s)).toBe("5s");
    expect(humanDuration(119 * s + 999)).toBe("119s");
    expect(humanDuration(2 * m)).toBe("2m");
    expect(humanDuration(2 * m + 30 * s)).toBe("2m30s");
    expect(humanDuration(10 * m)).toBe("10m");
    expect(humanDuration(179 * m)).toBe("179m");
    expect(humanDuration(3 * h + 5 * m)).toBe("3h5m");
    expect(humanDuration(3 * h)).toBe("3h");
    expect(humanDuration(8 * h)).toBe("8h");
    expect(humanDuration(2 * d + 3 * h)).toBe("2d3h");
    expect(humanDuration(2 * d)).toBe("2d");
    expect(humanDuration(10 * d)).toBe("10d");
    expect(humanDuration(2 * 365 * d + 30 * d)).toBe("2y30d");
    expect(humanDuration(3 * 365 * d)).toBe("3y");
  });

  it("tolerates up to two seconds of skew, then reports <invalid>", () => {
    expect(humanDuration(-1 * s)).toBe("0s");
    expect(humanDuration(-1999)).toBe("0s");
    expect(humanDuration(-2 * s)).toBe("<invalid>");
  });
});

describe("shortHumanDuration", () => {
  it("uses one unit", () => {
    expect(shortHumanDuration(0)).toBe("0s");
    expect(shortHumanDuration(59 * s)).toBe("59s");
    expect(shortHumanDuration(90 * s)).toBe("1m");
    expect(shortHumanDuration(59 * m)).toBe("59m");
    expect(shortHumanDuration(5 * h)).toBe("5h");
    expect(shortHumanDuration(49 * h)).toBe("2d");
    expect(shortHumanDuration(364 * d)).toBe("364d");
    expect(shortHumanDuration(800 * d)).toBe("2y");
    expect(shortHumanDuration(-1 * s)).toBe("0s");
    expect(shortHumanDuration(-3 * s)).toBe("<invalid>");
  });
});
