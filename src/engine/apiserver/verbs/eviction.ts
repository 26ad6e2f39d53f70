// POST pods/<name>/eviction (pkg/registry/core/pod/storage/eviction.go, EvictionREST.Create): the
// Eviction API that `kubectl drain` uses. The pod gets the DisruptionTarget condition
// (EvictionByEvictionAPI, "Eviction API: evicting"), then is deleted as a DELETE with the
// Eviction's deleteOptions would delete it — gracefully, so its kubelet stops it — and the answer
// is 201 with a Status "Success". Simplified: PodDisruptionBudgets are not simulated, so an
// eviction is never refused with 429 TooManyRequests; no dry run.

import type { KubeObject, Pod, PodCondition } from "../../api/objects";
import { OBJECT_MODIFIED, badRequest, conflict, notFound } from "../../api/status";
import { formatRfc3339 } from "../../sim/time";
import type { ApiServer, RequestContext } from "../apiServer";
import type { StoredObject } from "../storage";

interface EvictionBody {
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: { gracePeriodSeconds?: number };
}

const REASON = "EvictionByEvictionAPI";
const MESSAGE = "Eviction API: evicting";

function unversioned(object: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/** podutil.UpdatePodCondition with DisruptionTarget; undefined when the pod already has it. */
function withDisruptionTarget(pod: Pod, now: string): Pod | undefined {
  const conditions = pod.status?.conditions ?? [];
  const existing = conditions.find((c) => c.type === "DisruptionTarget");
  if (existing?.status === "True" && existing.reason === REASON && existing.message === MESSAGE)
    return undefined;
  const condition: PodCondition = {
    type: "DisruptionTarget",
    status: "True",
    lastProbeTime: null as unknown as string,
    lastTransitionTime: (existing?.status === "True" ? existing.lastTransitionTime : undefined) ?? now,
    reason: REASON,
    message: MESSAGE,
  };
  const next = existing
    ? conditions.map((c) => (c === existing ? condition : c))
    : [...conditions, condition];
  return { ...pod, status: { ...pod.status, conditions: next } };
}

/** The pod strategy's CheckGracefulDelete: how long the graceful deletion waits. */
function gracePeriodOf(pod: Pod, requested: number | undefined): number {
  let grace = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  if (grace < 0) grace = 1;
  const phase = pod.status?.phase;
  if (!pod.spec?.nodeName || phase === "Succeeded" || phase === "Failed") grace = 0;
  return grace;
}

export function handleEviction(server: ApiServer, ctx: RequestContext): void {
  const name = ctx.request.name ?? "";
  const namespace = ctx.request.namespace ?? "";
  const body = (ctx.request.body ?? {}) as EvictionBody;
  const key = server.keyFor(ctx);
  const success = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 } as const;

  const attempt = (): void => {
    let current: StoredObject | undefined;
    server.stage(
      ctx,
      "validation",
      () => {
        if (ctx.info.resource !== "pods" || ctx.request.verb !== "create") {
          const status = notFound(ctx.info.resource, name);
          return { ok: false, notes: ["only pods can be evicted, with POST"], status };
        }
        if ((body.metadata?.name ?? "") !== name) {
          const status = badRequest("name in URL does not match name in Eviction object");
          return { ok: false, notes: [status.message], status };
        }
        current = server.storage.peek(key);
        if (!current) return { ok: false, notes: [`pod ${name} not found`], status: notFound("pods", name) };
        return {
          ok: true,
          notes: [
            `evict pod ${namespace}/${name}: no PodDisruptionBudget to check (PodDisruptionBudgets are not simulated), so the eviction is allowed`,
          ],
        };
      },
      () => {
        const stored = current as StoredObject;
        const pod = stored.object as unknown as Pod;
        const marked = withDisruptionTarget(pod, server.sim.timestamp());
        if (!marked) return remove(pod, stored.modRevision);
        server.storage.update(
          key,
          unversioned(marked as unknown as KubeObject),
          stored.modRevision,
          ctx.ref,
          (result) => {
            if (result.ok) return remove(result.stored.object as unknown as Pod, result.stored.modRevision);
            if (result.reason === "conflict" && ctx.retries-- > 0) return attempt();
            server.fail(ctx, conflict("pods", name, OBJECT_MODIFIED));
          },
        );
      },
    );
  };

  /** store.Delete: a graceful deletion, or at once for a pod with nothing to stop. */
  const remove = (pod: Pod, modRevision: number): void => {
    const meta = pod.metadata ?? {};
    if (meta.deletionTimestamp) return server.respond(ctx, 201, success);
    const grace = gracePeriodOf(pod, body.deleteOptions?.gracePeriodSeconds);
    const done = (result: { ok: boolean; reason?: string }): void => {
      if (result.ok) return server.respond(ctx, 201, success);
      if (result.reason === "conflict" && ctx.retries-- > 0) return attempt();
      server.fail(ctx, conflict("pods", name, OBJECT_MODIFIED));
    };
    if (grace === 0 && (meta.finalizers ?? []).length === 0)
      return server.storage.remove(key, modRevision, ctx.ref, done);
    const now = server.sim.epochMs + server.sim.now;
    const deleting = {
      ...pod,
      metadata: {
        ...meta,
        deletionTimestamp: formatRfc3339(now + grace * 1000),
        deletionGracePeriodSeconds: grace,
      },
    } as unknown as KubeObject;
    server.storage.update(key, unversioned(deleting), modRevision, ctx.ref, done);
  };

  attempt();
}
