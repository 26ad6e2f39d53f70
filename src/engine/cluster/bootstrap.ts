// The objects a freshly installed kubeadm cluster holds: namespaces, Nodes with realistic
// capacity and status, their Leases, and the control plane's static (mirror) pods. They are
// written straight into etcd before the simulation starts: the cluster is already running when
// the learner arrives, so none of this appears in the trace.

import type { Lease, Namespace, Node, NodeCondition, Pod } from "../api/objects";
import { intToIp, ipToInt } from "../kubelet/containerRuntime";
import type { Rng } from "../sim/rng";

export const KUBERNETES_VERSION = "v1.32.4";
export const ETCD_IMAGE = "registry.k8s.io/etcd:3.5.16-0";

export interface NodePlan {
  readonly name: string;
  readonly index: number;
  readonly controlPlane: boolean;
  readonly ip: string;
  readonly podCidr: string;
}

/** Node addresses on the node network (as kind uses 172.18.0.0/16) and one /24 pod CIDR each. */
export function planNodes(workers: number): NodePlan[] {
  const total = workers + 1;
  const podBase = total <= 256 ? ipToInt("10.244.0.0") : ipToInt("10.64.0.0");
  const nodeBase = ipToInt("172.18.0.2");
  return Array.from({ length: total }, (_, index) => ({
    name: index === 0 ? "control-plane" : `node-${index}`,
    index,
    controlPlane: index === 0,
    ip: intToIp(nodeBase + index),
    podCidr: `${intToIp(podBase + index * 256)}/24`,
  }));
}

export function clusterCidr(workers: number): string {
  return workers + 1 <= 256 ? "10.244.0.0/16" : "10.64.0.0/10";
}

export function namespaceObject(name: string, uid: string, created: string): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, uid, creationTimestamp: created, labels: { "kubernetes.io/metadata.name": name } },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

function nodeConditions(at: string): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

export function nodeObject(plan: NodePlan, rng: Rng, created: string): Node {
  const cpu = plan.controlPlane ? "2" : "4";
  const memoryKi = plan.controlPlane ? 8135364 : 16365892;
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": plan.name,
    "kubernetes.io/os": "linux",
  };
  if (plan.controlPlane) {
    labels["node-role.kubernetes.io/control-plane"] = "";
    labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: plan.name,
      uid: rng.uuid(),
      creationTimestamp: created,
      labels,
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR: plan.podCidr,
      podCIDRs: [plan.podCidr],
      ...(plan.controlPlane
        ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }
        : {}),
    },
    status: {
      addresses: [
        { type: "InternalIP", address: plan.ip },
        { type: "Hostname", address: plan.name },
      ],
      capacity: {
        cpu,
        "ephemeral-storage": "102626232Ki",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        memory: `${memoryKi}Ki`,
        pods: "110",
      },
      allocatable: {
        cpu,
        "ephemeral-storage": "94580335255",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        // kubeadm's default hard eviction threshold (memory.available<100Mi) is reserved.
        memory: `${memoryKi - 102400}Ki`,
        pods: "110",
      },
      conditions: nodeConditions(created),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64",
        bootID: rng.uuid(),
        containerRuntimeVersion: "containerd://1.7.24",
        kernelVersion: "6.8.0-49-generic",
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        machineID: rng.hex(32),
        operatingSystem: "linux",
        osImage: "Ubuntu 24.04.1 LTS",
        systemUUID: rng.uuid(),
      },
    },
  };
}

export function leaseObject(node: Node, renewTime: string, created: string, rng: Rng): Lease {
  const name = node.metadata?.name ?? "";
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name,
      namespace: "kube-node-lease",
      uid: rng.uuid(),
      creationTimestamp: created,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata?.uid ?? "" }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
  };
}

interface StaticPodPlan {
  readonly component: string;
  readonly image: string;
  readonly cpu: string;
  readonly memory?: string;
  readonly command: string[];
}

const staticPods: readonly StaticPodPlan[] = [
  {
    component: "etcd",
    image: ETCD_IMAGE,
    cpu: "100m",
    memory: "100Mi",
    command: ["etcd", "--data-dir=/var/lib/etcd"],
  },
  {
    component: "kube-apiserver",
    image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
    cpu: "250m",
    command: [
      "kube-apiserver",
      "--authorization-mode=Node,RBAC",
      "--enable-admission-plugins=NodeRestriction",
    ],
  },
  {
    component: "kube-controller-manager",
    image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
    cpu: "200m",
    command: ["kube-controller-manager", "--allocate-node-cidrs=true", "--cluster-cidr=10.244.0.0/16"],
  },
  {
    component: "kube-scheduler",
    image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
    cpu: "100m",
    command: ["kube-scheduler", "--leader-elect=true"],
  },
];

/** The mirror pods of the control plane's static pods (without status; the kubelet fills it in). */
export function staticPodObjects(node: Node, created: string, rng: Rng): Pod[] {
  const nodeName = node.metadata?.name ?? "";
  return staticPods.map((p) => {
    const hash = rng.hex(32);
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `${p.component}-${nodeName}`,
        namespace: "kube-system",
        uid: rng.uuid(),
        creationTimestamp: created,
        labels: { component: p.component, tier: "control-plane" },
        annotations: {
          "kubernetes.io/config.hash": hash,
          "kubernetes.io/config.mirror": hash,
          "kubernetes.io/config.seen": created.replace("Z", ".000000000Z"),
          "kubernetes.io/config.source": "file",
        },
        ownerReferences: [
          { apiVersion: "v1", controller: true, kind: "Node", name: nodeName, uid: node.metadata?.uid ?? "" },
        ],
      },
      spec: {
        containers: [
          {
            name: p.component,
            image: p.image,
            imagePullPolicy: "IfNotPresent",
            command: p.command,
            resources: { requests: { cpu: p.cpu, ...(p.memory ? { memory: p.memory } : {}) } },
            terminationMessagePath: "/dev/termination-log",
            terminationMessagePolicy: "File",
          },
        ],
        dnsPolicy: "ClusterFirst",
        enableServiceLinks: true,
        hostNetwork: true,
        nodeName,
        preemptionPolicy: "PreemptLowerPriority",
        priority: 2000001000,
        priorityClassName: "system-node-critical",
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        terminationGracePeriodSeconds: 30,
        tolerations: [{ effect: "NoExecute", operator: "Exists" }],
      },
    };
  });
}
