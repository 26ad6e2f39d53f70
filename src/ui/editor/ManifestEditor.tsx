// Placeholder until the Monaco editor lands.
import { setEditorText, useUi } from "../store/uiStore";

export default function ManifestEditor({ onApply }: { onApply: () => void }) {
  const text = useUi((s) => s.editorText);
  return <textarea aria-label="Manifest" value={text} onChange={(e) => setEditorText(e.target.value)} onKeyDown={(e) => e.ctrlKey && e.key === "Enter" && onApply()} />;
}
