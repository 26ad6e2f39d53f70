// metrics-server (sigs.k8s.io/metrics-server): every --metric-resolution (15 s) it scrapes each
// kubelet's /metrics/resource, keeps the last two samples per container (pkg/storage/pod.go) and
// serves PodMetrics through kube-apiserver's aggregation layer. A pod has metrics once every one
// of its containers has two samples: seen by the previous scrape, or started 10–15 s before this
// one (its start time then counts as the first sample). Scrapes are background traffic.
// Simplified: it runs as a component, not as a pod in kube-system; it finds the kubelets from the
// cluster, not through a node informer; a sample's CPU is the usage at the scrape instant, not a
// rate of two cumulative counters (the same while the load is steady).

import type { Pod } from "../api/objects";
import type { ApiServer } from "../apiserver/apiServer";
import { Timing } from "../cluster/timing";
import type { Kubelet } from "../kubelet/kubelet";
import { durationText } from "../kubelet/podWorker";
import type { Simulation } from "../sim/simulation";
import { formatRfc3339 } from "../sim/time";
import type { ComponentName } from "../trace/traceEvent";
import { type LabelSelector, matchesLabels } from "../util/labelSelector";
import { type MetricsBackend, registerMetricsApiService } from "./aggregator";
import { IDLE_MEMORY_BYTES, LoadModel, type LoadTarget } from "./loadModel";
import { METRIC_RESOLUTION_MS, type PodMetrics, nanocores } from "./podMetrics";

/** A fresh container needs this much runtime before its start time can serve as a first sample. */
const FRESH_CONTAINER_MIN_RESOLUTION_MS = 10_000;

interface ContainerPoint {
  readonly startMs: number;
  readonly timestampMs: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

/** One pod as a kubelet reports it on /metrics/resource. */
export interface PodPoint {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: ReadonlyMap<string, ContainerPoint>;
}

/** What a kubelet answers: a point for each running container of each pod on its node. */
export function kubeletResourceMetrics(kubelet: Kubelet, load: LoadModel, nowMs: number): PodPoint[] {
  const pods: PodPoint[] = [];
  for (const worker of kubelet.workers.values()) {
    const pod: Pod = worker.pod;
    const containers = new Map<string, ContainerPoint>();
    for (const record of worker.containers) {
      const rc = record.runtime;
      if (record.init || rc?.state !== "running") continue;
      containers.set(record.spec.name, {
        startMs: rc.startedAtMs ?? nowMs,
        timestampMs: nowMs,
        cpuMilli: load.cpuUsageMilli(pod, record.spec.name, nowMs),
        memoryBytes: IDLE_MEMORY_BYTES,
      });
    }
    if (containers.size === 0) continue;
    pods.push({
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      labels: pod.metadata?.labels ?? {},
      containers,
    });
  }
  return pods;
}

export class MetricsServer implements MetricsBackend {
  readonly name: ComponentName = "metrics-server";
  readonly load: LoadModel;
  private last = new Map<string, PodPoint>();
  private prev = new Map<string, PodPoint>();
  private scrapes = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly apiserver: ApiServer,
    private readonly kubelets: ReadonlyMap<string, Kubelet>,
  ) {
    this.load = new LoadModel(apiserver);
  }

  /** Registers v1beta1.metrics.k8s.io with kube-apiserver and starts scraping. */
  start(): void {
    registerMetricsApiService(this.apiserver, this);
    this.sim.schedule(METRIC_RESOLUTION_MS, () => this.tick(), { background: true });
  }

  /** See LoadModel.setLoad: the workload's total CPU demand, in millicores (returned). */
  setLoad(target: LoadTarget, cpuPercent: number): number {
    return this.load.setLoad(target, cpuPercent);
  }

  /** Scrapes completed so far. */
  get scrapeCount(): number {
    return this.scrapes;
  }

  private tick(): void {
    this.sim.schedule(METRIC_RESOLUTION_MS, () => this.tick(), { background: true });
    this.scrape();
  }

  /** One scrape of every kubelet; the batch is stored once all have answered. */
  private scrape(): void {
    const batch: PodPoint[] = [];
    let pending = this.kubelets.size;
    if (pending === 0) return;
    for (const kubelet of this.kubelets.values()) {
      const path = `https://${kubelet.nodeIP}:10250/metrics/resource`;
      this.sim.send(
        {
          from: this.name,
          to: kubelet.name,
          kind: "request",
          summary: `GET ${path}`,
          detail: {
            type: "http",
            method: "GET",
            path,
            user: "system:serviceaccount:kube-system:metrics-server",
          },
        },
        Timing.networkMs,
        () => {
          // A powered-off node never answers: its pods get no new metrics (they go stale).
          if (!kubelet.running) {
            if (--pending === 0) this.store(batch);
            return;
          }
          // The kubelet answers from its runtime: what each running container uses now.
          const points = kubeletResourceMetrics(kubelet, this.load, this.sim.now);
          const count = points.reduce((n, p) => n + p.containers.size, 0);
          this.sim.send(
            {
              from: kubelet.name,
              to: this.name,
              kind: "response",
              summary: `200 OK: ${count} container${count === 1 ? "" : "s"} in ${points.length} pod${points.length === 1 ? "" : "s"}`,
              detail: { type: "http", method: "GET", path, code: 200 },
            },
            Timing.networkMs,
            () => {
              batch.push(...points);
              if (--pending === 0) this.store(batch);
            },
          );
        },
      );
    }
  }

  /** podStorage.Store: the new samples become `last`; each container's previous sample is kept or made. */
  private store(batch: readonly PodPoint[]): void {
    const last = new Map<string, PodPoint>();
    const prev = new Map<string, PodPoint>();
    for (const pod of batch) {
      const key = `${pod.namespace}/${pod.name}`;
      const previous = this.last.get(key);
      const before = this.prev.get(key);
      const prevContainers = new Map<string, ContainerPoint>();
      for (const [name, point] of pod.containers) {
        const age = point.timestampMs - point.startMs;
        const old = previous?.containers.get(name);
        if (age > 0 && age < METRIC_RESOLUTION_MS && age >= FRESH_CONTAINER_MIN_RESOLUTION_MS) {
          prevContainers.set(name, { ...point, timestampMs: point.startMs });
        } else if (old && point.startMs < old.timestampMs) {
          // Not restarted since the last scrape: that sample becomes the previous one.
          if (point.timestampMs > old.timestampMs) prevContainers.set(name, old);
          else {
            const kept = before?.containers.get(name);
            if (kept) prevContainers.set(name, kept);
          }
        }
      }
      last.set(key, pod);
      prev.set(key, { ...pod, containers: prevContainers });
    }
    this.last = last;
    this.prev = prev;
    this.scrapes++;
  }

  /**
   * PodMetrics of the pods in `namespace` ("" = all, as /apis/metrics.k8s.io/v1beta1/pods)
   * matching `selector` that have two samples per container.
   */
  listPodMetrics(namespace: string, selector: LabelSelector): PodMetrics[] {
    const items: PodMetrics[] = [];
    const now = this.sim.timestamp();
    for (const [key, pod] of [...this.last].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if ((namespace !== "" && pod.namespace !== namespace) || !matchesLabels(selector, pod.labels)) continue;
      const previous = this.prev.get(key);
      let timestampMs = 0;
      let windowMs = 0;
      const containers: PodMetrics["containers"][number][] = [];
      let complete = true;
      for (const [name, point] of pod.containers) {
        const before = previous?.containers.get(name);
        if (!before) {
          complete = false;
          break;
        }
        timestampMs = point.timestampMs;
        windowMs = point.timestampMs - before.timestampMs;
        containers.push({
          name,
          usage: { cpu: nanocores(point.cpuMilli), memory: `${Math.round(point.memoryBytes / 1024)}Ki` },
        });
      }
      if (!complete) continue;
      items.push({
        apiVersion: "metrics.k8s.io/v1beta1",
        kind: "PodMetrics",
        metadata: {
          name: pod.name,
          namespace: pod.namespace,
          creationTimestamp: now,
          ...(Object.keys(pod.labels).length > 0 ? { labels: { ...pod.labels } } : {}),
        },
        timestamp: formatRfc3339(this.sim.epochMs + timestampMs),
        window: durationText(windowMs),
        containers,
      });
    }
    return items;
  }
}
