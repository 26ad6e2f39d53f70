// Fixtures for the garbage collector's tests: a ReplicaSet object (no ReplicaSet controller runs
// in the testbed) with pods that name it in their ownerReferences, and a client acting as kubectl.

import type { KubeObject, OwnerReference, Pod } from "../api/objects";
import { Users } from "../apiserver/handlerChain";
import type { ApiRequest, ApiResponse } from "../apiserver/request";
import { defaultPod } from "../apiserver/registry/podDefaults";
import { ApiClient } from "../client/apiClient";
import { type ControllerTestbed, controllerTestbed } from "../testing/controllerTestbed";
import { controllerRefTo } from "./controllerUtils";
import { GarbageCollector } from "./garbageCollector";

export const RS_UID = "uid-rs-web";

export function replicaSet(extra: Partial<KubeObject["metadata"]> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web", namespace: "default", uid: RS_UID, generation: 1, ...extra },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
      },
    },
  };
}

export const RS_REF: OwnerReference = controllerRefTo(replicaSet());

/** A pod (defaulted, as the apiserver would have stored it) owned by `owners`. */
export function ownedPod(name: string, owners: readonly OwnerReference[] = [RS_REF]): KubeObject {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-pod-${name}`,
      labels: { app: "web" },
      ...(owners.length ? { ownerReferences: [...owners] } : {}),
    },
    spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
    status: { phase: "Pending", qosClass: "BestEffort" },
  };
  return defaultPod(pod, []) as unknown as KubeObject;
}

export interface GcSetup {
  readonly tb: ControllerTestbed;
  readonly gc: GarbageCollector;
  readonly admin: ApiClient;
}

/** Preloads the objects, starts the collector (as generic-garbage-collector) and settles. */
export function setup(objects: readonly KubeObject[]): GcSetup {
  const tb = controllerTestbed(objects, { controllerName: "generic-garbage-collector" });
  const gc = new GarbageCollector(tb.client);
  gc.start();
  tb.run();
  const admin = new ApiClient(tb.sim, "kubectl", Users.admin, tb.apiserver);
  return { tb, gc, admin };
}

/** Sends one request as kubectl and returns the response once it has arrived. */
export function send(s: GcSetup, request: ApiRequest): ApiResponse {
  let response: ApiResponse | undefined;
  s.admin.request(request, (r) => (response = r));
  while (response === undefined && s.tb.sim.step()) {
    /* until answered */
  }
  if (response === undefined) throw new Error("no response");
  return response;
}

export function deleteReplicaSet(
  s: GcSetup,
  propagationPolicy?: ApiRequest["propagationPolicy"],
): ApiResponse {
  return send(s, {
    verb: "delete",
    resource: "replicasets",
    namespace: "default",
    name: "web",
    ...(propagationPolicy ? { propagationPolicy } : {}),
  });
}

/** Each recorded call with its DeleteOptions or patch body, for exact assertions. */
export function callsWithBodies(tb: ControllerTestbed): string[] {
  return tb.client.actions.map((a) => {
    const method = {
      create: "POST",
      get: "GET",
      list: "GET",
      update: "PUT",
      patch: "PATCH",
      delete: "DELETE",
    }[a.verb];
    const r = a.request;
    const extra =
      a.verb === "delete"
        ? ` ${JSON.stringify({ preconditions: r.preconditions, propagationPolicy: r.propagationPolicy })}`
        : a.verb === "patch"
          ? ` ${r.patchType === "application/merge-patch+json" ? "merge" : "strategic"} ${JSON.stringify(r.body)}`
          : "";
    return `${method} ${a.path}${extra}`;
  });
}
