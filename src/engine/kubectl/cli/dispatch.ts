// kubectl's main (cmd/kubectl, component-base/cli RunNoErrOutput + cmdutil.CheckErr): split the
// line, find the command, parse flags, print help or errors exactly as kubectl does, then run.
// run.ts binds this to the registry of every command.

import type { CommandSpec, FlagValue, KubectlEnv, KubectlIO, ParsedCommand, RunningCommand } from "./command";
import { UPSTREAM_COMMANDS, commandHelp, rootHelp, unknownCommandMessage } from "./help";
import { type CommandNode, findCommand, findChild, flagsOf, parseFlags, splitLine } from "./parse";
import type { Registry } from "./tree";

export interface RunOptions {
  /**
   * The env for this command line's global flags (--context, --user, -n, …); a string is an
   * error to print (`error: context was not found for specified context: x`). Default: `env`
   * with `namespace` from -n/--namespace.
   */
  readonly envFor?: (flags: Readonly<Record<string, FlagValue>>, spec: CommandSpec) => KubectlEnv | string;
}

/** Strips a leading `kubectl` or its alias `k`. */
export function expandAlias(words: readonly string[]): string[] {
  return words[0] === "kubectl" || words[0] === "k" ? words.slice(1) : [...words];
}

function subcommandsOf(node: CommandNode, reg: Registry): [string, string][] {
  return [...node.children]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => [c.name, reg.spec(c.path)?.short ?? ""]);
}

/** Help for any node, including groups that have no spec of their own. */
export function helpFor(node: CommandNode, reg: Registry): string {
  if (node.path.length === 0) return rootHelp();
  const spec = reg.spec(node.path);
  const subs = subcommandsOf(node, reg);
  if (spec) return commandHelp(spec, subs);
  const short = `Manage ${node.name}`;
  return commandHelp({ path: node.path, use: `${node.name} SUBCOMMAND`, short, flags: [] }, subs);
}

/** runKubectl against a given command tree (tests use their own). */
export function dispatchKubectl(
  reg: Registry,
  line: string,
  env: KubectlEnv,
  io: KubectlIO,
  done: (exitCode: number) => void,
  options: RunOptions = {},
): RunningCommand | undefined {
  let finished = false;
  const finish = (code: number): void => {
    if (finished) return;
    finished = true;
    done(code);
  };
  const fail = (message: string): undefined => {
    io.err(message.endsWith("\n") ? message : `${message}\n`);
    finish(1);
    return undefined;
  };

  const split = splitLine(line);
  if (!split.ok) {
    io.err(`bash: ${split.error}\n`);
    finish(2);
    return undefined;
  }
  const words = expandAlias(split.words);
  const { node, rest } = findCommand(reg.root, words);
  const commandPath = ["kubectl", ...node.path].join(" ");

  if (node === reg.root) {
    const parsed = parseFlags(rest, flagsOf(node, reg.root));
    if (!parsed.ok) return fail(`error: ${parsed.error}\nSee 'kubectl --help' for usage.`);
    const typed = parsed.args[0];
    if (typed === undefined || parsed.help) {
      io.out(rootHelp());
      finish(0);
      return undefined;
    }
    if (typed === "help") return runHelp(parsed.args.slice(1), reg, io, finish);
    if (UPSTREAM_COMMANDS.includes(typed)) {
      return fail(`error: "kubectl ${typed}" is not available in this simulated cluster`);
    }
    return fail(`error: ${unknownCommandMessage(typed)}`);
  }

  const parsed = parseFlags(rest, [...flagsOf(node, reg.root)]);
  if (!parsed.ok) return fail(`error: ${parsed.error}\nSee '${commandPath} --help' for usage.`);
  if (parsed.help) {
    io.out(helpFor(node, reg));
    finish(0);
    return undefined;
  }
  const spec = reg.spec(node.path);
  if (!spec || spec.group) {
    // kubectl's DefaultSubCommandRun: help (exit 1) or an unknown subcommand.
    const first = parsed.args[0];
    if (first !== undefined) {
      return fail(
        `error: unknown command ${JSON.stringify(first)}\nSee '${commandPath} -h' for help and examples`,
      );
    }
    io.out(helpFor(node, reg));
    finish(1);
    return undefined;
  }

  // Help lists every upstream flag; the few that would change what happens, yet are not simulated
  // for this command, are refused rather than ignored (a dry run must never change the cluster).
  const refused = refusedFlag(node.path, parsed.flags);
  if (refused) return fail(refused);

  const command: ParsedCommand = {
    path: node.path,
    args: parsed.args,
    flags: parsed.flags,
    line: ["kubectl", ...words].join(" "),
    ...(parsed.argsLenAtDash >= 0 ? { argsLenAtDash: parsed.argsLenAtDash } : {}),
  };
  let commandEnv: KubectlEnv | string;
  if (options.envFor) commandEnv = options.envFor(parsed.flags, spec);
  else {
    const ns = parsed.flags.namespace;
    commandEnv = typeof ns === "string" && ns !== "" ? { ...env, namespace: ns } : env;
  }
  if (typeof commandEnv === "string") return fail(commandEnv);
  try {
    const handle = spec.run(commandEnv, command, io, finish);
    return handle ?? undefined;
  } catch (e) {
    // A bug in a command must not take the terminal down: report it as kubectl reports errors.
    return fail(`error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `kubectl help [command…]`: cobra's help command. */
function runHelp(
  topic: readonly string[],
  reg: Registry,
  io: KubectlIO,
  finish: (code: number) => void,
): undefined {
  let node: CommandNode = reg.root;
  for (const word of topic) {
    const child = findChild(node, word);
    if (!child) {
      io.out(
        `Unknown help topic [\`${topic.join(" ")}\`]\n\n\n${rootHelp().split("\n").slice(4).join("\n")}`,
      );
      finish(0);
      return undefined;
    }
    node = child;
  }
  io.out(helpFor(node, reg));
  finish(0);
  return undefined;
}

/** Commands whose --dry-run=client is simulated (the object generators). */
function simulatesDryRun(path: readonly string[]): boolean {
  const [first] = path;
  return (
    first === "run" || first === "expose" || first === "autoscale" || (first === "create" && path.length > 1)
  );
}

function refusedFlag(path: readonly string[], flags: Readonly<Record<string, unknown>>): string | undefined {
  const command = `kubectl ${path.join(" ")}`;
  const dryRun = flags["dry-run"];
  if (dryRun !== undefined && dryRun !== "none" && dryRun !== false && !simulatesDryRun(path))
    return `error: --dry-run is not simulated for "${command}" in Pilothouse yet; nothing was changed`;
  const serverSide = flags["server-side"];
  if (serverSide !== undefined && serverSide !== false && serverSide !== "false")
    return `error: --server-side is not simulated for "${command}" in Pilothouse yet (it applies client-side); nothing was changed`;
  return undefined;
}
