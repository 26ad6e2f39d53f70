// Realistic objects for the printer tests (and for checking them against a real kubectl). Ages are
// relative to FIXTURE_NOW_MS; every object is plain JSON as the apiserver would return it.

import type { Event, Lease, Namespace, Node, Pod } from "../../api/objects";
import { formatRfc3339, formatRfc3339Micro, parseRfc3339 } from "../../sim/time";

export const FIXTURE_NOW_MS = parseRfc3339("2026-01-11T12:00:00Z") as number;
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** A metav1.Time `ms` before FIXTURE_NOW_MS. */
export const ago = (ms: number): string => formatRfc3339(FIXTURE_NOW_MS - ms);
const microAgo = (ms: number): string => formatRfc3339Micro(FIXTURE_NOW_MS - ms);

const meta = (name: string, namespace: string | undefined, age: number, extra: object = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `uid-${name}`,
  resourceVersion: "100",
  creationTimestamp: ago(age),
  ...extra,
});

const container = (name: string, image: string) => ({ name, image, resources: {} });
const running = (name: string, image: string, started: number, restartCount = 0) => ({
  name,
  image,
  imageID: `docker.io/library/${image}@sha256:0000`,
  containerID: `containerd://${name}`,
  ready: true,
  started: true,
  restartCount,
  state: { running: { startedAt: ago(started) } },
});
const cond = (type: string, status: string, reason?: string) => ({
  type,
  status,
  lastTransitionTime: ago(2 * H),
  ...(reason ? { reason } : {}),
});

function pod(
  name: string,
  namespace: string,
  age: number,
  spec: object,
  status: object,
  extra: object = {},
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta(name, namespace, age, extra),
    spec: { containers: [container("app", "nginx:1.27")], ...spec },
    status: { qosClass: "BestEffort", ...status },
  } as Pod;
}

export const runningPod = pod(
  "web-7d4b9c8f6-x2x9z",
  "default",
  2 * H + 5 * M,
  { nodeName: "worker-1" },
  {
    phase: "Running",
    conditions: [cond("Initialized", "True"), cond("Ready", "True"), cond("PodScheduled", "True")],
    hostIP: "172.18.0.3",
    podIP: "10.244.1.5",
    podIPs: [{ ip: "10.244.1.5" }],
    startTime: ago(2 * H + 5 * M),
    containerStatuses: [running("app", "nginx:1.27", 2 * H)],
  },
);

export const containerCreatingPod = pod(
  "api-5f6d7c8b9-kq4lp",
  "default",
  12 * S,
  { nodeName: "worker-2" },
  {
    phase: "Pending",
    conditions: [cond("Initialized", "True"), cond("Ready", "False"), cond("PodScheduled", "True")],
    hostIP: "172.18.0.4",
    startTime: ago(11 * S),
    containerStatuses: [
      {
        name: "app",
        image: "nginx:1.27",
        imageID: "",
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: "ContainerCreating" } },
      },
    ],
  },
);

export const terminatingPod = pod(
  "old-web-6c9f8d7b5-9sd8f",
  "default",
  3 * D + 4 * H,
  { nodeName: "worker-1" },
  {
    phase: "Running",
    conditions: [cond("Initialized", "True"), cond("Ready", "True"), cond("PodScheduled", "True")],
    podIP: "10.244.1.9",
    podIPs: [{ ip: "10.244.1.9" }],
    containerStatuses: [running("app", "nginx:1.27", 3 * D)],
  },
  { deletionTimestamp: ago(-25 * S), deletionGracePeriodSeconds: 30 },
);

export const crashLoopPod = pod(
  "worker-57b8d9c6f-2mzcx",
  "default",
  47 * M,
  { nodeName: "worker-2" },
  {
    phase: "Running",
    conditions: [cond("Initialized", "True"), cond("Ready", "False"), cond("PodScheduled", "True")],
    podIP: "10.244.2.7",
    podIPs: [{ ip: "10.244.2.7" }],
    containerStatuses: [
      {
        name: "app",
        image: "busybox:1.36",
        imageID: "docker.io/library/busybox@sha256:0000",
        ready: false,
        started: false,
        restartCount: 5,
        state: {
          waiting: { reason: "CrashLoopBackOff", message: "back-off 2m40s restarting failed container" },
        },
        lastState: {
          terminated: { exitCode: 1, reason: "Error", startedAt: ago(5 * M + 2 * S), finishedAt: ago(5 * M) },
        },
      },
    ],
  },
);

export const initPod = pod(
  "db-migrate",
  "default",
  40 * S,
  {
    nodeName: "worker-1",
    initContainers: [container("wait-for-db", "busybox:1.36"), container("migrate", "migrate:4")],
  },
  {
    phase: "Pending",
    conditions: [cond("Initialized", "False"), cond("Ready", "False"), cond("PodScheduled", "True")],
    initContainerStatuses: [
      { ...running("wait-for-db", "busybox:1.36", 38 * S), ready: false },
      {
        name: "migrate",
        image: "migrate:4",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: "PodInitializing" } },
      },
    ],
    containerStatuses: [
      {
        name: "app",
        image: "nginx:1.27",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: "PodInitializing" } },
      },
    ],
  },
);

export const completedPod = pod(
  "report-29435520-7xk2m",
  "default",
  6 * H,
  { nodeName: "worker-2", restartPolicy: "Never" },
  {
    phase: "Succeeded",
    conditions: [cond("Initialized", "True"), cond("Ready", "False"), cond("PodScheduled", "True")],
    podIP: "10.244.2.3",
    podIPs: [{ ip: "10.244.2.3" }],
    containerStatuses: [
      {
        name: "app",
        image: "busybox:1.36",
        imageID: "",
        ready: false,
        started: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: "Completed", finishedAt: ago(6 * H - 30 * S) } },
      },
    ],
  },
);

export const pendingPod = pod(
  "big-6b7c8d9f5-q9w8e",
  "default",
  3 * M + 20 * S,
  { readinessGates: [{ conditionType: "example.com/feature" }] },
  {
    phase: "Pending",
    conditions: [cond("PodScheduled", "False", "Unschedulable")],
    nominatedNodeName: "worker-3",
  },
);

export const nodeLostPod = pod(
  "cache-0",
  "default",
  9 * D,
  { nodeName: "worker-3" },
  {
    phase: "Running",
    reason: "NodeLost",
    conditions: [cond("Ready", "False")],
    podIPs: [{ ip: "10.244.3.4" }],
    containerStatuses: [running("app", "redis:7", 9 * D)],
  },
  { deletionTimestamp: ago(2 * M) },
);

export const sidecarPod = pod(
  "mesh-app",
  "default",
  20 * M,
  {
    nodeName: "worker-1",
    initContainers: [{ ...container("proxy", "envoy:1.31"), restartPolicy: "Always" }],
  },
  {
    phase: "Running",
    conditions: [cond("Initialized", "True"), cond("Ready", "True"), cond("PodScheduled", "True")],
    podIPs: [{ ip: "10.244.1.12" }],
    initContainerStatuses: [running("proxy", "envoy:1.31", 20 * M, 1)],
    containerStatuses: [running("app", "nginx:1.27", 19 * M)],
  },
);

export const corednsPod = pod(
  "coredns-7db6d8ff4d-4kz2p",
  "kube-system",
  10 * D,
  {
    nodeName: "control-plane",
    containers: [container("coredns", "registry.k8s.io/coredns/coredns:v1.11.3")],
  },
  {
    phase: "Running",
    conditions: [cond("Initialized", "True"), cond("Ready", "True"), cond("PodScheduled", "True")],
    podIPs: [{ ip: "10.244.0.2" }],
    containerStatuses: [running("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", 10 * D)],
  },
);

export const defaultPods: Pod[] = [
  containerCreatingPod,
  pendingPod,
  nodeLostPod,
  initPod,
  sidecarPod,
  terminatingPod,
  completedPod,
  runningPod,
  crashLoopPod,
];

// ---- nodes ---------------------------------------------------------------------------------

function node(
  name: string,
  age: number,
  opts: { ready?: string; roles?: string[]; unschedulable?: boolean; taints?: object[]; ip: string },
): Node {
  const labels: Record<string, string> = {
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
  };
  for (const r of opts.roles ?? []) labels[`node-role.kubernetes.io/${r}`] = "";
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: meta(name, undefined, age, { labels }),
    spec: {
      podCIDR: "10.244.0.0/24",
      ...(opts.unschedulable ? { unschedulable: true } : {}),
      ...(opts.taints ? { taints: opts.taints } : {}),
    },
    status: {
      addresses: [
        { type: "InternalIP", address: opts.ip },
        { type: "Hostname", address: name },
      ],
      conditions:
        opts.ready === undefined
          ? []
          : [
              {
                type: "MemoryPressure",
                status: opts.ready === "True" ? "False" : "Unknown",
                lastHeartbeatTime: ago(30 * S),
                lastTransitionTime: ago(age),
                reason: "KubeletHasSufficientMemory",
                message: "kubelet has sufficient memory available",
              },
              {
                type: "Ready",
                status: opts.ready,
                lastHeartbeatTime: ago(30 * S),
                lastTransitionTime: ago(age),
                reason: opts.ready === "True" ? "KubeletReady" : "NodeStatusUnknown",
                message:
                  opts.ready === "True"
                    ? "kubelet is posting ready status"
                    : "Kubelet stopped posting node status.",
              },
            ],
      nodeInfo: {
        architecture: "amd64",
        bootID: "b",
        containerRuntimeVersion: "containerd://1.7.24",
        kernelVersion: "6.8.0-1015-gcp",
        kubeProxyVersion: "v1.32.4",
        kubeletVersion: "v1.32.4",
        machineID: "m",
        operatingSystem: "linux",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        systemUUID: "s",
      },
    },
  } as Node;
}

export const controlPlaneNode = node("control-plane", 10 * D + 3 * H, {
  ready: "True",
  roles: ["control-plane"],
  taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
  ip: "172.18.0.2",
});
export const workerNode = node("worker-1", 10 * D + 2 * H, { ready: "True", ip: "172.18.0.3" });
export const cordonedNode = node("worker-2", 10 * D + 2 * H, {
  ready: "True",
  unschedulable: true,
  ip: "172.18.0.4",
});
export const notReadyNode = node("worker-3", 125 * M, {
  ready: "Unknown",
  roles: ["worker", "gpu"],
  ip: "172.18.0.5",
});
export const newNode = node("worker-4", 5 * S, { ip: "172.18.0.6" });

export const nodes: Node[] = [controlPlaneNode, workerNode, cordonedNode, notReadyNode, newNode];

// ---- namespaces, leases --------------------------------------------------------------------

const ns = (name: string, age: number, phase = "Active", extra: object = {}): Namespace =>
  ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(name, undefined, age, { labels: { "kubernetes.io/metadata.name": name }, ...extra }),
    spec: { finalizers: ["kubernetes"] },
    status: { phase },
  }) as Namespace;

export const namespaces: Namespace[] = [
  ns("default", 10 * D + 3 * H),
  ns("kube-node-lease", 10 * D + 3 * H),
  ns("kube-public", 10 * D + 3 * H),
  ns("kube-system", 10 * D + 3 * H),
  ns("team-a", 7 * M, "Terminating", { deletionTimestamp: ago(10 * S) }),
];

const lease = (name: string, namespace: string, age: number, holder?: string): Lease =>
  ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: meta(name, namespace, age),
    spec: {
      ...(holder ? { holderIdentity: holder } : {}),
      leaseDurationSeconds: 40,
      renewTime: microAgo(3 * S),
    },
  }) as Lease;

export const leases: Lease[] = [
  lease("control-plane", "kube-node-lease", 10 * D + 3 * H, "control-plane"),
  lease("worker-1", "kube-node-lease", 10 * D + 2 * H, "worker-1"),
  lease(
    "kube-controller-manager",
    "kube-system",
    10 * D + 3 * H,
    "control-plane_4a7c0e0b-6a5e-4f55-8d8a-2c1a9a0b1c2d",
  ),
  lease(
    "kube-scheduler",
    "kube-system",
    10 * D + 3 * H,
    "control-plane_9b1d2c3e-7f60-4a11-9e2f-3d4c5b6a7e8f",
  ),
  lease("orphan", "kube-system", 2 * H),
];

// ---- events --------------------------------------------------------------------------------

function event(
  name: string,
  namespace: string,
  involved: { kind: string; name: string; fieldPath?: string },
  type: string,
  reason: string,
  message: string,
  times: { first?: number; last?: number; count?: number; eventTime?: number },
  source: { component?: string; host?: string; reportingComponent?: string; reportingInstance?: string } = {},
): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: meta(name, namespace, times.first ?? times.eventTime ?? 0),
    involvedObject: { apiVersion: "v1", namespace, uid: `uid-${involved.name}`, ...involved },
    reason,
    message,
    type,
    ...(times.first !== undefined ? { firstTimestamp: ago(times.first) } : { firstTimestamp: null }),
    ...(times.last !== undefined ? { lastTimestamp: ago(times.last) } : { lastTimestamp: null }),
    ...(times.count !== undefined ? { count: times.count } : {}),
    ...(times.eventTime !== undefined ? { eventTime: microAgo(times.eventTime) } : {}),
    ...(source.component || source.host
      ? {
          source: {
            ...(source.component ? { component: source.component } : {}),
            ...(source.host ? { host: source.host } : {}),
          },
        }
      : { source: {} }),
    reportingComponent: source.reportingComponent ?? "",
    reportingInstance: source.reportingInstance ?? "",
  } as unknown as Event;
}

const webPod = { kind: "Pod", name: "web-7d4b9c8f6-x2x9z" };
const webApp = { ...webPod, fieldPath: "spec.containers{app}" };
const crash = { kind: "Pod", name: "worker-57b8d9c6f-2mzcx", fieldPath: "spec.containers{app}" };

export const defaultEvents: Event[] = [
  event(
    "big-6b7c8d9f5-q9w8e.181a2b3c4d5e6f70",
    "default",
    { kind: "Pod", name: "big-6b7c8d9f5-q9w8e" },
    "Warning",
    "FailedScheduling",
    "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.",
    { eventTime: 3 * M + 19 * S },
    { reportingComponent: "default-scheduler", reportingInstance: "default-scheduler-control-plane" },
  ),
  event(
    "web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f71",
    "default",
    webPod,
    "Normal",
    "Scheduled",
    "Successfully assigned default/web-7d4b9c8f6-x2x9z to worker-1",
    { eventTime: 2 * H + 5 * M },
    { reportingComponent: "default-scheduler", reportingInstance: "default-scheduler-control-plane" },
  ),
  event(
    "web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f72",
    "default",
    webApp,
    "Normal",
    "Pulled",
    'Container image "nginx:1.27" already present on machine',
    { first: 2 * H + 4 * M, last: 2 * H + 4 * M, count: 1 },
    { component: "kubelet", host: "worker-1" },
  ),
  event(
    "web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f73",
    "default",
    webApp,
    "Normal",
    "Created",
    "Created container app",
    { first: 2 * H + 4 * M, last: 2 * H + 4 * M, count: 1 },
    { component: "kubelet", host: "worker-1" },
  ),
  event(
    "web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f74",
    "default",
    webApp,
    "Normal",
    "Started",
    "Started container app\n",
    { first: 2 * H, last: 2 * H, count: 1 },
    { component: "kubelet", host: "worker-1" },
  ),
  event(
    "worker-57b8d9c6f-2mzcx.181a2b3c4d5e6f75",
    "default",
    crash,
    "Warning",
    "BackOff",
    "Back-off restarting failed container app in pod worker-57b8d9c6f-2mzcx_default(uid-worker-57b8d9c6f-2mzcx)",
    { first: 44 * M, last: 17 * S, count: 193 },
    { component: "kubelet", host: "worker-2" },
  ),
];

export const nodeEvent = event(
  "worker-3.181a2b3c4d5e6f80",
  "default",
  { kind: "Node", name: "worker-3" },
  "Normal",
  "NodeNotReady",
  "Node worker-3 status is now: NodeNotReady",
  { first: 2 * M, last: 2 * M, count: 1 },
  { component: "node-controller" },
);

export const kubeSystemEvent = event(
  "kube-scheduler.181a2b3c4d5e6f90",
  "kube-system",
  { kind: "Lease", name: "kube-scheduler" },
  "Normal",
  "LeaderElection",
  "control-plane_9b1d2c3e-7f60-4a11-9e2f-3d4c5b6a7e8f became leader",
  { eventTime: 10 * D + 3 * H },
  { reportingComponent: "default-scheduler" },
);
