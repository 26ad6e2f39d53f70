// `kubectl top pod|node` over metrics-server through the aggregation layer, laid out as
// metricsutil.TopCmdPrinter does (every cell tab-terminated, so the last column is padded too).

import { describe, expect, it } from "vitest";
import { ApiServer } from "../../../apiserver/apiServer";
import { Users } from "../../../apiserver/handlerChain";
import { ApiClient } from "../../../client/apiClient";
import { apply, pods, testCluster } from "../../../testing/harness";
import type { CommandSpec } from "../command";
import { runSpec } from "./getTestKit";
import { TOP_COMMANDS } from "./top";

const spec = (path: string): CommandSpec => {
  const found = TOP_COMMANDS.find((s) => s.path.join(" ") === path);
  if (!found) throw new Error(path);
  return found;
};

const POD =
  "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}, {name: side, image: busybox, command: [sleep, '3600']}]\n";

describe("kubectl top pod", () => {
  it("says the metrics are not there yet, then prints CPU in millicores and memory in Mi", () => {
    const cluster = testCluster();
    apply(cluster, POD);
    cluster.sim.runFor(5_000);
    expect(runSpec(cluster, spec("top pod"), [])).toMatchObject({
      err: "error: metrics not available yet\n",
      code: 1,
    });
    cluster.sim.runFor(60_000);
    const r = runSpec(cluster, spec("top pod"), []);
    expect(r.code).toBe(0);
    expect(r.out).toBe("NAME   CPU(cores)   MEMORY(bytes)   \nweb    2m           8Mi             \n");
    expect(runSpec(cluster, spec("top pod"), ["web"], { containers: true }).out).toBe(
      "POD   NAME    CPU(cores)   MEMORY(bytes)   \n" +
        "web   nginx   1m           4Mi             \n" +
        "web   side    1m           4Mi             \n",
    );
    expect(runSpec(cluster, spec("top pod"), [], { "no-headers": true }).out).toBe("web   2m    8Mi   \n");
  });

  it("-A: a NAMESPACE column, sorted by namespace then name", () => {
    const cluster = testCluster();
    apply(cluster, POD);
    cluster.sim.runFor(60_000);
    const r = runSpec(cluster, spec("top pod"), [], { "all-namespaces": true });
    const rows = r.out.split("\n").slice(0, -1);
    expect(rows[0]).toBe(
      "NAMESPACE     NAME                                    CPU(cores)   MEMORY(bytes)   ",
    );
    expect(rows[1]).toBe(
      "default       web                                     2m           8Mi             ",
    );
    const names = rows.slice(2).map((l) => l.split(/ +/)[1]);
    expect(names).toEqual([...names].sort());
    expect(names.length).toBe(pods(cluster).filter((p) => p.metadata?.namespace === "kube-system").length);
  });

  it("an empty namespace, a bad --sort-by, and no metrics API", () => {
    const cluster = testCluster();
    cluster.sim.runFor(30_000);
    expect(runSpec(cluster, spec("top pod"), [], {}, { namespace: "empty" })).toMatchObject({
      err: "No resources found in empty namespace.\n",
      code: 0,
    });
    expect(runSpec(cluster, spec("top pod"), [], { "sort-by": "name" }).err).toBe(
      "error: --sort-by accepts only cpu or memory\n",
    );
    // A second apiserver over the same etcd, with no APIService registered for metrics.k8s.io.
    const bare = new ApiServer(cluster.sim, cluster.etcd);
    const env = {
      client: new ApiClient(cluster.sim, "kubectl", Users.admin, bare),
      cluster,
      namespace: "default",
      readFile: () => undefined,
      nowMs: () => cluster.sim.epochMs + cluster.sim.now,
    };
    let err = "";
    let code: number | undefined;
    spec("top pod").run(
      env,
      { path: ["top", "pod"], args: [], flags: {}, line: "" },
      { out: () => undefined, err: (t) => (err += t) },
      (c) => (code = c),
    );
    while (code === undefined && cluster.sim.step()) {
      /* run until answered */
    }
    expect(err).toBe("error: Metrics API not available\n");
    expect(code).toBe(1);
  });
});

describe("kubectl top node", () => {
  it("sums each node's pods, with percentages of allocatable", () => {
    const cluster = testCluster();
    cluster.sim.runFor(60_000);
    const r = runSpec(cluster, spec("top node"), []);
    expect(r.code).toBe(0);
    const rows = r.out.split("\n");
    expect(rows[0]).toBe("NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ");
    expect(rows[1]).toBe("control-plane   4m           0%       16Mi            0%          ");
    expect(rows.slice(1, -1).map((l) => l.split(" ")[0])).toEqual([
      "control-plane",
      "node-1",
      "node-2",
      "node-3",
    ]);
  });
});
