// The cluster graph: the control plane and every node with its kubelet, container runtime and
// pods, and a dot for every message the simulation delivers. It re-renders only when the shape of
// the cluster changes (a node or pod appears, moves or changes STATUS); dots and highlights update
// outside React's render of the graph.

import "@xyflow/react/dist/base.css";
import "./graph.css";
import type { KeyboardEvent } from "react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { NodeMouseHandler } from "@xyflow/react";
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
} from "@xyflow/react";
import { useCluster } from "../store/clusterStore";
import { selectObject } from "../store/uiStore";
import { edgeTypes } from "./edges";
import { createFlowBuilder } from "./flow";
import { useSelectionHighlight } from "./highlight";
import { layoutGraph, objectKeyOf } from "./layout";
import { MessageLayer } from "./MessageLayer";
import type { GraphFlowNode } from "./nodes";
import { nodeTypes } from "./nodes";
import { createTopologySelector } from "./topology";
import { WorkloadsView } from "../workloads/WorkloadsView";

const FIT = { padding: 0.06, maxZoom: 1.3, duration: 250 } as const;

const ARIA = {
  "node.a11yDescription.default": "Press Enter to show this pod or node in the Object pane.",
  "node.a11yDescription.keyboardDisabled": "Press Enter to show this pod or node in the Object pane.",
};

const LEGEND = [
  { style: "request", label: "request" },
  { style: "response", label: "response" },
  { style: "watch", label: "watch event" },
  { style: "internal", label: "internal step" },
  { style: "error", label: "error" },
] as const;

function Legend() {
  return (
    <ul className="gx-legend" aria-label="Legend">
      {LEGEND.map(({ style, label }) => (
        <li key={style}>
          <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
            {style === "internal" ? (
              <rect x="-6.5" y="-5" width="13" height="10" rx="3" className={`gx-pulse gx-pulse-${style}`} />
            ) : (
              <circle r="5.5" className={`gx-dot gx-dot-${style}`} />
            )}
          </svg>
          {label}
        </li>
      ))}
    </ul>
  );
}

const selectSize = (s: { width: number; height: number }): string => `${s.width}x${s.height}`;

function Graph() {
  const [selectTopology] = useState(createTopologySelector);
  const topology = useCluster(selectTopology);
  const layout = useMemo(() => layoutGraph(topology), [topology]);
  const [builder] = useState(createFlowBuilder);
  const nodes = useMemo(() => builder.nodes(layout), [builder, layout]);
  const edges = useMemo(() => builder.edges(layout), [builder, layout]);
  useSelectionHighlight();

  // Fit on load, when nodes come or go, when the pane is resized, and when the drawing grows, unless
  // the learner has panned or zoomed since (then only a change in the node count refits).
  const { fitView } = useReactFlow();
  const userMoved = useRef(false);
  const nodeCount = topology.nodes.length;
  const size = useStore(selectSize);
  const extent = `${layout.bounds.width}x${layout.bounds.height}`;
  useEffect(() => {
    userMoved.current = false;
    void fitView(FIT);
  }, [nodeCount, fitView]);
  useEffect(() => {
    if (!userMoved.current) void fitView(FIT);
  }, [size, extent, fitView]);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) userMoved.current = true;
  }, []);

  const onNodeClick = useCallback<NodeMouseHandler<GraphFlowNode>>((_, node) => {
    if (node.type === "pod") selectObject(node.data.pod.key);
    else if (node.type === "group") selectObject(node.data.node.key);
  }, []);
  // Enter or Space on a focused pod or node shows it too (the key event bubbles from React Flow's
  // node wrapper, which carries the node id).
  const onKeyDown = useCallback((event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const id = (event.target as HTMLElement).closest(".react-flow__node")?.getAttribute("data-id");
    const key = id ? objectKeyOf(id) : undefined;
    if (key) {
      event.preventDefault();
      selectObject(key);
    }
  }, []);

  return (
    <ReactFlow<GraphFlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodeClick={onNodeClick}
      onMoveStart={onMoveStart}
      onKeyDown={onKeyDown}
      ariaLabelConfig={ARIA}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      edgesFocusable={false}
      fitView
      fitViewOptions={FIT}
      minZoom={0.15}
      maxZoom={2}
      zoomOnDoubleClick={false}
      proOptions={{ hideAttribution: false }}
      aria-label="Cluster graph: control plane, nodes and pods"
    >
      <Background variant={BackgroundVariant.Dots} gap={22} size={1.3} color="#d5dbe4" />
      <Controls showInteractive={false} fitViewOptions={FIT} />
      <MessageLayer layout={layout} />
    </ReactFlow>
  );
}

export function ClusterGraph() {
  const [showWorkloads, setShowWorkloads] = useState(true);
  return (
    <div className="gx-root">
      <div className="pane-title">
        <h2>Cluster</h2>
        <Legend />
        <button
          type="button"
          className="gx-toggle"
          aria-pressed={showWorkloads}
          title="Workloads and what they own: Deployment → ReplicaSet → Pod"
          onClick={() => setShowWorkloads((v) => !v)}
        >
          Workloads
        </button>
      </div>
      <div className="gx-canvas">
        <ReactFlowProvider>
          <Graph />
        </ReactFlowProvider>
      </div>
      {showWorkloads && (
        <section className="gx-workloads" aria-label="Workloads">
          <WorkloadsView />
        </section>
      )}
    </div>
  );
}
