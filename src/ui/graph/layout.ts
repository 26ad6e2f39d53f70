// Where everything is drawn, as a pure function of the topology (flow coordinates, x = 0 under
// the kube-apiserver). The control plane is the top band: kubectl left, kube-apiserver centre,
// etcd right, kube-scheduler and kube-controller-manager just above the apiserver, the tray of
// unscheduled pods above the scheduler and the control-plane node to the right of etcd. Worker
// nodes are rows below (at most 5 per row), each a group with its kubelet, its container runtime
// and its pods. Wires are orthogonal polylines that run in the gaps between groups, like a bus:
// the apiserver's trunk drops to a bus above the first row and each kubelet is reached through
// the gap on its left, so no wire crosses a node. Message dots travel along the same polylines.

import type { GraphNodeInfo, GraphPodInfo, Topology } from "./topology";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type ControlPlaneRole = "kubectl" | "apiserver" | "etcd" | "scheduler" | "controller-manager";

export type GraphBox =
  | { readonly kind: "component"; readonly id: string; readonly role: ControlPlaneRole; readonly rect: Rect }
  | {
      readonly kind: "group";
      readonly id: string;
      readonly node: GraphNodeInfo;
      readonly podCount: number;
      readonly rect: Rect;
    }
  | { readonly kind: "kubelet" | "runtime"; readonly id: string; readonly node: string; readonly rect: Rect }
  | { readonly kind: "pod"; readonly id: string; readonly pod: GraphPodInfo; readonly rect: Rect }
  | { readonly kind: "more"; readonly id: string; readonly count: number; readonly rect: Rect }
  | { readonly kind: "tray"; readonly id: string; readonly count: number; readonly rect: Rect };

/** A wire between two components; `points` run from `a` to `b`. */
export interface Route {
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly points: readonly Point[];
}

export interface GraphLayout {
  /** Groups come before what they contain (drawing order). */
  readonly boxes: readonly GraphBox[];
  readonly routes: readonly Route[];
  /** Rectangles of the components messages travel between, by trace component name. */
  readonly components: ReadonlyMap<string, Rect>;
  readonly bounds: Rect;
  /** Worker columns per row. */
  readonly columns: number;
}

export const COMPONENT = { width: 176, height: 54 } as const;
/** kube-scheduler and kube-controller-manager, side by side above the apiserver. */
export const CONTROLLER = { width: 264, height: 54 } as const;
export const APISERVER = { width: 232, height: 66 } as const;
export const GROUP = {
  width: 260,
  pad: 10,
  header: 30,
  agentHeight: 44,
  agentGap: 24,
  podHeight: 30,
  podGap: 5,
} as const;
export const MAX_COLUMNS = 5;
/** Pods listed in a node group; beyond that the last line says "+N more". */
export const MAX_GROUP_PODS = 8;
/** Pods listed in the unscheduled tray. */
export const MAX_TRAY_PODS = 5;
/** Space between groups; wires run in the middle of it. */
export const GAP = 48;

const AGENT_WIDTH = (GROUP.width - 2 * GROUP.pad - GROUP.agentGap) / 2;

export const UNSCHEDULED_ID = "unscheduled";
export const groupId = (node: string): string => `node/${node}`;
export const kubeletId = (node: string): string => `kubelet/${node}`;
export const runtimeId = (node: string): string => `container-runtime/${node}`;
export const podId = (key: string): string => `pod:${key}`;

/** The etcd key of the object a pod or node box shows (to select it), from the box id. */
export function objectKeyOf(boxId: string): string | undefined {
  if (boxId.startsWith("pod:")) return boxId.slice("pod:".length);
  if (boxId.startsWith("node/")) return `/registry/minions/${boxId.slice("node/".length)}`;
  return undefined;
}

/** Worker columns for `count` worker nodes: at most 5, rows as even as possible (6 → 3 + 3). */
export function columnsFor(count: number): number {
  if (count <= 0) return 1;
  const rows = Math.ceil(count / MAX_COLUMNS);
  return Math.ceil(count / rows);
}

function rect(x: number, y: number, width: number, height: number): Rect {
  return { x, y, width, height };
}

/** Pods drawn in a list of `max` lines (the last line says "+N more" when they do not all fit). */
function visiblePods(
  pods: readonly GraphPodInfo[],
  max: number,
): { shown: readonly GraphPodInfo[]; more: number } {
  if (pods.length <= max) return { shown: pods, more: 0 };
  return { shown: pods.slice(0, max - 1), more: pods.length - (max - 1) };
}

/** Height of a list of `lines` pods; an empty list keeps room for one. */
function listHeight(lines: number): number {
  return Math.max(1, lines) * (GROUP.podHeight + GROUP.podGap) - GROUP.podGap;
}

function groupHeight(podCount: number): number {
  const lines = Math.min(podCount, MAX_GROUP_PODS);
  return GROUP.pad + GROUP.header + GROUP.agentHeight + GROUP.pad + listHeight(lines) + GROUP.pad;
}

function trayHeight(podCount: number): number {
  return GROUP.pad + GROUP.header + listHeight(Math.min(podCount, MAX_TRAY_PODS)) + GROUP.pad;
}

/** Removes repeated and collinear points so a route is as few segments as it looks. */
export function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const prev = out[out.length - 2];
    if (last && prev && ((prev.x === last.x && last.x === p.x) || (prev.y === last.y && last.y === p.y))) {
      out[out.length - 1] = p;
      continue;
    }
    out.push(p);
  }
  return out;
}

export function layoutGraph(topology: Topology): GraphLayout {
  const boxes: GraphBox[] = [];
  const routes: Route[] = [];
  const components = new Map<string, Rect>();

  const addComponent = (id: string, role: ControlPlaneRole, r: Rect): Rect => {
    boxes.push({ kind: "component", id, role, rect: r });
    components.set(id, r);
    return r;
  };
  const addRoute = (a: string, b: string, points: readonly Point[]): void => {
    routes.push({ id: `${a}--${b}`, a, b, points: simplify(points) });
  };
  /** Pods as a list of lines inside `box`, from `top`. */
  const addPodList = (
    box: Rect,
    top: number,
    pods: readonly GraphPodInfo[],
    max: number,
    moreId: string,
  ): void => {
    const { shown, more } = visiblePods(pods, max);
    const line = (i: number): Rect =>
      rect(
        box.x + GROUP.pad,
        top + i * (GROUP.podHeight + GROUP.podGap),
        box.width - 2 * GROUP.pad,
        GROUP.podHeight,
      );
    shown.forEach((pod, i) => boxes.push({ kind: "pod", id: podId(pod.key), pod, rect: line(i) }));
    if (more > 0) boxes.push({ kind: "more", id: moreId, count: more, rect: line(shown.length) });
  };

  // ---- control plane -------------------------------------------------------------------------
  const sideGap = 16;
  const scheduler = addComponent(
    "kube-scheduler",
    "scheduler",
    rect(-sideGap - CONTROLLER.width, 0, CONTROLLER.width, CONTROLLER.height),
  );
  const controllerManager = addComponent(
    "kube-controller-manager",
    "controller-manager",
    rect(sideGap, 0, CONTROLLER.width, CONTROLLER.height),
  );
  const api = addComponent(
    "kube-apiserver",
    "apiserver",
    rect(-APISERVER.width / 2, CONTROLLER.height + 56, APISERVER.width, APISERVER.height),
  );
  const apiCy = api.y + api.height / 2;
  const apiBottom = api.y + api.height;
  const wireGap = 56;
  const kubectl = addComponent(
    "kubectl",
    "kubectl",
    rect(api.x - wireGap - COMPONENT.width, apiCy - COMPONENT.height / 2, COMPONENT.width, COMPONENT.height),
  );
  const etcd = addComponent(
    "etcd",
    "etcd",
    rect(api.x + api.width + wireGap, apiCy - COMPONENT.height / 2, COMPONENT.width, COMPONENT.height),
  );
  addRoute("kubectl", "kube-apiserver", [
    { x: kubectl.x + kubectl.width, y: apiCy },
    { x: api.x, y: apiCy },
  ]);
  addRoute("kube-apiserver", "etcd", [
    { x: api.x + api.width, y: apiCy },
    { x: etcd.x, y: apiCy },
  ]);
  const controllerWireX = api.width / 2 - 36;
  addRoute("kube-apiserver", "kube-scheduler", [
    { x: -controllerWireX, y: api.y },
    { x: -controllerWireX, y: scheduler.y + scheduler.height },
  ]);
  addRoute("kube-apiserver", "kube-controller-manager", [
    { x: controllerWireX, y: api.y },
    { x: controllerWireX, y: controllerManager.y + controllerManager.height },
  ]);

  // ---- pods by node ----------------------------------------------------------------------------
  const nodeNames = new Set(topology.nodes.map((n) => n.name));
  const podsByNode = new Map<string, GraphPodInfo[]>();
  const unscheduled: GraphPodInfo[] = [];
  for (const pod of topology.pods) {
    if (pod.node !== undefined && nodeNames.has(pod.node)) {
      const list = podsByNode.get(pod.node) ?? [];
      list.push(pod);
      podsByNode.set(pod.node, list);
    } else {
      unscheduled.push(pod);
    }
  }

  // ---- unscheduled tray: right above kube-scheduler, growing upwards ---------------------------
  const trayGap = 24;
  const tray = rect(
    scheduler.x,
    scheduler.y - trayGap - trayHeight(unscheduled.length),
    scheduler.width,
    trayHeight(unscheduled.length),
  );
  boxes.push({ kind: "tray", id: UNSCHEDULED_ID, count: unscheduled.length, rect: tray });
  addPodList(tray, tray.y + GROUP.pad + GROUP.header, unscheduled, MAX_TRAY_PODS, `more:${UNSCHEDULED_ID}`);

  // ---- node groups -----------------------------------------------------------------------------
  const controlPlaneNodes = topology.nodes.filter((n) => n.controlPlane);
  const workers = topology.nodes.filter((n) => !n.controlPlane);
  const columns = columnsFor(workers.length);
  const gridWidth = columns * GROUP.width + (columns - 1) * GAP;
  const gridLeft = -gridWidth / 2;

  // Control-plane nodes sit right of etcd, their tops level with the top of an empty tray.
  const cpTop = scheduler.y - trayGap - trayHeight(0);
  let cpBottom = -Infinity;
  const placed: { node: GraphNodeInfo; x: number; y: number; height: number }[] = [];
  controlPlaneNodes.forEach((node, i) => {
    const height = groupHeight(podsByNode.get(node.name)?.length ?? 0);
    placed.push({ node, x: etcd.x + etcd.width + GAP + i * (GROUP.width + GAP), y: cpTop, height });
    cpBottom = Math.max(cpBottom, cpTop + height);
  });

  const firstRowTop = Math.max(apiBottom + 56, cpBottom + GAP);
  const busY = firstRowTop - GAP / 2;
  let rowTop = firstRowTop;
  for (let start = 0; start < workers.length; start += columns) {
    const row = workers.slice(start, start + columns);
    const height = Math.max(...row.map((n) => groupHeight(podsByNode.get(n.name)?.length ?? 0)));
    row.forEach((node, c) => placed.push({ node, x: gridLeft + c * (GROUP.width + GAP), y: rowTop, height }));
    rowTop += height + GAP;
  }

  for (const { node, x, y, height } of placed) {
    const pods = podsByNode.get(node.name) ?? [];
    const group = rect(x, y, GROUP.width, height);
    boxes.push({ kind: "group", id: groupId(node.name), node, podCount: pods.length, rect: group });
    const agentY = y + GROUP.pad + GROUP.header;
    const kubelet = rect(x + GROUP.pad, agentY, AGENT_WIDTH, GROUP.agentHeight);
    const runtime = rect(kubelet.x + AGENT_WIDTH + GROUP.agentGap, agentY, AGENT_WIDTH, GROUP.agentHeight);
    const kid = kubeletId(node.name);
    const rid = runtimeId(node.name);
    boxes.push({ kind: "kubelet", id: kid, node: node.name, rect: kubelet });
    boxes.push({ kind: "runtime", id: rid, node: node.name, rect: runtime });
    components.set(kid, kubelet);
    components.set(rid, runtime);

    // From the apiserver's trunk along the bus, down the gap left of the group, into the kubelet.
    const kcy = agentY + GROUP.agentHeight / 2;
    const gapX = x - GAP / 2;
    addRoute("kube-apiserver", kid, [
      { x: 0, y: apiBottom },
      { x: 0, y: busY },
      { x: gapX, y: busY },
      { x: gapX, y: kcy },
      { x: kubelet.x, y: kcy },
    ]);
    addRoute(kid, rid, [
      { x: kubelet.x + kubelet.width, y: kcy },
      { x: runtime.x, y: kcy },
    ]);
    addPodList(group, agentY + GROUP.agentHeight + GROUP.pad, pods, MAX_GROUP_PODS, `more:${node.name}`);
  }

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { rect: r } of boxes) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  for (const route of routes) {
    for (const p of route.points) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
    }
  }
  return { boxes, routes, components, bounds: rect(minX, minY, maxX - minX, maxY - minY), columns };
}

function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** Where the segment from the centre of `r` towards `to` leaves `r`. */
function exitPoint(r: Rect, to: Point): Point {
  const c = center(r);
  const dx = to.x - c.x;
  const dy = to.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : r.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : r.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/** Every route in both directions, keyed `from→to`. */
export function routeIndex(layout: GraphLayout): ReadonlyMap<string, readonly Point[]> {
  const index = new Map<string, readonly Point[]>();
  for (const route of layout.routes) {
    index.set(`${route.a}→${route.b}`, route.points);
    index.set(`${route.b}→${route.a}`, [...route.points].reverse());
  }
  return index;
}

/**
 * The polyline a message from `from` to `to` travels: its wire, else a straight line between the
 * two boxes; undefined when either is not drawn (or for a message to itself).
 */
export function messagePath(
  layout: GraphLayout,
  index: ReadonlyMap<string, readonly Point[]>,
  from: string,
  to: string,
): readonly Point[] | undefined {
  const wired = index.get(`${from}→${to}`);
  if (wired) return wired;
  const a = layout.components.get(from);
  const b = layout.components.get(to);
  if (!a || !b || from === to) return undefined;
  return [exitPoint(a, center(b)), exitPoint(b, center(a))];
}
