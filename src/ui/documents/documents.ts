// The editor's documents: named manifests, like files in a directory that `kubectl apply -f NAME`
// reads. Pure functions over an immutable list, so the store, persistence and share links share
// one set of rules (names unique, at least one document, a selected one that exists).

/** A document as stored and shared: its file name and text. */
export interface DocumentData {
  readonly name: string;
  readonly text: string;
}

/** A document in the page; `id` is stable across renames (the editor keys its models by it). */
export interface EditorDocument extends DocumentData {
  readonly id: number;
}

export interface DocumentsState {
  readonly documents: readonly EditorDocument[];
  /** id of the selected document (the one Apply sends). */
  readonly selectedDocument: number;
}

/** Most documents a session keeps (more only makes share links and storage fail later). */
export const MAX_DOCUMENTS = 50;
export const MAX_NAME_LENGTH = 100;
export const FIRST_DOCUMENT_NAME = "pod.yaml";

let nextId = 1;

function withIds(data: readonly DocumentData[]): EditorDocument[] {
  return data.map((d) => ({ id: nextId++, name: d.name, text: d.text }));
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Why `name` cannot name a document (undefined: it can). `others` are the other documents' names. */
export function nameProblem(name: string, others: readonly string[]): string | undefined {
  if (name.trim() === "") return "a file name is required";
  if (name !== name.trim()) return "a file name cannot start or end with spaces";
  if (name.length > MAX_NAME_LENGTH) return `a file name has at most ${MAX_NAME_LENGTH} characters`;
  // kubectl -f reads a path; a slash would name a directory and "-" means stdin.
  if (name.includes("/") || name.includes("\\")) return "a file name cannot contain a slash";
  if (name === "-" || name === "." || name === "..") return `"${name}" cannot name a file`;
  if (hasControlCharacter(name)) return "a file name cannot contain control characters";
  if (others.includes(name)) return `a document named ${name} is already open`;
  return undefined;
}

/** `base` if free, else `stem-2.ext`, `stem-3.ext`, … */
export function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : "";
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** A browser file's name as a document name: path parts and odd characters dropped. */
export function nameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() ?? "";
  const cleaned = [...base]
    .filter((c) => !hasControlCharacter(c))
    .join("")
    .slice(0, MAX_NAME_LENGTH);
  return cleaned === "" || cleaned === "." || cleaned === ".." || cleaned === "-" ? "manifest.yaml" : cleaned;
}

/**
 * A name asked for by `kubectl edit` as a valid document name: `deployment-web.yaml` stays,
 * `deployment.apps/web` becomes `deployment.apps-web.yaml` (a slash would make it a path).
 */
export function documentName(requested: string): string {
  let name = [...requested.replace(/[\\/]/g, "-").trim()].filter((c) => !hasControlCharacter(c)).join("");
  if (name === "" || name === "-") return "manifest.yaml";
  if (!/\.(ya?ml|json)$/i.test(name)) name += ".yaml";
  if (name.length > MAX_NAME_LENGTH) name = name.slice(name.length - MAX_NAME_LENGTH);
  return nameProblem(name, []) === undefined ? name : "manifest.yaml";
}

/** A fresh set of documents; `selected` is an index into `data` (clamped). */
export function createDocuments(data: readonly DocumentData[], selected = 0): DocumentsState {
  const documents = withIds(data.length > 0 ? data : [{ name: FIRST_DOCUMENT_NAME, text: "" }]);
  const index = Math.min(Math.max(0, Math.trunc(selected)), documents.length - 1);
  return { documents, selectedDocument: documents[index]?.id ?? 0 };
}

export function selectedOf(state: DocumentsState): EditorDocument {
  const found = state.documents.find((d) => d.id === state.selectedDocument) ?? state.documents[0];
  if (!found) throw new Error("the editor has no document");
  return found;
}

export function selectedIndex(state: DocumentsState): number {
  return Math.max(
    0,
    state.documents.findIndex((d) => d.id === state.selectedDocument),
  );
}

export function setText(state: DocumentsState, id: number, text: string): DocumentsState {
  const doc = state.documents.find((d) => d.id === id);
  if (!doc || doc.text === text) return state;
  return { ...state, documents: state.documents.map((d) => (d.id === id ? { ...d, text } : d)) };
}

export function select(state: DocumentsState, id: number): DocumentsState {
  return state.documents.some((d) => d.id === id) ? { ...state, selectedDocument: id } : state;
}

/** Adds a document (its name made unique) after the others and selects it. */
export function addDocument(state: DocumentsState, name: string, text: string): DocumentsState {
  const doc = {
    id: nextId++,
    name: uniqueName(
      name,
      state.documents.map((d) => d.name),
    ),
    text,
  };
  return { documents: [...state.documents, doc], selectedDocument: doc.id };
}

/**
 * `kubectl edit`: the document called `name` gets `text` (a new one is added if there is none),
 * and is selected.
 */
export function openDocument(state: DocumentsState, requested: string, text: string): DocumentsState {
  const name = documentName(requested);
  const existing = state.documents.find((d) => d.name === name);
  if (!existing) return addDocument(state, name, text);
  return { ...setText(state, existing.id, text), selectedDocument: existing.id };
}

export type RenameResult =
  { readonly ok: true; readonly state: DocumentsState } | { readonly ok: false; readonly error: string };

export function renameDocument(state: DocumentsState, id: number, name: string): RenameResult {
  const others = state.documents.filter((d) => d.id !== id).map((d) => d.name);
  const problem = nameProblem(name, others);
  if (problem) return { ok: false, error: problem };
  return {
    ok: true,
    state: { ...state, documents: state.documents.map((d) => (d.id === id ? { ...d, name } : d)) },
  };
}

/** Closes a document; the last one is never closed. The neighbour to the left is selected. */
export function closeDocument(state: DocumentsState, id: number): DocumentsState {
  const index = state.documents.findIndex((d) => d.id === id);
  if (index < 0 || state.documents.length <= 1) return state;
  const documents = state.documents.filter((d) => d.id !== id);
  const selectedDocument =
    state.selectedDocument === id ? (documents[Math.max(0, index - 1)]?.id ?? 0) : state.selectedDocument;
  return { documents, selectedDocument };
}

/** The texts by name, as kubectl's `-f NAME` reads them. */
export function filesOf(state: DocumentsState): Record<string, string> {
  const files: Record<string, string> = {};
  for (const d of state.documents) files[d.name] = d.text;
  return files;
}

export function dataOf(state: DocumentsState): DocumentData[] {
  return state.documents.map((d) => ({ name: d.name, text: d.text }));
}

export type ParseDocumentsResult =
  { readonly ok: true; readonly documents: DocumentData[] } | { readonly ok: false; readonly error: string };

/**
 * Checks documents read from storage or a share link: a non-empty array of `{name, text}` (or
 * `[name, text]` pairs) with valid, unique names, at most MAX_DOCUMENTS.
 */
export function parseDocuments(value: unknown): ParseDocumentsResult {
  if (!Array.isArray(value)) return { ok: false, error: "the documents are not a list" };
  if (value.length === 0) return { ok: false, error: "there are no documents" };
  if (value.length > MAX_DOCUMENTS)
    return { ok: false, error: `there are ${value.length} documents (at most ${MAX_DOCUMENTS})` };
  const documents: DocumentData[] = [];
  for (const [i, entry] of value.entries()) {
    const pair: unknown[] | undefined = Array.isArray(entry)
      ? entry
      : typeof entry === "object" && entry !== null
        ? [(entry as Record<string, unknown>)["name"], (entry as Record<string, unknown>)["text"]]
        : undefined;
    const [name, text] = pair ?? [];
    if (typeof name !== "string" || typeof text !== "string")
      return { ok: false, error: `document ${i + 1} has no name or text` };
    const problem = nameProblem(
      name,
      documents.map((d) => d.name),
    );
    if (problem) return { ok: false, error: `document ${i + 1}: ${problem}` };
    documents.push({ name, text });
  }
  return { ok: true, documents };
}
