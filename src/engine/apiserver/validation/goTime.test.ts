import { describe, expect, it } from "vitest";
import { goTimeParseError } from "./goTime";

describe("goTimeParseError (time.Parse)", () => {
  const RFC3339 = "2006-01-02T15:04:05Z07:00";
  it("accepts RFC 3339", () => {
    expect(goTimeParseError(RFC3339, "2024-05-01T10:00:00Z")).toBeUndefined();
    expect(goTimeParseError(RFC3339, "2024-05-01T10:00:00.5+02:00")).toBeUndefined();
  });

  it("reports the element that failed", () => {
    expect(goTimeParseError(RFC3339, "2024-01-01 00:00:00")).toBe(
      'parsing time "2024-01-01 00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00" as "T"',
    );
    expect(goTimeParseError(RFC3339, "2024-01-01T00:00:00")).toBe(
      'parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    );
    expect(goTimeParseError(RFC3339, "2024-1-01T00:00:00Z")).toBe(
      'parsing time "2024-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"',
    );
    expect(goTimeParseError(RFC3339, "2024-13-01T00:00:00Z")).toBe(
      'parsing time "2024-13-01T00:00:00Z": month out of range',
    );
    expect(goTimeParseError(RFC3339, "2023-02-29T00:00:00Z")).toBe(
      'parsing time "2023-02-29T00:00:00Z": day out of range',
    );
    expect(goTimeParseError(RFC3339, "2024-01-01T00:00:00Zjunk")).toBe(
      'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"',
    );
  });
});
