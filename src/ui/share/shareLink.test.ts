import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { MAX_LINK_CHARS, decodeShare, encodeShare } from "./shareLink";

const state = {
  scenario: { seed: 7, workers: 2, steps: [{ at: 1500, apply: "apiVersion: v1\nkind: Pod\n" }] },
  until: 42_000,
  editorText: "apiVersion: v1\nkind: Pod\n",
};

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("share links", () => {
  it("round-trip the scenario, the moment and the editor text", () => {
    const encoded = encodeShare(state);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.fragment).toMatch(/^s=[A-Za-z0-9_-]+$/);
    expect(decodeShare(`#${encoded.fragment}`)).toEqual({ ok: true, state });
  });

  it("say nothing when the URL has no link", () => {
    expect(decodeShare("")).toEqual({ ok: "none" });
    expect(decodeShare("#other=1")).toEqual({ ok: "none" });
  });

  it("explain damaged links", () => {
    const encoded = encodeShare(state);
    if (!encoded.ok) throw new Error("encode failed");
    const cut = decodeShare(`#${encoded.fragment.slice(0, encoded.fragment.length / 2)}`);
    expect(cut).toMatchObject({ ok: false });
    expect(!cut.ok && "error" in cut ? cut.error : "").toMatch(
      /^This share link cannot be opened: it is damaged/,
    );
    expect(decodeShare("#s=@@@")).toMatchObject({
      ok: false,
      error: expect.stringContaining("characters a share link never has"),
    });
    const notJson = base64Url(deflateSync(strToU8("hello")));
    expect(decodeShare(`#s=${notJson}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining("not valid JSON"),
    });
    const badScenario = base64Url(
      deflateSync(strToU8(JSON.stringify({ v: 1, seed: 1, workers: 99999, steps: [] }))),
    );
    expect(decodeShare(`#s=${badScenario}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining("spec.workers"),
    });
    const future = base64Url(deflateSync(strToU8(JSON.stringify({ v: 9 }))));
    expect(decodeShare(`#s=${future}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining("different version"),
    });
  });

  it("refuse oversized links, both ways", () => {
    // Random text does not compress: this cannot fit in a link.
    let noise = "";
    for (let i = 0; noise.length < 200_000; i++) noise += ((i * 2654435761) >>> 0).toString(36);
    const big = encodeShare({ ...state, editorText: noise });
    expect(big).toMatchObject({ ok: false, error: expect.stringContaining("too large to share") });
    expect(decodeShare(`#s=${"A".repeat(MAX_LINK_CHARS + 10)}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining("too long"),
    });
  });
});

describe("share links with a message count", () => {
  it("carry the count when there is one", () => {
    const encoded = encodeShare({ ...state, count: 123 });
    if (!encoded.ok) throw new Error("encode failed");
    expect(decodeShare(`#${encoded.fragment}`)).toEqual({ ok: true, state: { ...state, count: 123 } });
  });
});
