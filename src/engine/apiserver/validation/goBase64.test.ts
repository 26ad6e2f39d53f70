import { describe, expect, it } from "vitest";
import { base64ErrorOffset } from "./goBase64";

describe("base64ErrorOffset (encoding/base64 StdEncoding)", () => {
  it("finds Go's CorruptInputError offsets", () => {
    expect(base64ErrorOffset("")).toBeUndefined();
    expect(base64ErrorOffset("YWJj")).toBeUndefined();
    expect(base64ErrorOffset("YWJj\nZGVm\r\n")).toBeUndefined();
    expect(base64ErrorOffset("YQ==")).toBeUndefined();
    expect(base64ErrorOffset("abc$")).toBe(3);
    expect(base64ErrorOffset("YQ")).toBe(0);
    expect(base64ErrorOffset("YWJ")).toBe(0);
    expect(base64ErrorOffset("YQ=")).toBe(3);
    expect(base64ErrorOffset("Y===")).toBe(1);
    expect(base64ErrorOffset("YQ==YQ==")).toBe(4);
    expect(base64ErrorOffset("é")).toBe(0);
  });
});
