import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../engine/api/objects";
import type { GraphBox, GraphLayout, Point, Rect } from "./layout";
import {
  GAP,
  MAX_COLUMNS,
  MAX_GROUP_PODS,
  MAX_TRAY_PODS,
  columnsFor,
  groupId,
  kubeletId,
  layoutGraph,
  messagePath,
  routeIndex,
  runtimeId,
  simplify,
} from "./layout";
import type { Topology } from "./topology";
import { createTopologySelector, podTone, sameTopology, topologyOf } from "./topology";

function nodeObject(name: string, controlPlane = false): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: controlPlane ? { "node-role.kubernetes.io/control-plane": "" } : {} },
  };
}

function podObject(name: string, nodeName?: string, status: object = { phase: "Pending" }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "app", image: "nginx" }], ...(nodeName ? { nodeName } : {}) },
    status,
  };
}

const runningStatus = {
  phase: "Running",
  conditions: [{ type: "Ready", status: "True" }],
  containerStatuses: [
    { name: "app", image: "nginx", imageID: "", ready: true, restartCount: 0, state: { running: {} } },
  ],
};

function cluster(workers: number, podsPerNode = 1, unscheduled = 0): Topology {
  const objects = new Map<string, KubeObject>();
  objects.set("/registry/minions/control-plane", nodeObject("control-plane", true));
  for (let i = 1; i <= workers; i++) {
    objects.set(`/registry/minions/node-${i}`, nodeObject(`node-${i}`));
    for (let p = 0; p < podsPerNode; p++) {
      objects.set(
        `/registry/pods/default/web-${i}-${p}`,
        podObject(`web-${i}-${p}`, `node-${i}`, runningStatus),
      );
    }
  }
  for (let p = 0; p < unscheduled; p++)
    objects.set(`/registry/pods/default/pending-${p}`, podObject(`pending-${p}`));
  return topologyOf(objects);
}

const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const overlap = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Does the axis-parallel segment pq pass through the interior of r? */
function crosses(p: Point, q: Point, r: Rect): boolean {
  const x1 = Math.min(p.x, q.x);
  const x2 = Math.max(p.x, q.x);
  const y1 = Math.min(p.y, q.y);
  const y2 = Math.max(p.y, q.y);
  return x1 < r.x + r.width && x2 > r.x && y1 < r.y + r.height && y2 > r.y;
}

const topLevel = (layout: GraphLayout): GraphBox[] =>
  layout.boxes.filter((b) => b.kind === "component" || b.kind === "group" || b.kind === "tray");

describe("topology", () => {
  it("lists the control-plane node first, then nodes in natural order", () => {
    const objects = new Map<string, KubeObject>([
      ["/registry/minions/node-10", nodeObject("node-10")],
      ["/registry/minions/node-2", nodeObject("node-2")],
      ["/registry/minions/control-plane", nodeObject("control-plane", true)],
    ]);
    expect(topologyOf(objects).nodes.map((n) => [n.name, n.controlPlane])).toEqual([
      ["control-plane", true],
      ["node-2", false],
      ["node-10", false],
    ]);
  });

  it("takes each pod's node and its kubectl STATUS", () => {
    const objects = new Map<string, KubeObject>([
      ["/registry/pods/default/a", podObject("a", "node-1", runningStatus)],
      ["/registry/pods/default/b", podObject("b")],
      [
        "/registry/pods/default/c",
        podObject("c", "node-1", {
          phase: "Pending",
          containerStatuses: [
            {
              name: "app",
              image: "nginx",
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: "ContainerCreating" } },
            },
          ],
        }),
      ],
      [
        "/registry/leases/kube-node-lease/node-1",
        { apiVersion: "v1", kind: "Lease", metadata: { name: "node-1" } },
      ],
    ]);
    expect(topologyOf(objects).pods.map((p) => [p.name, p.node, p.status, p.tone])).toEqual([
      ["a", "node-1", "Running", "running"],
      ["b", undefined, "Pending", "pending"],
      ["c", "node-1", "ContainerCreating", "pending"],
    ]);
  });

  it("colours statuses as a learner reads them", () => {
    expect(podTone("Running")).toBe("running");
    expect(podTone("ContainerCreating")).toBe("pending");
    expect(podTone("Init:0/1")).toBe("pending");
    expect(podTone("Terminating")).toBe("terminating");
    expect(podTone("Completed")).toBe("done");
    for (const s of [
      "CrashLoopBackOff",
      "Error",
      "ErrImagePull",
      "ImagePullBackOff",
      "Init:Error",
      "ExitCode:1",
    ]) {
      expect(podTone(s)).toBe("failed");
    }
  });

  it("keeps the same topology object while nothing visible changes", () => {
    const select = createTopologySelector();
    const objects = new Map<string, KubeObject>([["/registry/minions/node-1", nodeObject("node-1")]]);
    const first = select({ objects });
    const lease = { apiVersion: "v1", kind: "Lease", metadata: { name: "node-1" } };
    const second = select({
      objects: new Map([...objects, ["/registry/leases/kube-node-lease/node-1", lease]]),
    });
    expect(second).toBe(first);
    const third = select({ objects: new Map([...objects, ["/registry/pods/default/a", podObject("a")]]) });
    expect(third).not.toBe(first);
    expect(sameTopology(third, first)).toBe(false);
  });
});

describe("layoutGraph", () => {
  it("puts the control plane in the top band: kubectl left, apiserver centre, etcd right", () => {
    const layout = layoutGraph(cluster(3));
    const c = (id: string): Rect => layout.components.get(id) as Rect;
    const api = c("kube-apiserver");
    expect(api.x + api.width / 2).toBe(0);
    expect(c("kubectl").x + c("kubectl").width).toBeLessThan(api.x);
    expect(c("etcd").x).toBeGreaterThan(api.x + api.width);
    for (const id of ["kube-scheduler", "kube-controller-manager"]) {
      expect(c(id).y + c(id).height).toBeLessThan(api.y);
      expect(Math.abs(c(id).x + c(id).width / 2)).toBeLessThan(200);
    }
    for (let i = 1; i <= 3; i++) expect(c(kubeletId(`node-${i}`)).y).toBeGreaterThan(api.y + api.height);
  });

  it("names components as the trace does", () => {
    const layout = layoutGraph(cluster(2));
    expect([...layout.components.keys()].sort()).toEqual(
      [
        "kubectl",
        "kube-apiserver",
        "etcd",
        "kube-scheduler",
        "kube-controller-manager",
        "kubelet/control-plane",
        "container-runtime/control-plane",
        "kubelet/node-1",
        "container-runtime/node-1",
        "kubelet/node-2",
        "container-runtime/node-2",
      ].sort(),
    );
  });

  it("wires every kubelet to the apiserver and to its runtime", () => {
    const layout = layoutGraph(cluster(4));
    const pairs = layout.routes.map((r) => `${r.a} ${r.b}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "kubectl kube-apiserver",
        "kube-apiserver etcd",
        "kube-apiserver kube-scheduler",
        "kube-apiserver kube-controller-manager",
        ...["control-plane", "node-1", "node-2", "node-3", "node-4"].flatMap((n) => [
          `kube-apiserver ${kubeletId(n)}`,
          `${kubeletId(n)} ${runtimeId(n)}`,
        ]),
      ]),
    );
    expect(pairs).toHaveLength(4 + 2 * 5);
  });

  it("uses at most 5 columns, in rows as even as possible", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(columnsFor)).toEqual([1, 2, 3, 4, 5, 3, 4, 4, 5, 5, 4]);
    const layout = layoutGraph(cluster(10));
    const rows = new Set(
      layout.boxes.filter((b) => b.kind === "group" && !b.node.controlPlane).map((b) => b.rect.y),
    );
    expect(rows.size).toBe(2);
    expect(layout.columns).toBeLessThanOrEqual(MAX_COLUMNS);
  });

  for (const workers of [0, 1, 3, 5, 6, 10]) {
    it(`lays out ${workers} worker nodes without overlaps and with wires that go around nodes`, () => {
      const layout = layoutGraph(cluster(workers, 3, 2));
      const tops = topLevel(layout);
      for (let i = 0; i < tops.length; i++) {
        for (let j = i + 1; j < tops.length; j++) {
          expect(
            overlap((tops[i] as GraphBox).rect, (tops[j] as GraphBox).rect),
            `${tops[i]?.id} / ${tops[j]?.id}`,
          ).toBe(false);
        }
      }
      // Every box inside a group stays inside it.
      for (const box of layout.boxes) {
        if (box.kind === "kubelet" || box.kind === "runtime") {
          const group = layout.boxes.find((b) => b.id === groupId(box.node)) as GraphBox;
          expect(inside(box.rect, group.rect)).toBe(true);
        }
        if (box.kind === "pod" && box.pod.node) {
          const group = layout.boxes.find((b) => b.id === groupId(box.pod.node as string)) as GraphBox;
          expect(inside(box.rect, group.rect)).toBe(true);
        }
      }
      // Wires are orthogonal and cross no box except where they end (entering the kubelet's group).
      for (const route of layout.routes) {
        for (let i = 1; i < route.points.length; i++) {
          const p = route.points[i - 1] as Point;
          const q = route.points[i] as Point;
          expect(p.x === q.x || p.y === q.y).toBe(true);
          for (const box of tops) {
            const own =
              box.kind === "group" &&
              (route.b === kubeletId(box.node.name) || route.a === kubeletId(box.node.name));
            if (!own && box.id !== route.a && box.id !== route.b) {
              expect(crosses(p, q, box.rect), `${route.id} crosses ${box.id}`).toBe(false);
            }
          }
        }
      }
      // Readable without dragging: the drawing stays within a projector-friendly shape.
      expect(layout.bounds.width).toBeLessThan(1600);
      expect(layout.bounds.height).toBeLessThan(1100);
    });
  }

  it("shows unscheduled pods in the tray and overflowing pods as '+N more'", () => {
    const layout = layoutGraph(cluster(1, 14, 9));
    const tray = layout.boxes.find((b) => b.kind === "tray");
    expect(tray?.kind === "tray" && tray.count).toBe(9);
    const trayPods = layout.boxes.filter((b) => b.kind === "pod" && !b.pod.node);
    expect(trayPods).toHaveLength(MAX_TRAY_PODS - 1);
    const more = layout.boxes.filter((b) => b.kind === "more").map((b) => (b.kind === "more" ? b.count : 0));
    expect(more.sort((a, b) => a - b)).toEqual(
      [9 - (MAX_TRAY_PODS - 1), 14 - (MAX_GROUP_PODS - 1)].sort((a, b) => a - b),
    );
    for (const pod of trayPods) expect(inside(pod.rect, (tray as GraphBox).rect)).toBe(true);
  });

  it("keeps a pod bound to an unknown node in the tray", () => {
    const objects = new Map<string, KubeObject>([["/registry/pods/default/x", podObject("x", "gone")]]);
    const layout = layoutGraph(topologyOf(objects));
    expect(layout.boxes.some((b) => b.kind === "pod" && b.pod.name === "x")).toBe(true);
  });
});

describe("message paths", () => {
  const layout = layoutGraph(cluster(3));
  const index = routeIndex(layout);

  it("follows the wire, reversed for answers", () => {
    const out = messagePath(layout, index, "kube-apiserver", "kubelet/node-2") as readonly Point[];
    const back = messagePath(layout, index, "kubelet/node-2", "kube-apiserver") as readonly Point[];
    expect(out.length).toBeGreaterThan(2);
    expect(back).toEqual([...out].reverse());
    const kubelet = layout.components.get("kubelet/node-2") as Rect;
    const end = out[out.length - 1] as Point;
    expect(end.x).toBe(kubelet.x);
    expect(end.y).toBe(kubelet.y + kubelet.height / 2);
  });

  it("falls back to a straight line between unwired components, and to nothing for unknown ones", () => {
    const path = messagePath(layout, index, "kubelet/node-1", "kubelet/node-2");
    expect(path).toHaveLength(2);
    expect(messagePath(layout, index, "coredns", "kube-apiserver")).toBeUndefined();
    expect(messagePath(layout, index, "kube-apiserver", "kube-apiserver")).toBeUndefined();
  });

  it("merges collinear and repeated points", () => {
    expect(
      simplify([
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 0, y: 10 },
        { x: 0, y: GAP },
        { x: 5, y: GAP },
      ]),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: GAP },
      { x: 5, y: GAP },
    ]);
  });
});
