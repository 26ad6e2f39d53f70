// kubectl's help, as its templates print it (staging/src/k8s.io/kubectl/pkg/util/templates:
// templater.go, help_flags_printer.go) and cobra's "Did you mean this?" suggestions
// (cobra command.go SuggestionsFor): the root help lists upstream's command groups verbatim.

import type { CommandSpec, FlagSpec } from "./command";

/** kubectl's root command groups, in upstream's order (cmd.go NewKubectlCommand). */
export const ROOT_GROUPS: readonly { title: string; commands: readonly (readonly [string, string])[] }[] = [
  {
    title: "Basic Commands (Beginner):",
    commands: [
      ["create", "Create a resource from a file or from stdin"],
      [
        "expose",
        "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
      ],
      ["run", "Run a particular image on the cluster"],
      ["set", "Set specific features on objects"],
    ],
  },
  {
    title: "Basic Commands (Intermediate):",
    commands: [
      ["explain", "Get documentation for a resource"],
      ["get", "Display one or many resources"],
      ["edit", "Edit a resource on the server"],
      [
        "delete",
        "Delete resources by file names, stdin, resources and names, or by resources and label selector",
      ],
    ],
  },
  {
    title: "Deploy Commands:",
    commands: [
      ["rollout", "Manage the rollout of a resource"],
      ["scale", "Set a new size for a deployment, replica set, or replication controller"],
      ["autoscale", "Auto-scale a deployment, replica set, stateful set, or replication controller"],
    ],
  },
  {
    title: "Cluster Management Commands:",
    commands: [
      ["certificate", "Modify certificate resources"],
      ["cluster-info", "Display cluster information"],
      ["top", "Display resource (CPU/memory) usage"],
      ["cordon", "Mark node as unschedulable"],
      ["uncordon", "Mark node as schedulable"],
      ["drain", "Drain node in preparation for maintenance"],
      ["taint", "Update the taints on one or more nodes"],
    ],
  },
  {
    title: "Troubleshooting and Debugging Commands:",
    commands: [
      ["describe", "Show details of a specific resource or group of resources"],
      ["logs", "Print the logs for a container in a pod"],
      ["attach", "Attach to a running container"],
      ["exec", "Execute a command in a container"],
      ["port-forward", "Forward one or more local ports to a pod"],
      ["proxy", "Run a proxy to the Kubernetes API server"],
      ["cp", "Copy files and directories to and from containers"],
      ["auth", "Inspect authorization"],
      ["debug", "Create debugging sessions for troubleshooting workloads and nodes"],
      ["events", "List events"],
    ],
  },
  {
    title: "Advanced Commands:",
    commands: [
      ["diff", "Diff the live version against a would-be applied version"],
      ["apply", "Apply a configuration to a resource by file name or stdin"],
      ["patch", "Update fields of a resource"],
      ["replace", "Replace a resource by file name or stdin"],
      ["wait", "Experimental: Wait for a specific condition on one or many resources"],
      ["kustomize", "Build a kustomization target from a directory or URL"],
    ],
  },
  {
    title: "Settings Commands:",
    commands: [
      ["label", "Update the labels on a resource"],
      ["annotate", "Update the annotations on a resource"],
      ["completion", "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)"],
    ],
  },
  {
    title: "Other Commands:",
    commands: [
      ["api-resources", "Print the supported API resources on the server"],
      ["api-versions", 'Print the supported API versions on the server, in the form of "group/version"'],
      ["config", "Modify kubeconfig files"],
      ["plugin", "Provides utilities for interacting with plugins"],
      ["version", "Print the client and server version information"],
    ],
  },
];

/** The root's subcommands in cobra's insertion order (what SuggestionsFor walks). */
export const UPSTREAM_COMMANDS: readonly string[] = [
  ...ROOT_GROUPS.flatMap((g) => g.commands.map(([name]) => name)),
  "options",
  "help",
];

export function rootHelp(): string {
  const groups = ROOT_GROUPS.map(
    (g) => `${g.title}\n${g.commands.map(([name, short]) => `  ${name.padEnd(16)}${short}\n`).join("")}`,
  );
  return (
    "kubectl controls the Kubernetes cluster manager.\n\n" +
    " Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n" +
    groups.join("\n") +
    "\nUsage:\n  kubectl [flags] [options]\n\n" +
    'Use "kubectl <command> --help" for more information about a given command.\n' +
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
  );
}

/** pflag's default as kubectl's help shows it: '' for strings, [] for arrays. */
function defaultText(flag: FlagSpec): string {
  switch (flag.type) {
    case "bool":
      return flag.default ?? "false";
    case "int":
      return flag.default ?? "0";
    case "duration":
      return flag.default ?? "0s";
    case "stringArray":
      return flag.default ?? "[]";
    case "string":
      return `'${flag.default ?? ""}'`;
  }
}

/** help_flags_printer.go: `    -o, --output='':` then the usage after a tab. */
export function flagsHelp(flags: readonly FlagSpec[]): string {
  return [...flags]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(
      (f) =>
        `    ${f.shorthand ? `-${f.shorthand}, ` : ""}--${f.name}=${defaultText(f)}:\n\t${f.usage.replace(/\n/g, "\n\t")}\n\n`,
    )
    .join("");
}

/**
 * The usage line: kubectl sets DisableFlagsInUseLine, so `[flags]` appears only where the Use
 * text has it, and its templater appends ` [options]` for the global flags.
 */
export function useLine(spec: Pick<CommandSpec, "path" | "use">): string {
  return `${["kubectl", ...spec.path.slice(0, -1), spec.use].join(" ")} [options]`;
}

/** `kubectl <cmd> --help`. `subcommands` lists a group's children (name, short). */
export function commandHelp(
  spec: Pick<CommandSpec, "path" | "use" | "short" | "long" | "example" | "aliases" | "flags">,
  subcommands: readonly (readonly [string, string])[] = [],
): string {
  const parts: string[] = [`${(spec.long ?? spec.short).replace(/\n+$/, "")}\n`];
  if (spec.aliases && spec.aliases.length > 0) {
    parts.push(`Aliases:\n${[spec.path[spec.path.length - 1], ...spec.aliases].join(", ")}\n`);
  }
  if (spec.example) parts.push(`Examples:\n${spec.example.replace(/\n+$/, "")}\n`);
  if (subcommands.length > 0) {
    const width = Math.max(...subcommands.map(([n]) => n.length)) + 3;
    parts.push(`Available Commands:\n${subcommands.map(([n, s]) => `  ${n.padEnd(width)}${s}\n`).join("")}`);
  }
  if (spec.flags.length > 0) parts.push(`Options:\n${flagsHelp(spec.flags).replace(/\n$/, "")}`);
  const usage =
    subcommands.length > 0 && spec.use.includes("SUBCOMMAND")
      ? `kubectl ${spec.path.join(" ")} SUBCOMMAND [options]`
      : useLine(spec);
  const more =
    subcommands.length > 0
      ? `Use "kubectl ${spec.path.join(" ")} <command> --help" for more information about a given command.\n`
      : "";
  parts.push(
    `Usage:\n  ${usage}\n\n${more}Use "kubectl options" for a list of global command-line options (applies to all commands).\n`,
  );
  return parts.join("\n");
}

/** Levenshtein distance, case-insensitive as cobra's ld(..., ignoreCase=true). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[t.length] ?? 0;
}

/** cobra's SuggestionsFor with SuggestionsMinimumDistance 2. */
export function suggestionsFor(typed: string, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const close = distance(typed, name) <= 2;
    const prefix = name.toLowerCase().startsWith(typed.toLowerCase());
    if ((close || prefix) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** cobra's legacyArgs error for the root: `unknown command "foo" for "kubectl"` + suggestions. */
export function unknownCommandMessage(typed: string, names: readonly string[] = UPSTREAM_COMMANDS): string {
  const suggestions = suggestionsFor(typed, names);
  const tail = suggestions.length
    ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join("")}`
    : "";
  return `unknown command ${JSON.stringify(typed)} for "kubectl"${tail}`;
}
