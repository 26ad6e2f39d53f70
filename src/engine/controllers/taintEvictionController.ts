// The taint eviction controller of kube-controller-manager (pkg/controller/tainteviction,
// taint_eviction.go and timed_workers.go): pods on a node with NoExecute taints are deleted — at
// once if they do not tolerate every such taint, else when the shortest tolerationSeconds they use
// runs out (DefaultTolerationSeconds gives every pod 300 s for not-ready and unreachable). The
// timer is cancelled if the taints go away or the pod comes to tolerate them forever. Firing
// records TaintManagerEviction "Marking for deletion Pod <ns>/<name>", adds the DisruptionTarget
// condition (DeletionByTaintManager) through pods/status and sends an ordinary graceful DELETE:
// with the kubelet gone the pod then stays Terminating, as in a real cluster, while its
// controller replaces it elsewhere. Simplified: the toleration clock starts at the taint's
// timeAdded (nodeTimers.ts) instead of the instant this controller noticed it; pods already being
// deleted are left alone instead of being evicted again; events and deletions are handled in
// the watch handlers rather than by eight hashed workers.

import type { KubeObject, Node, Pod, PodCondition, Taint } from "../api/objects";
import { jsonEqual } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import type { TimerHandle } from "../sim/simulation";
import { createTwoWayStrategicPatch, patchSchemaForKind } from "../util/patch";
import { evictionPlan, noExecuteTaints } from "./nodeTimers";
import { PodsByNode } from "./podsByNode";

/** deletePodHandler tries this many times, 10 ms apart. */
const RETRIES = 5;
const RETRY_DELAY_MS = 10;

/** Informers kube-controller-manager shares between controllers (its shared informer factory). */
export interface SharedNodeInformers {
  readonly nodes: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly podsByNode: PodsByNode;
}

interface ScheduledEviction {
  readonly at: number;
  /** undefined once the deletion is under way. */
  timer: TimerHandle | undefined;
}

export class TaintEvictionController {
  readonly nodes: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly podsByNode: PodsByNode;
  private readonly recorder: EventRecorder;
  /** taintedNodes: the NoExecute taints of each tainted node. */
  private readonly tainted = new Map<string, Taint[]>();
  /** When each tainted node was first seen tainted (the clock for taints without timeAdded). */
  private readonly seenTainted = new Map<string, number>();
  /** taintEvictionQueue, by namespace/name. */
  private readonly evictions = new Map<string, ScheduledEviction>();

  /** Whether this controller started its informers (not shared with another controller). */
  private readonly ownInformers: boolean;

  /** With `shared`, the node and pod informers of another controller (started by it) are used. */
  constructor(
    private readonly client: ApiClient,
    shared?: SharedNodeInformers,
  ) {
    this.ownInformers = shared === undefined;
    this.nodes = shared?.nodes ?? new Informer(client, "nodes");
    this.pods = shared?.pods ?? new Informer(client, "pods");
    this.podsByNode = shared?.podsByNode ?? new PodsByNode(this.pods);
    this.recorder = new EventRecorder(client, { component: "taint-eviction-controller" });
    this.nodes.addHandlers({
      add: (n) => this.handleNodeUpdate(n as unknown as Node),
      update: (old, n) => {
        const before = noExecuteTaints(old as unknown as Node);
        if (!jsonEqual(before, noExecuteTaints(n as unknown as Node)))
          this.handleNodeUpdate(n as unknown as Node);
      },
      delete: (n) => {
        this.tainted.delete(n.metadata.name ?? "");
        this.seenTainted.delete(n.metadata.name ?? "");
      },
    });
    this.pods.addHandlers({
      add: (p) => this.handlePodUpdate(p as unknown as Pod),
      update: (old, p) => {
        const [before, after] = [old as unknown as Pod, p as unknown as Pod];
        if (
          before.spec?.nodeName !== after.spec?.nodeName ||
          !jsonEqual(before.spec?.tolerations ?? [], after.spec?.tolerations ?? [])
        )
          this.handlePodUpdate(after);
      },
      delete: (p) => this.cancelWithEvent(keyOf(p as unknown as Pod)),
    });
  }

  private get sim() {
    return this.client.sim;
  }

  private nowMs(): number {
    return this.sim.epochMs + this.sim.now;
  }

  start(): void {
    if (!this.ownInformers) return;
    this.nodes.start();
    this.pods.start();
  }

  /** When a pod's deletion is scheduled (epoch ms), for tests and the UI. */
  scheduledEviction(namespace: string, name: string): number | undefined {
    return this.evictions.get(`${namespace}/${name}`)?.at;
  }

  private handleNodeUpdate(node: Node): void {
    const name = node.metadata?.name ?? "";
    const taints = noExecuteTaints(node);
    if (taints.length === 0) {
      this.tainted.delete(name);
      this.seenTainted.delete(name);
    } else {
      this.tainted.set(name, taints);
      if (!this.seenTainted.has(name)) this.seenTainted.set(name, this.nowMs());
    }
    for (const pod of this.podsByNode.podsOn(name)) {
      if (taints.length === 0) this.cancelWithEvent(keyOf(pod));
      else this.processPodOnNode(pod, node);
    }
  }

  private handlePodUpdate(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || !this.tainted.has(nodeName)) return;
    const node = this.nodes.get(nodeName) as unknown as Node | undefined;
    if (node) this.processPodOnNode(pod, node);
  }

  private processPodOnNode(pod: Pod, node: Node): void {
    const key = keyOf(pod);
    if (pod.metadata?.deletionTimestamp) return;
    const plan = evictionPlan(pod, node, this.seenTainted.get(node.metadata?.name ?? ""));
    if (plan.kind !== "evict") return this.cancelWithEvent(key);
    if (plan.untolerated) {
      // Deleted right away; a timer it had is cancelled first (with its event).
      this.cancelWithEvent(key);
      return this.addWork(key, this.nowMs());
    }
    const existing = this.evictions.get(key);
    if (existing) {
      if (existing.timer === undefined || existing.at <= plan.at) return;
      this.cancelWithEvent(key);
    }
    this.addWork(key, plan.at);
  }

  /** TimedWorkerQueue.AddWork: the deletion is foreground work, so the cluster is not idle before it. */
  private addWork(key: string, at: number): void {
    if (this.evictions.has(key)) return;
    const entry: ScheduledEviction = { at, timer: undefined };
    this.evictions.set(key, entry);
    const fire = (): void => {
      entry.timer = undefined;
      this.deletePod(key);
    };
    const delay = at - this.nowMs();
    // Due already: the work starts now and can no longer be cancelled (upstream's nil worker).
    if (delay <= 0) this.sim.schedule(0, fire, { background: false });
    else entry.timer = this.sim.schedule(delay, fire, { background: false });
  }

  /** cancelWorkWithEvent: the event only when a scheduled deletion was really cancelled. */
  private cancelWithEvent(key: string): void {
    const entry = this.evictions.get(key);
    if (!entry) return;
    this.evictions.delete(key);
    if (entry.timer === undefined) return;
    entry.timer.cancel();
    this.event(key, `Cancelling deletion of Pod ${key}`);
  }

  private event(key: string, message: string): void {
    const [namespace = "", name = ""] = key.split("/");
    // The ObjectReference upstream builds: kind, name and namespace only.
    const ref: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace } };
    this.recorder.event(ref, "Normal", "TaintManagerEviction", message);
  }

  /** deletePodHandler: the event, then addConditionAndDeletePod, retried. */
  private deletePod(key: string): void {
    const [namespace = "", name = ""] = key.split("/");
    this.event(key, `Marking for deletion Pod ${key}`);
    const attempt = (n: number): void =>
      this.addConditionAndDeletePod(namespace, name, (ok) => {
        if (ok || n >= RETRIES) {
          this.evictions.delete(key);
          return;
        }
        this.sim.schedule(RETRY_DELAY_MS, () => attempt(n + 1));
      });
    attempt(1);
  }

  /** GET the pod, PATCH the DisruptionTarget condition onto its status, DELETE it. */
  private addConditionAndDeletePod(namespace: string, name: string, done: (ok: boolean) => void): void {
    this.client.request({ verb: "get", resource: "pods", namespace, name }, (got) => {
      if (got.code === 404) return done(true);
      if (got.code !== 200) return done(false);
      const pod = got.body as unknown as Pod;
      const del = (): void =>
        this.client.request({ verb: "delete", resource: "pods", namespace, name }, (res) =>
          done(res.code === 200 || res.code === 404),
        );
      const conditions = pod.status?.conditions ?? [];
      const existing = conditions.find((c) => c.type === "DisruptionTarget");
      const reason = "DeletionByTaintManager";
      const message = "Taint manager: deleting due to NoExecute taint";
      if (existing?.status === "True" && existing.reason === reason && existing.message === message)
        return del();
      const condition: PodCondition = {
        type: "DisruptionTarget",
        status: "True",
        lastProbeTime: null as unknown as string,
        lastTransitionTime:
          (existing?.status === "True" ? existing.lastTransitionTime : undefined) ?? this.sim.timestamp(),
        reason,
        message,
      };
      const status = {
        ...pod.status,
        conditions: existing
          ? conditions.map((c) => (c === existing ? condition : c))
          : [...conditions, condition],
      };
      // utilpod.PatchPodStatus: a two-way strategic merge patch of the status, pinned to the uid.
      const patch = createTwoWayStrategicPatch(
        { status: pod.status ?? {} },
        { metadata: { uid: pod.metadata?.uid ?? "" }, status },
        patchSchemaForKind("Pod"),
      );
      this.client.patch("pods", namespace, name, patch, { subresource: "status", strategic: true }, (res) => {
        if (res.code !== 200) return done(res.code === 404);
        del();
      });
    });
  }
}

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}
