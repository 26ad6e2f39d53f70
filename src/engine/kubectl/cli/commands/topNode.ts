// `kubectl top node` (k8s.io/kubectl/pkg/cmd/top/top_node.go): NAME, CPU(cores), CPU(%),
// MEMORY(bytes), MEMORY(%) of allocatable. Simplified: metrics-server here serves only PodMetrics,
// so a node's usage is the sum of its pods' (no system or kubelet overhead), found through one
// pod LIST; no --show-capacity.

import type { KubeList, KubeObject, Node, Pod } from "../../../api/objects";
import { isStatus } from "../../../api/status";
import type { PodMetrics, PodMetricsList } from "../../../metrics/podMetrics";
import { parseQuantity } from "../../../util/quantity";
import { formatKubectlError } from "../../errors";
import { tabwriter } from "../../printers/table";
import type { KubectlEnv, KubectlIO, ParsedCommand } from "../command";
import { flagBool, flagString } from "./getFlags";
import {
  METRICS_UNAVAILABLE,
  NOT_YET,
  cpuText,
  line,
  listPodMetrics,
  memText,
  podUsage,
  sortUsage,
} from "./topMetrics";

export function runTopNode(
  env: KubectlEnv,
  command: ParsedCommand,
  io: KubectlIO,
  done: (code: number) => void,
): void {
  const { flags, args } = command;
  const selector = flagString(flags, "selector");
  const sortBy = flagString(flags, "sort-by");
  const name = args[0];
  if (sortBy !== "" && sortBy !== "cpu" && sortBy !== "memory") {
    io.err(`error: --sort-by accepts only cpu or memory\n`);
    return done(1);
  }
  listPodMetrics(env, undefined, "", (metrics) => {
    if (isStatus(metrics.body)) {
      io.err(metrics.code === 404 ? METRICS_UNAVAILABLE : formatKubectlError(metrics.body));
      return done(1);
    }
    const podMetrics = (metrics.body as unknown as PodMetricsList).items;
    env.client.request(
      {
        verb: name !== undefined ? "get" : "list",
        resource: "nodes",
        ...(name !== undefined ? { name } : {}),
        ...(selector ? { labelSelector: selector } : {}),
      },
      (nodesResponse) => {
        if (isStatus(nodesResponse.body)) {
          io.err(formatKubectlError(nodesResponse.body));
          return done(1);
        }
        const nodes = (name !== undefined
          ? [nodesResponse.body as KubeObject]
          : (nodesResponse.body as KubeList).items) as unknown as Node[];
        env.client.request({ verb: "list", resource: "pods" }, (podsResponse) => {
          const pods = isStatus(podsResponse.body)
            ? []
            : ((podsResponse.body as KubeList).items as unknown as Pod[]);
          printNodes(nodes, pods, podMetrics, { sortBy, noHeaders: flagBool(flags, "no-headers") }, io, done);
        });
      },
    );
  });
}

function printNodes(
  nodes: readonly Node[],
  pods: readonly Pod[],
  metrics: readonly PodMetrics[],
  options: { sortBy: string; noHeaders: boolean },
  io: KubectlIO,
  done: (code: number) => void,
): void {
  if (nodes.length === 0) {
    io.err("No resources found\n");
    return done(0);
  }
  if (metrics.length === 0) {
    io.err(NOT_YET);
    return done(1);
  }
  const nodeOf = new Map(
    pods.map((p) => [`${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`, p.spec?.nodeName ?? ""]),
  );
  const usages = nodes.map((n) => {
    let cpu = 0;
    let memory = 0;
    for (const m of metrics) {
      if (nodeOf.get(`${m.metadata.namespace ?? ""}/${m.metadata.name ?? ""}`) !== n.metadata?.name) continue;
      const u = podUsage(m);
      cpu += u.cpu;
      memory += u.memory;
    }
    return { namespace: "", name: n.metadata?.name ?? "", cpu, memory, node: n };
  });
  const lines = options.noHeaders
    ? []
    : [line(["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"])];
  for (const u of sortUsage(usages, options.sortBy, false)) {
    const allocatable =
      (u.node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {};
    const percent = (used: number, q: string | undefined): string => {
      const available = q === undefined ? 0 : (parseQuantity(q)?.milliValue() ?? 0);
      return available > 0 ? `${Math.trunc((used / available) * 100)}%` : "<unknown>";
    };
    lines.push(
      line([
        u.name,
        cpuText(u.cpu),
        percent(u.cpu, allocatable["cpu"]),
        memText(u.memory),
        percent(u.memory * 1000, allocatable["memory"]),
      ]),
    );
  }
  io.out(tabwriter(lines.join("")));
  done(0);
}
