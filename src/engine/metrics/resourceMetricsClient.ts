// The HPA's resource metrics client (pkg/controller/podautoscaler/metrics/client.go,
// resourceMetricsClient.GetResourceMetric): lists PodMetrics through kube-apiserver, which
// proxies to metrics-server, and sums each pod's usage of one resource (or takes one
// container's) in milli-units, with the sample's timestamp and window.

import type { ApiRequest, ApiResponse } from "../apiserver/request";
import { requestPath } from "../apiserver/request";
import type { ApiClient } from "../client/apiClient";
import { Timing } from "../cluster/timing";
import { parseDuration, parseRfc3339 } from "../sim/time";
import { parseQuantity } from "../util/quantity";
import { serveResourceMetrics } from "./aggregator";
import { POD_METRICS_RESOURCE, type PodMetrics, type PodMetricsList } from "./podMetrics";

/** One pod's sample (metrics.PodMetric): the value in milli-units. */
export interface PodMetric {
  readonly value: number;
  readonly timestampMs: number;
  readonly windowMs: number;
}

/** Pod name → sample (metrics.PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

export type ResourceMetricResult =
  | { readonly ok: true; readonly metrics: PodMetricsInfo; readonly timestampMs: number }
  | { readonly ok: false; readonly error: string };

export class ResourceMetricsClient {
  constructor(private readonly client: ApiClient) {}

  /** GetResourceMetric(resource, namespace, selector, container); `container` "" sums the pod. */
  getResourceMetric(
    resource: string,
    namespace: string,
    labelSelector: string,
    container: string,
    done: (result: ResourceMetricResult) => void,
  ): void {
    const request: ApiRequest = {
      verb: "list",
      resource: "pods",
      namespace,
      ...(labelSelector !== "" ? { labelSelector } : {}),
    };
    const path = requestPath(POD_METRICS_RESOURCE, request);
    const { sim, apiserver, component, user } = this.client;
    sim.send(
      {
        from: component,
        to: "kube-apiserver",
        kind: "request",
        summary: `GET ${path}`,
        detail: { type: "http", method: "GET", path, user: user.name },
      },
      Timing.networkMs,
      () =>
        serveResourceMetrics(apiserver, component, user, request, (response) =>
          done(toResult(response, resource, container)),
        ),
    );
  }
}

function toResult(response: ApiResponse, resource: string, container: string): ResourceMetricResult {
  if (response.code !== 200) {
    const body = response.body as { message?: string };
    // client-go names the request when the server's answer is a bare NotFound / unavailable.
    const message =
      response.code === 404 || response.code === 503
        ? `${body.message ?? ""} (get pods.metrics.k8s.io)`
        : (body.message ?? "");
    return { ok: false, error: `unable to fetch metrics from resource metrics API: ${message}` };
  }
  return podMetricsInfo((response.body as unknown as PodMetricsList).items, resource, container);
}

/** getPodMetrics / getContainerMetrics over a PodMetrics list. */
export function podMetricsInfo(
  items: readonly PodMetrics[],
  resource: string,
  container: string,
): ResourceMetricResult {
  if (items.length === 0) return { ok: false, error: "no metrics returned from resource metrics API" };
  const metrics: PodMetricsInfo = new Map();
  for (const m of items) {
    const sample = (value: number): PodMetric => ({
      value,
      timestampMs: parseRfc3339(m.timestamp) ?? 0,
      windowMs: parseDuration(m.window) ?? 0,
    });
    if (container === "") {
      const value = podSum(m, resource);
      if (value !== undefined) metrics.set(m.metadata.name ?? "", sample(value));
      continue;
    }
    const c = m.containers.find((x) => x.name === container);
    if (!c) {
      return {
        ok: false,
        error: `failed to get container metrics: container ${container} not present in metrics for pod ${m.metadata.namespace ?? ""}/${m.metadata.name ?? ""}`,
      };
    }
    const raw = (c.usage as Record<string, string | undefined>)[resource];
    const q = raw === undefined ? undefined : parseQuantity(raw);
    if (q) metrics.set(m.metadata.name ?? "", sample(q.milliValue()));
  }
  const first = items[0] as PodMetrics;
  return { ok: true, metrics, timestampMs: parseRfc3339(first.timestamp) ?? 0 };
}

/** getPodMetrics: the pod's total, or undefined when a container lacks the resource (or it has none). */
function podSum(m: PodMetrics, resource: string): number | undefined {
  if (m.containers.length === 0) return undefined;
  let sum = 0;
  for (const c of m.containers) {
    const raw = (c.usage as Record<string, string | undefined>)[resource];
    const q = raw === undefined ? undefined : parseQuantity(raw);
    if (!q) return undefined;
    sum += q.milliValue();
  }
  return sum;
}
