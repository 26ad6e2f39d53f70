// What `kubectl top pod` and `top node` share (k8s.io/kubectl/pkg/metricsutil): the PodMetrics
// request through kube-apiserver's aggregation layer and metrics_printer.go's formatting.

import type { ApiRequest, ApiResponse } from "../../../apiserver/request";
import { requestPath } from "../../../apiserver/request";
import { Timing } from "../../../cluster/timing";
import { serveResourceMetrics } from "../../../metrics/aggregator";
import { POD_METRICS_RESOURCE, type PodMetrics } from "../../../metrics/podMetrics";
import { parseQuantity } from "../../../util/quantity";
import type { KubectlEnv } from "../command";

export const METRICS_UNAVAILABLE = "error: Metrics API not available\n";
export const NOT_YET = "error: metrics not available yet\n";

/** GET /apis/metrics.k8s.io/v1beta1/[namespaces/<ns>/]pods, traced kubectl → kube-apiserver → metrics-server. */
export function listPodMetrics(
  env: KubectlEnv,
  namespace: string | undefined,
  labelSelector: string,
  done: (r: ApiResponse) => void,
): void {
  const request: ApiRequest = {
    verb: "list",
    resource: "pods",
    ...(namespace !== undefined ? { namespace } : {}),
    ...(labelSelector !== "" ? { labelSelector } : {}),
  };
  const { sim, apiserver, component, user } = env.client;
  const path = requestPath(POD_METRICS_RESOURCE, request);
  sim.send(
    {
      from: component,
      to: "kube-apiserver",
      kind: "request",
      summary: `GET ${path}`,
      detail: { type: "http", method: "GET", path, user: user.name },
    },
    Timing.networkMs,
    () => serveResourceMetrics(apiserver, component, user, request, done),
  );
}

export const milliCpu = (q: string): number => parseQuantity(q)?.milliValue() ?? 0;
export const bytes = (q: string): number => parseQuantity(q)?.value() ?? 0;
export const cpuText = (milli: number): string => `${milli}m`;
export const memText = (b: number): string => `${Math.floor(b / (1024 * 1024))}Mi`;

export interface Usage {
  readonly namespace: string;
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
}

export function podUsage(m: PodMetrics): Usage {
  let cpu = 0;
  let memory = 0;
  for (const c of m.containers) {
    cpu += milliCpu(c.usage.cpu);
    memory += bytes(c.usage.memory);
  }
  return { namespace: m.metadata.namespace ?? "", name: m.metadata.name ?? "", cpu, memory };
}

/** PodMetricsSorter / NodeMetricsSorter: cpu or memory descending, else namespace then name. */
export function sortUsage<T extends Usage>(items: T[], sortBy: string, withNamespace: boolean): T[] {
  return [...items].sort((a, b) => {
    if (sortBy === "cpu") return b.cpu - a.cpu;
    if (sortBy === "memory") return b.memory - a.memory;
    if (withNamespace && a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

export const line = (cells: readonly string[]): string => cells.map((c) => `${c}\t`).join("") + "\n";
