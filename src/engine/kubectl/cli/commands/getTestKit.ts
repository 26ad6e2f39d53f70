// Test support for get/top: runs one CommandSpec with hand-built flags against a test cluster,
// stepping the simulation until the command is done (or until `untilMs` for watches).

import type { Cluster } from "../../../cluster/cluster";
import type { CommandSpec, FlagValue, KubectlEnv, RunningCommand } from "../command";

export interface Run {
  out: string;
  err: string;
  code: number | undefined;
  handle: RunningCommand | undefined;
}

export function kubectlEnv(cluster: Cluster, namespace = "default"): KubectlEnv {
  return {
    client: cluster.kubectl.client,
    cluster,
    namespace,
    readFile: () => undefined,
    nowMs: () => cluster.sim.epochMs + cluster.sim.now,
  };
}

/** Starts the command; with `wait` (default) steps the simulation until it calls done. */
export function runSpec(
  cluster: Cluster,
  spec: CommandSpec,
  args: readonly string[],
  flags: Record<string, FlagValue> = {},
  options: { namespace?: string; wait?: boolean } = {},
): Run {
  const run: Run = { out: "", err: "", code: undefined, handle: undefined };
  const handle = spec.run(
    kubectlEnv(cluster, options.namespace),
    { path: spec.path, args, flags, line: "" },
    { out: (t) => (run.out += t), err: (t) => (run.err += t) },
    (code) => (run.code = code),
  );
  run.handle = handle ?? undefined;
  if (options.wait === false) return run;
  while (run.code === undefined && cluster.sim.step()) {
    /* run until answered */
  }
  if (run.code === undefined) throw new Error("command never finished");
  return run;
}
