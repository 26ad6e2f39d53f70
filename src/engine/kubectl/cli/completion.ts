// Tab completion for the terminal, like kubectl's cobra completion (`kubectl __complete`,
// staging/src/k8s.io/kubectl/pkg/util/completion): commands, flags, resource types, flag values
// (namespaces, contexts, -o formats) and object names. Names come from the apiserver's watch cache
// directly rather than through a traced LIST, so pressing Tab does not animate requests.

import { RESOURCES, resolveResourceName } from "../../api/resources";
import type { FlagSpec } from "./command";
import { type CommandNode, findCommand, flagsOf, parseFlags } from "./parse";
import { registry } from "./registry";
import type { KubectlShell } from "./shell";

/** Commands whose first argument is a resource TYPE and second a NAME of that type. */
const TYPE_THEN_NAME = new Set([
  "get",
  "describe",
  "delete",
  "edit",
  "label",
  "annotate",
  "scale",
  "autoscale",
  "expose",
  "patch",
  "rollout history",
  "rollout pause",
  "rollout restart",
  "rollout resume",
  "rollout status",
  "rollout undo",
  "set image",
]);

const OUTPUT_FORMATS = [
  "json",
  "yaml",
  "name",
  "go-template",
  "go-template-file",
  "template",
  "templatefile",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "custom-columns",
  "custom-columns-file",
  "wide",
];

/** What `kubectl api-resources -o name` would list: `pods`, `deployments.apps`. */
function resourceTypes(): string[] {
  return RESOURCES.map((r) => r.resource).sort();
}

function objectNames(shell: KubectlShell, type: string, namespace: string): string[] {
  const info = resolveResourceName(type.split("/")[0] ?? "");
  if (!info) return [];
  let objects;
  try {
    objects = shell.cluster.apiserver.watchCache(info.resource).list(info.namespaced ? { namespace } : {});
  } catch {
    return [];
  }
  return objects.map((o) => o.metadata.name ?? "").sort();
}

function flagValues(shell: KubectlShell, flag: FlagSpec): string[] {
  switch (flag.name) {
    case "namespace":
      return objectNames(shell, "namespaces", "");
    case "context":
      return [...shell.kubeconfig.contexts.keys()].sort();
    case "cluster":
      return [...shell.kubeconfig.clusters.keys()].sort();
    case "user":
      return [...shell.kubeconfig.users.keys()].sort();
    case "output":
      return OUTPUT_FORMATS;
    case "container":
      return [];
    default:
      return flag.type === "bool" ? ["true", "false"] : [];
  }
}

/** Candidates for the word at `cursor` (whole words, to replace the partial one). */
export function completeLine(shell: KubectlShell, line: string, cursor: number): string[] {
  const before = line.slice(0, cursor);
  const words = before.split(/\s+/).filter((w, i, all) => w !== "" || i === all.length - 1);
  if (words[0] === "") words.shift();
  const current = words.pop() ?? "";
  const matching = (list: readonly string[]): string[] => list.filter((c) => c.startsWith(current));
  if (words.length === 0) return matching(["kubectl"]);
  if (words[0] !== "kubectl" && words[0] !== "k") return [];
  const reg = registry();
  const { node, rest } = findCommand(reg.root, words.slice(1));
  const flags = flagsOf(node, reg.root).filter((f) => f.name !== "help");
  const parsed = parseFlags(rest, flags);
  const namespace =
    (parsed.ok && typeof parsed.flags.namespace === "string" ? parsed.flags.namespace : undefined) ??
    shell.kubeconfig.context()?.namespace ??
    "default";

  // The value of a flag: `-n <Tab>`, `--output=<Tab>`.
  const previous = words[words.length - 1] ?? "";
  const valueFlag = flagTakingValue(previous, flags);
  if (valueFlag) return matching(flagValues(shell, valueFlag));
  const eq = current.indexOf("=");
  if (current.startsWith("--") && eq > 0) {
    const flag = flags.find((f) => f.name === current.slice(2, eq));
    if (!flag) return [];
    const prefix = current.slice(0, eq + 1);
    return matching(flagValues(shell, flag).map((v) => prefix + v));
  }
  if (current.startsWith("-")) {
    return matching(
      flags
        .flatMap((f) => [`--${f.name}`, ...(f.shorthand && current.length <= 2 ? [`-${f.shorthand}`] : [])])
        .sort(),
    );
  }
  const args = parsed.ok ? parsed.args : [];
  if (node.children.length > 0 && args.length === 0) {
    return matching(childNames(node));
  }
  return matching(positional(shell, node, args, namespace));
}

function childNames(node: CommandNode): string[] {
  return node.children.map((c) => c.name).sort();
}

function flagTakingValue(word: string, flags: readonly FlagSpec[]): FlagSpec | undefined {
  if (word.startsWith("--") && !word.includes("=")) {
    const flag = flags.find((f) => f.name === word.slice(2));
    return flag && flag.type !== "bool" ? flag : undefined;
  }
  if (/^-[a-zA-Z]$/.test(word)) {
    const flag = flags.find((f) => f.shorthand === word.slice(1));
    return flag && flag.type !== "bool" ? flag : undefined;
  }
  return undefined;
}

function positional(
  shell: KubectlShell,
  node: CommandNode,
  args: readonly string[],
  namespace: string,
): string[] {
  const path = node.path.join(" ");
  if (path === "config use-context" || path === "config delete-context" || path === "config rename-context") {
    return args.length === 0 ? [...shell.kubeconfig.contexts.keys()].sort() : [];
  }
  if (path === "explain") return args.length === 0 ? resourceTypes() : [];
  if (path === "logs" || path === "exec" || path === "attach") {
    return args.length === 0 ? objectNames(shell, "pods", namespace) : [];
  }
  if (path === "top pod") return args.length === 0 ? objectNames(shell, "pods", namespace) : [];
  if (
    path === "top node" ||
    path === "cordon" ||
    path === "uncordon" ||
    path === "drain" ||
    path === "taint"
  ) {
    if (path === "taint" && args.length === 0) return ["nodes"];
    const nameIndex = path === "taint" ? 1 : 0;
    return args.length === nameIndex ? objectNames(shell, "nodes", "") : [];
  }
  if (TYPE_THEN_NAME.has(path)) {
    if (args.length === 0) return resourceTypes();
    const type = args[0] ?? "";
    if (type.includes("/")) return [];
    return objectNames(shell, type, namespace);
  }
  return [];
}
