// The kubelet on one node (pkg/kubelet): watches the pods bound to its node (a watch filtered
// by spec.nodeName), runs a pod worker for each, renews its Lease in kube-node-lease every 10 s
// and reports node status when it changes (or every 5 minutes).
// Simplified: no admission checks on the node, no eviction manager, no volume manager; static
// pods are adopted as already running at cluster start-up.

import type { KubeObject, Lease, Node, NodeCondition, Pod } from "../api/objects";
import { jsonEqual } from "../api/objects";
import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { EventRecorder } from "../client/eventRecorder";
import { Informer } from "../client/informer";
import { Timing } from "../cluster/timing";
import type { Simulation } from "../sim/simulation";
import type { ComponentName } from "../trace/traceEvent";
import { ContainerRuntime } from "./containerRuntime";
import { PodWorker } from "./podWorker";

export interface KubeletOptions {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly podCidr: string;
}

export class Kubelet {
  readonly name: ComponentName;
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  readonly runtime: ContainerRuntime;
  readonly pods: Informer<KubeObject>;
  readonly workers = new Map<string, PodWorker>();
  readonly nodeName: string;
  readonly nodeIP: string;
  private node: Node | undefined;
  private lease: Lease | undefined;
  private lastReportMs = 0;
  private imagesDirty = false;

  constructor(
    readonly sim: Simulation,
    apiserver: ApiServer,
    options: KubeletOptions,
  ) {
    this.nodeName = options.nodeName;
    this.nodeIP = options.nodeIP;
    this.name = `kubelet/${options.nodeName}`;
    this.client = new ApiClient(sim, this.name, Users.node(options.nodeName), apiserver);
    this.recorder = new EventRecorder(this.client, { component: "kubelet", host: options.nodeName });
    this.runtime = new ContainerRuntime(sim, options.nodeName, options.podCidr);
    this.runtime.onContainerExit = (c) => {
      for (const worker of this.workers.values())
        if (worker.sandbox?.id === c.sandboxId) worker.containerExited(c);
    };
    // The Node authorizer only lets a kubelet see pods bound to its node: an indexed watch.
    this.pods = new Informer(this.client, "pods", { nodeName: options.nodeName });
    this.pods.addHandlers({
      add: (p) => this.podAdded(p as unknown as Pod),
      update: (_o, p) => this.podUpdated(p as unknown as Pod),
      delete: (p) => this.workers.delete((p as unknown as Pod).metadata?.uid ?? ""),
    });
  }

  /** Starts the informer and the heartbeats; `node` and `lease` are as registered at start-up. */
  start(node: Node, lease: Lease): void {
    this.node = node;
    this.lease = lease;
    this.lastReportMs = this.sim.now;
    this.pods.start();
    // Stagger heartbeats so a large cluster does not renew every lease in the same instant.
    const offset = this.sim.rng.int(Timing.leaseRenewInterval);
    this.sim.schedule(offset, () => this.renewLease(), { background: true });
    this.sim.schedule(
      offset + this.sim.rng.int(Timing.nodeStatusUpdateFrequency),
      () => this.syncNodeStatus(),
      { background: true },
    );
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
    if (pod.metadata?.deletionTimestamp) {
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
    this.sim.schedule(Timing.leaseRenewInterval, () => this.renewLease(), { background: true });
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
    this.sim.schedule(Timing.nodeStatusUpdateFrequency, () => this.syncNodeStatus(), { background: true });
    const node = this.node;
    if (!node) return;
    const due = this.sim.now - this.lastReportMs >= Timing.nodeStatusReportFrequency;
    if (!due && !this.imagesDirty) return;
    const now = this.sim.timestamp();
    const conditions: NodeCondition[] = (node.status?.conditions ?? []).map((c) => ({
      ...c,
      lastHeartbeatTime: now,
    }));
    const images = [...this.runtime.images.values()]
      .sort((a, b) => b.info.sizeBytes - a.info.sizeBytes)
      .map((i) => ({ names: [i.info.digestRef, i.info.ref], sizeBytes: i.info.sizeBytes }));
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
