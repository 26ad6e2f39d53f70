// `kubectl top pod|node` (k8s.io/kubectl/pkg/cmd/top/top_pod.go, top_node.go and
// pkg/metricsutil/metrics_printer.go): PodMetrics from metrics.k8s.io through kube-apiserver's
// aggregation layer, printed as `%vm` millicores and `%vMi` mebibytes, every cell tab-terminated.
// Simplified: no --sum, no --use-protocol-buffers, no --field-selector filtering (accepted only).

import type { KubeList } from "../../../api/objects";
import { isStatus } from "../../../api/status";
import type { PodMetricsList } from "../../../metrics/podMetrics";
import { formatKubectlError } from "../../errors";
import { noResourcesFound, tabwriter } from "../../printers/table";
import type { CommandSpec, FlagSpec, KubectlEnv, KubectlIO, ParsedCommand } from "../command";
import { FIELD_SELECTOR_USAGE, SELECTOR_USAGE, flagBool, flagString } from "./getFlags";
import { runTopNode } from "./topNode";
import {
  METRICS_UNAVAILABLE,
  NOT_YET,
  bytes,
  cpuText,
  line,
  listPodMetrics,
  memText,
  milliCpu,
  podUsage,
  sortUsage,
} from "./topMetrics";

function runTopPod(
  env: KubectlEnv,
  command: ParsedCommand,
  io: KubectlIO,
  done: (code: number) => void,
): void {
  const { flags, args } = command;
  const allNamespaces = flagBool(flags, "all-namespaces");
  const selector = flagString(flags, "selector");
  const sortBy = flagString(flags, "sort-by");
  const containers = flagBool(flags, "containers");
  const noHeaders = flagBool(flags, "no-headers");
  const name = args[0];
  if (sortBy !== "" && sortBy !== "cpu" && sortBy !== "memory") {
    io.err(`error: --sort-by accepts only cpu or memory\n`);
    return done(1);
  }
  const namespace = allNamespaces && name === undefined ? undefined : env.namespace;
  listPodMetrics(env, namespace, selector, (response) => {
    if (response.code === 404) {
      io.err(METRICS_UNAVAILABLE);
      return done(1);
    }
    if (isStatus(response.body)) {
      io.err(formatKubectlError(response.body));
      return done(1);
    }
    let items = (response.body as unknown as PodMetricsList).items;
    if (name !== undefined) {
      items = items.filter((m) => m.metadata.name === name);
      if (items.length === 0) {
        io.err(`error: metrics not available yet\n`);
        return done(1);
      }
    }
    if (items.length === 0) {
      // verifyEmptyMetrics: pods without metrics yet are an error, no pods is not.
      env.client.request(
        {
          verb: "list",
          resource: "pods",
          ...(namespace ? { namespace } : {}),
          ...(selector ? { labelSelector: selector } : {}),
        },
        (r) => {
          const pods = isStatus(r.body) ? [] : (r.body as KubeList).items;
          if (pods.length > 0) {
            io.err(NOT_YET);
            return done(1);
          }
          io.err(noResourcesFound(env.namespace, { allNamespaces, namespaced: true }));
          done(0);
        },
      );
      return;
    }
    const withNamespace = allNamespaces;
    const header = [
      ...(withNamespace ? ["NAMESPACE"] : []),
      ...(containers ? ["POD"] : []),
      "NAME",
      "CPU(cores)",
      "MEMORY(bytes)",
    ];
    const byPod = new Map(items.map((m) => [`${m.metadata.namespace ?? ""}/${m.metadata.name ?? ""}`, m]));
    const lines = noHeaders ? [] : [line(header)];
    for (const usage of sortUsage(items.map(podUsage), sortBy, withNamespace)) {
      const ns = withNamespace ? [usage.namespace] : [];
      if (!containers) {
        lines.push(line([...ns, usage.name, cpuText(usage.cpu), memText(usage.memory)]));
        continue;
      }
      for (const c of byPod.get(`${usage.namespace}/${usage.name}`)?.containers ?? []) {
        lines.push(
          line([...ns, usage.name, c.name, cpuText(milliCpu(c.usage.cpu)), memText(bytes(c.usage.memory))]),
        );
      }
    }
    io.out(tabwriter(lines.join("")));
    done(0);
  });
}

const f = (
  name: string,
  type: FlagSpec["type"],
  def: string,
  usage: string,
  shorthand?: string,
): FlagSpec => ({
  name,
  type,
  default: def,
  usage,
  ...(shorthand !== undefined ? { shorthand } : {}),
});
const SORT_USAGE = (what: string): string =>
  `If non-empty, sort ${what} list using specified field. The field can be either 'cpu' or 'memory'.`;

/** `top`, `top pod`, `top node` (spread into getCommands). */
export const TOP_COMMANDS: readonly CommandSpec[] = [
  {
    path: ["top"],
    use: "top",
    short: "Display resource (CPU/memory) usage",
    long: "Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.",
    flags: [],
    // A cobra group: DefaultSubCommandRun prints the help (the dispatcher does it for groups).
    group: true,
    run: (_env, _command, io, done) => {
      io.err("error: Required subcommand not specified. See 'kubectl top -h' for help and examples\n");
      done(1);
    },
  },
  {
    path: ["top", "pod"],
    aliases: ["pods", "po"],
    use: "pod [NAME | -l label]",
    short: "Display resource (CPU/memory) usage of pods",
    long: "Display resource (CPU/memory) usage of pods.\n\n The 'top pod' command allows you to see the resource consumption of pods.\n\n Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.",
    example:
      "  # Show metrics for all pods in the default namespace\n  kubectl top pod\n  \n  # Show metrics for all pods in the given namespace\n  kubectl top pod --namespace=NAMESPACE\n  \n  # Show metrics for a given pod and its containers\n  kubectl top pod POD_NAME --containers\n  \n  # Show metrics for the pods defined by label name=myLabel\n  kubectl top pod -l name=myLabel",
    flags: [
      f(
        "all-namespaces",
        "bool",
        "false",
        "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
        "A",
      ),
      f("containers", "bool", "false", "If present, print usage of containers within a pod."),
      f("field-selector", "string", "", FIELD_SELECTOR_USAGE),
      f("no-headers", "bool", "false", "If present, print output without headers."),
      f("selector", "string", "", SELECTOR_USAGE, "l"),
      f("sort-by", "string", "", SORT_USAGE("pods")),
    ],
    run: runTopPod,
  },
  {
    path: ["top", "node"],
    aliases: ["nodes", "no"],
    use: "node [NAME | -l label]",
    short: "Display resource (CPU/memory) usage of nodes",
    long: "Display resource (CPU/memory) usage of nodes.\n\n The top-node command allows you to see the resource consumption of nodes.",
    example:
      "  # Show metrics for all nodes\n  kubectl top node\n  \n  # Show metrics for a given node\n  kubectl top node NODE_NAME",
    flags: [
      f("no-headers", "bool", "false", "If present, print output without headers"),
      f("selector", "string", "", SELECTOR_USAGE, "l"),
      f("sort-by", "string", "", SORT_USAGE("nodes")),
    ],
    run: runTopNode,
  },
];
