// The manifest editor: Monaco with monaco-yaml and the generated Kubernetes schema (completion,
// hover docs, schema errors), bound both ways to uiStore.editorText. Ctrl/Cmd+Enter applies, and a
// manifest kubectl could not parse gets a marker where it failed. Loaded lazily by ApplyPanel.

import { useEffect, useRef } from "react";
import type { CommandResult } from "../../engine/kubectl/kubectl";
import { clusterStore, type ApplyOutcome } from "../store/clusterStore";
import { setEditorText, uiStore } from "../store/uiStore";
import { MANIFEST_URI, monaco } from "./monaco";
import "./editor.css";

type Model = monaco.editor.ITextModel;

/** Marker owner for kubectl's errors (monaco-yaml's schema markers use "yaml"). */
const KUBECTL_OWNER = "kubectl";

// If the learner was typing in ApplyPanel's stand-in text area while Monaco loaded, focus and caret
// move over to Monaco when it mounts. Read now: the stand-in is gone by the time Monaco mounts.
let handoff: HTMLTextAreaElement | undefined =
  document.activeElement instanceof HTMLTextAreaElement &&
  document.activeElement.classList.contains("plain-editor")
    ? document.activeElement
    : undefined;

/**
 * The one manifest model. It outlives the editor widget (a remount keeps its undo history), and it
 * is brought up to date with the store's text as an ordinary edit.
 */
function manifestModel(text: string): Model {
  const existing = monaco.editor.getModel(MANIFEST_URI);
  if (existing) {
    replaceText(existing, text);
    return existing;
  }
  const model = monaco.editor.createModel(text, "yaml", MANIFEST_URI);
  model.updateOptions({ tabSize: 2, insertSpaces: true });
  return model;
}

/**
 * Replaces the model's text with `text` as one undoable edit covering only what differs (common
 * prefix and suffix kept), so the cursor, the scroll position and the undo stack survive a reset
 * or an opened file, and Ctrl+Z brings the previous text back.
 */
function replaceText(model: Model, text: string): void {
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

/**
 * Where a kubectl error points, as a marker range: the word at the column, else the rest of the
 * line. An error past the last line (an unclosed bracket at the end) marks the last non-blank line.
 */
function markerFor(
  model: Model,
  result: CommandResult & { readonly line: number },
): monaco.editor.IMarkerData {
  let line = Math.min(Math.max(1, result.line), model.getLineCount());
  let column = result.column;
  while (line > 1 && model.getLineLastNonWhitespaceColumn(line) === 0) {
    line--;
    column = undefined;
  }
  const maxColumn = model.getLineMaxColumn(line);
  const firstColumn = model.getLineFirstNonWhitespaceColumn(line) || 1;
  const lastColumn = model.getLineLastNonWhitespaceColumn(line) || maxColumn;
  let startColumn = column !== undefined ? Math.min(Math.max(1, column), maxColumn) : firstColumn;
  let endColumn = lastColumn;
  const word =
    column !== undefined ? model.getWordAtPosition({ lineNumber: line, column: startColumn }) : null;
  if (word) {
    startColumn = word.startColumn;
    endColumn = word.endColumn;
  } else if (endColumn <= startColumn) {
    startColumn = Math.min(firstColumn, startColumn);
    endColumn = maxColumn;
  }
  return {
    severity: monaco.MarkerSeverity.Error,
    source: "kubectl apply",
    message: result.message,
    startLineNumber: line,
    startColumn,
    endLineNumber: line,
    endColumn,
  };
}

function hasLine(result: CommandResult): result is CommandResult & { readonly line: number } {
  return !result.ok && result.line !== undefined;
}

/**
 * Shows where kubectl failed to read the manifest, or clears the marker once an apply comes back
 * without such an error. Returns the marked lines (none: cleared), or undefined while pending.
 */
function showApplyErrors(model: Model, outcome: ApplyOutcome | undefined): number[] | undefined {
  if (!outcome || outcome.pending) return undefined;
  const markers = outcome.results.filter(hasLine).map((r) => markerFor(model, r));
  monaco.editor.setModelMarkers(model, KUBECTL_OWNER, markers);
  return markers.map((m) => m.startLineNumber);
}

export default function ManifestEditor({ onApply }: { onApply: () => void }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const onApplyRef = useRef(onApply);
  useEffect(() => {
    onApplyRef.current = onApply;
  }, [onApply]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const model = manifestModel(uiStore.getState().editorText);
    const editor = monaco.editor.create(host, {
      model,
      theme: "pilothouse",
      ariaLabel: "Manifest",
      // A real <textarea> carries the input (and the accessible name), as the stand-in did.
      editContext: false,
      automaticLayout: true,
      fontFamily: '"JetBrains Mono", "Cascadia Mono", "SFMono-Regular", Menlo, Consolas, monospace',
      fontSize: 15,
      lineHeight: 23,
      mouseWheelZoom: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      wordWrap: "on",
      wrappingIndent: "indent",
      lineNumbersMinChars: 3,
      lineDecorationsWidth: 6,
      padding: { top: 8, bottom: 8 },
      renderLineHighlight: "line",
      stickyScroll: { enabled: false },
      guides: { indentation: true },
      quickSuggestions: { other: true, strings: true, comments: false },
      hover: { delay: 250 },
      // The pane clips its content; hovers and the suggestion list may spill out of it.
      fixedOverflowWidgets: true,
      tabSize: 2,
      insertSpaces: true,
    });

    const apply = editor.addAction({
      id: "pilothouse.apply",
      label: "Apply manifest (kubectl apply -f)",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      contextMenuGroupId: "navigation",
      contextMenuOrder: 0,
      run: () => onApplyRef.current(),
    });

    let kubectlMarker = false;
    let syncing = false;
    const onEdit = model.onDidChangeContent(() => {
      if (kubectlMarker) {
        monaco.editor.setModelMarkers(model, KUBECTL_OWNER, []);
        kubectlMarker = false;
      }
      if (!syncing) setEditorText(model.getValue());
    });

    // Text set from outside (an opened file, a reset, a share link) becomes an edit of the model.
    const offUi = uiStore.subscribe((state) => {
      if (state.editorText === model.getValue()) return;
      syncing = true;
      try {
        replaceText(model, state.editorText);
      } finally {
        syncing = false;
      }
      // The model normalises line endings; let the store hold what the model holds.
      const normalised = model.getValue();
      if (normalised !== state.editorText) queueMicrotask(() => setEditorText(normalised));
    });

    // The error's line is revealed now and again once the pane has settled: kubectl's message
    // appears under the editor at the same moment and takes some of its height.
    let settle: { dispose(): void } | undefined;
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    const reveal = (line: number) => {
      settle?.dispose();
      clearTimeout(settleTimer);
      editor.revealLineInCenterIfOutsideViewport(line, monaco.editor.ScrollType.Smooth);
      settle = editor.onDidLayoutChange(() =>
        editor.revealLineInCenterIfOutsideViewport(line, monaco.editor.ScrollType.Immediate),
      );
      settleTimer = setTimeout(() => settle?.dispose(), 1000);
    };
    const offCluster = clusterStore.subscribe((state, previous) => {
      if (state.lastApply === previous.lastApply) return;
      const lines = showApplyErrors(model, state.lastApply);
      if (!lines) return;
      kubectlMarker = lines.length > 0;
      if (lines[0] !== undefined) reveal(lines[0]);
    });

    const from = handoff;
    handoff = undefined;
    if (from && (document.activeElement === null || document.activeElement === document.body)) {
      editor.setPosition(model.getPositionAt(from.selectionEnd));
      editor.focus();
    }

    return () => {
      clearTimeout(settleTimer);
      settle?.dispose();
      offCluster();
      offUi();
      onEdit.dispose();
      apply.dispose();
      editor.dispose();
    };
  }, []);

  return <div ref={hostRef} className="manifest-editor" />;
}
