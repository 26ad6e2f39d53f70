// kube-apiserver's aggregation layer (k8s.io/kube-aggregator) for one APIService,
// v1beta1.metrics.k8s.io: a request for /apis/metrics.k8s.io/v1beta1/... passes authentication
// and authorization like any other, then kube-apiserver proxies it to metrics-server (as the
// front-proxy-client user) and relays the answer. Without a registered backend the path is
// unknown: 404. Simplified: only PodMetrics lists are served (no NodeMetrics, no single GET).

import type { KubeList } from "../api/objects";
import { forbidden } from "../api/status";
import type { ApiServer, RequestContext } from "../apiserver/apiServer";
import { authenticate, authorize } from "../apiserver/handlerChain";
import { type ApiRequest, type ApiResponse, type UserInfo, requestPath } from "../apiserver/request";
import { Timing } from "../cluster/timing";
import type { ComponentName } from "../trace/traceEvent";
import { parseLabelSelector } from "../util/labels";
import type { LabelSelector } from "../util/labelSelector";
import { POD_METRICS_RESOURCE, type PodMetrics, type PodMetricsList } from "./podMetrics";

/** What kube-apiserver proxies metrics.k8s.io to. */
export interface MetricsBackend {
  readonly name: ComponentName;
  listPodMetrics(namespace: string, selector: LabelSelector): readonly PodMetrics[];
}

// The APIService registrations of each apiserver (kube-aggregator's registry).
const registrations = new WeakMap<ApiServer, MetricsBackend>();

export function registerMetricsApiService(apiserver: ApiServer, backend: MetricsBackend): void {
  registrations.set(apiserver, backend);
}

export function notFoundResource(): ApiResponse {
  return {
    code: 404,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "the server could not find the requested resource",
      reason: "NotFound",
      details: {},
      code: 404,
    },
  };
}

/** `GET /apis/metrics.k8s.io/v1beta1/namespaces/<ns>/pods?labelSelector=...`, once kube-apiserver has it. */
export function serveResourceMetrics(
  server: ApiServer,
  client: ComponentName,
  user: UserInfo,
  request: ApiRequest,
  reply: (response: ApiResponse) => void,
): void {
  const info = POD_METRICS_RESOURCE;
  const ctx: RequestContext = {
    client,
    user,
    request,
    info,
    ref: { kind: "PodMetrics", name: "", ...(request.namespace ? { namespace: request.namespace } : {}) },
    reply,
    retries: 0,
  };
  server.stage(
    ctx,
    "authentication",
    () => authenticate(user),
    () =>
      server.stage(
        ctx,
        "authorization",
        () => {
          const decision = authorize(user, info, request);
          return decision.ok
            ? decision
            : { ...decision, status: forbidden("pods.metrics.k8s.io", "", decision.reason ?? "") };
        },
        () => proxy(server, ctx),
      ),
  );
}

function proxy(server: ApiServer, ctx: RequestContext): void {
  const backend = registrations.get(server);
  if (!backend) {
    const { body } = notFoundResource();
    return server.respond(ctx, 404, body);
  }
  const path = requestPath(ctx.info, ctx.request);
  const namespace = ctx.request.namespace ?? "";
  server.sim.send(
    {
      from: "kube-apiserver",
      to: backend.name,
      kind: "request",
      summary: `GET ${path}`,
      detail: { type: "http", method: "GET", path, user: "front-proxy-client" },
    },
    Timing.networkMs,
    () => {
      const selector = parseLabelSelector(ctx.request.labelSelector ?? "");
      const items = selector.ok ? backend.listPodMetrics(namespace, selector.value) : [];
      const list: PodMetricsList = {
        apiVersion: "metrics.k8s.io/v1beta1",
        kind: "PodMetricsList",
        metadata: {},
        items,
      };
      const code = selector.ok ? 200 : 400;
      server.sim.send(
        {
          from: backend.name,
          to: "kube-apiserver",
          kind: "response",
          summary: selector.ok ? `200 OK: ${items.length} PodMetrics` : `400 Bad Request: ${selector.error}`,
          detail: { type: "http", method: "GET", path, code },
        },
        Timing.networkMs,
        () =>
          selector.ok
            ? server.respond(ctx, 200, list as unknown as KubeList)
            : server.respond(ctx, 400, {
                kind: "Status",
                apiVersion: "v1",
                metadata: {},
                status: "Failure",
                message: selector.error,
                reason: "BadRequest",
                code: 400,
              }),
      );
    },
  );
}
