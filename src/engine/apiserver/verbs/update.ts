// PUT and PATCH, on a resource or its status subresource (registry.Store.Update with
// GuaranteedUpdate): read the current object, apply the patch or take the new body, keep what
// the endpoint may not change, admit, validate, then compare-and-swap on the mod revision.
// A lost race is retried unless the client pinned a resourceVersion (then: 409 Conflict).

import { type KubeObject, jsonEqual } from "../../api/objects";
import { OBJECT_MODIFIED, badRequest, conflict, invalid, notFound } from "../../api/status";
import { qualifiedKind, qualifiedResource } from "../../api/resources";
import { PatchError, applyMergePatch, applyStrategicMergePatch, patchSchemaForKind } from "../../util/patch";
import { runMutatingAdmission, runValidatingAdmission } from "../admission/admission";
import type { ApiServer, RequestContext } from "../apiServer";
import { PatchType } from "../request";
import { strategyFor } from "../registry/strategies";
import type { StoredObject } from "../storage";
import { decodeBody } from "./decode";
import { finishDeletion } from "./delete";

function withoutResourceVersion(object: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata };
}

export function handleUpdate(server: ApiServer, ctx: RequestContext): void {
  const { info, request } = ctx;
  const strategy = strategyFor(info.resource);
  const name = request.name ?? "";
  const resource = qualifiedResource(info);
  const key = server.keyFor(ctx);
  let current: StoredObject | undefined;
  let next: KubeObject | undefined;
  let pinned = false;
  let unchanged = false;

  const mutate = () => {
    current = server.storage.peek(key);
    if (!current)
      return { ok: false, notes: [`${info.kind} ${name} not found`], status: notFound(resource, name) };
    let candidate: unknown = request.body;
    const notes: string[] = [];
    if (request.verb === "patch") {
      try {
        const base = withoutResourceVersion(current.object);
        candidate =
          request.patchType === PatchType.strategic
            ? applyStrategicMergePatch(base, request.body, patchSchemaForKind(info.kind))
            : applyMergePatch(base, request.body);
        notes.push(
          `applied ${request.patchType === PatchType.strategic ? "strategic merge" : "JSON merge"} patch`,
        );
      } catch (error) {
        const status = badRequest(error instanceof PatchError ? error.message : String(error));
        return { ok: false, notes: [status.message], status };
      }
    }
    const decoded = decodeBody(ctx, candidate);
    if (!decoded.ok) return { ok: false, notes: [decoded.status.message], status: decoded.status };
    const old = current.object;
    const meta = decoded.object.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      const status = badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
      );
      return { ok: false, notes: [status.message], status };
    }
    pinned = meta.resourceVersion !== undefined;
    if (pinned && meta.resourceVersion !== old.metadata.resourceVersion) {
      const status = conflict(resource, name, OBJECT_MODIFIED);
      return {
        ok: false,
        notes: [
          `resourceVersion ${meta.resourceVersion} is stale (current ${old.metadata.resourceVersion ?? ""})`,
        ],
        status,
      };
    }
    // System metadata stays the server's (rest.BeforeUpdate).
    let object: KubeObject = {
      ...decoded.object,
      metadata: {
        ...meta,
        name,
        ...(old.metadata.namespace !== undefined
          ? { namespace: meta.namespace ?? old.metadata.namespace }
          : {}),
        ...((meta.uid ?? old.metadata.uid) ? { uid: meta.uid ?? old.metadata.uid } : {}),
        ...(old.metadata.creationTimestamp ? { creationTimestamp: old.metadata.creationTimestamp } : {}),
        ...(old.metadata.deletionTimestamp ? { deletionTimestamp: old.metadata.deletionTimestamp } : {}),
        ...(old.metadata.deletionGracePeriodSeconds !== undefined
          ? { deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds }
          : {}),
      },
    };
    // Validation wants the version being replaced; storage drops it again (etcd holds no resourceVersion).
    object.metadata = { ...object.metadata, resourceVersion: old.metadata.resourceVersion ?? "" };
    if (request.subresource === "finalize") {
      if (!strategy.prepareForFinalize) {
        const status = notFound(resource, name);
        return { ok: false, notes: [`${info.kind} has no finalize subresource`], status };
      }
      object = strategy.prepareForFinalize(object, old);
    } else if (request.subresource === "status") object = strategy.prepareForStatusUpdate(object, old);
    else object = strategy.prepareForUpdate(object, old);
    const defaulted: string[] = [];
    // Subresources keep the old (already defaulted) spec.
    if (request.subresource === undefined) object = strategy.defaults(object, defaulted);
    const admitted = runMutatingAdmission(object, server.admissionContext(ctx, "UPDATE"));
    next = admitted.object;
    unchanged = jsonEqual(next, old);
    if (unchanged) notes.push("no change: the object is identical, etcd will not be written");
    return { ok: true, notes: [...notes, ...admitted.notes] };
  };

  const validate = () => {
    const old = (current as StoredObject).object;
    const errors =
      request.subresource === undefined
        ? strategy.validateUpdate(next as KubeObject, old)
        : strategy.validateStatusUpdate(next as KubeObject, old);
    if (errors.length === 0) return { ok: true, notes: [`update of ${info.kind} "${name}" is valid`] };
    const status = invalid(qualifiedKind(info), name, errors);
    return { ok: false, notes: [status.message], status };
  };

  const admit = () => {
    const result = runValidatingAdmission(next as KubeObject, server.admissionContext(ctx, "UPDATE"));
    return result.status
      ? { ok: false, notes: result.notes, status: result.status }
      : { ok: true, notes: result.notes };
  };

  const write = (): void => {
    const base = current as StoredObject;
    if (unchanged) return server.respond(ctx, 200, base.object, base.modRevision);
    const object = next as KubeObject;
    server.storage.update(
      key,
      object,
      base.modRevision,
      { ...ctx.ref, ...(object.metadata.uid ? { uid: object.metadata.uid } : {}) },
      (result) => {
        if (result.ok) {
          const meta = result.stored.object.metadata;
          // Removing the last finalizer of an object being deleted completes its deletion (for a
          // namespace, its spec.finalizers too: the namespace controller empties them last).
          const specFinalizers = (result.stored.object["spec"] as { finalizers?: string[] } | undefined)
            ?.finalizers;
          if (
            meta.deletionTimestamp &&
            (meta.finalizers ?? []).length === 0 &&
            (info.resource !== "namespaces" || (specFinalizers ?? []).length === 0) &&
            (meta.deletionGracePeriodSeconds ?? 0) === 0
          ) {
            return finishDeletion(server, ctx, result.stored);
          }
          return server.respond(ctx, 200, result.stored.object, result.stored.modRevision);
        }
        if (result.reason === "conflict" && !pinned && ctx.retries-- > 0) return attempt();
        server.fail(ctx, conflict(resource, name, OBJECT_MODIFIED));
      },
    );
  };

  const attempt = (): void =>
    server.stage(ctx, "mutating-admission", mutate, () =>
      server.stage(ctx, "validation", validate, () =>
        server.stage(ctx, "validating-admission", admit, write),
      ),
    );
  attempt();
}
