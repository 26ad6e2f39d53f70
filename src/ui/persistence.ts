// Keeps the editor's documents and the run across page reloads (localStorage), and restores them.

import type { SessionScenario, Speed } from "../protocol/messages";
import { type DocumentData, FIRST_DOCUMENT_NAME, parseDocuments } from "./documents/documents";

const KEY = "pilothouse.session.v1";

export interface SavedSession {
  /** Sessions saved before the editor had documents: its one text (restored as pod.yaml). */
  readonly editorText?: string;
  readonly documents?: readonly DocumentData[];
  /** Index of the selected document. */
  readonly selectedDocument?: number;
  readonly scenario: SessionScenario;
  readonly now: number;
  readonly traceCount?: number;
  readonly playing: boolean;
  readonly speed: Speed;
}

export function saveSession(session: SavedSession): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage full or disabled: the session simply is not kept.
  }
}

export function loadSession(): SavedSession | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as SavedSession;
    if (typeof parsed.now !== "number" || !parsed.scenario) return undefined;
    if (!parseDocuments(parsed.documents).ok && typeof parsed.editorText !== "string") return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

export function clearSession(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}

/** The saved documents (an old session's one text becomes pod.yaml) and the selected index. */
export function savedDocuments(saved: SavedSession): { documents: DocumentData[]; selected: number } {
  const parsed = parseDocuments(saved.documents);
  if (parsed.ok) {
    const selected = typeof saved.selectedDocument === "number" ? saved.selectedDocument : 0;
    return { documents: parsed.documents, selected };
  }
  return { documents: [{ name: FIRST_DOCUMENT_NAME, text: saved.editorText ?? "" }], selected: 0 };
}
