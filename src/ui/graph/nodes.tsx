// The graph's boxes as React Flow custom nodes. Each is memoized and re-renders only when its own
// data or its own highlight changes. The accessible name of each box is set on the React Flow node
// wrapper (`ariaLabel`, see flow.ts); the boxes themselves are presentational.

import { memo } from "react";
import type { Node, NodeProps } from "@xyflow/react";
import { Handle, Position } from "@xyflow/react";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import { useCluster } from "../store/clusterStore";
import { useUi } from "../store/uiStore";
import type { Highlight } from "./highlight";
import { NodeHealth } from "./NodeHealth";
import { useHighlight } from "./highlight";
import type { ControlPlaneRole } from "./layout";
import type { GraphNodeInfo, GraphPodInfo } from "./topology";

export type ComponentFlowNode = Node<{ role: ControlPlaneRole }, "component">;
export type AgentFlowNode = Node<{ agent: "kubelet" | "runtime"; node: string }, "agent">;
export type GroupFlowNode = Node<{ node: GraphNodeInfo; podCount: number }, "group">;
export type PodFlowNode = Node<{ pod: GraphPodInfo }, "pod">;
export type MoreFlowNode = Node<{ count: number }, "more">;
export type TrayFlowNode = Node<{ count: number }, "tray">;
export type GraphFlowNode =
  ComponentFlowNode | AgentFlowNode | GroupFlowNode | PodFlowNode | MoreFlowNode | TrayFlowNode;

const ROLES: Record<ControlPlaneRole, { readonly glyph: string; readonly sub: string }> = {
  kubectl: { glyph: ">_", sub: "your terminal" },
  apiserver: { glyph: "API", sub: "REST API · auth · admission" },
  etcd: { glyph: "KV", sub: "key-value store" },
  scheduler: { glyph: "S", sub: "picks a node for each pod" },
  "controller-manager": { glyph: "CM", sub: "runs the controllers" },
};

const TAGS: Record<Exclude<Highlight, undefined>, string> = {
  sender: "from",
  receiver: "to",
  active: "now",
};

function className(...parts: (string | false | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}

/** Invisible anchors: React Flow needs them to draw edges; the wires are routed by the layout. */
function Anchors() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="gx-anchor" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="gx-anchor" />
    </>
  );
}

function Tag({ highlight }: { readonly highlight: Highlight }) {
  return highlight ? <span className={`gx-tag gx-tag-${highlight}`}>{TAGS[highlight]}</span> : null;
}

const SERVICE_ACCOUNT = "system:serviceaccount:kube-system:";

/** The controller behind kube-controller-manager's latest request (its service account's name). */
function latestController(trace: readonly TraceEvent[]): string | undefined {
  for (let i = trace.length - 1, seen = 0; i >= 0 && seen < 5000; i--, seen++) {
    const e = trace[i];
    if (e?.from !== "kube-controller-manager" || e.detail?.type !== "http") continue;
    const user = e.detail.user ?? "";
    if (user.startsWith(SERVICE_ACCOUNT)) return user.slice(SERVICE_ACCOUNT.length);
  }
  return undefined;
}

/** kube-controller-manager says which of its controllers acted last. */
function ControllerSub({ fallback }: { fallback: string }) {
  const controller = useCluster((s) => latestController(s.trace));
  return <span className="gx-box-sub">{controller ? `last: ${controller}` : fallback}</span>;
}

export const ComponentNode = memo(function ComponentNode({ id, data }: NodeProps<ComponentFlowNode>) {
  const highlight = useHighlight(id);
  const role = ROLES[data.role];
  return (
    <div className={className("gx-box", `gx-role-${data.role}`, highlight && `gx-hl gx-hl-${highlight}`)}>
      <Anchors />
      <span className="gx-glyph" aria-hidden="true">
        {role.glyph}
      </span>
      <span className="gx-box-text">
        <span className="gx-box-title">{id}</span>
        {data.role === "controller-manager" ? (
          <ControllerSub fallback={role.sub} />
        ) : (
          <span className="gx-box-sub">{role.sub}</span>
        )}
      </span>
      <Tag highlight={highlight} />
    </div>
  );
});

export const AgentNode = memo(function AgentNode({ id, data }: NodeProps<AgentFlowNode>) {
  const highlight = useHighlight(id);
  return (
    <div
      className={className(
        "gx-box gx-agent",
        `gx-agent-${data.agent}`,
        highlight && `gx-hl gx-hl-${highlight}`,
      )}
    >
      <Anchors />
      <span className="gx-box-text">
        <span className="gx-box-title">{data.agent === "kubelet" ? "kubelet" : "container runtime"}</span>
        {data.agent === "kubelet" && <span className="gx-box-sub">node agent</span>}
      </span>
      <Tag highlight={highlight} />
    </div>
  );
});

export const GroupNode = memo(function GroupNode({ data }: NodeProps<GroupFlowNode>) {
  const { node, podCount } = data;
  return (
    <div className={className("gx-group", node.controlPlane && "gx-group-cp")}>
      {node.controlPlane && <span className="gx-group-tag">control-plane node</span>}
      <NodeHealth nodeKey={node.key} />
      <div className="gx-group-header">
        <span className="gx-group-icon" aria-hidden="true" />
        <span className="gx-group-name">{node.name}</span>
        <span className="gx-group-count">
          {podCount} {podCount === 1 ? "pod" : "pods"}
        </span>
      </div>
    </div>
  );
});

export const PodNode = memo(function PodNode({ data }: NodeProps<PodFlowNode>) {
  const { pod } = data;
  const selected = useUi((s) => s.selectedObjectKey === pod.key);
  return (
    <div
      className={className("gx-pod", `gx-tone-${pod.tone}`, selected && "gx-pod-selected")}
      title={`${pod.namespace}/${pod.name}: ${pod.status}`}
    >
      <span className="gx-pod-name">{pod.name}</span>
      <span className="gx-pod-status">
        <span className="gx-pod-light" aria-hidden="true" />
        {pod.status}
      </span>
    </div>
  );
});

export const MoreNode = memo(function MoreNode({ data }: NodeProps<MoreFlowNode>) {
  return <div className="gx-more">+{data.count} more</div>;
});

export const TrayNode = memo(function TrayNode({ data }: NodeProps<TrayFlowNode>) {
  return (
    <div className="gx-tray">
      <div className="gx-tray-header">
        <span>Unscheduled</span>
        <span className="gx-group-count">{data.count}</span>
      </div>
      {data.count === 0 && <div className="gx-tray-empty">no pods waiting for a node</div>}
    </div>
  );
});

export const nodeTypes = {
  component: ComponentNode,
  agent: AgentNode,
  group: GroupNode,
  pod: PodNode,
  more: MoreNode,
  tray: TrayNode,
};
