import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Node, Pod } from "../api/objects";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { controllerTestbed } from "../testing/controllerTestbed";
import { DaemonSetController } from "./daemonSetController";
import { type DaemonSetObject, nodeShouldRunDaemonPod } from "./daemonSetUtil";

function node(
  name: string,
  extra: { labels?: Record<string, string>; taints?: Node["spec"] } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...(extra.labels ?? {}) } },
    spec: { ...(extra.taints ?? {}) },
  };
}

const controlPlane = node("control-plane", {
  taints: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] },
});

function daemonSet(
  spec: Record<string, unknown> = {},
  templateSpec: Record<string, unknown> = {},
): DaemonSetObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kube-proxy", namespace: "kube-system", generation: 1 },
    spec: {
      selector: { matchLabels: { "k8s-app": "kube-proxy" } },
      template: {
        metadata: { labels: { "k8s-app": "kube-proxy" } },
        spec: {
          containers: [{ name: "kube-proxy", image: "registry.k8s.io/kube-proxy:v1.32.0" }],
          ...templateSpec,
        },
      },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      ...spec,
    },
  };
}

function setup(objects: KubeObject[]) {
  const testbed = controllerTestbed(objects, { controllerName: "daemon-set-controller" });
  const controller = new DaemonSetController(testbed.client);
  controller.start();
  testbed.run();
  const pods = () => testbed.list("pods", "kube-system") as unknown as Pod[];
  const events = () =>
    (testbed.list("events", "kube-system") as unknown as Event[]).map((e) => `${e.reason} ${e.message}`);
  const ds = () => testbed.get("daemonsets", "kube-system", "kube-proxy") as DaemonSetObject;
  return { testbed, controller, pods, events, ds };
}

const byNode = (pods: Pod[]) =>
  Object.fromEntries(
    pods.map((p) => [
      p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
        ?.matchFields?.[0]?.values?.[0] ?? "",
      p,
    ]),
  );

describe("DaemonSet controller", () => {
  it("creates one pod per eligible node, bound by node-name affinity, with the daemon tolerations", () => {
    const cordoned = node("node-2", {
      taints: {
        unschedulable: true,
        taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }],
      },
    });
    const dedicated = node("node-3", {
      taints: { taints: [{ key: "dedicated", value: "db", effect: "NoExecute" }] },
    });
    const { testbed, pods, events, ds } = setup([
      daemonSet(),
      controlPlane,
      node("node-1"),
      cordoned,
      dedicated,
    ]);

    // Slow start: one create, then the next batch; then the status. The first status is written
    // before the informer has seen the new pods (as upstream); their watch events bring a second.
    expect(testbed.client.calls()).toEqual([
      "POST /apis/apps/v1/namespaces/kube-system/controllerrevisions",
      "POST /api/v1/namespaces/kube-system/pods",
      "POST /api/v1/namespaces/kube-system/events",
      "POST /api/v1/namespaces/kube-system/pods",
      "POST /api/v1/namespaces/kube-system/events",
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
    ]);
    const created = byNode(pods());
    // Not the tainted control plane, nor the node whose NoExecute taint is not tolerated; the cordon is.
    expect(Object.keys(created).sort()).toEqual(["node-1", "node-2"]);
    const pod = created["node-1"] as Pod;
    const revision = testbed.list("controllerrevisions", "kube-system")[0] as KubeObject & {
      revision: number;
    };
    const hash = revision.metadata.labels?.["controller-revision-hash"] ?? "";
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(revision.metadata.name).toBe(`kube-proxy-${hash}`);
    expect(revision.revision).toBe(1);
    expect(pod.metadata?.generateName).toBe("kube-proxy-");
    expect(pod.metadata?.name).toMatch(/^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata?.labels).toEqual({
      "k8s-app": "kube-proxy",
      "pod-template-generation": "1",
      "controller-revision-hash": hash,
    });
    expect(pod.metadata?.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        name: "kube-proxy",
        uid: "uid-daemonsets-kube-proxy",
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.spec?.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: "metadata.name", operator: "In", values: ["node-1"] }] },
          ],
        },
      },
    });
    expect(pod.spec?.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
      { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
    ]);
    expect(events().sort()).toEqual(
      pods()
        .map((p) => `SuccessfulCreate Created pod: ${p.metadata?.name ?? ""}`)
        .sort(),
    );
    const event = testbed.list("events", "kube-system")[0] as unknown as Event;
    expect(event.source).toEqual({ component: "daemonset-controller" });
    expect(event.involvedObject.kind).toBe("DaemonSet");
    expect(ds().status).toEqual({
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      desiredNumberScheduled: 2,
      numberReady: 0,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
      numberUnavailable: 2,
    });
  });

  it("runs on the control plane when the template tolerates its taint; hostNetwork adds network-unavailable", () => {
    const tolerant = daemonSet(
      {},
      {
        hostNetwork: true,
        tolerations: [
          { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
        ],
      },
    );
    const { pods } = setup([tolerant, controlPlane, node("node-1")]);
    const created = byNode(pods());
    expect(Object.keys(created).sort()).toEqual(["control-plane", "node-1"]);
    const keys = (created["control-plane"]?.spec?.tolerations ?? []).map((t) => t.key);
    expect(keys[0]).toBe("node-role.kubernetes.io/control-plane");
    expect(keys[keys.length - 1]).toBe("node.kubernetes.io/network-unavailable");
  });

  it("creates a pod on a node that joins later, and deletes it when the node stops matching", () => {
    const ssd = daemonSet({}, { nodeSelector: { disk: "ssd" } });
    const { testbed, pods, events, ds } = setup([
      ssd,
      node("node-1", { labels: { disk: "ssd" } }),
      node("node-2"),
    ]);
    expect(Object.keys(byNode(pods()))).toEqual(["node-1"]);
    testbed.client.clear();

    // A kubelet registers its node.
    const kubelet = new ApiClient(testbed.sim, "kubelet/node-3", Users.node("node-3"), testbed.apiserver);
    kubelet.create("nodes", undefined, node("node-3", { labels: { disk: "ssd" } }));
    testbed.run();
    expect(testbed.client.calls()).toEqual([
      "POST /api/v1/namespaces/kube-system/pods",
      "POST /api/v1/namespaces/kube-system/events",
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
    ]);
    expect(Object.keys(byNode(pods())).sort()).toEqual(["node-1", "node-3"]);
    expect(ds().status?.desiredNumberScheduled).toBe(2);

    // node-1 loses its label: its daemon pod goes.
    testbed.client.clear();
    const onNode1 = byNode(pods())["node-1"]?.metadata?.name ?? "";
    const admin = new ApiClient(testbed.sim, "kubectl", Users.admin, testbed.apiserver);
    admin.patch("nodes", undefined, "node-1", { metadata: { labels: { disk: null } } });
    testbed.run();
    expect(testbed.client.calls()).toEqual([
      `DELETE /api/v1/namespaces/kube-system/pods/${onNode1}`,
      "POST /api/v1/namespaces/kube-system/events",
      // Misscheduled until the informer sees the deletion, then gone.
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
    ]);
    expect(events()).toContain(`SuccessfulDelete Deleted pod: ${onNode1}`);
    expect(Object.keys(byNode(pods()))).toEqual(["node-3"]);
    expect(ds().status).toMatchObject({
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
    });
  });

  it("keeps a pod on a node whose new NoExecute taint it tolerates, and evicts it from one it does not", () => {
    const ds = daemonSet();
    const notReady: Node = {
      metadata: { name: "n" },
      spec: { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }] },
    };
    expect(nodeShouldRunDaemonPod(notReady, ds)).toEqual({ shouldRun: true, shouldContinueRunning: true });
    const noSchedule: Node = {
      metadata: { name: "n" },
      spec: { taints: [{ key: "a", effect: "NoSchedule" }] },
    };
    expect(nodeShouldRunDaemonPod(noSchedule, ds)).toEqual({ shouldRun: false, shouldContinueRunning: true });
    const noExecute: Node = {
      metadata: { name: "n" },
      spec: { taints: [{ key: "a", effect: "NoExecute" }] },
    };
    expect(nodeShouldRunDaemonPod(noExecute, ds)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const affinity = daemonSet(
      {},
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }],
            },
          },
        },
      },
    );
    expect(
      nodeShouldRunDaemonPod({ metadata: { name: "n", labels: { zone: "b" } } }, affinity).shouldRun,
    ).toBe(false);
    expect(
      nodeShouldRunDaemonPod({ metadata: { name: "n", labels: { zone: "a" } } }, affinity).shouldRun,
    ).toBe(true);
  });

  it("refuses a selector that selects everything", () => {
    const all = daemonSet({ selector: {} });
    const { testbed, events, pods } = setup([all, node("node-1")]);
    expect(testbed.client.calls()).toEqual(["POST /api/v1/namespaces/kube-system/events"]);
    expect(events()).toEqual([
      "SelectingAll This daemon set is selecting all pods. A non-empty selector is required.",
    ]);
    expect(pods()).toEqual([]);
  });

  it("with OnDelete, leaves pods of an old template running", () => {
    const onDelete = daemonSet({ updateStrategy: { type: "OnDelete" } });
    const { testbed, pods, controller } = setup([onDelete, node("node-1")]);
    const before = pods().map((p) => p.metadata?.name);
    testbed.client.clear();
    const admin = new ApiClient(testbed.sim, "kubectl", Users.admin, testbed.apiserver);
    const current = testbed.get("daemonsets", "kube-system", "kube-proxy") as DaemonSetObject;
    const template = current.spec?.template;
    admin.update("daemonsets", "kube-system", {
      ...current,
      spec: {
        ...(current.spec as NonNullable<DaemonSetObject["spec"]>),
        template: {
          ...template,
          spec: { containers: [{ name: "kube-proxy", image: "registry.k8s.io/kube-proxy:v1.32.1" }] },
        },
      },
    });
    testbed.run();
    expect(testbed.client.calls()).toEqual([
      "POST /apis/apps/v1/namespaces/kube-system/controllerrevisions",
      "PUT /apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy/status",
    ]);
    expect(pods().map((p) => p.metadata?.name)).toEqual(before);
    expect(testbed.list("controllerrevisions", "kube-system").map((r) => r["revision"])).toEqual([1, 2]);
    expect(controller.queue.length).toBe(0);
  });
});
