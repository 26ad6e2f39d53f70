import { describe, expect, it } from "vitest";
import { apply, kubectlDelete, pod, podManifest, testCluster } from "../testing/harness";
import { findInOrder } from "../testing/subsequence";

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

describe("namespace controller", () => {
  it("empties a deleted namespace, then finalizes it so the apiserver removes it", () => {
    const cluster = testCluster();
    const inShop = (name: string, extra = "") =>
      podManifest(name, extra).replace(`name: ${name}\nspec:`, `name: ${name}\n  namespace: shop\nspec:`);
    expect(
      apply(
        cluster,
        `${ns("shop")}---\n${inShop("cart")}---\n${inShop("idle", "  schedulerName: none\n")}`,
      ).map((r) => r.message),
    ).toEqual(["namespace/shop created", "pod/cart created", "pod/idle created"]);
    cluster.sim.runUntilIdle();
    expect(pod(cluster, "cart", "shop")?.status?.phase).toBe("Running");
    const node = pod(cluster, "cart", "shop")?.spec?.nodeName ?? "";

    expect(kubectlDelete(cluster, "namespace", "shop").message).toBe('namespace "shop" deleted');
    const terminating = cluster.apiserver.storage.peek("/registry/namespaces/shop")?.object;
    expect((terminating?.["status"] as { phase?: string }).phase).toBe("Terminating");
    // No new content while it terminates.
    expect(apply(cluster, inShop("late"))[0]?.message).toContain("because it is being terminated");

    cluster.sim.runUntilIdle();
    expect(cluster.apiserver.storage.peek("/registry/namespaces/shop")).toBeUndefined();
    expect(pod(cluster, "cart", "shop")).toBeUndefined();
    expect(pod(cluster, "idle", "shop")).toBeUndefined();

    findInOrder(cluster.sim.trace, [
      {
        from: "kube-apiserver",
        to: "kube-controller-manager",
        kind: "watch",
        summary: "MODIFIED Namespace shop",
      },
      { from: "kube-controller-manager", to: "kube-apiserver", summary: "GET /api/v1/namespaces/shop/pods" },
      {
        from: "kube-controller-manager",
        to: "kube-apiserver",
        summary: "DELETE /api/v1/namespaces/shop/pods/",
      },
      // The scheduled pod terminates gracefully: its kubelet removes it.
      { from: `kubelet/${node}`, to: "kube-apiserver", summary: "DELETE /api/v1/namespaces/shop/pods/cart" },
      {
        from: "kube-controller-manager",
        to: "kube-apiserver",
        summary: "PUT /api/v1/namespaces/shop/finalize",
      },
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/namespaces/shop" },
    ]);
  });

  it("leaves other namespaces and namespaces that are not being deleted alone", () => {
    const cluster = testCluster();
    apply(cluster, ns("keep"));
    cluster.sim.runUntilIdle();
    expect(cluster.controllerManager.namespaces.queue.length).toBe(0);
    expect(cluster.sim.trace.some((e) => e.from === "kube-controller-manager" && e.kind === "request")).toBe(
      false,
    );
    expect(cluster.apiserver.storage.peek("/registry/namespaces/keep")).toBeDefined();
  });
});
