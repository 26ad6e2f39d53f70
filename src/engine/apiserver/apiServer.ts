// kube-apiserver: REST semantics over etcd. Every request passes a visible handler chain
// (authentication → authorization → mutating admission → validation → validating admission)
// before it reaches etcd; each stage is its own traced step. Simplified: one apiserver, no
// aggregation, no webhooks, GET/LIST always read etcd (quorum reads), and updates read the
// current object from the watch cache before a compare-and-swap on its mod revision, as
// GuaranteedUpdate does.

import type { KubeList, KubeObject } from "../api/objects";
import {
  RESOURCES,
  type ResourceInfo,
  apiVersionOf,
  etcdKey,
  qualifiedResource,
  resourceInfo,
} from "../api/resources";
import { type Status, isStatus, notFound } from "../api/status";
import type { EtcdKeyValue, EtcdServer, EtcdWatchEvent } from "../etcd/etcdServer";
import type { Simulation } from "../sim/simulation";
import { Timing } from "../cluster/timing";
import type { ComponentName, HandlerStage, ObjectRef, TraceMessage } from "../trace/traceEvent";
import {
  fieldRequiresExactMatch,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "../util/labels";
import { type AdmissionContext } from "./admission/admission";
import { selectableFields } from "./fields";
import { authenticate, authorize } from "./handlerChain";
import { type ApiRequest, type ApiResponse, type UserInfo, httpMethod, requestPath } from "./request";
import { EtcdStorage, decodeKv } from "./storage";
import { WatchCache, type WatchSpec } from "./watchCache";
import { handleBinding } from "./verbs/binding";
import { handleScale } from "./verbs/scale";
import { handleEviction } from "./verbs/eviction";
import { handleCreate } from "./verbs/create";
import { handleDelete } from "./verbs/delete";
import { handleUpdate } from "./verbs/update";

/** One request in flight: who asked, what, and how to answer. */
export interface RequestContext {
  readonly client: ComponentName;
  readonly user: UserInfo;
  readonly request: ApiRequest;
  readonly info: ResourceInfo;
  readonly ref: ObjectRef;
  readonly reply: (response: ApiResponse) => void;
  /** Extra conflict retries left (GuaranteedUpdate retries when the client sent no resourceVersion). */
  retries: number;
}

export interface StageResult {
  readonly ok: boolean;
  readonly notes: readonly string[];
  readonly status?: Status;
}

const statusText: Record<number, string> = {
  200: "OK",
  201: "Created",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};

export class ApiServer {
  readonly storage: EtcdStorage;
  private readonly caches = new Map<string, WatchCache>();

  constructor(
    readonly sim: Simulation,
    readonly etcd: EtcdServer,
  ) {
    this.storage = new EtcdStorage(etcd);
    for (const info of RESOURCES) this.caches.set(info.resource, new WatchCache(sim, info));
  }

  /** Opens the etcd watches (one per resource) from the next revision on, and starts compaction. */
  start(): void {
    for (const info of RESOURCES) {
      const cache = this.watchCache(info.resource);
      const { kvs } = this.etcd.store.range(info.etcdPrefix, { prefix: true }) as { kvs: EtcdKeyValue[] };
      cache.prime(kvs.map((kv) => ({ key: kv.key, object: decodeKv(kv) })));
      this.etcd.watchPrefix(
        info.etcdPrefix,
        (event) => refFromEtcdEvent(info, event),
        (event) => cache.onEtcdEvent(event),
      );
    }
    this.startCompactor();
  }

  /** Periodic etcd compaction, keeping about five minutes of history (--etcd-compaction-interval). */
  private startCompactor(): void {
    let previous = this.storage.revision;
    const tick = (): void => {
      if (previous > this.etcd.store.compactRevision) this.etcd.compact(previous);
      previous = this.storage.revision;
      this.sim.schedule(Timing.etcdCompactionInterval, tick, { background: true });
    };
    this.sim.schedule(Timing.etcdCompactionInterval, tick, { background: true });
  }

  watchCache(resource: string): WatchCache {
    const cache = this.caches.get(resource);
    if (!cache) throw new Error(`no watch cache for ${resource}`);
    return cache;
  }

  /** Registers a client watch (the informer's long-running GET ?watch=true). */
  watch(resource: string, spec: WatchSpec): () => void {
    return this.watchCache(resource).addWatcher(spec);
  }

  /**
   * A watch given as a client writes it: `?labelSelector=...&fieldSelector=...`. An exact
   * `spec.nodeName=` or `metadata.name=` requirement uses the watch cache's index.
   */
  watchWithSelectors(
    resource: string,
    options: { component: ComponentName; namespace?: string; labelSelector?: string; fieldSelector?: string },
    handler: WatchSpec["handler"],
  ): { ok: true; stop: () => void } | { ok: false; error: string } {
    const labels = parseLabelSelector(options.labelSelector ?? "");
    if (!labels.ok) return { ok: false, error: labels.error };
    const fields = parseFieldSelector(options.fieldSelector ?? "");
    if (!fields.ok) return { ok: false, error: fields.error };
    const nodeName = fieldRequiresExactMatch(fields.value, "spec.nodeName");
    const name = fieldRequiresExactMatch(fields.value, "metadata.name");
    const stop = this.watch(resource, {
      component: options.component,
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(nodeName !== undefined && resource === "pods" ? { nodeName } : name !== undefined ? { name } : {}),
      matches: (o) =>
        matchesLabels(labels.value, o.metadata.labels) &&
        matchesFields(fields.value, selectableFields(resource, o)),
      handler,
    });
    return { ok: true, stop };
  }

  /** A request arrives from a client (the client's message has already been traced). */
  handle(
    client: ComponentName,
    user: UserInfo,
    request: ApiRequest,
    reply: (response: ApiResponse) => void,
  ): void {
    const info = resourceInfo(request.resource);
    if (info === undefined) {
      this.sim.send(
        {
          from: "kube-apiserver",
          to: client,
          kind: "response",
          summary: "404 Not Found: the server could not find the requested resource",
        },
        Timing.networkMs,
        () => reply({ code: 404, body: notFound(request.resource, request.name ?? "") }),
      );
      return;
    }
    const ctx: RequestContext = {
      client,
      user,
      request,
      info,
      ref: refFromRequest(info, request),
      reply,
      retries: 5,
    };
    this.stage(
      ctx,
      "authentication",
      () => authenticate(user),
      () =>
        this.stage(
          ctx,
          "authorization",
          () => {
            const decision = authorize(user, info, request);
            return decision.ok
              ? decision
              : { ...decision, status: forbiddenFor(info, request, decision.reason ?? "") };
          },
          () => this.dispatch(ctx),
        ),
    );
  }

  private dispatch(ctx: RequestContext): void {
    const { request } = ctx;
    if (request.subresource === "binding") return handleBinding(this, ctx);
    if (request.subresource === "scale") return handleScale(this, ctx);
    if (request.subresource === "eviction") return handleEviction(this, ctx);
    switch (request.verb) {
      case "create":
        return handleCreate(this, ctx);
      case "update":
      case "patch":
        return handleUpdate(this, ctx);
      case "delete":
        return handleDelete(this, ctx);
      case "get":
        return this.get(ctx);
      case "list":
        return this.list(ctx);
    }
  }

  /** Runs one handler-chain stage as its own traced step, then continues or answers with an error. */
  stage(ctx: RequestContext, stage: HandlerStage, run: () => StageResult, next: () => void): void {
    let result: StageResult = { ok: false, notes: [] };
    this.sim.send(
      (): TraceMessage => {
        result = run();
        return {
          from: "kube-apiserver",
          to: "kube-apiserver",
          kind: "internal",
          summary: `${stage}: ${result.ok ? stageSummary(result.notes) : (result.status?.message ?? "rejected")}`,
          object: ctx.ref,
          detail: { type: "stage", stage, ok: result.ok, notes: result.notes },
        };
      },
      Timing.apiserverStageMs,
      () => {
        if (result.ok) next();
        else
          this.fail(
            ctx,
            result.status ?? {
              kind: "Status",
              apiVersion: "v1",
              metadata: {},
              status: "Failure",
              message: "rejected",
              code: 500,
            },
          );
      },
    );
  }

  /** Sends the response back to the client. */
  respond(ctx: RequestContext, code: number, body: KubeObject | KubeList | Status, revision?: number): void {
    const failed = isStatus(body) && body.status === "Failure";
    const summary = `${code} ${statusText[code] ?? ""}${failed ? `: ${body.message}` : ""}`;
    this.sim.send(
      {
        from: "kube-apiserver",
        to: ctx.client,
        kind: "response",
        summary,
        object: ctx.ref,
        ...(revision !== undefined ? { revision } : {}),
        detail: {
          type: "http",
          method: httpMethod(ctx.request),
          path: requestPath(ctx.info, ctx.request),
          code,
          ...(failed && body.reason ? { reason: body.reason } : {}),
          ...(failed ? { message: body.message } : {}),
        },
      },
      Timing.networkMs,
      () => ctx.reply({ code, body }),
    );
  }

  fail(ctx: RequestContext, status: Status): void {
    this.respond(ctx, status.code, status);
  }

  admissionContext(ctx: RequestContext, operation: AdmissionContext["operation"]): AdmissionContext {
    return {
      info: ctx.info,
      request: ctx.request,
      user: ctx.user,
      operation,
      rng: this.sim.rng,
      namespacePhase: (name) => {
        const ns = this.storage.peek(`/registry/namespaces/${name}`);
        if (!ns) return undefined;
        return (ns.object["status"] as { phase?: string } | undefined)?.phase === "Terminating"
          ? "Terminating"
          : "Active";
      },
    };
  }

  keyFor(ctx: RequestContext, name = ctx.request.name ?? ""): string {
    return etcdKey(ctx.info, ctx.request.namespace, name);
  }

  private get(ctx: RequestContext): void {
    const name = ctx.request.name ?? "";
    this.storage.get(this.keyFor(ctx), ctx.ref, (stored) => {
      if (stored) this.respond(ctx, 200, stored.object, stored.modRevision);
      else this.fail(ctx, notFound(qualifiedResource(ctx.info), name));
    });
  }

  private list(ctx: RequestContext): void {
    const { info, request } = ctx;
    const labels = parseLabelSelector(request.labelSelector ?? "");
    const fields = parseFieldSelector(request.fieldSelector ?? "");
    if (!labels.ok || !fields.ok) {
      const message = !labels.ok ? labels.error : !fields.ok ? fields.error : "";
      this.fail(ctx, {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message,
        reason: "BadRequest",
        code: 400,
      });
      return;
    }
    const prefix =
      info.namespaced && request.namespace ? `${info.etcdPrefix}${request.namespace}/` : info.etcdPrefix;
    this.storage.list(prefix, (objects, revision) => {
      const items = objects.filter(
        (o) =>
          matchesLabels(labels.value, o.metadata.labels) &&
          matchesFields(fields.value, selectableFields(info.resource, o)),
      );
      this.respond(ctx, 200, {
        apiVersion: apiVersionOf(info),
        kind: `${info.kind}List`,
        metadata: { resourceVersion: String(revision) },
        items,
      });
    });
  }
}

/** The stage's notes as one timeline line: a lone note whole, several by their plugin names. */
function stageSummary(notes: readonly string[]): string {
  if (notes.length === 0) return "ok";
  const line = notes.length === 1 ? (notes[0] as string) : notes.map((n) => n.split(": ")[0]).join("; ");
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function forbiddenFor(info: ResourceInfo, request: ApiRequest, reason: string): Status {
  const resource = qualifiedResource(info);
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `${request.name ? `${resource} "${request.name}"` : resource} is forbidden: ${reason}`,
    reason: "Forbidden",
    details: { ...(request.name ? { name: request.name } : {}), group: info.group, kind: info.resource },
    code: 403,
  };
}

function refFromRequest(info: ResourceInfo, request: ApiRequest): ObjectRef {
  const body = request.body as { metadata?: { name?: string; generateName?: string } } | undefined;
  const name =
    request.name ??
    body?.metadata?.name ??
    (body?.metadata?.generateName ? `${body.metadata.generateName}*` : "");
  return {
    kind: request.subresource === "binding" ? "Pod" : info.kind,
    name,
    ...(info.namespaced && request.namespace ? { namespace: request.namespace } : {}),
  };
}

function refFromEtcdEvent(info: ResourceInfo, event: EtcdWatchEvent): ObjectRef | undefined {
  const object = event.type === "PUT" ? event.kv.value : event.prevKv?.value;
  if (!object) return undefined;
  const { name, namespace, uid } = object.metadata;
  return { kind: info.kind, name: name ?? "", ...(namespace ? { namespace } : {}), ...(uid ? { uid } : {}) };
}
