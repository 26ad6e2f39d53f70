import { describe, expect, it } from "vitest";
import { goFormatValue } from "./customColumns";
import { formatLabels, naturalLess } from "./getOutput";

describe("get printers' helpers", () => {
  it("labels.FormatLabels", () => {
    expect(formatLabels({ b: "2", a: "1" })).toBe("a=1,b=2");
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels(undefined)).toBe("<none>");
  });

  it("sortorder.NaturalLess compares digit runs as numbers", () => {
    expect(naturalLess("pod-2", "pod-10")).toBe(true);
    expect(naturalLess("pod-10", "pod-2")).toBe(false);
    expect(naturalLess("a", "b")).toBe(true);
    expect(naturalLess("2026-01-01T09:00:04Z", "2026-01-01T09:00:10Z")).toBe(true);
    expect(naturalLess("x", "x")).toBe(false);
  });

  it("custom-columns formats values as Go's %v", () => {
    expect(goFormatValue({ b: 1, a: "x" })).toBe("map[a:x b:1]");
    expect(goFormatValue(["a", 2, true])).toBe("[a 2 true]");
  });
});
