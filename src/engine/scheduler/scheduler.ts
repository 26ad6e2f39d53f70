// kube-scheduler (pkg/scheduler): watches pods and nodes, takes unscheduled pods from its queue
// one at a time, runs the Filter and Score plugins over the nodes, and binds the pod to the best
// node through the pods/binding subresource. Every cycle's per-node, per-plugin results are kept
// in the trace so a learner can see why a node was rejected or how it scored.
// Simplified: one profile (default-scheduler), no preemption (its dry run and message are
// computed, but no victim is evicted), no PodTopologySpread/InterPodAffinity/volume plugins, no
// PreFilter node narrowing (NodeAffinity matchFields), and binding is not retried on errors other
// than through the queue's backoff. With no nodes at all, the pod waits for a node to be added
// rather than backing off forever.

import type { KubeObject, Node, Pod } from "../api/objects";
import { jsonEqual } from "../api/objects";
import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import type { Simulation } from "../sim/simulation";
import type { FilterDetail, ScoreDetail, TraceMessage } from "../trace/traceEvent";
import { fitErrorMessage, truncateEventMessage } from "./fitError";
import {
  type FilterFailure,
  type FilterPlugin,
  type ScorePlugin,
  cycleState,
  numFeasibleNodesToFind,
} from "./framework";
import { NodeInfo, podKey } from "./nodeInfo";
import { defaultFilterPlugins } from "./plugins/filters";
import {
  balancedAllocation,
  imageLocalityScore,
  nodeAffinityScore,
  nodeResourcesFitScore,
  taintTolerationScore,
} from "./plugins/scores";
import { type QueuedPod, SchedulingQueue } from "./schedulingQueue";

export const SCHEDULER_NAME = "default-scheduler";

export interface SchedulerOptions {
  /** 0 = adaptive, as upstream's default. */
  readonly percentageOfNodesToScore?: number;
}

interface FilterOutcome {
  readonly detail: FilterDetail;
  readonly feasible: NodeInfo[];
  readonly failures: Map<string, FilterFailure>;
}

export class Scheduler {
  readonly client: ApiClient;
  private readonly recorder: EventRecorder;
  readonly pods: Informer<KubeObject>;
  readonly nodes: Informer<KubeObject>;
  readonly queue: SchedulingQueue;
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private nodeOrder: NodeInfo[] = [];
  /** Where the next cycle starts examining nodes (round robin, as upstream). */
  private nextStartNodeIndex = 0;
  private readonly images = new Map<string, { size: number; numNodes: number }>();
  /** Pods bound by us but not yet seen assigned in the watch ("assumed"). */
  private readonly assumed = new Map<string, string>();
  private readonly filters: readonly FilterPlugin[] = defaultFilterPlugins;
  private readonly scorers: readonly ScorePlugin[];
  private cycleRunning = false;

  constructor(
    private readonly sim: Simulation,
    apiserver: ApiServer,
    private readonly options: SchedulerOptions = {},
  ) {
    this.client = new ApiClient(sim, "kube-scheduler", Users.scheduler, apiserver);
    this.recorder = new EventRecorder(this.client, { component: SCHEDULER_NAME });
    this.queue = new SchedulingQueue(sim, () => this.kick());
    this.scorers = [
      taintTolerationScore,
      nodeAffinityScore,
      nodeResourcesFitScore,
      balancedAllocation,
      imageLocalityScore((image) => this.images.get(image)),
    ];
    this.nodes = new Informer(this.client, "nodes");
    this.pods = new Informer(this.client, "pods");
    this.nodes.addHandlers({
      add: (n) => this.onNode(n as unknown as Node),
      update: (o, n) => this.onNode(n as unknown as Node, o as unknown as Node),
      delete: (n) => this.onNodeDeleted(n as unknown as Node),
    });
    this.pods.addHandlers({
      add: (p) => this.onPod(p as unknown as Pod),
      update: (o, p) => this.onPod(p as unknown as Pod, o as unknown as Pod),
      delete: (p) => this.onPodDeleted(p as unknown as Pod),
    });
  }

  start(): void {
    this.nodes.start();
    this.pods.start();
  }

  // ---- informer handlers -------------------------------------------------------------------

  private onNode(node: Node, old?: Node): void {
    const name = node.metadata?.name ?? "";
    let info = this.nodeInfos.get(name);
    if (info) {
      this.untrackImages(info);
      info.setNode(node);
    } else {
      info = new NodeInfo(node);
      this.nodeInfos.set(name, info);
      this.nodeOrder.push(info);
      // Pods already bound to this node (it was deleted and registered again) still take room.
      for (const object of this.pods.list()) {
        const p = object as unknown as Pod;
        if (p.spec?.nodeName === name && !isTerminal(p)) info.addPod(p);
      }
    }
    this.trackImages(info);
    if (!old || schedulingRelevantChange(old, node)) this.queue.moveAllToActiveOrBackoff();
  }

  private onNodeDeleted(node: Node): void {
    const name = node.metadata?.name ?? "";
    const info = this.nodeInfos.get(name);
    if (!info) return;
    this.untrackImages(info);
    this.nodeInfos.delete(name);
    this.nodeOrder = this.nodeOrder.filter((n) => n !== info);
  }

  private trackImages(info: NodeInfo): void {
    for (const image of info.node.status?.images ?? []) {
      for (const n of image.names ?? []) {
        const entry = this.images.get(n);
        if (entry) entry.numNodes++;
        else this.images.set(n, { size: image.sizeBytes ?? 0, numNodes: 1 });
      }
    }
  }

  private untrackImages(info: NodeInfo): void {
    for (const image of info.node.status?.images ?? []) {
      for (const n of image.names ?? []) {
        const entry = this.images.get(n);
        if (entry && --entry.numNodes <= 0) this.images.delete(n);
      }
    }
  }

  private responsibleFor(pod: Pod): boolean {
    return (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  }

  private onPod(pod: Pod, old?: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      if (this.queue.has(key)) this.queue.delete(key);
      const assumedOn = this.assumed.get(key);
      if (assumedOn !== undefined) {
        this.nodeInfos.get(assumedOn)?.removePod(pod);
        this.assumed.delete(key);
      }
      const oldNode = old?.spec?.nodeName;
      if (old && oldNode && oldNode !== nodeName) this.nodeInfos.get(oldNode)?.removePod(old);
      if (isTerminal(pod)) {
        // Upstream's pod informer excludes Succeeded/Failed pods, so a pod that finishes is an
        // AssignedPodDelete: its resources are free again.
        const info = this.nodeInfos.get(nodeName);
        if (info?.pods.has(key)) {
          info.removePod(pod);
          this.queue.moveAllToActiveOrBackoff();
        }
      } else this.nodeInfos.get(nodeName)?.addPod(pod);
      return;
    }
    if (!this.responsibleFor(pod) || pod.metadata?.deletionTimestamp) return;
    if (this.assumed.has(key)) return;
    // Status-only updates (such as our own PodScheduled=False) do not make a pod schedulable again.
    if (old && !specChanged(old, pod)) return;
    this.queue.add(key, pod);
  }

  private onPodDeleted(pod: Pod): void {
    const key = podKey(pod);
    this.queue.delete(key);
    const nodeName = pod.spec?.nodeName ?? this.assumed.get(key);
    this.assumed.delete(key);
    if (nodeName) {
      this.nodeInfos.get(nodeName)?.removePod(pod);
      this.queue.moveAllToActiveOrBackoff();
    }
  }

  // ---- the scheduling cycle ----------------------------------------------------------------

  private kick(): void {
    if (this.cycleRunning) return;
    this.cycleRunning = true;
    this.sim.schedule(0, () => this.scheduleOne());
  }

  private next(): void {
    this.cycleRunning = false;
    if (this.queue.activeCount > 0) this.kick();
  }

  private scheduleOne(): void {
    const entry = this.queue.pop();
    if (!entry) {
      this.cycleRunning = false;
      return;
    }
    // Always schedule the newest version of the pod.
    const pod = this.pods.get(entry.key) as unknown as Pod | undefined;
    if (!pod || pod.spec?.nodeName || pod.metadata?.deletionTimestamp) {
      this.queue.done(entry.key);
      return this.next();
    }
    entry.pod = pod;
    if (this.nodeOrder.length === 0) {
      // schedulePod returns ErrNoNodesAvailable before any plugin runs: a SchedulerError, not a FitError.
      this.recordFailure(pod, "no nodes available to schedule pods", "SchedulerError");
      this.queue.addUnschedulable(entry);
      return this.next();
    }
    const ref = {
      kind: "Pod",
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      uid: pod.metadata?.uid ?? "",
    };
    let outcome: FilterOutcome | undefined;
    this.sim.send(
      (): TraceMessage => {
        outcome = this.runFilters(pod, entry.key);
        const d = outcome.detail;
        return {
          from: "kube-scheduler",
          to: "kube-scheduler",
          kind: "internal",
          summary: `Filter ${entry.key}: ${d.feasible} of ${d.totalNodes} nodes fit`,
          object: ref,
          detail: d,
        };
      },
      0,
      () => {
        const result = outcome as FilterOutcome;
        if (result.feasible.length === 0) {
          this.handleUnschedulable(entry, pod, result);
          return this.next();
        }
        if (result.feasible.length === 1) {
          // Upstream skips scoring when only one node fits.
          this.bind(entry, pod, result.feasible[0] as NodeInfo);
          return this.next();
        }
        let score: ScoreDetail | undefined;
        this.sim.send(
          (): TraceMessage => {
            score = this.runScores(pod, result.feasible, entry.key);
            const best = score.totals[score.nodes.indexOf(score.selected)] ?? 0;
            return {
              from: "kube-scheduler",
              to: "kube-scheduler",
              kind: "internal",
              summary: `Score ${entry.key}: ${score.selected} scores highest (${best}) of ${score.nodes.length} nodes`,
              object: ref,
              detail: score,
            };
          },
          0,
          () => {
            this.bind(entry, pod, this.nodeInfos.get((score as ScoreDetail).selected) as NodeInfo);
            this.next();
          },
        );
      },
    );
  }

  /** Filter: examine nodes from the round-robin start until enough feasible nodes are found. */
  private runFilters(pod: Pod, key: string): FilterOutcome {
    const nodes = this.nodeOrder;
    const total = nodes.length;
    const state = cycleState(pod, total);
    const wanted = numFeasibleNodesToFind(total, this.options.percentageOfNodesToScore ?? 0);
    const examined: string[] = [];
    const rejections: ({ plugin: string; reason: string } | undefined)[] = [];
    const feasible: NodeInfo[] = [];
    const failures = new Map<string, FilterFailure>();
    let processed = 0;
    for (; processed < total && feasible.length < wanted; processed++) {
      const node = nodes[(this.nextStartNodeIndex + processed) % total] as NodeInfo;
      examined.push(node.name);
      let failed: { plugin: string; failure: FilterFailure } | undefined;
      for (const plugin of this.filters) {
        const failure = plugin.filter(state, node);
        if (failure) {
          failed = { plugin: plugin.name, failure };
          break;
        }
      }
      if (failed) {
        failures.set(node.name, failed.failure);
        rejections.push({ plugin: failed.plugin, reason: failed.failure.reasons.join(", ") });
      } else {
        feasible.push(node);
        rejections.push(undefined);
      }
    }
    if (total > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % total;
    return {
      detail: {
        type: "filter",
        pod: key,
        totalNodes: total,
        nodes: examined,
        rejections,
        feasible: feasible.length,
      },
      feasible,
      failures,
    };
  }

  private runScores(pod: Pod, feasible: NodeInfo[], key: string): ScoreDetail {
    const state = cycleState(pod, this.nodeOrder.length);
    const totals = new Array<number>(feasible.length).fill(0);
    const plugins = this.scorers.map((plugin) => {
      const scores = feasible.map((node) => plugin.score(state, node));
      plugin.normalize?.(scores);
      for (let i = 0; i < scores.length; i++)
        totals[i] = (totals[i] as number) + (scores[i] as number) * plugin.weight;
      return { plugin: plugin.name, weight: plugin.weight, scores };
    });
    // selectHost: the highest total; ties broken at random (reservoir sampling), as upstream.
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      const t = totals[i] as number;
      if (t > (totals[best] as number)) {
        best = i;
        ties = 1;
      } else if (t === totals[best]) {
        ties++;
        if (this.sim.rng.int(ties) === 0) best = i;
      }
    }
    return {
      type: "score",
      pod: key,
      nodes: feasible.map((n) => n.name),
      plugins,
      totals,
      selected: (feasible[best] as NodeInfo).name,
    };
  }

  private bind(entry: QueuedPod, pod: Pod, node: NodeInfo): void {
    const ns = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    // Assume: count the pod on the node now, so the next cycle sees its resources taken.
    this.assumed.set(entry.key, node.name);
    node.addPod({ ...pod, spec: { ...(pod.spec ?? { containers: [] }), nodeName: node.name } });
    this.client.request(
      {
        verb: "create",
        resource: "pods",
        namespace: ns,
        name,
        subresource: "binding",
        body: {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name, namespace: ns, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) },
          target: { apiVersion: "v1", kind: "Node", name: node.name },
        },
      },
      (response) => {
        if (response.code === 201) {
          this.queue.done(entry.key);
          this.recorder.event(
            pod as unknown as KubeObject,
            "Normal",
            "Scheduled",
            `Successfully assigned ${ns}/${name} to ${node.name}`,
          );
          return;
        }
        // Binding failed (handleBindingCycleError): forget the assumed pod, which frees its
        // resources (an AssignedPodDelete for the other pods), and retry after backoff.
        if (this.assumed.get(entry.key) === node.name) {
          this.assumed.delete(entry.key);
          node.removePod(pod);
        }
        const status = response.body as { message?: string };
        const error = `running Bind plugin "DefaultBinder": ${status.message ?? `request failed with code ${response.code}`}`;
        const current = this.pods.get(entry.key) as unknown as Pod | undefined;
        if (current && !current.spec?.nodeName) {
          this.queue.addBackoff(entry);
          // A 409 means the pod changed under us (bound by someone else, or being deleted) and
          // the watch has not caught up: patching PodScheduled=False now could overwrite the
          // True that binding set, so only the event is recorded.
          if (response.code === 409) {
            this.recorder.event(
              current as unknown as KubeObject,
              "Warning",
              "FailedScheduling",
              truncateEventMessage(error),
            );
          } else this.recordFailure(current, error, "SchedulerError");
        } else {
          this.queue.done(entry.key);
          this.recorder.event(
            pod as unknown as KubeObject,
            "Warning",
            "FailedScheduling",
            truncateEventMessage(error),
          );
        }
        this.queue.moveAllToActiveOrBackoff();
      },
    );
  }

  private handleUnschedulable(entry: QueuedPod, pod: Pod, outcome: FilterOutcome): void {
    const message = fitErrorMessage(pod, outcome.detail.totalNodes, outcome.failures, this.nodeInfos);
    this.recordFailure(pod, message, "Unschedulable");
    this.queue.addUnschedulable(entry);
  }

  /**
   * handleSchedulingFailure: a FailedScheduling event (message truncated to 1024 bytes) and a
   * PodScheduled=False condition (message in full), patched only when the condition changes.
   */
  private recordFailure(pod: Pod, message: string, reason: "Unschedulable" | "SchedulerError"): void {
    this.recorder.event(
      pod as unknown as KubeObject,
      "Warning",
      "FailedScheduling",
      truncateEventMessage(message),
    );
    const existing = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
    if (existing && existing.status === "False" && existing.reason === reason && existing.message === message)
      return;
    // UpdatePodCondition keeps lastTransitionTime while the status stays the same.
    const lastTransitionTime =
      existing?.status === "False" && existing.lastTransitionTime
        ? existing.lastTransitionTime
        : this.sim.timestamp();
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== "PodScheduled"),
      { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime, reason, message },
    ];
    this.client.patch(
      "pods",
      pod.metadata?.namespace,
      pod.metadata?.name ?? "",
      { status: { conditions } },
      { subresource: "status" },
    );
  }

  /** For tests and the UI: the scheduler's view of a node. */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodeInfos.get(name);
  }

  get assumedCount(): number {
    return this.assumed.size;
  }
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** isPodUpdated: ignores resourceVersion, generation and status. */
function specChanged(old: Pod, pod: Pod): boolean {
  const strip = (p: Pod) => ({
    ...p,
    status: undefined,
    metadata: { ...p.metadata, resourceVersion: undefined, generation: undefined },
  });
  return !jsonEqual(strip(old), strip(pod));
}

function schedulingRelevantChange(old: Node, node: Node): boolean {
  return (
    JSON.stringify(old.status?.allocatable) !== JSON.stringify(node.status?.allocatable) ||
    JSON.stringify(old.metadata?.labels) !== JSON.stringify(node.metadata?.labels) ||
    JSON.stringify(old.spec?.taints) !== JSON.stringify(node.spec?.taints) ||
    old.spec?.unschedulable !== node.spec?.unschedulable
  );
}
