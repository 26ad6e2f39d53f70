import { describe, expect, it } from "vitest";

import type { KubeObject, Pod } from "../../api/objects";
import { findNodeRoles, printTable, serverTable, tableFor } from "./resourcePrinters";
import {
  FIXTURE_NOW_MS,
  ago,
  completedPod,
  containerCreatingPod,
  corednsPod,
  crashLoopPod,
  defaultEvents,
  defaultPods,
  kubeSystemEvent,
  leases,
  namespaces,
  nodeEvent,
  nodes,
  runningPod,
  terminatingPod,
} from "./testFixtures";

const objects = (list: readonly object[]): KubeObject[] => list as unknown as KubeObject[];

// Every expected string below is what kubectl v1.32.4 printed for these objects, served as
// server-side Tables by a stub apiserver (the cells are ours; layout, -A, wide and headers are kubectl's).
describe("printTable matches kubectl v1.32", () => {
  it("kubectl get pods", () => {
    expect(printTable("Pod", objects(defaultPods), { nowMs: FIXTURE_NOW_MS, ...{} })).toBe(
      `NAME                      READY   STATUS              RESTARTS     AGE
api-5f6d7c8b9-kq4lp       0/1     ContainerCreating   0            12s
big-6b7c8d9f5-q9w8e       0/1     Pending             0            3m20s
cache-0                   1/1     Unknown             0            9d
db-migrate                0/1     Init:0/2            0            40s
mesh-app                  2/2     Running             1            20m
old-web-6c9f8d7b5-9sd8f   1/1     Terminating         0            3d4h
report-29435520-7xk2m     0/1     Completed           0            6h
web-7d4b9c8f6-x2x9z       1/1     Running             0            125m
worker-57b8d9c6f-2mzcx    0/1     CrashLoopBackOff    5 (5m ago)   47m
`,
    );
  });

  it("kubectl get pods -o wide", () => {
    expect(printTable("Pod", objects(defaultPods), { nowMs: FIXTURE_NOW_MS, ...{ wide: true } })).toBe(
      `NAME                      READY   STATUS              RESTARTS     AGE     IP            NODE       NOMINATED NODE   READINESS GATES
api-5f6d7c8b9-kq4lp       0/1     ContainerCreating   0            12s     <none>        worker-2   <none>           <none>
big-6b7c8d9f5-q9w8e       0/1     Pending             0            3m20s   <none>        <none>     worker-3         0/1
cache-0                   1/1     Unknown             0            9d      10.244.3.4    worker-3   <none>           <none>
db-migrate                0/1     Init:0/2            0            40s     <none>        worker-1   <none>           <none>
mesh-app                  2/2     Running             1            20m     10.244.1.12   worker-1   <none>           <none>
old-web-6c9f8d7b5-9sd8f   1/1     Terminating         0            3d4h    10.244.1.9    worker-1   <none>           <none>
report-29435520-7xk2m     0/1     Completed           0            6h      10.244.2.3    worker-2   <none>           <none>
web-7d4b9c8f6-x2x9z       1/1     Running             0            125m    10.244.1.5    worker-1   <none>           <none>
worker-57b8d9c6f-2mzcx    0/1     CrashLoopBackOff    5 (5m ago)   47m     10.244.2.7    worker-2   <none>           <none>
`,
    );
  });

  it("kubectl get pods -A", () => {
    expect(
      printTable("Pod", objects([corednsPod, ...defaultPods]), {
        nowMs: FIXTURE_NOW_MS,
        ...{ allNamespaces: true },
      }),
    ).toBe(
      `NAMESPACE     NAME                       READY   STATUS              RESTARTS     AGE
kube-system   coredns-7db6d8ff4d-4kz2p   1/1     Running             0            10d
default       api-5f6d7c8b9-kq4lp        0/1     ContainerCreating   0            12s
default       big-6b7c8d9f5-q9w8e        0/1     Pending             0            3m20s
default       cache-0                    1/1     Unknown             0            9d
default       db-migrate                 0/1     Init:0/2            0            40s
default       mesh-app                   2/2     Running             1            20m
default       old-web-6c9f8d7b5-9sd8f    1/1     Terminating         0            3d4h
default       report-29435520-7xk2m      0/1     Completed           0            6h
default       web-7d4b9c8f6-x2x9z        1/1     Running             0            125m
default       worker-57b8d9c6f-2mzcx     0/1     CrashLoopBackOff    5 (5m ago)   47m
`,
    );
  });

  it("kubectl get pods -A -o wide --no-headers", () => {
    expect(
      printTable("Pod", objects([corednsPod, ...defaultPods]), {
        nowMs: FIXTURE_NOW_MS,
        ...{ allNamespaces: true, wide: true, noHeaders: true },
      }),
    ).toBe(
      `kube-system   coredns-7db6d8ff4d-4kz2p   1/1   Running             0            10d     10.244.0.2    control-plane   <none>     <none>
default       api-5f6d7c8b9-kq4lp        0/1   ContainerCreating   0            12s     <none>        worker-2        <none>     <none>
default       big-6b7c8d9f5-q9w8e        0/1   Pending             0            3m20s   <none>        <none>          worker-3   0/1
default       cache-0                    1/1   Unknown             0            9d      10.244.3.4    worker-3        <none>     <none>
default       db-migrate                 0/1   Init:0/2            0            40s     <none>        worker-1        <none>     <none>
default       mesh-app                   2/2   Running             1            20m     10.244.1.12   worker-1        <none>     <none>
default       old-web-6c9f8d7b5-9sd8f    1/1   Terminating         0            3d4h    10.244.1.9    worker-1        <none>     <none>
default       report-29435520-7xk2m      0/1   Completed           0            6h      10.244.2.3    worker-2        <none>     <none>
default       web-7d4b9c8f6-x2x9z        1/1   Running             0            125m    10.244.1.5    worker-1        <none>     <none>
default       worker-57b8d9c6f-2mzcx     0/1   CrashLoopBackOff    5 (5m ago)   47m     10.244.2.7    worker-2        <none>     <none>
`,
    );
  });

  it("kubectl get nodes", () => {
    expect(printTable("Node", objects(nodes), { nowMs: FIXTURE_NOW_MS, ...{} })).toBe(
      `NAME            STATUS                     ROLES           AGE    VERSION
control-plane   Ready                      control-plane   10d    v1.32.4
worker-1        Ready                      <none>          10d    v1.32.4
worker-2        Ready,SchedulingDisabled   <none>          10d    v1.32.4
worker-3        NotReady                   gpu,worker      125m   v1.32.4
worker-4        Unknown                    <none>          5s     v1.32.4
`,
    );
  });

  it("kubectl get nodes -o wide", () => {
    expect(printTable("Node", objects(nodes), { nowMs: FIXTURE_NOW_MS, ...{ wide: true } })).toBe(
      `NAME            STATUS                     ROLES           AGE    VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
control-plane   Ready                      control-plane   10d    v1.32.4   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1015-gcp   containerd://1.7.24
worker-1        Ready                      <none>          10d    v1.32.4   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1015-gcp   containerd://1.7.24
worker-2        Ready,SchedulingDisabled   <none>          10d    v1.32.4   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1015-gcp   containerd://1.7.24
worker-3        NotReady                   gpu,worker      125m   v1.32.4   172.18.0.5    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1015-gcp   containerd://1.7.24
worker-4        Unknown                    <none>          5s     v1.32.4   172.18.0.6    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1015-gcp   containerd://1.7.24
`,
    );
  });

  it("kubectl get nodes -A", () => {
    expect(printTable("Node", objects(nodes), { nowMs: FIXTURE_NOW_MS, ...{ allNamespaces: true } })).toBe(
      `NAME            STATUS                     ROLES           AGE    VERSION
control-plane   Ready                      control-plane   10d    v1.32.4
worker-1        Ready                      <none>          10d    v1.32.4
worker-2        Ready,SchedulingDisabled   <none>          10d    v1.32.4
worker-3        NotReady                   gpu,worker      125m   v1.32.4
worker-4        Unknown                    <none>          5s     v1.32.4
`,
    );
  });

  it("kubectl get namespaces", () => {
    expect(printTable("Namespace", objects(namespaces), { nowMs: FIXTURE_NOW_MS, ...{} })).toBe(
      `NAME              STATUS        AGE
default           Active        10d
kube-node-lease   Active        10d
kube-public       Active        10d
kube-system       Active        10d
team-a            Terminating   7m
`,
    );
  });

  it("kubectl get events", () => {
    expect(
      printTable("Event", objects([...defaultEvents, nodeEvent]), { nowMs: FIXTURE_NOW_MS, ...{} }),
    ).toBe(
      `LAST SEEN   TYPE      REASON             OBJECT                       MESSAGE
3m19s       Warning   FailedScheduling   pod/big-6b7c8d9f5-q9w8e      0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.
125m        Normal    Scheduled          pod/web-7d4b9c8f6-x2x9z      Successfully assigned default/web-7d4b9c8f6-x2x9z to worker-1
124m        Normal    Pulled             pod/web-7d4b9c8f6-x2x9z      Container image "nginx:1.27" already present on machine
124m        Normal    Created            pod/web-7d4b9c8f6-x2x9z      Created container app
120m        Normal    Started            pod/web-7d4b9c8f6-x2x9z      Started container app
17s         Warning   BackOff            pod/worker-57b8d9c6f-2mzcx   Back-off restarting failed container app in pod worker-57b8d9c6f-2mzcx_default(uid-worker-57b8d9c6f-2mzcx)
2m          Normal    NodeNotReady       node/worker-3                Node worker-3 status is now: NodeNotReady
`,
    );
  });

  it("kubectl get events -o wide", () => {
    expect(
      printTable("Event", objects([...defaultEvents, nodeEvent]), {
        nowMs: FIXTURE_NOW_MS,
        ...{ wide: true },
      }),
    ).toBe(
      `LAST SEEN   TYPE      REASON             OBJECT                       SUBOBJECT              SOURCE                                               MESSAGE                                                                                                                                                                                                                                                    FIRST SEEN   COUNT   NAME
3m19s       Warning   FailedScheduling   pod/big-6b7c8d9f5-q9w8e                             default-scheduler, default-scheduler-control-plane   0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.   3m19s        1       big-6b7c8d9f5-q9w8e.181a2b3c4d5e6f70
125m        Normal    Scheduled          pod/web-7d4b9c8f6-x2x9z                             default-scheduler, default-scheduler-control-plane   Successfully assigned default/web-7d4b9c8f6-x2x9z to worker-1                                                                                                                                                                                              125m         1       web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f71
124m        Normal    Pulled             pod/web-7d4b9c8f6-x2x9z      spec.containers{app}   kubelet, worker-1                                    Container image "nginx:1.27" already present on machine                                                                                                                                                                                                    124m         1       web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f72
124m        Normal    Created            pod/web-7d4b9c8f6-x2x9z      spec.containers{app}   kubelet, worker-1                                    Created container app                                                                                                                                                                                                                                      124m         1       web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f73
120m        Normal    Started            pod/web-7d4b9c8f6-x2x9z      spec.containers{app}   kubelet, worker-1                                    Started container app                                                                                                                                                                                                                                      120m         1       web-7d4b9c8f6-x2x9z.181a2b3c4d5e6f74
17s         Warning   BackOff            pod/worker-57b8d9c6f-2mzcx   spec.containers{app}   kubelet, worker-2                                    Back-off restarting failed container app in pod worker-57b8d9c6f-2mzcx_default(uid-worker-57b8d9c6f-2mzcx)                                                                                                                                                 44m          193     worker-57b8d9c6f-2mzcx.181a2b3c4d5e6f75
2m          Normal    NodeNotReady       node/worker-3                                       node-controller                                      Node worker-3 status is now: NodeNotReady                                                                                                                                                                                                                  2m           1       worker-3.181a2b3c4d5e6f80
`,
    );
  });

  it("kubectl get events -A", () => {
    expect(
      printTable("Event", objects([...defaultEvents, nodeEvent, kubeSystemEvent]), {
        nowMs: FIXTURE_NOW_MS,
        ...{ allNamespaces: true },
      }),
    ).toBe(
      `NAMESPACE     LAST SEEN   TYPE      REASON             OBJECT                       MESSAGE
default       3m19s       Warning   FailedScheduling   pod/big-6b7c8d9f5-q9w8e      0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.
default       125m        Normal    Scheduled          pod/web-7d4b9c8f6-x2x9z      Successfully assigned default/web-7d4b9c8f6-x2x9z to worker-1
default       124m        Normal    Pulled             pod/web-7d4b9c8f6-x2x9z      Container image "nginx:1.27" already present on machine
default       124m        Normal    Created            pod/web-7d4b9c8f6-x2x9z      Created container app
default       120m        Normal    Started            pod/web-7d4b9c8f6-x2x9z      Started container app
default       17s         Warning   BackOff            pod/worker-57b8d9c6f-2mzcx   Back-off restarting failed container app in pod worker-57b8d9c6f-2mzcx_default(uid-worker-57b8d9c6f-2mzcx)
default       2m          Normal    NodeNotReady       node/worker-3                Node worker-3 status is now: NodeNotReady
kube-system   10d         Normal    LeaderElection     lease/kube-scheduler         control-plane_9b1d2c3e-7f60-4a11-9e2f-3d4c5b6a7e8f became leader
`,
    );
  });

  it("kubectl get leases -n kube-system", () => {
    expect(
      printTable("Lease", objects(leases.filter((l) => l.metadata?.namespace === "kube-system")), {
        nowMs: FIXTURE_NOW_MS,
        ...{},
      }),
    ).toBe(
      `NAME                      HOLDER                                               AGE
kube-controller-manager   control-plane_4a7c0e0b-6a5e-4f55-8d8a-2c1a9a0b1c2d   10d
kube-scheduler            control-plane_9b1d2c3e-7f60-4a11-9e2f-3d4c5b6a7e8f   10d
orphan                                                                         120m
`,
    );
  });

  it("kubectl get leases -A", () => {
    expect(printTable("Lease", objects(leases), { nowMs: FIXTURE_NOW_MS, ...{ allNamespaces: true } })).toBe(
      `NAMESPACE         NAME                      HOLDER                                               AGE
kube-node-lease   control-plane             control-plane                                        10d
kube-node-lease   worker-1                  worker-1                                             10d
kube-system       kube-controller-manager   control-plane_4a7c0e0b-6a5e-4f55-8d8a-2c1a9a0b1c2d   10d
kube-system       kube-scheduler            control-plane_9b1d2c3e-7f60-4a11-9e2f-3d4c5b6a7e8f   10d
kube-system       orphan                                                                         120m
`,
    );
  });
});

/** The STATUS, READY and RESTARTS cells of one pod. */
function podSummary(pod: object): string {
  const cells = serverTable("Pod", objects([pod]), FIXTURE_NOW_MS).rows[0]?.cells ?? [];
  return `${cells[1]} ${cells[2]} ${cells[3]}`;
}

const withStatus = (pod: Pod, status: object, spec: object = {}): Pod =>
  ({ ...pod, spec: { ...pod.spec, ...spec }, status: { ...pod.status, ...status } }) as Pod;

const terminated = (name: string, t: object) => ({
  name,
  image: "busybox",
  imageID: "",
  ready: false,
  restartCount: 0,
  state: { terminated: t },
});

describe("pod STATUS column (printPod)", () => {
  it("covers the common lifecycle states", () => {
    expect(podSummary(runningPod)).toBe("1/1 Running 0");
    expect(podSummary(containerCreatingPod)).toBe("0/1 ContainerCreating 0");
    expect(podSummary(terminatingPod)).toBe("1/1 Terminating 0");
    expect(podSummary(crashLoopPod)).toBe("0/1 CrashLoopBackOff 5 (5m ago)");
    expect(podSummary(completedPod)).toBe("0/1 Completed 0");
  });

  it("does not call a finished pod Terminating", () => {
    const deleted = { ...completedPod, metadata: { ...completedPod.metadata, deletionTimestamp: ago(0) } };
    expect(podSummary(deleted)).toBe("0/1 Completed 0");
  });

  it("reports failed init containers by reason, exit code or signal", () => {
    const spec = { initContainers: [{ name: "init", image: "busybox" }] };
    const base = withStatus(
      runningPod,
      { phase: "Pending", containerStatuses: [], conditions: [{ type: "Initialized", status: "False" }] },
      spec,
    );
    expect(
      podSummary(
        withStatus(base, { initContainerStatuses: [terminated("init", { exitCode: 1, reason: "Error" })] }),
      ),
    ).toBe("0/1 Init:Error 0");
    expect(
      podSummary(withStatus(base, { initContainerStatuses: [terminated("init", { exitCode: 3 })] })),
    ).toBe("0/1 Init:ExitCode:3 0");
    expect(
      podSummary(
        withStatus(base, { initContainerStatuses: [terminated("init", { exitCode: 137, signal: 9 })] }),
      ),
    ).toBe("0/1 Init:Signal:9 0");
    const waiting = {
      ...terminated("init", {}),
      state: { waiting: { reason: "ImagePullBackOff" } },
      restartCount: 2,
    };
    expect(podSummary(withStatus(base, { initContainerStatuses: [waiting] }))).toBe(
      "0/1 Init:ImagePullBackOff 2",
    );
  });

  it("reports containers that exited without a reason", () => {
    expect(
      podSummary(withStatus(runningPod, { containerStatuses: [terminated("app", { exitCode: 2 })] })),
    ).toBe("0/1 ExitCode:2 0");
    expect(
      podSummary(
        withStatus(runningPod, { containerStatuses: [terminated("app", { exitCode: 0, signal: 15 })] }),
      ),
    ).toBe("0/1 Signal:15 0");
  });

  it("turns Completed back into Running or NotReady while another container runs", () => {
    const spec = {
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "x" },
      ],
    };
    const statuses = [
      terminated("a", { exitCode: 0, reason: "Completed" }),
      { ...terminated("b", {}), ready: true, state: { running: { startedAt: ago(60_000) } } },
    ];
    const ready = [{ type: "Ready", status: "True" }];
    expect(podSummary(withStatus(runningPod, { containerStatuses: statuses, conditions: ready }, spec))).toBe(
      "1/2 Running 0",
    );
    expect(podSummary(withStatus(runningPod, { containerStatuses: statuses, conditions: [] }, spec))).toBe(
      "1/2 NotReady 0",
    );
  });

  it("shows SchedulingGated and the pod's own reason", () => {
    const gated = withStatus(runningPod, {
      phase: "Pending",
      containerStatuses: [],
      conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
    });
    expect(podSummary(gated)).toBe("0/1 SchedulingGated 0");
    const evicted = withStatus(runningPod, { phase: "Failed", reason: "Evicted", containerStatuses: [] });
    expect(podSummary(evicted)).toBe("0/1 Evicted 0");
  });

  it("sums restarts and dates them from the latest termination", () => {
    const spec = {
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "x" },
      ],
    };
    const restarted = (name: string, count: number, finished: number) => ({
      ...terminated(name, {}),
      ready: true,
      restartCount: count,
      state: { running: { startedAt: ago(finished - 1000) } },
      lastState: { terminated: { exitCode: 1, finishedAt: ago(finished) } },
    });
    const pod = withStatus(
      runningPod,
      { containerStatuses: [restarted("a", 2, 3_600_000), restarted("b", 1, 150_000)] },
      spec,
    );
    expect(podSummary(pod)).toBe("2/2 Running 3 (2m30s ago)");
  });
});

describe("nodes", () => {
  it("collects roles from both label conventions, sorted", () => {
    const node = {
      metadata: {
        name: "n",
        labels: {
          "node-role.kubernetes.io/worker": "",
          "kubernetes.io/role": "edge",
          "node-role.kubernetes.io/": "",
        },
      },
    };
    expect(findNodeRoles(node)).toEqual(["edge", "worker"]);
  });
});

describe("tableFor", () => {
  it("gives a UI the columns and cells kubectl prints", () => {
    const table = tableFor("Pod", objects([runningPod, corednsPod]), {
      nowMs: FIXTURE_NOW_MS,
      allNamespaces: true,
    });
    expect(table.columns).toEqual(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    expect(table.rows).toEqual([
      {
        key: "default/web-7d4b9c8f6-x2x9z",
        cells: ["default", "web-7d4b9c8f6-x2x9z", "1/1", "Running", "0", "125m"],
      },
      {
        key: "kube-system/coredns-7db6d8ff4d-4kz2p",
        cells: ["kube-system", "coredns-7db6d8ff4d-4kz2p", "1/1", "Running", "0", "10d"],
      },
    ]);
  });

  it("falls back to NAME and AGE for kinds without a printer", () => {
    const cm = {
      apiVersion: "v1",
      kind: "Widget",
      metadata: { name: "cfg", namespace: "default", creationTimestamp: ago(90_000) },
    };
    expect(printTable("Widget", objects([cm]), { nowMs: FIXTURE_NOW_MS })).toBe("NAME   AGE\ncfg    90s\n");
  });
});
