// One Monaco model per editor document, keyed by the document's stable id (a rename keeps the
// model, its undo history and markers). Models outlive the editor widget, so a remount keeps them;
// switching documents is `editor.setModel`, with each document's cursor and scroll kept.

import type { EditorDocument } from "../documents/documents";
import { documentUri, monaco } from "./monaco";

type Model = monaco.editor.ITextModel;

const models = new Map<number, Model>();
const viewStates = new Map<number, monaco.editor.ICodeEditorViewState>();

/** The document's model, created with its text, or brought up to date with it as an edit. */
export function modelFor(doc: EditorDocument): Model {
  const existing = models.get(doc.id);
  if (existing && !existing.isDisposed()) {
    replaceText(existing, doc.text);
    return existing;
  }
  const model = monaco.editor.createModel(doc.text, "yaml", documentUri(doc.id));
  model.updateOptions({ tabSize: 2, insertSpaces: true });
  models.set(doc.id, model);
  return model;
}

/** The model of a document, if one was made (only documents that were shown have one). */
export function existingModel(id: number): Model | undefined {
  return models.get(id);
}

/** Disposes the models of documents that are gone (closed, or replaced by a share link or reset). */
export function disposeModelsExcept(ids: ReadonlySet<number>): void {
  for (const [id, model] of models) {
    if (ids.has(id)) continue;
    models.delete(id);
    viewStates.delete(id);
    model.dispose();
  }
}

export function saveViewState(id: number, editor: monaco.editor.IStandaloneCodeEditor): void {
  const state = editor.saveViewState();
  if (state) viewStates.set(id, state);
}

export function restoreViewState(id: number, editor: monaco.editor.IStandaloneCodeEditor): void {
  const state = viewStates.get(id);
  if (state) editor.restoreViewState(state);
}

/**
 * Replaces the model's text with `text` as one undoable edit covering only what differs (common
 * prefix and suffix kept), so the cursor, the scroll position and the undo stack survive a reset
 * or `kubectl edit`, and Ctrl+Z brings the previous text back.
 */
export function replaceText(model: Model, text: string): void {
  const old = model.getValue();
  if (old === text) return;
  const limit = Math.min(old.length, text.length);
  let start = 0;
  while (start < limit && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < limit - start &&
    old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)
  )
    end++;
  const range = monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(old.length - end));
  model.pushStackElement();
  model.pushEditOperations([], [{ range, text: text.slice(start, text.length - end) }], () => null);
  model.pushStackElement();
}
