import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { MAX_LINK_CHARS, decodeShare, encodeShare } from "./shareLink";

const state = {
  scenario: { seed: 7, workers: 2, steps: [{ at: 1500, apply: "apiVersion: v1\nkind: Pod\n" }] },
  until: 42_000,
  documents: [
    { name: "pod.yaml", text: "apiVersion: v1\nkind: Pod\n" },
    { name: "web.yaml", text: "kind: Service\n" },
  ],
  selected: 1,
};

function link(data: unknown): string {
  return `#s=${base64Url(deflateSync(strToU8(JSON.stringify(data))))}`;
}

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("share links", () => {
  it("round-trip the scenario, the moment and the editor's documents", () => {
    const encoded = encodeShare(state);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.fragment).toMatch(/^s=[A-Za-z0-9_-]+$/);
    expect(decodeShare(`#${encoded.fragment}`)).toEqual({ ok: true, state });
  });

  it("round-trip terminal commands with the documents they read and their Ctrl+C", () => {
    const withKubectl = {
      ...state,
      scenario: {
        ...state.scenario,
        steps: [
          { at: 1000, kubectl: "kubectl get pods -w", cancelAt: 6500 },
          { at: 1000, kubectl: "kubectl apply -f web.yaml", files: { "web.yaml": "kind: Service\n" } },
          { at: 2000, kubectl: "k get po" },
        ],
      },
    };
    const encoded = encodeShare(withKubectl);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(decodeShare(`#${encoded.fragment}`)).toEqual({ ok: true, state: withKubectl });
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
    const big = encodeShare({ ...state, documents: [{ name: "noise.yaml", text: noise }] });
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

describe("share links and editor documents", () => {
  const base = { v: 1, seed: 7, workers: 2, steps: [], until: 0 };

  it("open links made before documents (one editor text) as pod.yaml", () => {
    const decoded = decodeShare(link({ ...base, editor: "kind: Pod\n" }));
    expect(decoded).toEqual({
      ok: true,
      state: {
        scenario: { seed: 7, workers: 2, steps: [] },
        until: 0,
        documents: [{ name: "pod.yaml", text: "kind: Pod\n" }],
        selected: 0,
      },
    });
  });

  it("refuse invalid documents with a reason", () => {
    expect(
      decodeShare(
        link({
          ...base,
          docs: [
            ["a.yaml", "x"],
            ["a.yaml", "y"],
          ],
        }),
      ),
    ).toMatchObject({
      ok: false,
      error:
        "This share link cannot be opened: its editor documents are invalid (document 2: a document named a.yaml is already open). The default cluster was opened instead.",
    });
    expect(decodeShare(link({ ...base, docs: [] }))).toMatchObject({
      ok: false,
      error: expect.stringContaining("(there are no documents)"),
    });
    expect(decodeShare(link({ ...base, docs: [["dir/a.yaml", "x"]] }))).toMatchObject({
      ok: false,
      error: expect.stringContaining("document 1: a file name cannot contain a slash"),
    });
    expect(decodeShare(link({ ...base, docs: [["a.yaml", 5]] }))).toMatchObject({
      ok: false,
      error: expect.stringContaining("document 1 has no name or text"),
    });
  });

  it("select the first document when the selection is out of range", () => {
    const decoded = decodeShare(
      link({
        ...base,
        docs: [
          ["a.yaml", ""],
          ["b.yaml", ""],
        ],
        sel: 5,
      }),
    );
    expect(decoded.ok === true && decoded.state.selected).toBe(0);
  });
});
