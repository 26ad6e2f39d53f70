import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Cluster } from "../cluster/cluster";
import { MINUTE } from "../sim/time";
import { playScenario } from "./runner";
import { parseScenario, validateScenario } from "./scenario";

const base = { apiVersion: "pilothouse.dev/v1alpha1", kind: "Scenario", metadata: { name: "t" } };

describe("scenario actions", () => {
  it("validates each action kind with the path to the problem", () => {
    const result = validateScenario({
      ...base,
      spec: {
        steps: [
          { node: { name: "node-1", action: "reboot" } },
          { scale: { kind: "Deployment", name: "web", replicas: -1 } },
          { setImage: { deployment: "web" } },
          { rollback: { deployment: "web", toRevision: "two" } },
          { load: { deployment: "web", cpuPercent: 5000 } },
          { delete: { kind: "Deployment", name: "web", cascade: "sometimes" } },
          { restart: { deployment: "web", extra: 1 } },
        ],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'spec.steps[0].node.action: Unsupported value: "reboot": supported values: "stop", "start", "cordon", "uncordon", "drain"',
      "spec.steps[1].scale.replicas: Invalid value: -1: must be a non-negative integer",
      "spec.steps[2].setImage: Invalid value: needs deployment and image (and container)",
      'spec.steps[3].rollback.toRevision: Invalid value: "two": must be a non-negative integer',
      "spec.steps[4].load.cpuPercent: Invalid value: 5000: must be an integer between 0 and 1000",
      'spec.steps[5].delete.cascade: Unsupported value: "sometimes": supported values: "background", "foreground", "orphan"',
      'spec.steps[6].restart: unknown field "extra" (supported: deployment, namespace)',
    ]);
  });

  it("plays the documented node-failure scenario with kubectl's outputs", { timeout: 60_000 }, () => {
    const parsed = parseScenario(readFileSync("examples/node-failure-scenario.yaml", "utf8"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const cluster = new Cluster({ seed: parsed.scenario.seed, workers: parsed.scenario.workers });
    const run = playScenario(cluster, parsed.scenario, () => "scenario.yaml");
    cluster.sim.runFor(15 * MINUTE);
    expect(run.done).toBe(true);
    const messages = [...run.results]
      .sort((a, b) => a.index - b.index)
      .map((r) => r.results.map((x) => x.message));
    expect(messages).toEqual([
      ["deployment.apps/web created"],
      ["node/node-1 powered off: its kubelet stopped heartbeating"],
      ["deployment.apps/web image updated"],
      ["deployment.apps/web rolled back"],
      ["node/node-1 powered on: its kubelet is starting"],
    ]);
    const deployment = cluster.apiserver.storage.peek("/registry/deployments/default/web")?.object;
    expect(deployment?.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    const web = cluster
      .objects()
      .filter(
        (o) => o.kind === "Pod" && o.metadata.name?.startsWith("web-") && !o.metadata.deletionTimestamp,
      );
    expect(web).toHaveLength(3);
    for (const pod of web) {
      expect((pod["status"] as { phase?: string }).phase).toBe("Running");
      const image = (pod["spec"] as { containers: { image: string }[] }).containers[0]?.image;
      expect(image).toBe("nginx:1.27");
    }
    const node = cluster.apiserver.storage.peek("/registry/minions/node-1")?.object;
    const ready = (
      (node?.["status"] as { conditions?: { type: string; status: string }[] }).conditions ?? []
    ).find((c) => c.type === "Ready");
    expect(ready?.status).toBe("True");
  });
});
