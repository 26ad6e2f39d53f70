// What the graph draws, derived from the store's objects: the nodes (by name, control plane
// first) and the pods with the node they are bound to and the STATUS `kubectl get pods` prints.
// Only this changes the graph's shape; it is compared structurally so a batch that changes
// nothing visible (a Lease renewal, a new Event) does not re-render the graph.

import type { KubeObject, Node, Pod } from "../../engine/api/objects";
import { findNodeRoles, serverTable } from "../../engine/kubectl/printers/resourcePrinters";

export const NODE_PREFIX = "/registry/minions/";
export const POD_PREFIX = "/registry/pods/";

/** How a pod's status is coloured. */
export type PodTone = "pending" | "running" | "terminating" | "failed" | "done";

export interface GraphNodeInfo {
  readonly name: string;
  readonly controlPlane: boolean;
  /** The node's etcd key, to select it. */
  readonly key: string;
}

export interface GraphPodInfo {
  /** etcd key: `/registry/pods/default/web`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** `spec.nodeName`, when bound. */
  readonly node: string | undefined;
  /** The STATUS column of `kubectl get pods`: `Pending`, `ContainerCreating`, `Running`, ... */
  readonly status: string;
  readonly tone: PodTone;
}

export interface Topology {
  readonly nodes: readonly GraphNodeInfo[];
  readonly pods: readonly GraphPodInfo[];
}

export const EMPTY_TOPOLOGY: Topology = { nodes: [], pods: [] };

const collator = new Intl.Collator("en", { numeric: true });

/** Colour of a STATUS value, as a learner reads `kubectl get pods`. */
export function podTone(status: string): PodTone {
  switch (status) {
    case "Running":
      return "running";
    case "Terminating":
    case "Unknown":
      return "terminating";
    case "Completed":
    case "Succeeded":
      return "done";
    case "Pending":
    case "ContainerCreating":
    case "PodInitializing":
    case "NotReady":
    case "SchedulingGated":
      return "pending";
  }
  if (status.startsWith("Init:")) {
    return /Error|BackOff|ExitCode|Signal|Err/.test(status) ? "failed" : "pending";
  }
  // Failed, Error, CrashLoopBackOff, ImagePullBackOff, ErrImagePull, OOMKilled, ExitCode:1, ...
  return "failed";
}

// Pods are immutable and replaced on change, so their STATUS is computed once per version.
const statusCache = new WeakMap<KubeObject, string>();

/** The STATUS column `kubectl get pods` prints for this pod. */
export function podStatus(pod: KubeObject): string {
  let status = statusCache.get(pod);
  if (status === undefined) {
    status = serverTable("Pod", [pod], 0).rows[0]?.cells[2] || "Pending";
    statusCache.set(pod, status);
  }
  return status;
}

export function topologyOf(objects: ReadonlyMap<string, KubeObject>): Topology {
  const nodes: GraphNodeInfo[] = [];
  const pods: GraphPodInfo[] = [];
  for (const [key, object] of objects) {
    if (key.startsWith(NODE_PREFIX)) {
      const name = object.metadata.name ?? key.slice(NODE_PREFIX.length);
      nodes.push({
        name,
        key,
        controlPlane: findNodeRoles(object as unknown as Node).includes("control-plane"),
      });
    } else if (key.startsWith(POD_PREFIX)) {
      const pod = object as unknown as Pod;
      const status = podStatus(object);
      pods.push({
        key,
        namespace: object.metadata.namespace ?? "default",
        name: object.metadata.name ?? "",
        node: pod.spec?.nodeName || undefined,
        status,
        tone: podTone(status),
      });
    }
  }
  nodes.sort((a, b) => Number(b.controlPlane) - Number(a.controlPlane) || collator.compare(a.name, b.name));
  pods.sort((a, b) => collator.compare(a.namespace, b.namespace) || collator.compare(a.name, b.name));
  return { nodes, pods };
}

export function sameTopology(a: Topology, b: Topology): boolean {
  if (a === b) return true;
  if (a.nodes.length !== b.nodes.length || a.pods.length !== b.pods.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i] as GraphNodeInfo;
    const y = b.nodes[i] as GraphNodeInfo;
    if (x.name !== y.name || x.controlPlane !== y.controlPlane) return false;
  }
  for (let i = 0; i < a.pods.length; i++) {
    const x = a.pods[i] as GraphPodInfo;
    const y = b.pods[i] as GraphPodInfo;
    if (x.key !== y.key || x.node !== y.node || x.status !== y.status) return false;
  }
  return true;
}

/**
 * A selector for `useCluster` that returns the previous topology while the visible shape is
 * unchanged (the store's `objects` map is replaced on every batch), so the graph only
 * re-renders when a node or pod appears, moves or changes status. Objects are immutable, so a
 * batch that replaced no Node or Pod (Leases, Events) is recognised without recomputing.
 */
export function createTopologySelector(): (state: {
  readonly objects: ReadonlyMap<string, KubeObject>;
}) => Topology {
  let lastObjects: ReadonlyMap<string, KubeObject> | undefined;
  let lastRefs = new Map<string, KubeObject>();
  let last: Topology = EMPTY_TOPOLOGY;
  return (state) => {
    if (state.objects === lastObjects) return last;
    lastObjects = state.objects;
    let unchanged = true;
    let count = 0;
    for (const [key, object] of state.objects) {
      if (!key.startsWith(NODE_PREFIX) && !key.startsWith(POD_PREFIX)) continue;
      count++;
      if (lastRefs.get(key) !== object) {
        unchanged = false;
        break;
      }
    }
    if (unchanged && count === lastRefs.size) return last;
    lastRefs = new Map();
    for (const [key, object] of state.objects) {
      if (key.startsWith(NODE_PREFIX) || key.startsWith(POD_PREFIX)) lastRefs.set(key, object);
    }
    const next = topologyOf(state.objects);
    if (!sameTopology(next, last)) last = next;
    return last;
  };
}
