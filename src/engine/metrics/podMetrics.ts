// The resource metrics API (k8s.io/metrics pkg/apis/metrics/v1beta1): PodMetrics as
// metrics-server serves them under /apis/metrics.k8s.io/v1beta1. Not a stored resource: the
// kube-apiserver proxies these paths to metrics-server (kube-aggregator), so the API is
// described here and not in api/resources.ts (whose resources all live in etcd).

import type { ObjectMeta } from "../api/objects";
import type { ResourceInfo } from "../api/resources";

export interface ContainerMetrics {
  readonly name: string;
  /** `cpu` in nanocores (`91000000n`), `memory` in Ki, as metrics-server prints them. */
  readonly usage: { readonly cpu: string; readonly memory: string };
}

export interface PodMetrics {
  readonly apiVersion: "metrics.k8s.io/v1beta1";
  readonly kind: "PodMetrics";
  readonly metadata: ObjectMeta;
  /** When the newer of the two samples the rate is computed from was taken. */
  readonly timestamp: string;
  /** The time between the two samples (Go duration text: `15s`). */
  readonly window: string;
  readonly containers: readonly ContainerMetrics[];
}

export interface PodMetricsList {
  readonly apiVersion: "metrics.k8s.io/v1beta1";
  readonly kind: "PodMetricsList";
  readonly metadata: Record<string, never>;
  readonly items: readonly PodMetrics[];
}

/** pods.metrics.k8s.io, for paths and authorization; served by the APIService v1beta1.metrics.k8s.io. */
export const POD_METRICS_RESOURCE: ResourceInfo = {
  kind: "PodMetrics",
  resource: "pods",
  group: "metrics.k8s.io",
  version: "v1beta1",
  namespaced: true,
  etcdPrefix: "",
  shortNames: [],
  singular: "",
};

/** metrics-server's --metric-resolution: how often it scrapes every kubelet. */
export const METRIC_RESOLUTION_MS = 15_000;

/** CPU in nanocores as metrics-server writes it: `91000000n`. */
export function nanocores(milli: number): string {
  return `${Math.round(milli * 1_000_000)}n`;
}
