// The page: controls across the top; the manifest editor, the cluster graph and the timeline side
// by side; the kubectl terminal, resources and the selected object below.

import { ApplyPanel } from "./panels/ApplyPanel";
import { Controls } from "./panels/Controls";
import { Narration } from "./panels/Narration";
import { ObjectView } from "./panels/ObjectView";
import { ResourceTables } from "./panels/ResourceTables";
import { SharePanel } from "./panels/SharePanel";
import { Timeline } from "./panels/Timeline";
import { TerminalPanel } from "./terminal/TerminalPanel";
import { ClusterGraph } from "./graph/ClusterGraph";
import { useCluster } from "./store/clusterStore";
import { useUi } from "./store/uiStore";

export function App() {
  const notice = useUi((s) => s.notice);
  const workerError = useCluster((s) => s.workerError);
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="brand-name">Pilothouse</span>
          <span className="brand-tag">a Kubernetes control plane, step by step</span>
        </div>
        <Controls />
        <SharePanel />
      </header>
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
      {workerError && (
        <div className="notice notice-error" role="alert">
          The simulation reported an internal error and kept running: {workerError}
        </div>
      )}
      <main className="workspace">
        <section className="pane pane-editor" aria-label="Manifest editor">
          <ApplyPanel />
        </section>
        <section className="pane pane-graph" aria-label="Cluster graph">
          <ClusterGraph />
        </section>
        <section className="pane pane-timeline" aria-label="Timeline and narration">
          <Timeline />
          <Narration />
        </section>
        <section className="pane pane-terminal" aria-label="Terminal">
          <TerminalPanel />
        </section>
        <section className="pane pane-resources" aria-label="Resources">
          <ResourceTables />
        </section>
        <section className="pane pane-object" aria-label="Object">
          <ObjectView />
        </section>
      </main>
    </div>
  );
}
