// Tabs above the editor, one per document: select, "New file", rename (double-click, or the
// pencil, opens a small form), close (asking first when the document has text). One always stays.

import { useState } from "react";
import { useUi } from "../store/uiStore";
import { closeDocumentNow, newDocument, renameDocumentTo, selectDocument } from "./documentStore";
import type { EditorDocument } from "./documents";
import "./documents.css";

function RenameForm({ doc, onDone }: { doc: EditorDocument; onDone: () => void }) {
  const [name, setName] = useState(doc.name);
  const [error, setError] = useState<string | undefined>();
  const commit = () => {
    if (name === doc.name) return onDone();
    const result = renameDocumentTo(doc.id, name);
    if (result.ok) onDone();
    else setError(result.error);
  };
  return (
    <form
      className="doc-rename"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <input
        aria-label={`New name for ${doc.name}`}
        value={name}
        autoFocus
        spellCheck={false}
        onFocus={(e) => {
          // Select the stem, as file managers do: the extension usually stays.
          const dot = e.currentTarget.value.lastIndexOf(".");
          e.currentTarget.setSelectionRange(0, dot > 0 ? dot : e.currentTarget.value.length);
        }}
        onChange={(e) => {
          setName(e.target.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onDone();
          }
        }}
        onBlur={() => (error ? onDone() : commit())}
      />
      {error && (
        <span className="doc-rename-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

export function DocumentTabs() {
  const documents = useUi((s) => s.documents);
  const selected = useUi((s) => s.selectedDocument);
  const [renaming, setRenaming] = useState<number | undefined>();
  const close = (doc: EditorDocument) => {
    if (doc.text.trim() !== "" && !window.confirm(`Close ${doc.name}? Its text will be lost.`)) return;
    closeDocumentNow(doc.id);
  };
  return (
    <div className="doc-tabs">
      <div role="tablist" aria-label="Documents" className="doc-tablist">
        {documents.map((doc) =>
          renaming === doc.id ? (
            <RenameForm key={doc.id} doc={doc} onDone={() => setRenaming(undefined)} />
          ) : (
            <div key={doc.id} className={`doc-tab${doc.id === selected ? " doc-tab-selected" : ""}`}>
              <button
                type="button"
                role="tab"
                aria-selected={doc.id === selected}
                className="doc-tab-name"
                title={`${doc.name} (double-click to rename)`}
                onClick={() => selectDocument(doc.id)}
                onDoubleClick={() => setRenaming(doc.id)}
              >
                {doc.name}
              </button>
              {doc.id === selected && (
                <button
                  type="button"
                  className="doc-tab-icon"
                  aria-label={`Rename ${doc.name}`}
                  title="Rename"
                  onClick={() => setRenaming(doc.id)}
                >
                  ✎
                </button>
              )}
              {documents.length > 1 && (
                <button
                  type="button"
                  className="doc-tab-icon"
                  aria-label={`Close ${doc.name}`}
                  title="Close"
                  onClick={() => close(doc)}
                >
                  ×
                </button>
              )}
            </div>
          ),
        )}
      </div>
      <button type="button" className="doc-new" onClick={newDocument} title="Add an empty document">
        New file
      </button>
    </div>
  );
}
