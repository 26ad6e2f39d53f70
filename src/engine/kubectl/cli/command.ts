// The contract between kubectl's command-line parsing, its commands and whoever runs them (the
// browser terminal, Scenario steps, the CLI). Parsing is separate from execution so a lesson can
// check a learner's command by what it would do. Every API call a command makes goes through
// `env.client` (traced as kubectl → kube-apiserver), as the current kubeconfig context's user.

import type { ApiClient } from "../../client/apiClient";
import type { Cluster } from "../../cluster/cluster";
import type { Kubeconfig } from "./kubeconfig";

/** Where a command writes: chunks of text, exactly what a terminal would show. */
export interface KubectlIO {
  /** stdout; include the newlines kubectl prints. */
  out(text: string): void;
  /** stderr. */
  err(text: string): void;
}

/** What a command runs against. */
export interface KubectlEnv {
  /** The API client for the current context's user (component "kubectl"). */
  readonly client: ApiClient;
  /**
   * The simulated cluster, for what kubectl reaches through the apiserver's proxies that the
   * engine serves from components (logs from the kubelet, metrics from metrics-server).
   */
  readonly cluster: Cluster;
  /** The namespace from -n/--namespace, else the current context's, else "default". */
  readonly namespace: string;
  /** `-f <name>`: the text of an open document (the editor's files), or undefined. */
  readonly readFile: (name: string) => string | undefined;
  /** Wall-clock instant (epoch ms) of the simulated now, for AGE columns. */
  readonly nowMs: () => number;
  /** `kubectl edit`: asks the UI to open this text as a document named `name`. */
  readonly openInEditor?: (name: string, text: string) => void;
  /** The kubeconfig (for `kubectl config …`); set by KubectlShell. */
  readonly kubeconfig?: Kubeconfig;
}

/** A parsed flag value: strings as given (repeatable flags keep every value), `true` for bare booleans. */
export type FlagValue = string | boolean | readonly string[];

export interface ParsedCommand {
  /** The command path: ["get"], ["rollout", "undo"], ["create", "deployment"], ["config", "view"]. */
  readonly path: readonly string[];
  /** Positional arguments after the command path. */
  readonly args: readonly string[];
  /** Flags by their long name without dashes (`namespace`, `output`, `selector`). */
  readonly flags: Readonly<Record<string, FlagValue>>;
  /** The command line as typed (after alias expansion). */
  readonly line: string;
  /** cobra's ArgsLenAtDash: how many of `args` came before `--`; absent when there was no `--`. */
  readonly argsLenAtDash?: number;
}

export type ParseResult =
  { readonly ok: true; readonly command: ParsedCommand } | { readonly ok: false; readonly error: string };

/** A running command; `cancel` is Ctrl+C (ends `-w` and `logs -f`). */
export interface RunningCommand {
  cancel(): void;
}

/** One flag a command accepts, as cobra/pflag declares it. */
export interface FlagSpec {
  readonly name: string;
  readonly shorthand?: string;
  readonly type: "bool" | "string" | "int" | "stringArray" | "duration";
  readonly default?: string;
  readonly usage: string;
}

/** One kubectl (sub)command: its help and its implementation. */
export interface CommandSpec {
  readonly path: readonly string[];
  /** cobra's Use line: `get [(-o|--output=)json|yaml|...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]`. */
  readonly use: string;
  readonly short: string;
  readonly long?: string;
  readonly example?: string;
  readonly aliases?: readonly string[];
  readonly flags: readonly FlagSpec[];
  /**
   * A cobra command group (`config`, `rollout`): with no arguments it prints its help (exit 1),
   * with an unknown one `error: unknown command "x"`, as kubectl's DefaultSubCommandRun. `run` is
   * then not called.
   */
  readonly group?: boolean;
  /** Works without contacting the apiserver (`config …`, `version --client`, `explain` of built-ins). */
  readonly local?: boolean;
  /**
   * Runs the command: writes through `io`, calls `done(exitCode)` once at the end (0 success,
   * 1 for errors as kubectl). Commands that stream (`-w`, `logs -f`) return a handle to cancel.
   */
  run(
    env: KubectlEnv,
    command: ParsedCommand,
    io: KubectlIO,
    done: (exitCode: number) => void,
    // `void`: most commands finish without a handle and need not say `return undefined`.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  ): RunningCommand | void;
}
