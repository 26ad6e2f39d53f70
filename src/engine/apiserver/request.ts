// The request/response shapes clients exchange with the simulated kube-apiserver: the REST
// verbs of the Kubernetes API, without HTTP framing.

import type { KubeList, KubeObject } from "../api/objects";
import { type ResourceInfo, resourcePath } from "../api/resources";
import type { Status } from "../api/status";

export type Verb = "create" | "get" | "list" | "update" | "patch" | "delete";

export const PatchType = {
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export interface ApiRequest {
  readonly verb: Verb;
  /** Plural resource: `pods`. */
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  /** `log`: kubectl logs' GET; the kubelet serves the lines, the apiserver only authorizes and traces it. */
  readonly subresource?: "status" | "binding" | "finalize" | "scale" | "eviction" | "log";
  readonly body?: unknown;
  readonly patchType?: PatchType;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  /** DeleteOptions.propagationPolicy: what the garbage collector does with the dependents. */
  readonly propagationPolicy?: "Background" | "Foreground" | "Orphan";
  /** kubectl sends `Strict` by default since 1.27: unknown fields are errors. */
  readonly fieldValidation?: "Strict" | "Warn" | "Ignore";
  readonly dryRun?: boolean;
}

export interface ApiResponse {
  readonly code: number;
  readonly body: KubeObject | KubeList | Status;
}

/** Who is calling, as the authentication stage establishes it. */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  /** How the user authenticated, for the narration. */
  readonly via: string;
}

const methods: Record<Verb, string> = {
  create: "POST",
  get: "GET",
  list: "GET",
  update: "PUT",
  patch: "PATCH",
  delete: "DELETE",
};

export function httpMethod(request: ApiRequest): string {
  return methods[request.verb];
}

export function requestPath(info: ResourceInfo, request: ApiRequest): string {
  const path = resourcePath(info, request.namespace, request.name, request.subresource);
  const query: string[] = [];
  if (request.labelSelector) query.push(`labelSelector=${encodeURIComponent(request.labelSelector)}`);
  if (request.fieldSelector) query.push(`fieldSelector=${encodeURIComponent(request.fieldSelector)}`);
  if (
    request.fieldValidation &&
    request.verb !== "get" &&
    request.verb !== "list" &&
    request.verb !== "delete"
  )
    query.push(`fieldValidation=${request.fieldValidation}`);
  return query.length ? `${path}?${query.join("&")}` : path;
}
