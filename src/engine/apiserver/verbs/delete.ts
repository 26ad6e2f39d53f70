// DELETE (registry.Store.Delete with rest.BeforeDelete): graceful deletion for pods — set
// deletionTimestamp and the grace period, and let the kubelet stop the pod and delete it with
// grace 0 — and finalizers, which keep an object until its controllers remove them.

import type { KubeObject, Pod } from "../../api/objects";
import { conflict, notFound } from "../../api/status";
import { qualifiedResource } from "../../api/resources";
import { OBJECT_MODIFIED } from "../../api/status";
import { runValidatingAdmission } from "../admission/admission";
import type { ApiServer, RequestContext } from "../apiServer";
import { strategyFor } from "../registry/strategies";
import type { StoredObject } from "../storage";
import { formatRfc3339 } from "../../sim/time";

/** How long a graceful deletion waits, or 0 to delete now (pkg/registry/core/pod/strategy.go CheckGracefulDelete). */
function gracePeriod(object: KubeObject, requested: number | undefined): number {
  const pod = object as unknown as Pod;
  let grace = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  if (grace < 0) grace = 1;
  // An unscheduled pod, or one that already finished, has nothing to stop.
  if (!pod.spec?.nodeName) grace = 0;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") grace = 0;
  return grace;
}

export function handleDelete(server: ApiServer, ctx: RequestContext): void {
  const { info, request } = ctx;
  const name = request.name ?? "";
  const resource = qualifiedResource(info);
  const key = server.keyFor(ctx);

  const attempt = (): void => {
    let current: StoredObject | undefined;
    server.stage(
      ctx,
      "validating-admission",
      () => {
        current = server.storage.peek(key);
        if (!current)
          return { ok: false, notes: [`${info.kind} ${name} not found`], status: notFound(resource, name) };
        const meta = current.object.metadata;
        const pre = request.preconditions;
        if (pre?.uid !== undefined && pre.uid !== meta.uid) {
          const status = conflict(
            resource,
            name,
            `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ""}`,
          );
          return { ok: false, notes: [status.message], status };
        }
        if (pre?.resourceVersion !== undefined && pre.resourceVersion !== meta.resourceVersion) {
          const status = conflict(
            resource,
            name,
            `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ""}`,
          );
          return { ok: false, notes: [status.message], status };
        }
        const result = runValidatingAdmission(current.object, server.admissionContext(ctx, "DELETE"));
        return result.status
          ? { ok: false, notes: result.notes, status: result.status }
          : { ok: true, notes: result.notes };
      },
      () => {
        const stored = current as StoredObject;
        const object = stored.object;
        const meta = object.metadata;
        const strategy = strategyFor(info.resource);
        const grace = strategy.graceful ? gracePeriod(object, request.gracePeriodSeconds) : 0;
        const finalizers = meta.finalizers ?? [];
        const namespaceFinalizers =
          info.resource === "namespaces"
            ? ((object["spec"] as { finalizers?: string[] } | undefined)?.finalizers ?? [])
            : [];

        if (meta.deletionTimestamp !== undefined) {
          // Already being deleted: only a shorter grace period changes anything.
          const remaining = meta.deletionGracePeriodSeconds ?? 0;
          if (grace >= remaining || !strategy.graceful)
            return server.respond(ctx, 200, object, stored.modRevision);
        }
        if (grace === 0 && finalizers.length === 0 && namespaceFinalizers.length === 0) {
          return finishDeletion(server, ctx, stored, attempt);
        }
        const deleting: KubeObject = {
          ...object,
          metadata: {
            ...meta,
            deletionTimestamp: formatRfc3339(server.sim.epochMs + server.sim.now + grace * 1000),
            deletionGracePeriodSeconds: grace,
          },
        };
        if (info.resource === "namespaces")
          deleting["status"] = { ...(object["status"] as object), phase: "Terminating" };
        const { resourceVersion: _rv, ...unversioned } = deleting.metadata;
        deleting.metadata = unversioned;
        server.storage.update(key, deleting, stored.modRevision, ctx.ref, (result) => {
          if (result.ok) return server.respond(ctx, 200, result.stored.object, result.stored.modRevision);
          if (result.reason === "conflict" && ctx.retries-- > 0) return attempt();
          server.fail(ctx, conflict(resource, name, OBJECT_MODIFIED));
        });
      },
    );
  };
  attempt();
}

/** Removes the key from etcd; the response carries the object's last state. */
export function finishDeletion(
  server: ApiServer,
  ctx: RequestContext,
  stored: StoredObject,
  retry?: () => void,
): void {
  const key = server.keyFor(ctx, stored.object.metadata.name ?? "");
  server.storage.remove(key, stored.modRevision, ctx.ref, (result) => {
    if (result.ok) return server.respond(ctx, 200, result.stored.object);
    if (retry && ctx.retries-- > 0) return retry();
    server.fail(
      ctx,
      conflict(qualifiedResource(ctx.info), stored.object.metadata.name ?? "", OBJECT_MODIFIED),
    );
  });
}
