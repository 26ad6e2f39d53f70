import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { apply, events, pods, request, testCluster } from "../testing/harness";
import type { DaemonSetObject } from "./daemonSetUtil";

const kubeProxy = (
  image = "registry.k8s.io/kube-proxy:v1.32.0",
  extraSpec = "",
): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
${extraSpec}      containers:
      - name: kube-proxy
        image: ${image}
        command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf"]
`;

const daemonPods = (cluster: Cluster, prefix = "kube-proxy-"): Pod[] =>
  pods(cluster).filter((p) => p.metadata?.namespace === "kube-system" && p.metadata.name?.startsWith(prefix));

const byNode = (list: Pod[]): Record<string, string | undefined> =>
  Object.fromEntries(list.map((p) => [p.spec?.nodeName ?? "", p.status?.phase]));

const daemonSetObject = (cluster: Cluster, name = "kube-proxy"): DaemonSetObject =>
  cluster.apiserver.storage.peek(`/registry/daemonsets/kube-system/${name}`)?.object as DaemonSetObject;

describe("DaemonSet in a whole cluster", () => {
  it("runs one pod on every schedulable worker, placed by the scheduler through its node affinity", () => {
    const cluster = testCluster();
    expect(apply(cluster, kubeProxy()).map((r) => r.message)).toEqual(["daemonset.apps/kube-proxy created"]);
    cluster.sim.runFor(30_000);

    const running = daemonPods(cluster);
    // The control plane's NoSchedule taint is not tolerated: only the three workers.
    expect(byNode(running)).toEqual({ "node-1": "Running", "node-2": "Running", "node-3": "Running" });
    for (const pod of running) {
      const target =
        pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
          ?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
      expect(target).toBe(pod.spec?.nodeName);
      const name = pod.metadata?.name ?? "";
      expect(events(cluster, name).map((e) => `${e.reason} ${e.message}`)).toContain(
        `Scheduled Successfully assigned kube-system/${name} to ${target ?? ""}`,
      );
    }
    expect(
      events(cluster, "kube-proxy")
        .map((e) => `${e.reason} ${e.message}`)
        .sort(),
    ).toEqual(running.map((p) => `SuccessfulCreate Created pod: ${p.metadata?.name ?? ""}`).sort());
    expect(daemonSetObject(cluster).status).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
  });

  it("also runs on the control plane when the template tolerates its taint", () => {
    const cluster = testCluster();
    const tolerations = `      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
`;
    apply(cluster, kubeProxy(undefined, tolerations));
    cluster.sim.runFor(30_000);
    expect(byNode(daemonPods(cluster))).toEqual({
      "control-plane": "Running",
      "node-1": "Running",
      "node-2": "Running",
      "node-3": "Running",
    });
  });

  it("follows node labels: a node that gains the selected label gets a pod, one that loses it loses it", () => {
    const cluster = testCluster();
    apply(cluster, kubeProxy(undefined, '      nodeSelector:\n        edge: "true"\n'));
    cluster.sim.runFor(10_000);
    expect(daemonPods(cluster)).toEqual([]);
    expect(daemonSetObject(cluster).status).toMatchObject({
      desiredNumberScheduled: 0,
      currentNumberScheduled: 0,
    });

    const label = (node: string, value: string | null): void => {
      const patch = { metadata: { labels: { edge: value } } };
      expect(
        request(cluster, {
          verb: "patch",
          resource: "nodes",
          name: node,
          body: patch,
          patchType: "application/merge-patch+json",
        }).code,
      ).toBe(200);
    };
    label("node-2", "true");
    cluster.sim.runFor(30_000);
    expect(byNode(daemonPods(cluster))).toEqual({ "node-2": "Running" });

    const name = daemonPods(cluster)[0]?.metadata?.name ?? "";
    label("node-2", null);
    cluster.sim.runFor(60_000);
    expect(daemonPods(cluster)).toEqual([]);
    expect(events(cluster, "kube-proxy").map((e) => `${e.reason} ${e.message}`)).toEqual([
      `SuccessfulCreate Created pod: ${name}`,
      `SuccessfulDelete Deleted pod: ${name}`,
    ]);
  });

  it("rolls a template change out one node at a time (maxUnavailable 1) and keeps the history", () => {
    const cluster = testCluster();
    apply(cluster, kubeProxy());
    cluster.sim.runFor(30_000);
    const before = new Set(daemonPods(cluster).map((p) => p.metadata?.name));
    expect(apply(cluster, kubeProxy("registry.k8s.io/kube-proxy:v1.32.1"))[0]?.message).toBe(
      "daemonset.apps/kube-proxy configured",
    );
    // Sample the cluster as the rollout runs: never more than one node without a ready daemon pod.
    let worst = 0;
    for (let t = 0; t < 120_000; t += 100) {
      cluster.sim.runFor(100);
      const ready = daemonPods(cluster).filter(
        (p) =>
          !p.metadata?.deletionTimestamp &&
          (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
      );
      worst = Math.max(worst, 3 - new Set(ready.map((p) => p.spec?.nodeName)).size);
    }
    expect(worst).toBe(1);

    const after = daemonPods(cluster);
    expect(after).toHaveLength(3);
    expect(after.every((p) => !before.has(p.metadata?.name))).toBe(true);
    expect(after.every((p) => p.spec?.containers[0]?.image === "registry.k8s.io/kube-proxy:v1.32.1")).toBe(
      true,
    );
    const revisions = cluster
      .objects()
      .filter(
        (o) => o.kind === "ControllerRevision" && o.metadata.namespace === "kube-system",
      ) as (KubeObject & {
      revision: number;
    })[];
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
    const current = revisions.find((r) => r.revision === 2);
    const hash = current?.metadata.labels?.["controller-revision-hash"];
    expect(current?.metadata.name).toBe(`kube-proxy-${hash ?? ""}`);
    expect(after.every((p) => p.metadata?.labels?.["controller-revision-hash"] === hash)).toBe(true);
    // Each old pod is deleted before its replacement is created, node by node.
    const reasons = events(cluster, "kube-proxy")
      .map((e) => e.reason)
      .slice(3);
    expect(reasons).toEqual([
      "SuccessfulDelete",
      "SuccessfulCreate",
      "SuccessfulDelete",
      "SuccessfulCreate",
      "SuccessfulDelete",
      "SuccessfulCreate",
    ]);
    expect(daemonSetObject(cluster).status).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
  });
});
