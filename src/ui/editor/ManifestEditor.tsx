// The manifest editor: Monaco with monaco-yaml and the generated Kubernetes schema (completion,
// hover docs, schema errors), bound both ways to the selected one of uiStore's documents (one model
// per document, switched with setModel). Ctrl/Cmd+Enter applies, and a manifest kubectl could not
// parse gets a marker where it failed. Loaded lazily by ApplyPanel.

import { useEffect, useRef } from "react";
import type { CommandResult } from "../../engine/kubectl/kubectl";
import { clusterStore, type ApplyOutcome } from "../store/clusterStore";
import { type DocumentsState, selectedOf, setText } from "../documents/documents";
import { uiStore } from "../store/uiStore";
import {
  disposeModelsExcept,
  existingModel,
  modelFor,
  replaceText,
  restoreViewState,
  saveViewState,
} from "./documentModels";
import { monaco } from "./monaco";
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
    let shown = selectedOf(uiStore.getState()).id;
    const editor = monaco.editor.create(host, {
      model: modelFor(selectedOf(uiStore.getState())),
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

    const currentModel = (): Model | undefined => editor.getModel() ?? undefined;
    let kubectlMarker = false;
    let syncing = false;
    const onEdit = editor.onDidChangeModelContent(() => {
      const model = currentModel();
      if (!model) return;
      if (kubectlMarker) {
        monaco.editor.setModelMarkers(model, KUBECTL_OWNER, []);
        kubectlMarker = false;
      }
      const id = shown;
      if (!syncing) uiStore.setState((s) => setText(s, id, model.getValue()));
    });

    // Text set from outside (an opened file, `kubectl edit`, a reset, a share link) becomes an
    // edit of that document's model; only documents whose entry changed are compared.
    const syncFromStore = (state: DocumentsState, previous: DocumentsState) => {
      if (state.documents !== previous.documents) {
        const before = new Map(previous.documents.map((d) => [d.id, d]));
        for (const doc of state.documents) {
          const model = existingModel(doc.id);
          if (!model || before.get(doc.id) === doc || model.getValue() === doc.text) continue;
          syncing = true;
          try {
            replaceText(model, doc.text);
          } finally {
            syncing = false;
          }
          // The model normalises line endings; let the store hold what the model holds.
          const normalised = model.getValue();
          if (normalised !== doc.text)
            queueMicrotask(() => uiStore.setState((s) => setText(s, doc.id, normalised)));
        }
      }
      const selected = selectedOf(state);
      if (selected.id !== shown) {
        saveViewState(shown, editor);
        kubectlMarker = false;
        syncing = true;
        try {
          editor.setModel(modelFor(selected));
        } finally {
          syncing = false;
        }
        shown = selected.id;
        restoreViewState(shown, editor);
      }
      if (state.documents !== previous.documents)
        disposeModelsExcept(new Set(state.documents.map((d) => d.id)));
    };
    const offUi = uiStore.subscribe(syncFromStore);

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
      const model = currentModel();
      if (!model) return;
      const lines = showApplyErrors(model, state.lastApply);
      if (!lines) return;
      kubectlMarker = lines.length > 0;
      if (lines[0] !== undefined) reveal(lines[0]);
    });

    const from = handoff;
    handoff = undefined;
    if (from && (document.activeElement === null || document.activeElement === document.body)) {
      editor.setPosition(currentModel()?.getPositionAt(from.selectionEnd) ?? { lineNumber: 1, column: 1 });
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
