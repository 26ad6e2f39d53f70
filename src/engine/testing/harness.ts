// Helpers for engine tests: a small cluster with frozen objects (so accidental mutation of
// shared objects throws), and synchronous wrappers that run the simulation until a kubectl
// command has answered.

import type { Event, KubeObject, Pod } from "../api/objects";
import type { ApiRequest, ApiResponse } from "../apiserver/request";
import { Cluster, type ClusterOptions } from "../cluster/cluster";
import type { CommandResult } from "../kubectl/kubectl";
import type { TraceEvent } from "../trace/traceEvent";

export function testCluster(options: ClusterOptions = {}): Cluster {
  return new Cluster({ freezeObjects: true, addons: false, ...options });
}

/** `kubectl apply`, running the simulation until kubectl has printed its results. */
export function apply(cluster: Cluster, manifest: string, source = "manifest.yaml"): CommandResult[] {
  let results: CommandResult[] | undefined;
  cluster.kubectl.apply(manifest, source, (r) => (results = r));
  while (results === undefined && cluster.sim.step()) {
    /* run until answered */
  }
  if (results === undefined) throw new Error("kubectl apply never answered");
  return results;
}

export function kubectlDelete(
  cluster: Cluster,
  resource: string,
  name: string,
  namespace?: string,
): CommandResult {
  let result: CommandResult | undefined;
  cluster.kubectl.delete(resource, name, namespace, (r) => (result = r));
  while (result === undefined && cluster.sim.step()) {
    /* run until answered */
  }
  if (result === undefined) throw new Error("kubectl delete never answered");
  return result;
}

export function pods(cluster: Cluster): Pod[] {
  return cluster.objects().filter((o) => o.kind === "Pod") as unknown as Pod[];
}

export function pod(cluster: Cluster, name: string, namespace = "default"): Pod | undefined {
  const stored = cluster.apiserver.storage.peek(`/registry/pods/${namespace}/${name}`);
  return stored?.object as unknown as Pod | undefined;
}

export function events(cluster: Cluster, involvedName?: string): Event[] {
  const all = cluster.objects().filter((o) => o.kind === "Event") as unknown as Event[];
  return involvedName === undefined ? all : all.filter((e) => e.involvedObject.name === involvedName);
}

/** Trace events about one object (by name), in order. */
export function traceFor(cluster: Cluster, name: string): TraceEvent[] {
  return cluster.sim.trace.filter((e) => e.object?.name === name);
}

export function podManifest(name: string, extra = ""): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: ${name}
    image: nginx:1.27
${extra}`;
}

export type { KubeObject };

/** Sends one API request as `client` and runs the simulation until the response arrives. */
export function request(cluster: Cluster, req: ApiRequest, client = cluster.kubectl.client): ApiResponse {
  let response: ApiResponse | undefined;
  client.request(req, (r) => (response = r));
  while (response === undefined && cluster.sim.step()) {
    /* run until answered */
  }
  if (response === undefined) throw new Error("no response");
  return response;
}
