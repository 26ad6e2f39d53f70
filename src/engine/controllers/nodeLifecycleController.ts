// The node lifecycle controller of kube-controller-manager (pkg/controller/nodelifecycle,
// node_lifecycle_controller.go, with pkg/controller/util/node/controller_utils.go). Every
// --node-monitor-period (5 s) monitorNodeHealth looks at each node: if neither its Lease in
// kube-node-lease nor its Ready heartbeat moved for --node-monitor-grace-period (40 s), it PUTs
// nodes/<name>/status with Ready, MemoryPressure, DiskPressure and PIDPressure set to Unknown
// ("Kubelet stopped posting node status."), records NodeNotReady and marks the node's pods not
// ready; the next pass queues the node for the unreachable (or not-ready) NoExecute taint, and
// when the node is Ready again the taints come off. Node updates drive the NoSchedule taints of
// TaintNodesByCondition, spec.unschedulable included (nodeLifecycleTaints.ts); the writes to a
// failing node and its pods are in nodeUtils.ts. Simplified: health is judged from the timestamps
// in the objects (nodeTimers.ts) rather than the controller's own observation times; no zones or
// disruption modes; no label reconciliation; a failed status write is retried at the next pass
// rather than at once.
//
// Timers and idleness: the 5 s check is background work while nothing is pending, so a healthy
// cluster goes idle; once a node has missed a Lease renewal (or needs its taints changed) the next
// check is foreground, so running until idle carries a node failure through to the taint. What a
// check decides to write always runs as foreground work, never hidden with the heartbeats.

import type { KubeObject, Lease, Node, Pod } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { Timing } from "../cluster/timing";
import type { TimerHandle } from "../sim/simulation";
import {
  NOT_READY_TAINT,
  NoExecuteTainter,
  UNREACHABLE_TAINT,
  noScheduleTaintDiff,
  noScheduleTaintingPass,
} from "./nodeLifecycleTaints";
import { removeTaintsOffNode, swapNodeControllerTaint, taintExists } from "./nodeTaints";
import { markPodsNotReady, recordNodeEvent, recordNodeStatusChange, unknownConditions } from "./nodeUtils";
import {
  type NodeHealthTimes,
  desiredNoExecuteTaintKey,
  nodeCondition,
  nodeHealthTimes,
  overdue,
} from "./nodeTimers";
import { PodsByNode } from "./podsByNode";
import { WorkQueue } from "./workQueue";

type ReadyStatus = string | undefined;

/** What one health check does for one node. */
interface NodeCheck {
  readonly node: Node;
  /** The Ready status as read from the cache (observedReadyCondition). */
  readonly observed: ReadyStatus;
  /** The node with its conditions set to Unknown, to PUT. */
  readonly update?: Node;
}

export class NodeLifecycleController {
  readonly nodes: Informer<KubeObject>;
  readonly leases: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly podsByNode: PodsByNode;
  /** nodeUpdateQueue: the NoSchedule tainting pass, per node. */
  readonly queue: WorkQueue;
  readonly tainter: NoExecuteTainter;
  private readonly recorder: EventRecorder;
  /** knownNodeSet. */
  private readonly known = new Map<string, Node>();
  /** nodesToRetry: nodes whose pods could not all be marked not ready. */
  private readonly retry = new Set<string>();
  private tick: { at: number; foreground: boolean; handle: TimerHandle } | undefined;
  /** Nodes the next check has something to do for (see pending). */
  private readonly pendingNodes = new Set<string>();
  /** Each node's heartbeat and deadline, worked out when the node or its Lease changes. */
  private readonly health = new Map<string, NodeHealthTimes>();

  constructor(private readonly client: ApiClient) {
    this.nodes = new Informer(client, "nodes");
    this.leases = new Informer(client, "leases", { namespace: "kube-node-lease" });
    this.pods = new Informer(client, "pods");
    this.podsByNode = new PodsByNode(this.pods);
    this.recorder = new EventRecorder(client, { component: "node-controller" });
    this.tainter = new NoExecuteTainter(client, (name) => this.node(name));
    this.queue = new WorkQueue(client.sim, (name, done) => {
      const node = this.node(name);
      if (!node) return done();
      noScheduleTaintingPass(client, node, (ok) => done(ok ? undefined : "error"));
    });
    const nodeChanged = (object: KubeObject): void => {
      const node = object as unknown as Node;
      this.refreshHealth(node);
      const diff = noScheduleTaintDiff(node);
      if (diff.add.length > 0 || diff.remove.length > 0)
        this.foreground(() => this.queue.add(node.metadata?.name ?? ""));
      this.notePending(node);
    };
    this.nodes.addHandlers({
      add: (n) => nodeChanged(n),
      update: (_old, n) => nodeChanged(n),
      delete: (n) => {
        this.retry.delete(n.metadata.name ?? "");
        this.pendingNodes.delete(n.metadata.name ?? "");
        this.health.delete(n.metadata.name ?? "");
        this.retick();
      },
    });
    const leaseChanged = (lease: KubeObject): void => {
      const node = this.node(lease.metadata.name ?? "");
      if (!node) return;
      this.refreshHealth(node);
      this.notePending(node);
    };
    this.leases.addHandlers({ add: leaseChanged, update: (_old, l) => leaseChanged(l) });
    this.pods.addHandlers({
      add: (p) => this.podUpdated(undefined, p as unknown as Pod),
      update: (old, p) => this.podUpdated(old as unknown as Pod, p as unknown as Pod),
    });
  }

  private get sim() {
    return this.client.sim;
  }

  private nowMs(): number {
    return this.sim.epochMs + this.sim.now;
  }

  private node(name: string): Node | undefined {
    return this.nodes.get(name) as unknown as Node | undefined;
  }

  private refreshHealth(node: Node): void {
    const name = node.metadata?.name ?? "";
    this.health.set(name, nodeHealthTimes(node, this.lease(name)));
  }

  private healthOf(node: Node): NodeHealthTimes {
    const name = node.metadata?.name ?? "";
    return this.health.get(name) ?? nodeHealthTimes(node, this.lease(name));
  }

  private lease(name: string): Lease | undefined {
    return this.leases.get(`kube-node-lease/${name}`) as unknown as Lease | undefined;
  }

  /** Writes decided from a background context still show as real work. */
  private foreground(run: () => void): void {
    this.sim.schedule(0, run, { background: false });
  }

  start(): void {
    this.leases.start();
    this.pods.start();
    this.nodes.start();
    // The cluster was running before the trace starts: the nodes are already registered here.
    const nodes = [...this.nodes.list()].map((n) => n as unknown as Node);
    for (const n of nodes) this.known.set(n.metadata?.name ?? "", n);
    this.scheduleTick(this.recomputePending(nodes));
  }

  /** Whether the next health check has something to do for this node (so it is not idle time). */
  private pending(node: Node): boolean {
    const wanted = desiredNoExecuteTaintKey(node);
    const tainted = [UNREACHABLE_TAINT, NOT_READY_TAINT].find((t) => taintExists(node.spec?.taints, t))?.key;
    if (wanted !== tainted) return true;
    const failing = nodeCondition(node, "Ready")?.status !== "Unknown";
    return failing && overdue(this.healthOf(node), this.nowMs());
  }

  /** Re-evaluates every node; true if any is pending. */
  private recomputePending(nodes: readonly Node[]): boolean {
    this.pendingNodes.clear();
    for (const n of nodes) if (this.pending(n)) this.pendingNodes.add(n.metadata?.name ?? "");
    return this.pendingNodes.size > 0;
  }

  /**
   * A node or its Lease changed: the next check becomes foreground work if the node now needs it,
   * and background again once no node does (a healthy cluster settles).
   */
  private notePending(node: Node): void {
    const name = node.metadata?.name ?? "";
    if (this.pending(node)) this.pendingNodes.add(name);
    else this.pendingNodes.delete(name);
    this.retick();
  }

  /** The next check is foreground while a node is pending or nodes came or went (events to record). */
  private retick(): void {
    if (!this.tick) return;
    const foreground = this.pendingNodes.size > 0 || this.known.size !== this.nodes.size;
    if (foreground !== this.tick.foreground) this.scheduleTick(foreground, this.tick.at);
  }

  private scheduleTick(foreground: boolean, at = this.sim.now + Timing.nodeMonitorPeriod): void {
    this.tick?.handle.cancel();
    const handle = this.sim.schedule(at - this.sim.now, () => this.monitorNodeHealth(), {
      background: !foreground,
    });
    this.tick = { at, foreground, handle };
  }

  /** monitorNodeHealth: one pass over every node. */
  monitorNodeHealth(): void {
    this.tick = undefined;
    const nodes = [...this.nodes.list()]
      .map((n) => n as unknown as Node)
      .sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
    const work: (() => void)[] = [];
    const names = new Set(nodes.map((n) => n.metadata?.name ?? ""));
    for (const node of nodes) {
      const name = node.metadata?.name ?? "";
      if (this.known.has(name)) continue;
      this.known.set(name, node);
      work.push(() =>
        recordNodeEvent(this.recorder, node, "RegisteredNode", `Registered Node ${name} in Controller`),
      );
    }
    for (const [name, gone] of [...this.known].filter(([n]) => !names.has(n))) {
      this.known.delete(name);
      work.push(() =>
        recordNodeEvent(this.recorder, gone, "RemovingNode", `Removing Node ${name} from Controller`),
      );
    }
    for (const node of nodes) {
      const check = this.checkNode(node);
      if (this.needsWork(check)) work.push(() => this.process(check));
    }
    if (work.length > 0) this.foreground(() => work.forEach((w) => w()));
    this.scheduleTick(this.recomputePending(nodes));
  }

  /** tryUpdateNodeHealth, as a decision: past the grace period, every condition becomes Unknown. */
  private checkNode(node: Node): NodeCheck {
    const ready = nodeCondition(node, "Ready");
    const observed = ready?.status ?? "Unknown";
    const deadline = this.healthOf(node).deadline;
    if (deadline === undefined || this.nowMs() <= deadline) return { node, observed };
    const conditions = unknownConditions(node, this.sim.timestamp());
    // Only a change of the Ready condition is written (apiequality on currentReadyCondition).
    if (ready?.status === "Unknown") return { node, observed };
    return { node, observed, update: { ...node, status: { ...node.status, conditions } } };
  }

  private needsWork(check: NodeCheck): boolean {
    const { node, observed } = check;
    const name = node.metadata?.name ?? "";
    if (check.update || this.retry.has(name)) return true;
    const taints = node.spec?.taints;
    if (observed === "True") {
      this.tainter.unmark(name);
      return taintExists(taints, UNREACHABLE_TAINT) || taintExists(taints, NOT_READY_TAINT);
    }
    // Not ready: queue the NoExecute taint (or swap the wrong one) unless it is done.
    const wanted = observed === "False" ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    return !taintExists(taints, wanted);
  }

  /** The rest of monitorNodeHealth for one node, after its status write if there is one. */
  private process(check: NodeCheck): void {
    const { node, observed } = check;
    const after = (current: ReadyStatus, written: Node): void => {
      this.processTaintBaseEviction(written, observed);
      const name = node.metadata?.name ?? "";
      if (current !== "True" && observed === "True") {
        recordNodeStatusChange(this.recorder, node, "NodeNotReady");
        this.markPodsNotReady(name, this.podsByNode.podsOn(name));
      } else if (this.retry.has(name) && observed !== "True") {
        this.markPodsNotReady(name, this.podsByNode.podsOn(name));
      } else this.retry.delete(name);
    };
    const update = check.update;
    if (!update) return after(observed, node);
    this.client.request(
      {
        verb: "update",
        resource: "nodes",
        name: node.metadata?.name ?? "",
        subresource: "status",
        body: update,
      },
      (response) => {
        // On failure nothing else happens for this node now ("no pods will be evicted"): the next
        // pass tries again.
        if (response.code === 200) after("Unknown", response.body as unknown as Node);
      },
    );
  }

  /** processTaintBaseEviction, on the Ready status as it was before this pass. */
  private processTaintBaseEviction(node: Node, observed: ReadyStatus): void {
    const taints = node.spec?.taints;
    if (observed === "False" || observed === "Unknown") {
      const [wanted, other] =
        observed === "False" ? [NOT_READY_TAINT, UNREACHABLE_TAINT] : [UNREACHABLE_TAINT, NOT_READY_TAINT];
      // Already tainted the other way: swap straight away, without waiting for the rate limiter.
      if (taintExists(taints, other)) swapNodeControllerTaint(this.client, node, [wanted], [other], () => {});
      else this.tainter.mark(node, observed);
    } else if (observed === "True") {
      // markNodeAsReachable.
      removeTaintsOffNode(this.client, node, [UNREACHABLE_TAINT], (ok) => {
        if (ok) removeTaintsOffNode(this.client, node, [NOT_READY_TAINT], () => {});
      });
      this.tainter.unmark(node.metadata?.name ?? "");
    }
  }

  /** MarkPodsNotReady; a node whose pods could not all be marked is retried at the next check. */
  private markPodsNotReady(nodeName: string, pods: readonly Pod[]): void {
    markPodsNotReady(this.client, this.recorder, nodeName, pods, (ok) => {
      if (ok) this.retry.delete(nodeName);
      else this.retry.add(nodeName);
    });
  }

  /** processPod: a pod newly bound to a node that is not ready is marked not ready too. */
  private podUpdated(old: Pod | undefined, pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || old?.spec?.nodeName === nodeName) return;
    const status = nodeCondition(this.node(nodeName), "Ready")?.status;
    if (status !== undefined && status !== "True")
      this.foreground(() => this.markPodsNotReady(nodeName, [pod]));
  }
}
