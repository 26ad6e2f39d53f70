import { describe, expect, it } from "vitest";
import { testCluster } from "../../testing/harness";
import { playScenario } from "../../scenario/runner";
import { parseScenario } from "../../scenario/scenario";

describe("KubectlShell.complete", () => {
  const cluster = testCluster();
  const complete = (line: string): string[] => cluster.shell.complete(line, line.length);

  it("completes the program, commands and subcommands", () => {
    expect(complete("kub")).toEqual(["kubectl"]);
    expect(complete("kubectl con")).toEqual(["config"]);
    expect(complete("k config use")).toEqual(["use-context"]);
    expect(complete("kubectl config use-context ")).toEqual(["kubernetes-admin@kubernetes"]);
    expect(complete("ls ")).toEqual([]);
  });

  it("completes flags and their values", () => {
    expect(complete("kubectl explain --rec")).toEqual(["--recursive"]);
    expect(complete("kubectl explain pods --cont")).toEqual(["--context"]);
    expect(complete("kubectl version -n kube-")).toEqual(["kube-node-lease", "kube-public", "kube-system"]);
    expect(complete("kubectl version --namespace=kube-s")).toEqual(["--namespace=kube-system"]);
    expect(complete("kubectl version -o ")).toEqual(expect.arrayContaining(["json", "yaml", "wide"]));
  });

  it("completes resource types for explain", () => {
    expect(complete("kubectl explain deploy")).toEqual(["deployments"]);
  });

  it("uses the cursor, not the line end", () => {
    expect(cluster.shell.complete("kubectl con view", "kubectl con".length)).toEqual(["config"]);
  });
});

describe("kubectl scenario step", () => {
  it("runs the line in the cluster's shell and reports the lines kubectl printed", () => {
    const parsed = parseScenario(`apiVersion: pilothouse.dev/v1alpha1
kind: Scenario
metadata:
  name: kubectl-steps
spec:
  seed: 1
  workers: 1
  steps:
    - at: 0s
      kubectl: "config set-context dev --cluster=kubernetes --user=kubernetes-admin --namespace=dev"
    - kubectl: "k config get-contexts -o name"
    - kubectl: "kubectl nope"
`);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const cluster = testCluster({ seed: parsed.scenario.seed, workers: parsed.scenario.workers });
    const run = playScenario(cluster, parsed.scenario, () => "scenario.yaml");
    cluster.sim.runFor(5000);
    expect(run.done).toBe(true);
    expect(run.results.map((r) => r.results)).toEqual([
      [{ ok: true, message: 'Context "dev" created.' }],
      [
        { ok: true, message: "dev" },
        { ok: true, message: "kubernetes-admin@kubernetes" },
      ],
      [
        { ok: false, message: 'error: unknown command "nope" for "kubectl"' },
        { ok: false, message: "" },
        { ok: false, message: "Did you mean this?" },
        { ok: false, message: "\ttop" },
      ],
    ]);
  });

  it("rejects a step that is not one command line", () => {
    const parsed = parseScenario(`apiVersion: pilothouse.dev/v1alpha1
kind: Scenario
metadata:
  name: bad
spec:
  steps:
    - kubectl: ""
`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toContain(
        'spec.steps[0].kubectl: Invalid value: must be one kubectl command line, e.g. "scale deployment web --replicas=5"',
      );
    }
  });
});

describe("object name completion", () => {
  it("offers names from the apiserver's watch cache without a traced request", () => {
    const cluster = testCluster();
    const before = cluster.sim.trace.length;
    expect(cluster.shell.complete("kubectl get nodes node-")).toEqual(["node-1", "node-2", "node-3"]);
    expect(cluster.shell.complete("kubectl get ns kube-")).toEqual([
      "kube-node-lease",
      "kube-public",
      "kube-system",
    ]);
    expect(cluster.shell.complete("kubectl get pods kube-apiserver")).toEqual([]);
    expect(cluster.shell.complete("kubectl -n kube-system get pods kube-apiserver")).toEqual([
      "kube-apiserver-control-plane",
    ]);
    expect(cluster.sim.trace.length).toBe(before);
  });
});
