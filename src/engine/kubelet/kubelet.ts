// The kubelet on one node (pkg/kubelet): watches the pods bound to its node (a watch filtered
// by spec.nodeName), runs a pod worker for each, renews its Lease in kube-node-lease every 10 s
// and reports node status when it changes (or every 5 minutes). The machine can lose power
// (stop: everything on it dies silently, nothing is reported) and boot again (start: the kubelet
// registers, reports its status, renews its Lease, lists its pods and runs them again, and
// removes the ones deleted meanwhile); see kubeletPower.ts.
// Simplified: no admission checks on the node, no eviction manager, no volume manager; static
// pods are adopted as already running at cluster start-up; after a reboot every pod still bound
// here (static ones included) is started again from the API's view of it.

import type { KubeObject, Lease, Node, NodeCondition, Pod } from "../api/objects";
import { jsonEqual } from "../api/objects";
import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import { EventRecorder, type EventType } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { Timing } from "../cluster/timing";
import type { Simulation, TimerHandle } from "../sim/simulation";
import type { ComponentName } from "../trace/traceEvent";
import { ContainerRuntime } from "./containerRuntime";
import {
  PoweredApiClient,
  bootNodeStatus,
  carryOverContainers,
  nodeRegistration,
  podFinished,
  powerOffRuntime,
} from "./kubeletPower";
import { PodWorker } from "./podWorker";

export interface KubeletOptions {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly podCidr: string;
}

export class Kubelet {
  readonly name: ComponentName;
  /** Cut while the machine is off (see kubeletPower.ts). */
  readonly client: PoweredApiClient;
  /** A new recorder, runtime and pod informer at every boot: nothing survives a power-off in memory. */
  recorder: EventRecorder;
  runtime: ContainerRuntime;
  pods: Informer<KubeObject>;
  readonly workers = new Map<string, PodWorker>();
  readonly nodeName: string;
  readonly nodeIP: string;
  private readonly podCidr: string;
  private node: Node | undefined;
  private lease: Lease | undefined;
  private lastReportMs = 0;
  private imagesDirty = false;
  private leaseTimer: TimerHandle | undefined;
  private statusTimer: TimerHandle | undefined;
  /** Simulated time of the last power-off (undefined: never). */
  private poweredOffMs: number | undefined;

  constructor(
    readonly sim: Simulation,
    apiserver: ApiServer,
    options: KubeletOptions,
  ) {
    this.nodeName = options.nodeName;
    this.nodeIP = options.nodeIP;
    this.podCidr = options.podCidr;
    this.name = `kubelet/${options.nodeName}`;
    this.client = new PoweredApiClient(sim, this.name, Users.node(options.nodeName), apiserver);
    this.recorder = this.newRecorder();
    this.runtime = this.newRuntime();
    this.pods = this.newPodInformer();
  }

  private newRecorder(): EventRecorder {
    return new EventRecorder(this.client, { component: "kubelet", host: this.nodeName });
  }

  private newRuntime(): ContainerRuntime {
    const runtime = new ContainerRuntime(this.sim, this.nodeName, this.podCidr);
    runtime.onContainerExit = (c) => {
      for (const worker of this.workers.values())
        if (worker.sandbox?.id === c.sandboxId) worker.containerExited(c);
    };
    return runtime;
  }

  private newPodInformer(): Informer<KubeObject> {
    // The Node authorizer only lets a kubelet see pods bound to its node: an indexed watch.
    const pods = new Informer(this.client, "pods", { nodeName: this.nodeName });
    pods.addHandlers({
      add: (p) => this.podAdded(p as unknown as Pod),
      update: (_o, p) => this.podUpdated(p as unknown as Pod),
      delete: (p) => this.workers.delete((p as unknown as Pod).metadata?.uid ?? ""),
    });
    return pods;
  }

  /** Whether the machine is up. */
  get running(): boolean {
    return this.client.powered;
  }

  /**
   * With `node` and `lease` (as registered at cluster start-up): starts the informer and the
   * heartbeats of a kubelet that was already running. Without: the machine boots again after stop().
   */
  start(node?: Node, lease?: Lease): void {
    if (node === undefined || lease === undefined) return this.boot();
    this.node = node;
    this.lease = lease;
    this.lastReportMs = this.sim.now;
    this.pods.start();
    // Stagger heartbeats so a large cluster does not renew every lease in the same instant.
    const offset = this.sim.rng.int(Timing.leaseRenewInterval);
    this.leaseTimer = this.sim.schedule(offset, () => this.renewLease(), { background: true });
    this.statusTimer = this.sim.schedule(
      offset + this.sim.rng.int(Timing.nodeStatusUpdateFrequency),
      () => this.syncNodeStatus(),
      { background: true },
    );
  }

  /**
   * The machine loses power: no more Lease renewals, node status or watch, and every container and
   * sandbox is gone — without a word to the apiserver, where the node and its pods still look fine
   * until the node lifecycle controller notices.
   */
  stop(): void {
    if (!this.running) return;
    this.client.powered = false;
    this.poweredOffMs = this.sim.now;
    this.leaseTimer?.cancel();
    this.statusTimer?.cancel();
    this.pods.stop();
    for (const worker of this.workers.values()) worker.abandon();
    this.workers.clear();
    powerOffRuntime(this.runtime, this.sim.now);
  }

  /** The machine boots: kubelet start-up, node registration and status, Lease, then its pods. */
  private boot(): void {
    if (this.running) return;
    this.client.powered = true;
    this.client.boot++;
    // Images are on disk and survive; containerd's sandboxes and containers do not.
    const images = this.runtime.images;
    this.runtime = this.newRuntime();
    for (const [ref, image] of images) this.runtime.images.set(ref, image);
    this.recorder = this.newRecorder();
    this.pods = this.newPodInformer();
    this.imagesDirty = false;
    this.nodeEvent("Normal", "Starting", "Starting kubelet.");
    this.nodeEvent("Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
    this.registerNode();
    this.client.request(
      { verb: "get", resource: "leases", namespace: "kube-node-lease", name: this.nodeName },
      (got) => {
        if (got.code === 200) this.lease = got.body as unknown as Lease;
        this.renewLease();
      },
    );
    // The pod source's reflector: LIST the pods bound here, then watch.
    this.client.request(
      { verb: "list", resource: "pods", fieldSelector: `spec.nodeName=${this.nodeName}` },
      () => this.pods.start(),
    );
  }

  /** registerWithAPIServer: POST the Node; it exists already, so read it and report status. */
  private registerNode(): void {
    const registration = nodeRegistration(this.nodeName, this.node);
    this.client.create("nodes", undefined, registration as unknown as KubeObject, (created) => {
      if (created.code === 201) {
        this.node = created.body as unknown as Node;
        return this.postBootStatus();
      }
      this.client.request({ verb: "get", resource: "nodes", name: this.nodeName }, (got) => {
        if (got.code !== 200) return;
        this.node = got.body as unknown as Node;
        this.postBootStatus();
      });
    });
  }

  /** The first node status after boot (setNodeStatus with its events), then the periodic sync. */
  private postBootStatus(): void {
    const node = this.node as Node;
    const bootID = this.sim.rng.uuid();
    const { conditions, events } = bootNodeStatus(node, this.sim.timestamp(), bootID);
    for (const [type, reason, message] of events) this.nodeEvent(type, reason, message);
    this.lastReportMs = this.sim.now;
    this.client.patch(
      "nodes",
      undefined,
      this.nodeName,
      { status: { conditions, images: this.imageList(), nodeInfo: { bootID } } },
      { subresource: "status", strategic: true },
      (response) => {
        if (response.code === 200) this.node = response.body as unknown as Node;
      },
    );
    this.statusTimer = this.sim.schedule(Timing.nodeStatusUpdateFrequency, () => this.syncNodeStatus(), {
      background: true,
    });
  }

  /** An event about this node, as the kubelet records them (its nodeRef's uid is the node's name). */
  private nodeEvent(type: EventType, reason: string, message: string): void {
    const ref: KubeObject = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: this.nodeName, uid: this.nodeName },
    };
    this.recorder.event(ref, type, reason, message);
  }

  private imageList(): { names: string[]; sizeBytes: number }[] {
    return [...this.runtime.images.values()]
      .sort((a, b) => b.info.sizeBytes - a.info.sizeBytes)
      .map((i) => ({ names: [i.info.digestRef, i.info.ref], sizeBytes: i.info.sizeBytes }));
  }

  /** A static pod already running at start-up (its mirror pod is in the API). */
  adoptStaticPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    const worker = new PodWorker(this, pod);
    const hostNetwork = pod.spec?.hostNetwork ? this.nodeIP : undefined;
    const adopted = this.runtime.adoptRunning(uid, pod.spec?.containers ?? [], 0, hostNetwork);
    worker.sandbox = adopted.sandbox;
    adopted.containers.forEach((rc, i) => {
      const record = worker.containers[i];
      if (record) {
        record.runtime = rc;
        record.ready = true;
      }
    });
    this.workers.set(uid, worker);
  }

  private podAdded(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    if (this.workers.has(uid)) return this.podUpdated(pod);
    const worker = new PodWorker(this, pod);
    this.workers.set(uid, worker);
    const deleting = pod.metadata?.deletionTimestamp !== undefined;
    if (this.poweredOffMs !== undefined) {
      // After a reboot: a finished pod stays finished; the others find their containers dead.
      if (!deleting && podFinished(pod)) return;
      const statuses = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ];
      carryOverContainers(worker.containers, statuses, uid, this.poweredOffMs, this.sim.epochMs, deleting);
    }
    if (deleting) {
      worker.terminate(pod);
      return;
    }
    worker.start();
  }

  private podUpdated(pod: Pod): void {
    const worker = this.workers.get(pod.metadata?.uid ?? "");
    if (!worker) return this.podAdded(pod);
    if (pod.metadata?.deletionTimestamp) worker.terminate(pod);
    else worker.update(pod);
  }

  imagesChanged(): void {
    this.imagesDirty = true;
  }

  // ---- heartbeats ----------------------------------------------------------------------------

  /** nodelease controller: PUT the Lease with a fresh renewTime; on conflict, re-read it. */
  private renewLease(): void {
    this.leaseTimer = this.sim.schedule(Timing.leaseRenewInterval, () => this.renewLease(), {
      background: true,
    });
    const lease = this.lease;
    if (!lease) return;
    const renewed: Lease = { ...lease, spec: { ...lease.spec, renewTime: this.sim.microTimestamp() } };
    this.client.update("leases", "kube-node-lease", renewed as unknown as KubeObject, (response) => {
      if (response.code === 200) this.lease = response.body as unknown as Lease;
      else if (response.code === 409) {
        this.client.request(
          { verb: "get", resource: "leases", namespace: "kube-node-lease", name: this.nodeName },
          (got) => {
            if (got.code === 200) this.lease = got.body as unknown as Lease;
          },
        );
      }
    });
  }

  /** Every 10 s: compute node status; PATCH it if it changed or 5 minutes have passed. */
  private syncNodeStatus(): void {
    this.statusTimer = this.sim.schedule(Timing.nodeStatusUpdateFrequency, () => this.syncNodeStatus(), {
      background: true,
    });
    const node = this.node;
    if (!node) return;
    const due = this.sim.now - this.lastReportMs >= Timing.nodeStatusReportFrequency;
    if (!due && !this.imagesDirty) return;
    const now = this.sim.timestamp();
    const conditions: NodeCondition[] = (node.status?.conditions ?? []).map((c) => ({
      ...c,
      lastHeartbeatTime: now,
    }));
    const images = this.imageList();
    const status = { ...node.status, conditions, images };
    if (!due && jsonEqual(status.images, node.status?.images)) return;
    this.imagesDirty = false;
    this.lastReportMs = this.sim.now;
    this.client.patch(
      "nodes",
      undefined,
      this.nodeName,
      { status: { conditions, images } },
      { subresource: "status", strategic: true },
      (response) => {
        if (response.code === 200) this.node = response.body as unknown as Node;
      },
    );
  }
}
