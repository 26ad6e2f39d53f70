// The editor documents' actions on uiStore, and their mirror in the engine's worker: kubectl's
// `-f NAME` reads the documents there, and `kubectl edit` opens one here.

import type { UiCommand } from "../../protocol/messages";
import {
  type RenameResult,
  type DocumentData,
  addDocument,
  closeDocument,
  createDocuments,
  filesOf,
  nameFromFile,
  openDocument,
  renameDocument,
  select,
} from "./documents";
import { uiStore } from "../store/uiStore";

/** The documents' texts by name, as the worker's `kubectl -f NAME` reads them. */
export function documentsForWorker(): Record<string, string> {
  return filesOf(uiStore.getState());
}

export function selectDocument(id: number): void {
  uiStore.setState((s) => select(s, id));
}

/** "New file": an empty document, selected. */
export function newDocument(): void {
  uiStore.setState((s) => addDocument(s, "untitled.yaml", ""));
}

/** "Open file…": a new document named after the file (made unique), selected. */
export function openFileAsDocument(fileName: string, text: string): void {
  uiStore.setState((s) => addDocument(s, nameFromFile(fileName), text));
}

/** `kubectl edit` (worker → UI `openDocument`): opens or replaces the document `name`, selected. */
export function openInEditor(name: string, text: string): void {
  uiStore.setState((s) => openDocument(s, name, text));
}

export function renameDocumentTo(id: number, name: string): RenameResult {
  const result = renameDocument(uiStore.getState(), id, name);
  if (result.ok) uiStore.setState(result.state);
  return result;
}

export function closeDocumentNow(id: number): void {
  uiStore.setState((s) => closeDocument(s, id));
}

/** Replaces every document (a share link, a saved session, a reset). */
export function replaceDocuments(documents: readonly DocumentData[], selected = 0): void {
  uiStore.setState(createDocuments(documents, selected));
}

/**
 * Keeps the worker's copy of the documents current: sent now and after every change, before any
 * command that follows (the worker handles messages in order, so `kubectl apply -f` sees them).
 */
export function syncDocumentsToWorker(send: (command: UiCommand) => void): () => void {
  send({ type: "setDocuments", files: documentsForWorker() });
  return uiStore.subscribe((state, previous) => {
    if (state.documents !== previous.documents) send({ type: "setDocuments", files: filesOf(state) });
  });
}
