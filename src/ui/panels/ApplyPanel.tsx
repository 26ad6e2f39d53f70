// The manifest editor with its document tabs, its Apply button, the file picker, and kubectl's
// answer. Apply sends the selected document under its file name, as `kubectl apply -f NAME`.
// Monaco loads lazily: until it arrives, a plain text area holds the same text.

import { Component, type ReactNode, Suspense, lazy, useCallback, useEffect } from "react";
import { MAX_MANIFEST_BYTES } from "../../engine/kubectl/manifest";
import { clusterStore, useCluster } from "../store/clusterStore";
import { DocumentTabs } from "../documents/DocumentTabs";
import { openFileAsDocument } from "../documents/documentStore";
import { selectedOf } from "../documents/documents";
import { editorTextOf, setEditorText, uiStore, useUi } from "../store/uiStore";
import { applyManifest } from "../workerClient";

const ManifestEditor = lazy(() => import("../editor/ManifestEditor"));

function applyNow(): void {
  const doc = selectedOf(uiStore.getState());
  applyManifest(doc.text, doc.name);
}

function PlainEditor() {
  const text = useUi(editorTextOf);
  return (
    <textarea
      className="plain-editor"
      aria-label="Manifest"
      spellCheck={false}
      value={text}
      onChange={(e) => setEditorText(e.target.value)}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
          e.preventDefault();
          applyNow();
        }
      }}
    />
  );
}

/** If Monaco cannot be loaded (offline dev server, a failed chunk), keep the plain editor. */
class EditorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <PlainEditor /> : this.props.children;
  }
}

function ApplyResults() {
  const outcome = useCluster((s) => s.lastApply);
  if (!outcome)
    return (
      <p className="hint">
        Press Apply (or Ctrl+Enter) to send the selected document, as kubectl apply -f would.
      </p>
    );
  if (outcome.pending) return <p className="hint">kubectl …</p>;
  const errors = outcome.results.filter((r) => !r.ok);
  const ok = outcome.results.filter((r) => r.ok);
  return (
    <div className="apply-results">
      {ok.length > 0 && (
        <pre className="kubectl-output" aria-label="kubectl output">
          {ok.map((r) => r.message).join("\n")}
        </pre>
      )}
      {errors.length > 0 && (
        <pre className="kubectl-output kubectl-error" role="alert">
          {errors.map((r) => r.message).join("\n")}
        </pre>
      )}
    </div>
  );
}

export function ApplyPanel() {
  const onFile = useCallback((file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_MANIFEST_BYTES) {
      // Refuse before reading: a huge file would freeze the editor, and the engine would refuse it anyway.
      clusterStore.setState({
        lastApply: {
          id: -1,
          pending: false,
          results: [
            {
              ok: false,
              message: `error: ${file.name} is ${file.size} bytes; manifests larger than ${MAX_MANIFEST_BYTES} bytes are not loaded (the editor keeps its text)`,
            },
          ],
        },
      });
      return;
    }
    void file.text().then((text) => openFileAsDocument(file.name, text));
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !(e.target instanceof HTMLTextAreaElement)) {
        e.preventDefault();
        applyNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="apply-panel">
      <div className="pane-title">
        <h2>Manifest</h2>
        <label className="file-button">
          Open file…
          <input
            type="file"
            aria-label="Open manifest file"
            accept=".yaml,.yml,.json,text/yaml,application/json"
            onChange={(e) => {
              onFile(e.target.files?.[0]);
              // Opening the same file again makes another document.
              e.target.value = "";
            }}
          />
        </label>
      </div>
      <DocumentTabs />
      <div className="editor-host">
        <EditorBoundary>
          <Suspense fallback={<PlainEditor />}>
            <ManifestEditor onApply={applyNow} />
          </Suspense>
        </EditorBoundary>
      </div>
      <div className="apply-row">
        <button
          type="button"
          className="primary apply"
          onClick={applyNow}
          title="kubectl apply -f (Ctrl+Enter)"
        >
          Apply
        </button>
        <span className="hint">Ctrl+Enter</span>
      </div>
      <ApplyResults />
    </div>
  );
}
