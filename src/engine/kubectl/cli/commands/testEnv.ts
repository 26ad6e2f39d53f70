// Test support for the command modules: a KubectlEnv over a test cluster, and a small parser that
// reads a command line against one CommandSpec's flags (enough for tests; K1's parser is the real one).

import type { Cluster } from "../../../cluster/cluster";
import type { CommandSpec, FlagValue, KubectlEnv, ParsedCommand, RunningCommand } from "../command";

export interface Output {
  out: string;
  err: string;
  /** stdout and stderr interleaved, as a terminal shows them. */
  all: string;
  code: number | undefined;
  handle: RunningCommand | undefined;
}

export function testEnv(
  cluster: Cluster,
  files: Record<string, string> = {},
  extra: Partial<KubectlEnv> = {},
): KubectlEnv {
  return {
    client: cluster.kubectl.client,
    cluster,
    namespace: "default",
    readFile: (name) => files[name],
    nowMs: () => cluster.sim.epochMs + cluster.sim.now,
    ...extra,
  };
}

/** Parses `line` (without the command path) with `spec`'s flags. Everything after `--` is positional. */
export function parseFor(spec: CommandSpec, line: string): ParsedCommand {
  const tokens = line.split(/\s+/).filter((t) => t !== "");
  const args: string[] = [];
  const flags: Record<string, FlagValue> = {};
  const put = (name: string, value: string | boolean): void => {
    const def = spec.flags.find((f) => f.name === name);
    const prev = flags[name];
    if (def?.type === "stringArray" && typeof value === "string")
      flags[name] = [...(Array.isArray(prev) ? (prev as string[]) : []), value];
    else flags[name] = value;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? "";
    if (t === "--") {
      args.push(...tokens.slice(i + 1));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/.exec(t);
    const short = /^-([a-zA-Z])(?:=?(.+))?$/.exec(t);
    if (!long && !short) {
      args.push(t);
      continue;
    }
    const def = long
      ? spec.flags.find((f) => f.name === long[1])
      : spec.flags.find((f) => f.shorthand === short?.[1]);
    const name = def?.name ?? (long ? (long[1] ?? "") : (short?.[1] ?? ""));
    const inline = long ? long[2] : short?.[2];
    if (inline !== undefined) put(name, inline);
    else if (def?.type === "bool" || def === undefined) put(name, true);
    else put(name, tokens[++i] ?? "");
  }
  return { path: spec.path, args, flags, line: `kubectl ${spec.path.join(" ")} ${line}` };
}

/** Starts `spec` with `line`; run the simulation and read `output` as it fills. */
export function start(env: KubectlEnv, spec: CommandSpec, line: string): Output {
  const output: Output = { out: "", err: "", all: "", code: undefined, handle: undefined };
  const handle = spec.run(
    env,
    parseFor(spec, line),
    {
      out: (text) => {
        output.out += text;
        output.all += text;
      },
      err: (text) => {
        output.err += text;
        output.all += text;
      },
    },
    (code) => {
      if (output.code !== undefined) throw new Error("done called twice");
      output.code = code;
    },
  );
  output.handle = handle ?? undefined;
  return output;
}

/** Runs a command to completion on the virtual clock (up to `maxMs` simulated). */
export function runCommand(env: KubectlEnv, spec: CommandSpec, line: string, maxMs = 600_000): Output {
  const output = start(env, spec, line);
  const limit = env.cluster.sim.now + maxMs;
  while (output.code === undefined && env.cluster.sim.now <= limit && env.cluster.sim.step()) {
    /* run until done */
  }
  if (output.code === undefined) throw new Error(`command never finished: ${line}\n${output.all}`);
  return output;
}

export function find(specs: readonly CommandSpec[], ...path: string[]): CommandSpec {
  const spec = specs.find((s) => s.path.join(" ") === path.join(" "));
  if (!spec) throw new Error(`no command ${path.join(" ")}`);
  return spec;
}
