import { describe, expect, it } from "vitest";
import { apply, pod, podManifest, testCluster } from "../testing/harness";
import { playScenario } from "./runner";
import { parseScenario, scenarioDocument, validateScenario } from "./scenario";

const example = `apiVersion: pilothouse.dev/v1alpha1
kind: Scenario
metadata: { name: delete-later }
spec:
  seed: 5
  workers: 2
  steps:
  - at: 0s
    apply: |
${podManifest("web")
  .split("\n")
  .map((l) => `      ${l}`)
  .join("\n")}
  - at: 90s
    delete: { kind: Pod, namespace: default, name: web }
`;

describe("Scenario documents", () => {
  it("parses a valid scenario with defaults and durations", () => {
    const result = parseScenario(example);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.seed).toBe(5);
    expect(result.scenario.workers).toBe(2);
    expect(result.scenario.steps.map((s) => s.at)).toEqual([0, 90_000]);
    expect(
      validateScenario({
        apiVersion: "pilothouse.dev/v1alpha1",
        kind: "Scenario",
        metadata: { name: "x" },
        spec: {},
      }),
    ).toEqual({
      ok: true,
      scenario: { name: "x", seed: 1, workers: 3, steps: [] },
    });
  });

  it("reports every problem with its path", () => {
    const result = validateScenario({
      apiVersion: "pilothouse.dev/v1",
      kind: "Scenario",
      metadata: {},
      spec: {
        workers: 9000,
        seed: -1,
        extra: true,
        steps: [
          { at: "10s", apply: "apiVersion: v1" },
          { at: "5x", apply: "a" },
          { at: "1s", apply: "a" },
          { at: "20s", reboot: { replicas: 3 } },
          { at: "20s", apply: "a", delete: { kind: "Pod", name: "a" } },
          { at: "30s", delete: { kind: "Pod" } },
        ],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'apiVersion: Unsupported value: "pilothouse.dev/v1": supported values: "pilothouse.dev/v1alpha1"',
      "metadata.name: Required value",
      'spec: unknown field "spec.extra"',
      "spec.seed: Invalid value: -1: must be an integer between 0 and 4294967295",
      "spec.workers: Invalid value: 9000: must be an integer between 0 and 5000",
      'spec.steps[1].at: Invalid value: "5x": must be a duration such as 0s, 90s, 1m30s or 2h',
      'spec.steps[2].at: Invalid value: "1s": steps must be in time order',
      'spec.steps[3]: unknown step kind "reboot" (supported: apply, delete, node, scale, setImage, rollback, restart, load, kubectl)',
      "spec.steps[4]: Invalid value: a step does exactly one thing, found apply and delete",
      "spec.steps[5].delete: Invalid value: needs kind and name (and namespace for namespaced kinds)",
    ]);
  });

  it("reports malformed YAML with line and column", () => {
    const result = parseScenario("apiVersion: pilothouse.dev/v1alpha1\nkind: Scenario\n  bad: [\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^line 2, column 7: Nested mappings are not allowed/);
  });

  it("round-trips through scenarioDocument", () => {
    const parsed = parseScenario(example);
    if (!parsed.ok) throw new Error("invalid");
    const again = validateScenario(scenarioDocument(parsed.scenario));
    expect(again).toEqual(parsed);
  });

  it("plays steps at their times: the pod runs, then is deleted at 90s", () => {
    const parsed = parseScenario(example);
    if (!parsed.ok) throw new Error("invalid");
    const cluster = testCluster({ seed: parsed.scenario.seed, workers: parsed.scenario.workers });
    const run = playScenario(cluster, parsed.scenario, () => "scenario.yaml");
    cluster.sim.runUntil(60_000);
    expect(pod(cluster, "web")?.status?.phase).toBe("Running");
    expect(run.results.map((r) => r.results.map((x) => x.message))).toEqual([["pod/web created"]]);
    cluster.sim.runUntilIdle();
    expect(run.done).toBe(true);
    expect(run.results[1]?.startedAt).toBe(90_000);
    expect(run.results[1]?.results[0]?.message).toBe('pod "web" deleted');
    expect(pod(cluster, "web")).toBeUndefined();
  });

  it("apply is create, then unchanged, then configured", () => {
    const cluster = testCluster();
    expect(apply(cluster, podManifest("web"))[0]?.message).toBe("pod/web created");
    cluster.sim.runUntilIdle();
    expect(apply(cluster, podManifest("web"))[0]?.message).toBe("pod/web unchanged");
    const changed = podManifest("web").replace("nginx:1.27", "nginx:1.28");
    expect(apply(cluster, changed)[0]).toEqual({ ok: true, message: "pod/web configured" });
    expect(pod(cluster, "web")?.spec?.containers[0]?.image).toBe("nginx:1.28");
  });
});

describe("kubectl apply refusals", () => {
  it("refuses generateName, as kubectl apply does", () => {
    const cluster = testCluster();
    const results = apply(
      cluster,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: gen-\nspec:\n  containers:\n  - name: x\n    image: nginx\n",
    );
    expect(results).toEqual([
      { ok: false, message: "error: from gen-: cannot use generate name with apply" },
    ]);
  });
});

describe("kubectl apply without a name", () => {
  it("reports the missing name as kubectl does", () => {
    const cluster = testCluster();
    const results = apply(
      cluster,
      "apiVersion: v1\nkind: Pod\nmetadata: {}\nspec:\n  containers:\n  - name: x\n    image: nginx\n",
      "noname.yaml",
    );
    expect(results).toEqual([
      {
        ok: false,
        message:
          'error: error when retrieving current configuration of:\nResource: "/v1, Resource=pods", GroupVersionKind: "/v1, Kind=Pod"\nName: "", Namespace: "default"\nfrom server for: "noname.yaml": resource name may not be empty',
      },
    ]);
  });
});
