// From the layout to React Flow's nodes and edges (absolute positions, fixed sizes).

import type { GraphFlowNode } from "./nodes";
import type { WireFlowEdge } from "./edges";
import type { GraphBox, GraphLayout, Route } from "./layout";

function podLabel(box: Extract<GraphBox, { kind: "pod" }>): string {
  const { pod } = box;
  const name = pod.namespace === "default" ? pod.name : `${pod.namespace}/${pod.name}`;
  return pod.node ? `Pod ${name} ${pod.status} on ${pod.node}` : `Pod ${name} ${pod.status}, not scheduled`;
}

function toNode(box: GraphBox): GraphFlowNode {
  const base = {
    id: box.id,
    position: { x: box.rect.x, y: box.rect.y },
    width: box.rect.width,
    height: box.rect.height,
    draggable: false,
    connectable: false,
    selectable: false,
  };
  switch (box.kind) {
    case "component":
      return { ...base, type: "component", data: { role: box.role }, ariaLabel: box.id, zIndex: 2 };
    case "kubelet":
    case "runtime":
      return {
        ...base,
        type: "agent",
        data: { agent: box.kind, node: box.node },
        ariaLabel: box.id,
        zIndex: 2,
      };
    case "group": {
      const { node, podCount } = box;
      return {
        ...base,
        type: "group",
        data: { node, podCount },
        ariaLabel: `Node ${node.name}${node.controlPlane ? " (control plane)" : ""}, ${podCount} ${podCount === 1 ? "pod" : "pods"}`,
        zIndex: 0,
      };
    }
    case "pod":
      return { ...base, type: "pod", data: { pod: box.pod }, ariaLabel: podLabel(box), zIndex: 2 };
    case "more":
      return {
        ...base,
        type: "more",
        data: { count: box.count },
        ariaLabel: `${box.count} more pods`,
        zIndex: 2,
      };
    case "tray":
      return {
        ...base,
        type: "tray",
        data: { count: box.count },
        ariaLabel: `Unscheduled pods: ${box.count}`,
        zIndex: 0,
      };
  }
}

function flowEdge(route: Route): WireFlowEdge {
  return {
    id: route.id,
    source: route.a,
    target: route.b,
    type: "wire",
    data: { points: route.points, tone: route.a.startsWith("kubelet/") ? "node" : "control" },
    ariaLabel: `Connection between ${route.a} and ${route.b}`,
    selectable: false,
    focusable: false,
    zIndex: 1,
  };
}

/** Equal as React Flow sees it: same fields, compared one level into objects and arrays. */
function shallowEqual(a: unknown, b: unknown, depth = 2): boolean {
  if (Object.is(a, b)) return true;
  if (depth === 0 || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!shallowEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth - 1)) {
      return false;
    }
  }
  return true;
}

function sameNode(a: GraphFlowNode, b: GraphFlowNode): boolean {
  return (
    a.type === b.type &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.width === b.width &&
    a.height === b.height &&
    a.ariaLabel === b.ariaLabel &&
    a.zIndex === b.zIndex &&
    shallowEqual(a.data, b.data)
  );
}

function sameEdge(a: WireFlowEdge, b: WireFlowEdge): boolean {
  const pa = a.data?.points ?? [];
  const pb = b.data?.points ?? [];
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.data?.tone === b.data?.tone &&
    pa.length === pb.length &&
    pa.every((p, i) => p.x === pb[i]?.x && p.y === pb[i]?.y)
  );
}

/**
 * Turns layouts into React Flow nodes and edges, handing back the previous object for every node
 * and edge that did not change, so React Flow and the memoized components skip them: when one pod
 * changes STATUS only that pod re-renders.
 */
export function createFlowBuilder(): {
  nodes(layout: GraphLayout): GraphFlowNode[];
  edges(layout: GraphLayout): WireFlowEdge[];
} {
  let nodeCache = new Map<string, GraphFlowNode>();
  let edgeCache = new Map<string, WireFlowEdge>();
  return {
    nodes(layout) {
      const next = new Map<string, GraphFlowNode>();
      const nodes = layout.boxes.map((box) => {
        const fresh = toNode(box);
        const previous = nodeCache.get(fresh.id);
        const node = previous && sameNode(previous, fresh) ? previous : fresh;
        next.set(node.id, node);
        return node;
      });
      nodeCache = next;
      return nodes;
    },
    edges(layout) {
      const next = new Map<string, WireFlowEdge>();
      const edges = layout.routes.map((route) => {
        const fresh = flowEdge(route);
        const previous = edgeCache.get(fresh.id);
        const edge = previous && sameEdge(previous, fresh) ? previous : fresh;
        next.set(edge.id, edge);
        return edge;
      });
      edgeCache = next;
      return edges;
    },
  };
}
