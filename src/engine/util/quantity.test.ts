import { describe, it, expect } from "vitest";
import {
  QuantityError,
  formatBytes,
  formatCpuMilli,
  isValidQuantity,
  newMilliQuantity,
  newQuantity,
  parseQuantity,
  tryParseQuantity,
  type QuantityFormat,
} from "./quantity";

function q(text: string | number) {
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`did not parse: ${text}`);
  return parsed;
}

describe("parseQuantity", () => {
  it("parses the common CPU and memory forms", () => {
    expect(q("100m").milliValue()).toBe(100);
    expect(q("0.5").milliValue()).toBe(500);
    expect(q("2").milliValue()).toBe(2000);
    expect(q(1).milliValue()).toBe(1000);
    expect(q(0.25).milliValue()).toBe(250);
    expect(q("1Gi").value()).toBe(1073741824);
    expect(q("512Mi").value()).toBe(536870912);
    expect(q("128974848").value()).toBe(128974848);
    expect(q("129e6").value()).toBe(129000000);
    expect(q("129M").value()).toBe(129000000);
    expect(q("1k").value()).toBe(1000);
    expect(q("1M").value()).toBe(1000000);
    expect(q("1Ki").value()).toBe(1024);
    expect(q("1.5Gi").value()).toBe(1610612736);
    expect(q(" 1 ").value()).toBe(1); // UnmarshalJSON trims
  });

  it("rounds up like MilliValue and Value", () => {
    expect(q("0.1m").milliValue()).toBe(1);
    expect(q("1n").milliValue()).toBe(1);
    expect(q("1500m").value()).toBe(2);
    expect(q("-1500m").value()).toBe(-2); // away from zero
    expect(q("0").milliValue()).toBe(0);
  });

  it("keeps the formats of the upstream parse table", () => {
    const table: [string, QuantityFormat][] = [
      ["0", "DecimalSI"],
      ["0Ki", "BinarySI"],
      ["5n", "DecimalSI"],
      ["1E-3", "DecimalExponent"],
      ["1.3E+6", "DecimalExponent"],
      ["0.5Mi", "BinarySI"],
      ["0.000000000001Ki", "DecimalSI"], // rounds up, changes format
      ["9Ei", "BinarySI"],
      ["1.G", "DecimalSI"],
    ];
    for (const [text, format] of table) expect(q(text).format, text).toBe(format);
  });

  it("rounds values finer than nano up, and caps binary values at 2^63-1", () => {
    expect(q("3.001n").toString()).toBe("4n");
    expect(q("0.9n").toString()).toBe("1n");
    expect(q("0.00000012345").toString()).toBe("124n");
    expect(q("1.1E-9").toString()).toBe("2e-9");
    expect(q("9Ei").toString()).toBe("9223372036854775807");
    expect(q("9223372036854775807Ki").toString()).toBe("9223372036854775807");
  });

  it("accepts the nonstandard forms upstream accepts", () => {
    expect(q(".001").toString()).toBe("1m");
    expect(q(".0001k").toString()).toBe("100m");
    expect(q("1.").value()).toBe(1);
    expect(q("1.").toString()).toBe("1."); // the fast path keeps the input text as its string
    expect(q("100.035k").value()).toBe(100035);
    expect(q("100.035k").toString()).toBe("100.035k");
    expect(q("+1").value()).toBe(1);
  });

  it("rejects invalid input with the upstream messages", () => {
    const invalid = [
      "1.1.M",
      "1+1.0M",
      "0.1mi",
      "0.1am",
      "aoeu",
      ".5i",
      "1i",
      "-3.01i",
      "-3.01e-",
      "",
      "1Gb",
    ];
    for (const text of invalid) expect(tryParseQuantity(text).ok, text).toBe(false);
    expect(tryParseQuantity("abc")).toEqual({
      ok: false,
      error: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    });
    expect(tryParseQuantity("1i")).toEqual({ ok: false, error: QuantityError.Suffix });
    expect(QuantityError.Suffix).toBe("unable to parse quantity's suffix");
    expect(isValidQuantity("1Gi")).toBe(true);
    expect(isValidQuantity("1GB")).toBe(false);
    expect(isValidQuantity({})).toBe(false);
    expect(isValidQuantity(Number.NaN)).toBe(false);
  });

  it("compares quantities", () => {
    expect(q("100m").cmp(q("50m"))).toBe(1);
    expect(q("50m").cmp(q("100m"))).toBe(-1);
    expect(q("10000T").cmp(q("100Gi"))).toBe(1);
    expect(q("1Gi").cmp(q("1024Mi"))).toBe(0);
    expect(q("-1").cmp(q("1e100"))).toBe(-1);
  });
});

describe("canonical form", () => {
  it("re-emits parsed values canonically (TestQuantityParseEmit)", () => {
    const table: [string, string][] = [
      ["1Ki", "1Ki"],
      ["1Mi", "1Mi"],
      ["1Gi", "1Gi"],
      ["1024Mi", "1Gi"],
      ["1000M", "1G"],
      [".001Ki", "1024m"],
      [".000001Ki", "1024u"],
      [".000000001Ki", "1024n"],
      [".000000000001Ki", "2n"],
      ["1.5", "1500m"],
      ["1.5Gi", "1536Mi"],
      ["0.5", "500m"],
      ["1080m", "1080m"],
      ["1.08", "1080m"],
      ["0.001T", "1G"],
      ["1000E", "1e21"],
      ["307200Ki", "300Mi"],
      ["1025", "1025"],
      ["129e6", "129e6"],
      ["0.001e12", "1e9"],
      ["1000e-12", "1e-9"],
    ];
    for (const [input, expected] of table) {
      expect(q(input).toString(), input).toBe(expected);
      expect(q(`-${input}`).toString(), `-${input}`).toBe(`-${expected}`);
    }
  });

  it("keeps an already canonical input string verbatim", () => {
    expect(q("100m").toString()).toBe("100m");
    expect(q("1e3").toString()).toBe("1e3");
    expect(q("+1").toString()).toBe("+1");
  });

  it("formats CPU and memory like node capacity and kubectl describe", () => {
    expect(formatCpuMilli(100)).toBe("100m");
    expect(formatCpuMilli(2000)).toBe("2");
    expect(formatCpuMilli(1500)).toBe("1500m");
    expect(formatCpuMilli(0)).toBe("0");
    expect(formatBytes(1073741824)).toBe("1Gi");
    expect(formatBytes(16393828 * 1024)).toBe("16393828Ki");
    expect(formatBytes(300 * 1024 * 1024)).toBe("300Mi");
    expect(formatBytes(1025)).toBe("1025");
    expect(formatBytes(1000)).toBe("1k"); // below 1024, BinarySI prints as DecimalSI
    expect(formatBytes(128974848)).toBe("123Mi");
  });

  it("matches TestNewSet and TestMilliNewSet", () => {
    expect(newQuantity(1234000, "DecimalSI").toString()).toBe("1234k");
    expect(newQuantity(1024 * 1024, "BinarySI").toString()).toBe("1Mi");
    expect(newMilliQuantity(1234000, "DecimalSI").toString()).toBe("1234");
    expect(newMilliQuantity(1024, "BinarySI").toString()).toBe("1024m");
    expect(newMilliQuantity(1, "DecimalSI").toString()).toBe("1m");
  });
});
