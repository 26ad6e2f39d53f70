// Golden tests of the describe layouts. The first is the tail of a real `kubectl describe pod`
// from the Kubernetes docs' troubleshooting pages (trailing spaces trimmed there, so compared
// line by line without them); the rest are exact bytes worked out from describe.go's format
// strings and Go's text/tabwriter (minwidth 0, padding 2), trailing spaces included.

import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import type { Job } from "kubernetes-types/batch/v1";
import type { ConfigMap, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Namespace, Node, Pod } from "../../api/objects";
import { formatRfc3339, parseRfc3339 } from "../../sim/time";
import { describeHPA, describeJob } from "./batch";
import { describeConfigMap, describeNamespace, describeService } from "./core";
import { describeEvents } from "./events";
import { rfc1123z } from "./format";
import { describeGeneric, smartLabelFor } from "./generic";
import { describeNode } from "./node";
import { describePod } from "./pod";
import { GoTabWriter, tabbedString } from "./tabWriter";
import { describeDeployment } from "./workloads";

const NOW = parseRfc3339("2026-01-11T12:00:00Z") as number;
const ago = (ms: number): string => formatRfc3339(NOW - ms);
const S = 1000;
const M = 60 * S;

const trimLines = (s: string): string =>
  s
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");

function event(
  reason: string,
  message: string,
  opts: { type?: string; from?: string; first: number; last?: number; count?: number },
): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `e-${reason}-${opts.first}`, namespace: "default" },
    involvedObject: { kind: "Pod", name: "p", namespace: "default" },
    reason,
    message,
    type: opts.type ?? "Normal",
    source: { component: opts.from ?? "kubelet" },
    firstTimestamp: ago(opts.first),
    lastTimestamp: ago(opts.last ?? opts.first),
    count: opts.count ?? 1,
  } as Event;
}

describe("GoTabWriter", () => {
  it("sizes each column block on its own and flushes at one-cell lines", () => {
    const tw = new GoTabWriter(0, 2);
    tw.write("a:\tx\nlonger:\ty\nsection\nb:\tz\n");
    expect(tw.toString()).toBe("a:       x\nlonger:  y\nsection\nb:  z\n");
  });

  it("pads empty trailing cells and nested columns", () => {
    const tw = new GoTabWriter(0, 2);
    tw.write("  Type\tStatus\n  Ready \tTrue \n");
    expect(tw.toString()).toBe("  Type    Status\n  Ready   True \n");
  });
});

describe("rfc1123z", () => {
  it("formats like Go's time.RFC1123Z in UTC", () => {
    expect(rfc1123z("2026-01-11T09:05:03Z")).toBe("Sun, 11 Jan 2026 09:05:03 +0000");
    expect(rfc1123z("2020-02-29T23:59:59Z")).toBe("Sat, 29 Feb 2020 23:59:59 +0000");
  });
});

describe("describePod", () => {
  // The pod of docs/tasks/debug: ping-deployment stuck in ImagePullBackOff.
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "ping-deployment-7459f4b7c7-zrjlx",
      namespace: "default",
      labels: { app: "ping", "pod-template-hash": "7459f4b7c7" },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "ping-deployment-7459f4b7c7",
          uid: "u",
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: "kind-control-plane",
      serviceAccountName: "default",
      priority: 0,
      containers: [
        {
          name: "ping-pod",
          image: "ping:v001",
          ports: [{ containerPort: 9696, protocol: "TCP" }],
          resources: { limits: { cpu: "200m", memory: "128Mi" }, requests: { cpu: "200m", memory: "128Mi" } },
          volumeMounts: [
            {
              name: "kube-api-access-7t6lh",
              mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
              readOnly: true,
            },
          ],
        },
      ],
      volumes: [
        {
          name: "kube-api-access-7t6lh",
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { name: "kube-root-ca.crt" } },
              { downwardAPI: { items: [] } },
            ],
          },
        },
      ],
      tolerations: [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: "Pending",
      hostIP: "172.18.0.2",
      podIP: "10.244.0.5",
      podIPs: [{ ip: "10.244.0.5" }],
      startTime: "2022-09-08T10:33:07Z",
      qosClass: "Guaranteed",
      conditions: [
        { type: "Initialized", status: "True" },
        { type: "Ready", status: "False" },
        { type: "ContainersReady", status: "False" },
        { type: "PodScheduled", status: "True" },
      ],
      containerStatuses: [
        {
          name: "ping-pod",
          image: "ping:v001",
          imageID: "",
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: "ImagePullBackOff" } },
        },
      ],
    },
  } as unknown as Pod;
  const events = [
    event(
      "Scheduled",
      "Successfully assigned default/ping-deployment-7459f4b7c7-zrjlx to kind-control-plane",
      {
        from: "default-scheduler",
        first: 4 * M + 19 * S,
      },
    ),
    event("Pulling", 'Pulling image "ping:v001"', { first: 4 * M + 19 * S, last: 2 * M + 46 * S, count: 4 }),
  ];

  it("matches the docs' output from the Containers section on", () => {
    const out = describePod(pod, events, NOW);
    const tail = out.slice(out.indexOf("Containers:\n"));
    expect(trimLines(tail)).toBe(`Containers:
  ping-pod:
    Container ID:
    Image:          ping:v001
    Image ID:
    Port:           9696/TCP
    Host Port:      0/TCP
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
    Limits:
      cpu:     200m
      memory:  128Mi
    Requests:
      cpu:        200m
      memory:     128Mi
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7t6lh (ro)
Conditions:
  Type              Status
  Initialized       True
  Ready             False
  ContainersReady   False
  PodScheduled      True
Volumes:
  kube-api-access-7t6lh:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Guaranteed
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age                    From               Message
  ----    ------     ----                   ----               -------
  Normal  Scheduled  4m19s                  default-scheduler  Successfully assigned default/ping-deployment-7459f4b7c7-zrjlx to kind-control-plane
  Normal  Pulling    2m46s (x4 over 4m19s)  kubelet            Pulling image "ping:v001"
`);
  });

  it("prints the header block aligned as one column, with the trailing spaces tabwriter writes", () => {
    const out = describePod(pod, [], NOW);
    expect(out.slice(0, out.indexOf("Containers:\n"))).toBe(
      "Name:             ping-deployment-7459f4b7c7-zrjlx\n" +
        "Namespace:        default\n" +
        "Priority:         0\n" +
        "Service Account:  default\n" +
        "Node:             kind-control-plane/172.18.0.2\n" +
        "Start Time:       Thu, 08 Sep 2022 10:33:07 +0000\n" +
        "Labels:           app=ping\n" +
        "                  pod-template-hash=7459f4b7c7\n" +
        "Annotations:      <none>\n" +
        "Status:           Pending\n" +
        "IP:               10.244.0.5\n" +
        "IPs:\n" +
        "  IP:           10.244.0.5\n" +
        "Controlled By:  ReplicaSet/ping-deployment-7459f4b7c7\n",
    );
    expect(out.endsWith("Events:                      <none>\n")).toBe(true);
    expect(out).toContain("    Container ID:   \n");
  });
});

describe("describeEvents", () => {
  it("sorts by last timestamp and flushes before the table", () => {
    const out = tabbedString((w) => {
      w.write(0, "Some very long label:\tx\n");
      describeEvents(
        [
          event("Killing", "Stopping container web", { first: 10 * S }),
          event("BackOff", "Back-off restarting failed container", {
            type: "Warning",
            first: 5 * M,
            last: 30 * S,
            count: 12,
          }),
        ],
        w,
        NOW,
      );
    });
    expect(out).toBe(
      "Some very long label:  x\n" +
        "Events:\n" +
        "  Type     Reason   Age                From     Message\n" +
        "  ----     ------   ----               ----     -------\n" +
        "  Warning  BackOff  30s (x12 over 5m)  kubelet  Back-off restarting failed container\n" +
        "  Normal   Killing  10s                kubelet  Stopping container web\n",
    );
  });
});

describe("describeDeployment", () => {
  const template = {
    metadata: { labels: { app: "nginx" } },
    spec: {
      containers: [{ name: "nginx", image: "nginx:1.14.2", ports: [{ containerPort: 80, protocol: "TCP" }] }],
    },
  };
  const d = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "nginx-deployment",
      namespace: "default",
      creationTimestamp: "2026-01-11T11:50:00Z",
      labels: { app: "nginx" },
      annotations: { "deployment.kubernetes.io/revision": "1" },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "nginx" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      template,
    },
    status: {
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
      ],
    },
  } as unknown as Deployment;
  const rs = {
    metadata: { name: "nginx-deployment-66b6c48dd5" },
    spec: { replicas: 3 },
    status: { replicas: 3 },
  } as unknown as ReplicaSet;

  it("prints the Replicas line, strategy, pod template, conditions and ReplicaSets", () => {
    expect(describeDeployment(d, [], [rs], [], NOW)).toBe(`Name:                   nginx-deployment
Namespace:              default
CreationTimestamp:      Sun, 11 Jan 2026 11:50:00 +0000
Labels:                 app=nginx
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=nginx
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.14.2
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   nginx-deployment-66b6c48dd5 (3/3 replicas created)
Events:          <none>
`);
  });
});

describe("describeService", () => {
  it("prints ports with their ready endpoints", () => {
    const svc = {
      metadata: { name: "web", namespace: "default", labels: { app: "web" } },
      spec: {
        type: "ClusterIP",
        selector: { app: "web" },
        clusterIP: "10.96.12.7",
        clusterIPs: ["10.96.12.7"],
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
        sessionAffinity: "None",
        internalTrafficPolicy: "Cluster",
      },
    } as unknown as Service;
    const slice = {
      ports: [{ name: "", port: 8080, protocol: "TCP" }],
      endpoints: [
        { addresses: ["10.244.1.2"], conditions: { ready: true } },
        { addresses: ["10.244.2.3"], conditions: { ready: false } },
        { addresses: ["10.244.1.4"], conditions: { ready: true } },
      ],
    } as unknown as EndpointSlice;
    expect(describeService(svc, [slice], [], NOW)).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.12.7
IPs:                      10.96.12.7
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
Endpoints:                10.244.1.2:8080,10.244.1.4:8080
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });
});

describe("describeNamespace", () => {
  it("ends with the quota and limit-range none lines", () => {
    const ns = {
      metadata: { name: "default", labels: { "kubernetes.io/metadata.name": "default" } },
      status: { phase: "Active" },
    } as unknown as Namespace;
    expect(describeNamespace(ns)).toBe(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
  });
});

describe("describeNode", () => {
  it("prints the pods table and the allocated resources with percentages", () => {
    const node = {
      metadata: {
        name: "worker-1",
        creationTimestamp: "2026-01-11T09:00:00Z",
        labels: { "kubernetes.io/hostname": "worker-1" },
      },
      spec: { podCIDR: "10.244.1.0/24", podCIDRs: ["10.244.1.0/24"] },
      status: {
        conditions: [
          {
            type: "Ready",
            status: "True",
            lastHeartbeatTime: "2026-01-11T11:59:50Z",
            lastTransitionTime: "2026-01-11T09:00:30Z",
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
          },
        ],
        addresses: [{ type: "InternalIP", address: "172.18.0.3" }],
        capacity: { cpu: "2", memory: "4Gi", pods: "110" },
        allocatable: { cpu: "2", memory: "4Gi", pods: "110" },
        nodeInfo: { kubeletVersion: "v1.32.0", osImage: "Debian GNU/Linux 12 (bookworm)" },
      },
    } as unknown as Node;
    const pod = {
      metadata: { name: "web-1", namespace: "default", creationTimestamp: ago(5 * M) },
      spec: {
        containers: [
          {
            name: "a",
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
          },
        ],
      },
    } as unknown as Pod;
    const out = describeNode(
      { node, pods: [pod], events: [], lease: 'leases.coordination.k8s.io "worker-1" not found' },
      NOW,
    );
    expect(out).toContain(
      'Lease:              Failed to get lease: leases.coordination.k8s.io "worker-1" not found\n',
    );
    expect(out).toContain(
      "  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message\n" +
        "  ----    ------  -----------------                 ------------------                ------         -------\n" +
        "  Ready   True    Sun, 11 Jan 2026 11:59:50 +0000   Sun, 11 Jan 2026 09:00:30 +0000   KubeletReady   kubelet is posting ready status\n",
    );
    expect(out).toContain(
      "Non-terminated Pods:          (1 in total)\n" +
        "  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n" +
        "  ---------                   ----     ------------  ----------  ---------------  -------------  ---\n" +
        "  default                     web-1    250m (12%)    0 (0%)      256Mi (6%)       512Mi (12%)    5m\n" +
        "Allocated resources:\n" +
        "  (Total limits may be over 100 percent, i.e., overcommitted.)\n" +
        "  Resource           Requests    Limits\n" +
        "  --------           --------    ------\n" +
        "  cpu                250m (12%)  0 (0%)\n" +
        "  memory             256Mi (6%)  512Mi (12%)\n" +
        "  ephemeral-storage  0 (0%)      0 (0%)\n" +
        "Events:              <none>\n",
    );
    expect(out).toContain("Roles:              <none>\n");
    expect(out).toContain("  Kube-Proxy Version:         \n");
  });
});

describe("describeJob", () => {
  it("prints the job's counts and its pod template with the command", () => {
    const job = {
      metadata: {
        name: "pi",
        namespace: "default",
        labels: { "batch.kubernetes.io/controller-uid": "abc", "batch.kubernetes.io/job-name": "pi" },
      },
      spec: {
        parallelism: 1,
        completions: 1,
        completionMode: "NonIndexed",
        suspend: false,
        backoffLimit: 4,
        selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "abc" } },
        template: {
          metadata: { labels: { "batch.kubernetes.io/job-name": "pi" } },
          spec: {
            containers: [
              {
                name: "pi",
                image: "perl:5.34.0",
                command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
              },
            ],
          },
        },
      },
      status: {
        startTime: "2026-01-11T11:50:00Z",
        completionTime: "2026-01-11T11:50:09Z",
        succeeded: 1,
        ready: 0,
      },
    } as unknown as Job;
    expect(describeJob(job, [], NOW)).toBe(`Name:             pi
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=abc
Labels:           batch.kubernetes.io/controller-uid=abc
                  batch.kubernetes.io/job-name=pi
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    4
Start Time:       Sun, 11 Jan 2026 11:50:00 +0000
Completed At:     Sun, 11 Jan 2026 11:50:09 +0000
Duration:         9s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/job-name=pi
  Containers:
   pi:
    Image:      perl:5.34.0
    Port:       <none>
    Host Port:  <none>
    Command:
      perl
      -Mbignum=bpi
      -wle
      print bpi(2000)
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>
`);
  });
});

describe("describeConfigMap", () => {
  it("prints each key's value under a ---- rule, then BinaryData", () => {
    const cm = {
      metadata: { name: "game-demo", namespace: "default" },
      data: { player_initial_lives: "3", "ui.properties": "color.good=purple\ncolor.bad=yellow\n" },
    } as unknown as ConfigMap;
    expect(describeConfigMap(cm, [], NOW)).toBe(`Name:         game-demo
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
player_initial_lives:
----
3

ui.properties:
----
color.good=purple
color.bad=yellow



BinaryData
====

Events:  <none>
`);
  });
});

describe("describeHPA", () => {
  it("prints the resource metric as a percentage of request, replicas and conditions", () => {
    const hpa = {
      metadata: { name: "web", namespace: "default", creationTimestamp: "2026-01-11T11:00:00Z" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        currentMetrics: [
          {
            type: "Resource",
            resource: { name: "cpu", current: { averageUtilization: 31, averageValue: "31m" } },
          },
        ],
        conditions: [
          {
            type: "AbleToScale",
            status: "True",
            reason: "ReadyForNewScale",
            message: "recommended size matches current size",
          },
        ],
      },
    } as unknown as HorizontalPodAutoscaler;
    expect(describeHPA(hpa, [], NOW)).toBe(`Name:                                                  web
Namespace:                                             default
Labels:                                                <none>
Annotations:                                           <none>
CreationTimestamp:                                     Sun, 11 Jan 2026 11:00:00 +0000
Reference:                                             Deployment/web
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  31% (31m) / 50%
Min replicas:                                          1
Max replicas:                                          10
Deployment pods:                                       2 current / 2 desired
Conditions:
  Type         Status  Reason            Message
  ----         ------  ------            -------
  AbleToScale  True    ReadyForNewScale  recommended size matches current size
Events:        <none>
`);
  });
});

describe("describeGeneric", () => {
  it("prints the object's fields with smart labels", () => {
    expect(smartLabelFor("apiVersion")).toBe("API Version");
    expect(smartLabelFor("holderIdentity")).toBe("Holder Identity");
    expect(smartLabelFor("leaseDurationSeconds")).toBe("Lease Duration Seconds");
    const lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "node-1", namespace: "kube-node-lease", uid: "u1" },
      spec: { holderIdentity: "node-1", leaseDurationSeconds: 40 },
    } as KubeObject;
    expect(describeGeneric(lease, undefined, NOW)).toBe(`Name:         node-1
Namespace:    kube-node-lease
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  UID:  u1
Spec:
  Holder Identity:         node-1
  Lease Duration Seconds:  40
`);
  });
});
