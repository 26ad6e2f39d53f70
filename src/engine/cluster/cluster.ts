// A whole simulated cluster, as kubeadm would leave it: etcd, kube-apiserver, kube-scheduler,
// and a kubelet with its container runtime on the control-plane node and on each worker.

import type { KubeObject, Lease, Node, Pod } from "../api/objects";
import { deepFreeze } from "../api/objects";
import { ApiServer } from "../apiserver/apiServer";
import { EtcdServer } from "../etcd/etcdServer";
import { Kubelet } from "../kubelet/kubelet";
import { generatePodStatus } from "../kubelet/podStatus";
import { Kubectl } from "../kubectl/kubectl";
import { KubectlShell } from "../kubectl/cli/shell";
import { ControllerManager } from "../controllers/controllerManager";
import { Scheduler } from "../scheduler/scheduler";
import { Simulation } from "../sim/simulation";
import { MINUTE, formatRfc3339 } from "../sim/time";
import { ApiClient } from "../client/apiClient";
import { Users } from "../apiserver/handlerChain";
import { addonObjects } from "./addons";
import { MetricsServer } from "../metrics/metricsServer";
import { leaseObject, namespaceObject, nodeObject, planNodes, staticPodObjects } from "./bootstrap";

export interface ClusterOptions {
  readonly seed?: number;
  /** Worker nodes besides the control-plane node (default 3). */
  readonly workers?: number;
  readonly epochMs?: number;
  readonly keepTrace?: boolean;
  /** Scheduler's percentageOfNodesToScore (0 = adaptive, the default). */
  readonly percentageOfNodesToScore?: number;
  /** Freeze every stored object, to catch code that mutates shared objects (tests). */
  readonly freezeObjects?: boolean;
  /**
   * Install kubeadm's add-ons (kube-proxy DaemonSet, CoreDNS Deployment) before the learner arrives
   * (default true). Tests that count pods and the scheduling benchmark turn them off.
   */
  readonly addons?: boolean;
}

/** How long before the learner arrives kubeadm applied the add-ons (the cluster's history). */
export const ADDON_LEAD_MS = 2 * MINUTE;

export class Cluster {
  readonly sim: Simulation;
  readonly etcd: EtcdServer;
  readonly apiserver: ApiServer;
  readonly scheduler: Scheduler;
  readonly controllerManager: ControllerManager;
  /** metrics-server (an add-on): scrapes the kubelets; `metrics.setLoad(...)` sets a workload's CPU demand. */
  readonly metrics: MetricsServer;
  readonly kubelets = new Map<string, Kubelet>();
  readonly kubectl: Kubectl;
  /** The learner's shell: kubeconfig + kubectl command lines (terminal, Scenario `kubectl` steps). */
  readonly shell: KubectlShell;
  readonly workers: number;
  readonly seed: number;

  constructor(options: ClusterOptions = {}) {
    this.seed = options.seed ?? 1;
    this.workers = options.workers ?? 3;
    const addons = options.addons ?? true;
    this.sim = new Simulation({
      seed: this.seed,
      ...(addons ? { startMs: -ADDON_LEAD_MS } : {}),
      ...(options.epochMs !== undefined ? { epochMs: options.epochMs } : {}),
      ...(options.keepTrace !== undefined ? { keepTrace: options.keepTrace } : {}),
    });
    this.etcd = new EtcdServer(this.sim);
    if (options.freezeObjects) {
      this.etcd.store.watch("/", { prefix: true }, (events) => {
        for (const e of events) if (e.type === "PUT") deepFreeze(e.kv.value);
      });
    }
    this.apiserver = new ApiServer(this.sim, this.etcd);
    this.scheduler = new Scheduler(this.sim, this.apiserver, {
      ...(options.percentageOfNodesToScore !== undefined
        ? { percentageOfNodesToScore: options.percentageOfNodesToScore }
        : {}),
    });
    this.controllerManager = new ControllerManager(this.sim, this.apiserver);
    this.metrics = new MetricsServer(this.sim, this.apiserver, this.kubelets);
    this.kubectl = new Kubectl(this.sim, this.apiserver);
    this.shell = new KubectlShell(this);
    this.bootstrap();
    if (addons) this.installAddons();
    this.metrics.start();
  }

  /**
   * kubeadm's add-on phase, through the API as kubeadm does it; the controllers, scheduler and
   * kubelets then create and start the pods. That history runs before time 0 and is forgotten:
   * the learner's run starts with the add-ons running and message #1.
   */
  private installAddons(): void {
    const kubeadm = new ApiClient(this.sim, "kubectl", Users.admin, this.apiserver);
    for (const { resource, object } of addonObjects()) kubeadm.create(resource, "kube-system", object);
    this.sim.runUntil(0);
    this.sim.resetTrace();
  }

  private bootstrap(): void {
    const { sim, etcd } = this;
    const rng = sim.rng;
    // The cluster was installed a quarter of an hour before the learner arrives.
    const installedMs = sim.epochMs - 15 * MINUTE;
    const installed = formatRfc3339(installedMs);
    const put = (key: string, object: KubeObject): void => {
      etcd.store.put(key, object);
    };
    for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      put(`/registry/namespaces/${ns}`, namespaceObject(ns, rng.uuid(), installed) as unknown as KubeObject);
    }
    const nodes: { node: Node; kubelet: Kubelet }[] = [];
    for (const plan of planNodes(this.workers)) {
      const node = nodeObject(plan, rng, installed);
      put(`/registry/minions/${plan.name}`, node as unknown as KubeObject);
      const kubelet = new Kubelet(sim, this.apiserver, {
        nodeName: plan.name,
        nodeIP: plan.ip,
        podCidr: plan.podCidr,
      });
      this.kubelets.set(plan.name, kubelet);
      nodes.push({ node, kubelet });
      kubelet.runtime.preloadImage("registry.k8s.io/pause:3.10");
      if (plan.controlPlane) {
        for (const pod of staticPodObjects(node, installed, rng)) {
          kubelet.adoptStaticPod(pod);
          const worker = kubelet.workers.get(pod.metadata?.uid ?? "");
          const status = worker
            ? generatePodStatus({
                pod,
                hostIP: plan.ip,
                startTime: installed,
                sandbox: worker.sandbox,
                containers: worker.containers,
                previous: undefined,
                epochMs: installedMs,
                now: installed,
                terminal: false,
              })
            : undefined;
          const mirror: Pod = { ...pod, ...(status ? { status: { ...status, qosClass: "Burstable" } } : {}) };
          if (worker) {
            worker.pod = mirror;
            worker.setReported(mirror.status);
          }
          put(`/registry/pods/kube-system/${pod.metadata?.name ?? ""}`, mirror as unknown as KubeObject);
        }
      }
    }
    // Node status lists the images each node holds (the control plane's static pod images).
    const finalNodes: Node[] = [];
    const leases: Lease[] = [];
    for (const { node, kubelet } of nodes) {
      const images = [...kubelet.runtime.images.values()]
        .sort((a, b) => b.info.sizeBytes - a.info.sizeBytes)
        .map((i) => ({ names: [i.info.digestRef, i.info.ref], sizeBytes: i.info.sizeBytes }));
      const withImages: Node = { ...node, status: { ...node.status, images } };
      finalNodes.push(withImages);
      put(`/registry/minions/${node.metadata?.name ?? ""}`, withImages as unknown as KubeObject);
      const lease = leaseObject(withImages, sim.microTimestamp(), installed, rng);
      put(`/registry/leases/kube-node-lease/${node.metadata?.name ?? ""}`, lease as unknown as KubeObject);
      leases.push({
        ...lease,
        metadata: { ...lease.metadata, resourceVersion: String(etcd.store.revision) },
      });
    }
    // Components start once the apiserver serves what was installed.
    this.apiserver.start();
    nodes.forEach(({ kubelet }, i) => kubelet.start(finalNodes[i] as Node, leases[i] as Lease));
    this.scheduler.start();
    this.controllerManager.start();
  }

  /** Every object in the cluster, as the API serves them, sorted by etcd key. */
  objects(): KubeObject[] {
    return this.apiserver.storage.snapshot("/registry/").objects;
  }
}
