// A testbed for controller tests in the style of kubernetes' sample-controller: preload objects
// into etcd (so informers start with them, as after a sync), build the controller with a client
// that records every API call it makes, run `reconcile`, and assert the calls. Only etcd and
// kube-apiserver run: no scheduler, kubelets or other controllers react to the writes.

import type { KubeObject } from "../api/objects";
import { apiVersionOf, etcdKey, resourceForKind, resourceInfo } from "../api/resources";
import { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import type { ApiRequest } from "../apiserver/request";
import { requestPath } from "../apiserver/request";
import { ApiClient, type ResponseHandler } from "../client/apiClient";
import { EtcdServer } from "../etcd/etcdServer";
import { Simulation } from "../sim/simulation";

/** One API call a controller made: `POST /apis/apps/v1/namespaces/default/replicasets`. */
export interface RecordedAction {
  readonly verb: ApiRequest["verb"];
  readonly path: string;
  readonly request: ApiRequest;
}

/** An ApiClient that records each request before sending it. */
export class RecordingApiClient extends ApiClient {
  readonly actions: RecordedAction[] = [];

  override request(request: ApiRequest, done?: ResponseHandler): void {
    const info = resourceInfo(request.resource);
    const path = info ? requestPath(info, request) : request.resource;
    this.actions.push({ verb: request.verb, path, request });
    super.request(request, done);
  }

  /** `POST /api/v1/namespaces/default/pods`-style lines, in order; reads (GET) left out unless asked. */
  calls(options: { includeReads?: boolean } = {}): string[] {
    return this.actions
      .filter((a) => options.includeReads || (a.verb !== "get" && a.verb !== "list"))
      .map((a) => `${methodOf(a.verb)} ${a.path}`);
  }

  clear(): void {
    this.actions.length = 0;
  }
}

function methodOf(verb: ApiRequest["verb"]): string {
  return { create: "POST", get: "GET", list: "GET", update: "PUT", patch: "PATCH", delete: "DELETE" }[verb];
}

export interface ControllerTestbed {
  readonly sim: Simulation;
  readonly apiserver: ApiServer;
  readonly client: RecordingApiClient;
  /** Runs the simulation until nothing but background work is left. */
  run(): void;
  /** The stored object, or undefined. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Every stored object of a resource. */
  list(resource: string, namespace?: string): KubeObject[];
}

/**
 * Preloads `objects` (uids and creationTimestamps filled in when missing) and starts the apiserver.
 * Build the controller under test with `testbed.client`, start it, then call its reconcile.
 */
export function controllerTestbed(
  objects: readonly KubeObject[],
  options: { controllerName?: string; seed?: number } = {},
): ControllerTestbed {
  const sim = new Simulation({ seed: options.seed ?? 1 });
  const etcd = new EtcdServer(sim);
  for (const ns of ["default", "kube-system", "kube-node-lease", "kube-public"]) {
    etcd.store.put(`/registry/namespaces/${ns}`, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, uid: `uid-ns-${ns}`, creationTimestamp: sim.timestamp() },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    } as KubeObject);
  }
  for (const object of objects) {
    const info = resourceForKind(object.apiVersion ?? "", object.kind ?? "");
    if (!info) throw new Error(`unknown kind ${object.apiVersion}/${object.kind}`);
    const meta = object.metadata;
    const namespace = info.namespaced ? (meta.namespace ?? "default") : undefined;
    const stored: KubeObject = {
      ...object,
      apiVersion: apiVersionOf(info),
      metadata: {
        ...meta,
        ...(namespace ? { namespace } : {}),
        uid: meta.uid ?? `uid-${info.resource}-${meta.name ?? ""}`,
        creationTimestamp: meta.creationTimestamp ?? sim.timestamp(),
      },
    };
    etcd.store.put(etcdKey(info, namespace, meta.name ?? ""), stored);
  }
  const apiserver = new ApiServer(sim, etcd);
  apiserver.start();
  const client = new RecordingApiClient(
    sim,
    "kube-controller-manager",
    Users.controller(options.controllerName ?? "test-controller"),
    apiserver,
  );
  const read = (resource: string, namespace: string | undefined, name: string): KubeObject | undefined => {
    const info = resourceInfo(resource);
    if (!info) throw new Error(`unknown resource ${resource}`);
    return apiserver.storage.peek(etcdKey(info, namespace, name))?.object;
  };
  return {
    sim,
    apiserver,
    client,
    run: () => sim.runUntilIdle(),
    get: read,
    list: (resource, namespace) => {
      const info = resourceInfo(resource);
      if (!info) throw new Error(`unknown resource ${resource}`);
      return apiserver
        .watchCache(resource)
        .list(namespace !== undefined ? { namespace } : {})
        .map((o) => read(resource, o.metadata.namespace, o.metadata.name ?? "") ?? o);
    },
  };
}
