// The K4 commands through the real parser and dispatcher (cluster.shell), as a terminal runs them.
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../cluster/cluster";
import { pod, testCluster } from "../../../testing/harness";

function run(cluster: Cluster, line: string): { out: string; err: string; code: number | undefined } {
  const result = { out: "", err: "", code: undefined as number | undefined };
  cluster.shell.run(
    line,
    { out: (t) => (result.out += t), err: (t) => (result.err += t) },
    (c) => (result.code = c),
  );
  const limit = cluster.sim.now + 600_000;
  while (result.code === undefined && cluster.sim.now < limit && cluster.sim.step()) {
    /* until done */
  }
  return result;
}

describe("object and imperative commands through kubectl's parser", () => {
  it("run, label, scale, rollout status, delete", () => {
    const cluster = testCluster();
    expect(run(cluster, "kubectl run web --image=nginx:1.27 --labels=app=web")).toEqual({
      out: "pod/web created\n",
      err: "",
      code: 0,
    });
    expect(run(cluster, "k label pod web app=api").err).toBe(
      "error: 'app' already has a value (web), and --overwrite is false\n",
    );
    expect(run(cluster, "kubectl create deployment api --image=nginx:1.27 --replicas=2").out).toBe(
      "deployment.apps/api created\n",
    );
    expect(run(cluster, "kubectl scale deploy/api --replicas=3").out).toBe("deployment.apps/api scaled\n");
    expect(run(cluster, "kubectl rollout status deployment/api").out).toMatch(
      /deployment "api" successfully rolled out\n$/,
    );
    expect(run(cluster, "kubectl delete pod web")).toEqual({ out: 'pod "web" deleted\n', err: "", code: 0 });
    expect(pod(cluster, "web")).toBeUndefined();
    expect(run(cluster, "kubectl create namespace team").out).toBe("namespace/team created\n");
    expect(
      run(cluster, "kubectl -n team run box --image=busybox --restart=Never --command -- sleep 3600").out,
    ).toBe("pod/box created\n");
    expect(pod(cluster, "box", "team")?.spec?.containers[0]?.command).toEqual(["sleep", "3600"]);
  });
});
