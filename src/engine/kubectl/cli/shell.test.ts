import { describe, expect, it } from "vitest";
import { testCluster } from "../../testing/harness";
import type { Cluster } from "../../cluster/cluster";

function run(cluster: Cluster, line: string): { out: string; err: string; code: number } {
  let out = "";
  let err = "";
  let code = -1;
  cluster.shell.run(line, { out: (t) => (out += t), err: (t) => (err += t) }, (c) => (code = c));
  cluster.sim.runFor(1000);
  return { out, err, code };
}

describe("KubectlShell", () => {
  it("starts with kubeadm's admin.conf", () => {
    const cluster = testCluster();
    expect(run(cluster, "kubectl config view")).toEqual({
      out: `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://172.18.0.2:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
`,
      err: "",
      code: 0,
    });
    expect(run(cluster, "k config current-context").out).toBe("kubernetes-admin@kubernetes\n");
    expect(run(cluster, "kubectl config get-contexts").out).toBe(
      "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n" +
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n",
    );
  });

  it("edits contexts, clusters and users as kubectl config does", () => {
    const cluster = testCluster();
    expect(
      run(cluster, "kubectl config set-context dev --cluster=kubernetes --user=jane --namespace=dev").out,
    ).toBe('Context "dev" created.\n');
    expect(run(cluster, "kubectl config set-context dev --namespace=dev2").out).toBe(
      'Context "dev" modified.\n',
    );
    expect(run(cluster, "kubectl config set-credentials jane --token=abc").out).toBe('User "jane" set.\n');
    expect(run(cluster, "kubectl config set-cluster other --server=https://1.2.3.4:6443").out).toBe(
      'Cluster "other" set.\n',
    );
    expect(run(cluster, "kubectl config use-context nope")).toEqual({
      out: "",
      err: 'error: no context exists with the name: "nope"\n',
      code: 1,
    });
    expect(run(cluster, "kubectl config use dev").out).toBe('Switched to context "dev".\n');
    expect(run(cluster, "kubectl config get-contexts").out).toBe(
      "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n" +
        "*         dev                           kubernetes   jane               dev2\n" +
        "          kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n",
    );
    expect(run(cluster, "kubectl config get-clusters").out).toBe("NAME\nkubernetes\nother\n");
    expect(run(cluster, "kubectl config view --minify -o json").out).toContain('"token": "REDACTED"');
    expect(run(cluster, "kubectl config delete-context nope").err).toBe(
      "error: cannot delete context nope, not in /root/.kube/config\n",
    );
    expect(run(cluster, "kubectl config rename-context dev development").out).toBe(
      'Context "dev" renamed to "development".\n',
    );
    expect(run(cluster, "kubectl config current-context").out).toBe("development\n");
  });

  it("authenticates other users, whom RBAC then forbids", () => {
    const cluster = testCluster();
    run(cluster, "kubectl config set-credentials jane --client-certificate=jane.crt --client-key=jane.key");
    run(cluster, "kubectl config set-context jane --cluster=kubernetes --user=jane");
    expect(run(cluster, "kubectl cluster-info --context=jane")).toEqual({
      out: "",
      err: 'Error from server (Forbidden): services is forbidden: User "jane" cannot list resource "services" in API group "" in the namespace "kube-system"\n',
      code: 1,
    });
    expect(run(cluster, "kubectl cluster-info --context=nope").err).toBe(
      "error: context was not found for specified context: nope\n",
    );
  });

  it("prints cluster-info with kubectl's colours", () => {
    const cluster = testCluster({ addons: true });
    expect(run(cluster, "kubectl cluster-info")).toEqual({
      out:
        "\u001b[0;32mKubernetes control plane\u001b[0m is running at \u001b[0;33mhttps://172.18.0.2:6443\u001b[0m\n" +
        "\u001b[0;32mCoreDNS\u001b[0m is running at \u001b[0;33mhttps://172.18.0.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\u001b[0m\n" +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
      err: "",
      code: 0,
    });
    const trace = cluster.sim.trace.filter((e) => e.from === "kubectl").map((e) => e.summary);
    expect(trace).toEqual([
      "GET /api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue",
    ]);
  });

  it("is not a general shell", () => {
    const cluster = testCluster();
    expect(run(cluster, "ls -l")).toEqual({ out: "", err: "bash: ls: command not found\n", code: 127 });
    expect(run(cluster, "   ")).toEqual({ out: "", err: "", code: 0 });
  });

  it("prints version, api-versions and api-resources", () => {
    const cluster = testCluster();
    expect(run(cluster, "kubectl version").out).toBe(
      "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n",
    );
    expect(run(cluster, "kubectl version --client").out).toBe(
      "Client Version: v1.32.4\nKustomize Version: v5.5.0\n",
    );
    const versions = run(cluster, "kubectl api-versions").out.split("\n");
    expect(versions.slice(0, 2)).toEqual(["apps/v1", "autoscaling/v2"]);
    expect(versions).toContain("v1");
    const resources = run(cluster, "kubectl api-resources").out.split("\n");
    expect(resources[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    expect(resources.find((l) => l.startsWith("pods "))).toMatch(/^pods +po +v1 +true +Pod$/);
    expect(run(cluster, "kubectl api-resources --namespaced=false -o name").out).toContain("nodes\n");
    expect(run(cluster, "kubectl api-resources --namespaced=false -o name").out).not.toContain("pods\n");
  });

  it("refuses a dry run it does not simulate instead of changing the cluster", () => {
    const cluster = testCluster();
    expect(run(cluster, "kubectl create deployment web --image=nginx:1.27 --replicas=2").out).toBe(
      "deployment.apps/web created\n",
    );
    cluster.sim.runFor(10_000);
    expect(run(cluster, "kubectl scale deployment web --replicas=5 --dry-run=client")).toEqual({
      out: "",
      err: 'error: --dry-run is not simulated for "kubectl scale" in Pilothouse yet; nothing was changed\n',
      code: 1,
    });
    const stored = cluster.apiserver.storage.peek("/registry/deployments/default/web")?.object;
    expect((stored?.["spec"] as { replicas?: number }).replicas).toBe(2);
    // The generators do simulate it: printed, not created.
    const dry = run(cluster, "kubectl create namespace team --dry-run=client -o name");
    expect(dry.out).toBe("namespace/team\n");
    expect(cluster.apiserver.storage.peek("/registry/namespaces/team")).toBeUndefined();
  });
});
