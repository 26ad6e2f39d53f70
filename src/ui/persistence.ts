// Keeps the editor text and the run across page reloads (localStorage), and restores them.

import type { SessionScenario, Speed } from "../protocol/messages";

const KEY = "pilothouse.session.v1";

export interface SavedSession {
  readonly editorText: string;
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
    if (typeof parsed.editorText !== "string" || typeof parsed.now !== "number" || !parsed.scenario)
      return undefined;
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
