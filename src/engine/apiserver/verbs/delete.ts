// DELETE (registry.Store.Delete with rest.BeforeDelete and updateForGracefulDeletionAndFinalizers):
// graceful deletion for pods — set deletionTimestamp and the grace period, and let the kubelet stop
// the pod and delete it with grace 0 — and finalizers, which keep an object (marked as deleting)
// until their controllers remove them. DeleteOptions.propagationPolicy adds the garbage
// collector's finalizers (`orphan`, `foregroundDeletion`; deletionFinalizers.ts). Simplified: a
// graceful deletion with grace 0 and no finalizers removes the key at once, without upstream's
// first write of deletionTimestamp; the response is always the object (upstream answers a
// Status "Success" for resources without ReturnDeletedObject).

import { type KubeObject, type Pod, jsonEqual } from "../../api/objects";
import { conflict, notFound } from "../../api/status";
import { qualifiedKind, qualifiedResource } from "../../api/resources";
import { OBJECT_MODIFIED } from "../../api/status";
import { runValidatingAdmission } from "../admission/admission";
import type { ApiServer, RequestContext } from "../apiServer";
import { strategyFor } from "../registry/strategies";
import type { StoredObject } from "../storage";
import { formatRfc3339, parseRfc3339 } from "../../sim/time";
import { deletionFinalizersForGarbageCollection, gcFinalizerNote } from "./deletionFinalizers";

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

/** What the DELETE does to the stored object. */
type DeletePlan =
  /** Already being deleted and nothing changes: answer with the object as it is. */
  | { readonly action: "pending" }
  /** Remove the key from etcd now. */
  | { readonly action: "delete" }
  /** Write the object marked as deleting (deletionTimestamp, grace, finalizers); it stays. */
  | { readonly action: "update"; readonly object: KubeObject };

/** The BeforeDelete precondition check (pkg/registry/rest/delete.go), as a Conflict message. */
function preconditionFailure(ctx: RequestContext, object: KubeObject): string | undefined {
  const pre = ctx.request.preconditions;
  const meta = object.metadata;
  if (pre?.uid !== undefined && pre.uid !== meta.uid)
    return `the UID in the precondition (${pre.uid}) does not match the UID in record (${meta.uid ?? ""}). The object might have been deleted and then recreated`;
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== meta.resourceVersion)
    return `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ""}). The object might have been modified`;
  return undefined;
}

/**
 * BeforeDelete, then deletionFinalizersForGarbageCollection and markAsDeleting, on the object as
 * stored now (`nowMs` epoch milliseconds).
 */
function planDeletion(ctx: RequestContext, object: KubeObject, nowMs: number, notes: string[]): DeletePlan {
  const { info, request } = ctx;
  const meta = object.metadata;
  const strategy = strategyFor(info.resource);
  const isNamespace = info.resource === "namespaces";
  // A terminating namespace is the namespace controller's to finish.
  if (isNamespace && meta.deletionTimestamp !== undefined) return { action: "pending" };

  let graceful = false;
  let grace = 0;
  let deletionTimestamp = meta.deletionTimestamp ?? "";
  if (strategy.graceful) {
    if (meta.deletionTimestamp === undefined || meta.deletionTimestamp === null) {
      graceful = true;
      grace = gracePeriod(object, request.gracePeriodSeconds);
      deletionTimestamp = formatRfc3339(nowMs + grace * 1000);
    } else if (meta.deletionGracePeriodSeconds !== undefined) {
      // Already being deleted: only a shorter grace period changes anything.
      const requested = request.gracePeriodSeconds;
      const remaining = meta.deletionGracePeriodSeconds;
      // Negative grace periods count as 1 s on the delete path.
      const shorter = requested === undefined ? undefined : requested < 0 ? 1 : requested;
      if (shorter === undefined || shorter >= remaining) {
        notes.push(`already being deleted (grace period ${remaining}s)`);
        return { action: "pending" };
      }
      graceful = true;
      grace = shorter;
      const since = parseRfc3339(meta.deletionTimestamp) ?? nowMs;
      deletionTimestamp = formatRfc3339(since - remaining * 1000 + grace * 1000);
    }
  }

  const current = meta.finalizers ?? [];
  const gc = deletionFinalizersForGarbageCollection(info.resource, current, request.propagationPolicy);
  const finalizers = gc.finalizers;
  const namespaceFinalizers = isNamespace
    ? ((object["spec"] as { finalizers?: string[] } | undefined)?.finalizers ?? [])
    : [];
  const pendingFinalizers = finalizers.length > 0 || namespaceFinalizers.length > 0;
  if (request.propagationPolicy !== undefined || gc.changed)
    notes.push(gcFinalizerNote(finalizers, request.propagationPolicy));

  if (!pendingFinalizers && (!graceful || grace === 0)) {
    notes.push("no finalizers and no grace period: the object is removed now");
    return { action: "delete" };
  }

  const { resourceVersion: _rv, finalizers: _f, ...rest } = meta;
  const generation = meta.generation ?? 0;
  let metadata: KubeObject["metadata"] = {
    ...rest,
    ...(finalizers.length ? { finalizers: [...finalizers] } : {}),
  };
  if (graceful) {
    metadata = {
      ...metadata,
      deletionTimestamp,
      deletionGracePeriodSeconds: grace,
      ...(meta.deletionTimestamp === undefined && generation > 0 ? { generation: generation + 1 } : {}),
    };
    notes.push(`graceful deletion: deletionTimestamp ${deletionTimestamp} (grace period ${grace}s)`);
  } else {
    // markAsDeleting: a deletion with finalizers keeps the earlier of the old and new timestamps.
    const existing = meta.deletionTimestamp ? parseRfc3339(meta.deletionTimestamp) : undefined;
    metadata = {
      ...metadata,
      deletionTimestamp:
        existing !== undefined && existing <= nowMs
          ? (meta.deletionTimestamp as string)
          : formatRfc3339(nowMs),
      deletionGracePeriodSeconds: 0,
      ...(meta.deletionTimestamp === undefined && generation > 0 ? { generation: generation + 1 } : {}),
    };
    notes.push(
      `finalizers pending (${[...finalizers, ...namespaceFinalizers].join(", ")}): marked as deleting`,
    );
  }
  const deleting: KubeObject = { ...object, metadata };
  if (isNamespace) deleting["status"] = { ...(object["status"] as object), phase: "Terminating" };
  return { action: "update", object: deleting };
}

export function handleDelete(server: ApiServer, ctx: RequestContext): void {
  const { info } = ctx;
  const name = ctx.request.name ?? "";
  const resource = qualifiedResource(info);
  const key = server.keyFor(ctx);

  const attempt = (): void => {
    let current: StoredObject | undefined;
    let plan: DeletePlan = { action: "pending" };
    server.stage(
      ctx,
      "validating-admission",
      () => {
        current = server.storage.peek(key);
        if (!current)
          return { ok: false, notes: [`${info.kind} ${name} not found`], status: notFound(resource, name) };
        const failed = preconditionFailure(ctx, current.object);
        if (failed !== undefined) {
          const status = conflict(qualifiedKind(info), name, failed);
          return { ok: false, notes: [status.message], status };
        }
        const result = runValidatingAdmission(current.object, server.admissionContext(ctx, "DELETE"));
        if (result.status) return { ok: false, notes: result.notes, status: result.status };
        const notes = [...result.notes];
        plan = planDeletion(ctx, current.object, server.sim.epochMs + server.sim.now, notes);
        return { ok: true, notes };
      },
      () => {
        const stored = current as StoredObject;
        if (plan.action === "pending") return server.respond(ctx, 200, stored.object, stored.modRevision);
        if (plan.action === "delete") return finishDeletion(server, ctx, stored, attempt);
        // GuaranteedUpdate skips a write that changes nothing.
        const { resourceVersion: _rv, ...storedMeta } = stored.object.metadata;
        if (jsonEqual(plan.object, { ...stored.object, metadata: storedMeta }))
          return server.respond(ctx, 200, stored.object, stored.modRevision);
        server.storage.update(key, plan.object, stored.modRevision, ctx.ref, (result) => {
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
