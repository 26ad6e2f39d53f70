// The "Terminal" panel: a shell where the learner types kubectl. xterm.js arrives in a lazy chunk
// (as Monaco does), so the first screen does not wait for it.

import { Component, type ReactNode, Suspense, lazy } from "react";
import "./terminal.css";

const XtermView = lazy(() => import("./XtermView"));

/** If the terminal's chunk cannot be loaded, say so instead of taking the page down. */
class TerminalBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? (
      <p className="hint terminal-fallback">
        The terminal could not be loaded; reload the page to try again.
      </p>
    ) : (
      this.props.children
    );
  }
}

export function TerminalPanel() {
  return (
    <div className="terminal-panel">
      <div className="pane-title">
        <h2>Terminal</h2>
        <span className="hint">kubectl · Tab · ↑↓ · Ctrl+C</span>
      </div>
      <TerminalBoundary>
        <Suspense fallback={<p className="hint terminal-fallback">Loading terminal…</p>}>
          <XtermView />
        </Suspense>
      </TerminalBoundary>
    </div>
  );
}
