import { describe, expect, it } from "vitest";
import type { Cluster } from "../cluster/cluster";
import type { CommandResult } from "../kubectl/kubectl";
import { apply, events, pod, testCluster } from "../testing/harness";
import { findInOrder } from "../testing/subsequence";

/** A ConfigMap that owns two pods (made by hand: no controller involved), all Running. */
function ownerWithPods(owner: string): { cluster: Cluster; uid: string } {
  const cluster = testCluster();
  expect(
    apply(cluster, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${owner}\ndata:\n  k: v\n`),
  ).toEqual([{ ok: true, message: `configmap/${owner} created` }]);
  const uid =
    cluster.apiserver.storage.peek(`/registry/configmaps/default/${owner}`)?.object.metadata.uid ?? "";
  const owned = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: ${owner}
    uid: ${uid}
    blockOwnerDeletion: true
spec:
  containers:
  - name: web
    image: nginx:1.27
`;
  expect(apply(cluster, `${owned("dep-a")}---\n${owned("dep-b")}`).map((r) => r.message)).toEqual([
    "pod/dep-a created",
    "pod/dep-b created",
  ]);
  cluster.sim.runUntilIdle();
  expect([pod(cluster, "dep-a")?.status?.phase, pod(cluster, "dep-b")?.status?.phase]).toEqual([
    "Running",
    "Running",
  ]);
  return { cluster, uid };
}

function kubectlDelete(
  cluster: Cluster,
  name: string,
  cascade?: "background" | "foreground" | "orphan",
): CommandResult {
  let result: CommandResult | undefined;
  cluster.kubectl.delete("configmap", name, undefined, (r) => (result = r), cascade ? { cascade } : {});
  while (result === undefined && cluster.sim.step()) {
    /* until answered */
  }
  if (result === undefined) throw new Error("kubectl delete never answered");
  return result;
}

const configMap = (cluster: Cluster, name: string) =>
  cluster.apiserver.storage.peek(`/registry/configmaps/default/${name}`)?.object;

describe("cascading deletion in a running cluster", () => {
  it("--cascade=foreground: the owner stays until the kubelets have removed its pods", () => {
    const { cluster } = ownerWithPods("owner");
    const nodeA = pod(cluster, "dep-a")?.spec?.nodeName ?? "";
    expect(kubectlDelete(cluster, "owner", "foreground")).toEqual({
      ok: true,
      message: 'configmap "owner" deleted',
    });
    const waiting = configMap(cluster, "owner");
    expect(waiting?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(waiting?.metadata.deletionTimestamp).toBeDefined();

    cluster.sim.runUntilIdle();
    expect(configMap(cluster, "owner")).toBeUndefined();
    expect([pod(cluster, "dep-a"), pod(cluster, "dep-b")]).toEqual([undefined, undefined]);
    for (const name of ["dep-a", "dep-b"])
      expect(
        events(cluster, name).some((e) => e.reason === "Killing" && e.message === "Stopping container web"),
      ).toBe(true);
    const dependent = (name: string) => ({ summary: `DELETE /api/v1/namespaces/default/pods/${name}` });
    findInOrder(cluster.sim.trace, [
      {
        from: "kubectl",
        to: "kube-apiserver",
        summary: "DELETE /api/v1/namespaces/default/configmaps/owner",
      },
      { from: "kube-apiserver", to: "kube-controller-manager", summary: "MODIFIED ConfigMap default/owner" },
      { from: "kube-controller-manager", ...dependent("dep-a") },
      { from: "kube-controller-manager", ...dependent("dep-b") },
      // Each pod terminates gracefully; its kubelet deletes it with grace 0.
      {
        from: `kubelet/${nodeA}`,
        to: "kube-apiserver",
        summary: "DELETE /api/v1/namespaces/default/pods/dep-a",
      },
      { from: "kube-controller-manager", summary: "PATCH /api/v1/namespaces/default/configmaps/owner" },
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/configmaps/default/owner" },
    ]);
    // The owner's finalizer goes only once both pods are gone from etcd.
    const seqOf = (summary: string) =>
      cluster.sim.trace.find((e) => e.summary.startsWith(summary))?.seq ?? -1;
    const finalizerRemoved = seqOf("PATCH /api/v1/namespaces/default/configmaps/owner");
    expect(seqOf("Txn delete /registry/pods/default/dep-a")).toBeLessThan(finalizerRemoved);
    expect(seqOf("Txn delete /registry/pods/default/dep-b")).toBeLessThan(finalizerRemoved);
    const kcmUsers = cluster.sim.trace
      .filter((e) => e.from === "kube-controller-manager" && e.kind === "request")
      .map((e) => (e.detail?.type === "http" ? e.detail.user : ""));
    expect(new Set(kcmUsers)).toEqual(
      new Set(["system:serviceaccount:kube-system:generic-garbage-collector"]),
    );
  });

  it("default (background): the owner goes at once, the garbage collector deletes the pods after", () => {
    const { cluster } = ownerWithPods("bg");
    expect(kubectlDelete(cluster, "bg").message).toBe('configmap "bg" deleted');
    expect(configMap(cluster, "bg")).toBeUndefined();
    cluster.sim.runUntilIdle();
    expect([pod(cluster, "dep-a"), pod(cluster, "dep-b")]).toEqual([undefined, undefined]);
    findInOrder(cluster.sim.trace, [
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/configmaps/default/bg" },
      { from: "kube-apiserver", to: "kube-controller-manager", summary: "DELETED ConfigMap default/bg" },
      { from: "kube-controller-manager", summary: "GET /api/v1/namespaces/default/pods/dep-a" },
      { from: "kube-controller-manager", summary: "DELETE /api/v1/namespaces/default/pods/dep-a" },
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/pods/default/dep-a" },
    ]);
  });

  it("--cascade=orphan: the pods keep running without their ownerReference", () => {
    const { cluster } = ownerWithPods("orph");
    expect(kubectlDelete(cluster, "orph", "orphan").message).toBe('configmap "orph" deleted');
    expect(configMap(cluster, "orph")?.metadata.finalizers).toEqual(["orphan"]);
    cluster.sim.runUntilIdle();
    expect(configMap(cluster, "orph")).toBeUndefined();
    for (const name of ["dep-a", "dep-b"]) {
      const p = pod(cluster, name);
      expect(p?.status?.phase).toBe("Running");
      expect(p?.metadata?.ownerReferences).toBeUndefined();
      expect(p?.metadata?.deletionTimestamp).toBeUndefined();
    }
    findInOrder(cluster.sim.trace, [
      { from: "kube-controller-manager", summary: "PATCH /api/v1/namespaces/default/pods/dep-a" },
      { from: "kube-controller-manager", summary: "PATCH /api/v1/namespaces/default/configmaps/orph" },
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/configmaps/default/orph" },
    ]);
  });
});
