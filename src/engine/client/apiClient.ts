// client-go's REST client, as each component holds one: every call is a traced request to
// kube-apiserver, and the response comes back as a traced message.

import type { KubeObject } from "../api/objects";
import { resourceInfo } from "../api/resources";
import type { ApiServer } from "../apiserver/apiServer";
import {
  type ApiRequest,
  type ApiResponse,
  type UserInfo,
  httpMethod,
  requestPath,
} from "../apiserver/request";
import type { WatchSpec } from "../apiserver/watchCache";
import { Timing } from "../cluster/timing";
import type { Simulation } from "../sim/simulation";
import type { ComponentName, ObjectRef } from "../trace/traceEvent";
import type { SharedInformerFactory } from "./informer";

export type ResponseHandler = (response: ApiResponse) => void;

export class ApiClient {
  /** Informer caches shared with the other clients of the same process (kube-controller-manager). */
  informers: SharedInformerFactory | undefined;

  constructor(
    readonly sim: Simulation,
    readonly component: ComponentName,
    readonly user: UserInfo,
    readonly apiserver: ApiServer,
  ) {}

  request(request: ApiRequest, done?: ResponseHandler): void {
    const info = resourceInfo(request.resource);
    const path = info ? requestPath(info, request) : `/api/v1/${request.resource}`;
    const body = request.body as { metadata?: { name?: string; generateName?: string } } | undefined;
    const name =
      request.name ??
      body?.metadata?.name ??
      (body?.metadata?.generateName ? `${body.metadata.generateName}*` : "");
    const object: ObjectRef | undefined = info
      ? {
          kind: request.subresource === "binding" ? "Pod" : info.kind,
          name,
          ...(info.namespaced && request.namespace ? { namespace: request.namespace } : {}),
        }
      : undefined;
    const method = httpMethod(request);
    this.sim.send(
      {
        from: this.component,
        to: "kube-apiserver",
        kind: "request",
        summary: `${method} ${path}`,
        ...(object && name ? { object } : {}),
        detail: {
          type: "http",
          method,
          path,
          user: this.user.name,
          ...(request.verb === "patch" ? { patch: request.body } : {}),
        },
      },
      Timing.networkMs,
      () => this.apiserver.handle(this.component, this.user, request, (response) => done?.(response)),
    );
  }

  create(resource: string, namespace: string | undefined, body: KubeObject, done?: ResponseHandler): void {
    this.request({ verb: "create", resource, ...(namespace ? { namespace } : {}), body }, done);
  }

  /** A JSON merge patch, on the object or its `status` subresource. */
  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: { subresource?: "status"; strategic?: boolean } = {},
    done?: ResponseHandler,
  ): void {
    this.request(
      {
        verb: "patch",
        resource,
        name,
        ...(namespace ? { namespace } : {}),
        ...(options.subresource ? { subresource: options.subresource } : {}),
        body: patch,
        patchType: options.strategic
          ? "application/strategic-merge-patch+json"
          : "application/merge-patch+json",
      },
      done,
    );
  }

  update(resource: string, namespace: string | undefined, body: KubeObject, done?: ResponseHandler): void {
    this.request(
      { verb: "update", resource, name: body.metadata.name ?? "", ...(namespace ? { namespace } : {}), body },
      done,
    );
  }

  /** Registers a watch; the events arrive as traced messages from kube-apiserver. */
  watch(resource: string, spec: Omit<WatchSpec, "component">): () => void {
    return this.apiserver.watch(resource, { ...spec, component: this.component });
  }
}
