// The scheduler's cache of nodes and the pods on them (pkg/scheduler/framework NodeInfo and
// internal/cache): allocatable vs requested resources, host ports, images. Assumed pods (bound
// by this scheduler but not yet seen in the watch) count as if they were already there.

import type { Node, Pod, Taint } from "../api/objects";
import { parseQuantity } from "../util/quantity";
import { type PodRequests, podRequests } from "./podResources";

export interface ImageState {
  readonly size: number;
  numNodes: number;
}

export class NodeInfo {
  node: Node;
  allocatableMilliCpu = 0;
  allocatableMemory = 0;
  allocatablePods = 0;
  allocatableScalar = new Map<string, number>();
  requestedMilliCpu = 0;
  requestedMemory = 0;
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  requestedScalar = new Map<string, number>();
  readonly pods = new Map<string, Pod>();
  /** "protocol/hostIP/port" of host ports in use. */
  readonly usedPorts = new Set<string>();
  /** Normalised image names present on the node. */
  images = new Set<string>();
  taints: readonly Taint[] = [];

  constructor(node: Node) {
    this.node = node;
    this.setNode(node);
  }

  /** The node's name (a field, not a getter: Filter reads it for every node of every cycle). */
  name = "";

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata?.name ?? "";
    this.taints = node.spec?.taints ?? [];
    const alloc = node.status?.allocatable ?? {};
    this.allocatableScalar = new Map();
    for (const [name, raw] of Object.entries(alloc)) {
      const q = parseQuantity(raw);
      if (!q) continue;
      if (name === "cpu") this.allocatableMilliCpu = q.milliValue();
      else if (name === "memory") this.allocatableMemory = q.value();
      else if (name === "pods") this.allocatablePods = q.value();
      else this.allocatableScalar.set(name, q.value());
    }
    const images = new Set<string>();
    for (const image of node.status?.images ?? []) for (const n of image.names ?? []) images.add(n);
    this.images = images;
  }

  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) this.removePod(pod);
    this.pods.set(key, pod);
    this.account(podRequests(pod), 1);
    for (const c of pod.spec?.containers ?? [])
      for (const p of c.ports ?? [])
        if (p.hostPort) this.usedPorts.add(portKey(p.protocol, p.hostIP, p.hostPort));
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const existing = this.pods.get(key);
    if (!existing) return;
    this.pods.delete(key);
    this.account(podRequests(existing), -1);
    for (const c of existing.spec?.containers ?? [])
      for (const p of c.ports ?? [])
        if (p.hostPort) this.usedPorts.delete(portKey(p.protocol, p.hostIP, p.hostPort));
  }

  private account(r: PodRequests, sign: 1 | -1): void {
    this.requestedMilliCpu += sign * r.milliCpu;
    this.requestedMemory += sign * r.memory;
    this.nonZeroMilliCpu += sign * r.nonZeroMilliCpu;
    this.nonZeroMemory += sign * r.nonZeroMemory;
    for (const [k, v] of r.scalar) this.requestedScalar.set(k, (this.requestedScalar.get(k) ?? 0) + sign * v);
  }
}

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

export function portKey(protocol: string | undefined, hostIP: string | undefined, port: number): string {
  // HostPortInfo.sanitize: an empty protocol is TCP, an empty address is 0.0.0.0.
  return `${protocol || "TCP"}/${hostIP || "0.0.0.0"}/${port}`;
}
