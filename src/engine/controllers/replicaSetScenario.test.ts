import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { apply, events, kubectlDelete, pods, testCluster } from "../testing/harness";
import { findInOrder } from "../testing/subsequence";

const replicaSetYaml = (replicas: number, extra = ""): string => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: ${replicas}
${extra}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const rcYaml = (replicas: number): string => `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  replicas: ${replicas}
  selector:
    app: legacy
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const defaultPods = (cluster: Cluster, prefix: string): Pod[] =>
  pods(cluster).filter((p) => p.metadata?.namespace === "default" && p.metadata.name?.startsWith(prefix));

const stored = (cluster: Cluster, key: string): KubeObject | undefined =>
  cluster.apiserver.storage.peek(key)?.object;

const eventLines = (cluster: Cluster, name: string): string[] =>
  events(cluster, name).map((e) => `${e.type} ${e.reason} ${e.message}`);

describe("ReplicaSet in a cluster", () => {
  it("runs 3 nginx pods it owns, and replaces one that is deleted while it is still terminating", () => {
    const cluster = testCluster();
    expect(apply(cluster, replicaSetYaml(3)).map((r) => r.message)).toEqual(["replicaset.apps/web created"]);
    cluster.sim.runUntilIdle();

    const rs = stored(cluster, "/registry/replicasets/default/web");
    const ref = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "web",
      uid: rs?.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    const running = defaultPods(cluster, "web-");
    expect(running).toHaveLength(3);
    for (const p of running) {
      expect(p.status?.phase).toBe("Running");
      expect(p.metadata?.ownerReferences).toEqual([ref]);
    }
    expect(rs?.["status"]).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(eventLines(cluster, "web").sort()).toEqual(
      running.map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name}`).sort(),
    );
    // The controller acts as its own service account.
    const create = cluster.sim.trace.find(
      (e) => e.from === "kube-controller-manager" && e.summary === "POST /api/v1/namespaces/default/pods",
    );
    expect(create?.detail).toMatchObject({ user: "system:serviceaccount:kube-system:replicaset-controller" });

    const victim = running[0]?.metadata?.name ?? "";
    expect(kubectlDelete(cluster, "pod", victim).message).toBe(`pod "${victim}" deleted`);
    // Run until the replacement exists: the old pod is still there, terminating.
    const names = new Set(running.map((p) => p.metadata?.name));
    while (defaultPods(cluster, "web-").every((p) => names.has(p.metadata?.name)) && cluster.sim.step()) {
      /* until the replacement appears */
    }
    const during = defaultPods(cluster, "web-");
    expect(during).toHaveLength(4);
    expect(during.find((p) => p.metadata?.name === victim)?.metadata?.deletionTimestamp).toBeDefined();

    cluster.sim.runUntilIdle();
    const after = defaultPods(cluster, "web-");
    expect(after).toHaveLength(3);
    expect(after.map((p) => p.metadata?.name)).not.toContain(victim);
    expect(after.every((p) => p.status?.phase === "Running")).toBe(true);
    const replacement = after.find((p) => !names.has(p.metadata?.name))?.metadata?.name ?? "";
    expect(eventLines(cluster, "web")).toContain(`Normal SuccessfulCreate Created pod: ${replacement}`);
    findInOrder(cluster.sim.trace, [
      { from: "kubectl", summary: `DELETE /api/v1/namespaces/default/pods/${victim}` },
      {
        from: "kube-apiserver",
        to: "kube-controller-manager",
        kind: "watch",
        summary: `MODIFIED Pod default/${victim}`,
      },
      { from: "kube-controller-manager", summary: "POST /api/v1/namespaces/default/pods" },
      { to: "kube-apiserver", summary: `DELETE /api/v1/namespaces/default/pods/${victim}` },
    ]);
    expect(stored(cluster, "/registry/replicasets/default/web")?.["status"]).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
  });

  it("scales down through kubectl apply, deleting the surplus pods", () => {
    const cluster = testCluster();
    apply(cluster, replicaSetYaml(3));
    cluster.sim.runUntilIdle();
    expect(apply(cluster, replicaSetYaml(1)).map((r) => r.message)).toEqual([
      "replicaset.apps/web configured",
    ]);
    cluster.sim.runUntilIdle();
    expect(defaultPods(cluster, "web-")).toHaveLength(1);
    const deletes = eventLines(cluster, "web").filter((l) =>
      l.startsWith("Normal SuccessfulDelete Deleted pod: web-"),
    );
    expect(deletes).toHaveLength(2);
    expect(stored(cluster, "/registry/replicasets/default/web")?.["status"]).toEqual({
      replicas: 1,
      fullyLabeledReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 2,
    });
  });

  it("reports pods available only after minReadySeconds, with no other event to wake it", () => {
    const cluster = testCluster();
    apply(cluster, replicaSetYaml(2, "  minReadySeconds: 30\n"));
    const ready = (): number =>
      (
        stored(cluster, "/registry/replicasets/default/web")?.["status"] as
          { readyReplicas?: number } | undefined
      )?.readyReplicas ?? 0;
    while (ready() < 2 && cluster.sim.step()) {
      /* until both pods are ready */
    }
    const readyAt = cluster.sim.now;
    const status = () =>
      stored(cluster, "/registry/replicasets/default/web")?.["status"] as { availableReplicas?: number };
    expect(status().availableReplicas).toBeUndefined();
    cluster.sim.runUntil(readyAt + 25_000);
    expect(status().availableReplicas).toBeUndefined();
    cluster.sim.runUntilIdle();
    expect(status().availableReplicas).toBe(2);
  });
});

describe("ReplicationController in a cluster", () => {
  it("keeps its replicas with the same controller logic", () => {
    const cluster = testCluster();
    expect(apply(cluster, rcYaml(2)).map((r) => r.message)).toEqual(["replicationcontroller/legacy created"]);
    cluster.sim.runUntilIdle();
    const rc = stored(cluster, "/registry/controllers/default/legacy");
    const running = defaultPods(cluster, "legacy-");
    expect(running).toHaveLength(2);
    for (const p of running) {
      expect(p.status?.phase).toBe("Running");
      expect(p.metadata?.ownerReferences).toEqual([
        {
          apiVersion: "v1",
          kind: "ReplicationController",
          name: "legacy",
          uid: rc?.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(events(cluster, "legacy").map((e) => [e.reason, e.source?.component])).toEqual([
      ["SuccessfulCreate", "replication-controller"],
      ["SuccessfulCreate", "replication-controller"],
    ]);
    expect(rc?.["status"]).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
    const victim = running[1]?.metadata?.name ?? "";
    kubectlDelete(cluster, "pod", victim);
    cluster.sim.runUntilIdle();
    const after = defaultPods(cluster, "legacy-");
    expect(after).toHaveLength(2);
    expect(after.map((p) => p.metadata?.name)).not.toContain(victim);
    const create = cluster.sim.trace.find(
      (e) =>
        e.from === "kube-controller-manager" &&
        e.summary === "PUT /api/v1/namespaces/default/replicationcontrollers/legacy/status",
    );
    expect(create?.detail).toMatchObject({
      user: "system:serviceaccount:kube-system:replication-controller",
    });
  });
});
