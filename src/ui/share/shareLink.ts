// Share links: the session scenario (cluster shape, seed, the learner's steps with their times),
// the moment to show, and the editor's documents (name and text each), compressed (fflate deflate) into the URL fragment as
// base64url. Decoding checks everything, so a damaged link gives a clear error, never a crash.

import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { type ScenarioStep, stepDocument, validateScenario } from "../../engine/scenario/scenario";
import type { SessionScenario } from "../../protocol/messages";
import { type DocumentData, FIRST_DOCUMENT_NAME, parseDocuments } from "../documents/documents";

export const SHARE_PARAM = "s";
/** Longest fragment we create or accept: comfortably below what browsers and chat apps keep. */
export const MAX_LINK_CHARS = 60_000;
/** A decompressed link may not claim to be larger than this (a zip bomb is "oversized" too). */
const MAX_JSON_BYTES = 2 * 1024 * 1024;

export interface SharedState {
  readonly scenario: SessionScenario;
  /** Simulated ms to run to when the link is opened. */
  readonly until: number;
  /** Messages delivered at that moment (so a run paused mid-instant reopens exactly there). */
  readonly count?: number;
  /** The editor's documents, in tab order (never empty once decoded). */
  readonly documents: readonly DocumentData[];
  /** Index of the selected document. */
  readonly selected: number;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("it contains characters a share link never has");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type EncodeResult =
  { readonly ok: true; readonly fragment: string } | { readonly ok: false; readonly error: string };

export function encodeShare(state: SharedState): EncodeResult {
  const json = JSON.stringify({
    v: 1,
    seed: state.scenario.seed,
    workers: state.scenario.workers,
    steps: state.scenario.steps,
    until: state.until,
    ...(state.count !== undefined ? { count: state.count } : {}),
    // [name, text] pairs: shorter than objects. Links made before documents carry `editor`.
    docs: state.documents.map((d) => [d.name, d.text]),
    sel: state.selected,
  });
  const fragment = `${SHARE_PARAM}=${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
  if (fragment.length > MAX_LINK_CHARS) {
    return {
      ok: false,
      error: `This run is too large to share as a link (${fragment.length} characters; the limit is ${MAX_LINK_CHARS}). Share fewer or shorter manifests.`,
    };
  }
  return { ok: true, fragment };
}

export type DecodeResult =
  | { readonly ok: true; readonly state: SharedState }
  | { readonly ok: false; readonly error: string }
  | { readonly ok: "none" };

/** Reads `#s=...`; `{ ok: "none" }` when the fragment holds no share link. */
export function decodeShare(hash: string): DecodeResult {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  const param = new URLSearchParams(fragment).get(SHARE_PARAM);
  if (param === null) return { ok: "none" };
  const fail = (why: string): DecodeResult => ({
    ok: false,
    error: `This share link cannot be opened: ${why}. The default cluster was opened instead.`,
  });
  if (fragment.length > MAX_LINK_CHARS)
    return fail(`it is too long (${fragment.length} characters; the limit is ${MAX_LINK_CHARS})`);
  let json: string;
  try {
    const bytes = inflateSync(fromBase64Url(param));
    if (bytes.length > MAX_JSON_BYTES) return fail("it expands to more than 2 MB");
    json = strFromU8(bytes);
  } catch (error) {
    return fail(
      error instanceof Error && error.message.startsWith("it ")
        ? error.message
        : "it is damaged (the data does not decompress); was it cut short when copied?",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return fail("it is damaged (the data is not valid JSON)");
  }
  if (typeof data !== "object" || data === null) return fail("it holds no scenario");
  const d = data as Record<string, unknown>;
  if (d["v"] !== 1)
    return fail(`it was made by a different version of Pilothouse (format ${JSON.stringify(d["v"])})`);
  const checked = validateScenario({
    apiVersion: "pilothouse.dev/v1alpha1",
    kind: "Scenario",
    metadata: { name: "shared" },
    spec: {
      seed: d["seed"],
      workers: d["workers"],
      steps: (d["steps"] as unknown[] | undefined)?.map(stepToDocument) ?? [],
    },
  });
  if (!checked.ok) return fail(`its scenario is invalid (${checked.errors[0] ?? ""})`);
  const until =
    typeof d["until"] === "number" && Number.isFinite(d["until"]) && d["until"] >= 0 ? d["until"] : 0;
  let documents: DocumentData[];
  let selected = 0;
  if (d["docs"] !== undefined) {
    const parsed = parseDocuments(d["docs"]);
    if (!parsed.ok) return fail(`its editor documents are invalid (${parsed.error})`);
    documents = parsed.documents;
    const sel = d["sel"];
    if (typeof sel === "number" && Number.isInteger(sel) && sel >= 0 && sel < documents.length)
      selected = sel;
  } else {
    const editorText = typeof d["editor"] === "string" ? d["editor"] : "";
    documents = [{ name: FIRST_DOCUMENT_NAME, text: editorText }];
  }
  const count =
    typeof d["count"] === "number" && Number.isInteger(d["count"]) && d["count"] >= 0
      ? d["count"]
      : undefined;
  const { seed, workers, steps } = checked.scenario;
  return {
    ok: true,
    state: {
      scenario: { seed, workers, steps },
      until,
      documents,
      selected,
      ...(count !== undefined ? { count } : {}),
    },
  };
}

/** Steps are stored with `at` in ms; the Scenario validator takes durations. */
function stepToDocument(step: unknown): unknown {
  if (typeof step !== "object" || step === null) return step;
  const s = step as Record<string, unknown>;
  if (typeof s["at"] !== "number") return s;
  // A kubectl step with what its replay needs is folded into the document's mapping form.
  if (typeof s["kubectl"] === "string" && ("files" in s || "cancelAt" in s))
    return stepDocument(s as unknown as ScenarioStep, `${s["at"]}ms`);
  return { ...s, at: `${s["at"]}ms` };
}
