// The scale subresource (pkg/registry/apps/deployment/storage ScaleREST, and the same for
// replicasets, statefulsets and replicationcontrollers): GET .../<name>/scale answers an
// autoscaling/v1 Scale made from the parent; PUT and PATCH change the Scale and move its
// spec.replicas (and its resourceVersion, as a precondition) onto the parent, which is then
// updated through its own strategy (so metadata.generation is bumped) with a compare-and-swap,
// as scaleUpdatedObjectInfo inside GuaranteedUpdate does. Simplified: no managedFields.

import { type KubeObject, jsonEqual } from "../../api/objects";
import { type ResourceInfo, qualifiedKind, qualifiedResource } from "../../api/resources";
import {
  OBJECT_MODIFIED,
  type Status,
  badRequest,
  conflict,
  fieldError,
  invalid,
  methodNotAllowed,
  notFound,
} from "../../api/status";
import { labelSelectorAsSelector, labelSelectorFromSet, labelSelectorString } from "../../util/labelSelector";
import { PatchError, applyMergePatch, applyStrategicMergePatch, patchSchemaForKind } from "../../util/patch";
import { runMutatingAdmission, runValidatingAdmission } from "../admission/admission";
import type { ApiServer, RequestContext, StageResult } from "../apiServer";
import { strategyFor } from "../registry/strategies";
import type { StoredObject } from "../storage";
import { PatchType } from "../request";

/** The resources that serve a scale subresource. */
export const SCALABLE_RESOURCES: ReadonlySet<string> = new Set([
  "deployments",
  "replicasets",
  "statefulsets",
  "replicationcontrollers",
]);

/** autoscaling/v1 Scale, as the apiserver serialises it (spec.replicas and status.selector omitempty). */
export interface Scale {
  apiVersion: "autoscaling/v1";
  kind: "Scale";
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
  };
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** 404 for a path the server does not serve (no such subresource). */
function noSuchResource(): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "the server could not find the requested resource",
    reason: "NotFound",
    details: {},
    code: 404,
  };
}

/** The Scale of a workload (scaleFromDeployment & co.), or the selector error. */
export function scaleFromObject(info: ResourceInfo, object: KubeObject): Scale | { error: string } {
  const spec = (object["spec"] ?? {}) as { replicas?: number; selector?: unknown };
  const status = (object["status"] ?? {}) as { replicas?: number };
  let selector: string;
  if (info.resource === "replicationcontrollers") {
    selector = labelSelectorString(labelSelectorFromSet(spec.selector as Record<string, string> | undefined));
  } else {
    const parsed = labelSelectorAsSelector(spec.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    if (!parsed.ok) return { error: parsed.error };
    selector = labelSelectorString(parsed.value);
  }
  const meta = object.metadata;
  // Workloads default spec.replicas to 1 on create; an undefaulted object counts as 1 here too.
  const replicas = spec.replicas ?? 1;
  return {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: {
      ...(meta.name !== undefined ? { name: meta.name } : {}),
      ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}),
      ...(meta.uid !== undefined ? { uid: meta.uid } : {}),
      ...(meta.resourceVersion !== undefined ? { resourceVersion: meta.resourceVersion } : {}),
      ...(meta.creationTimestamp !== undefined ? { creationTimestamp: meta.creationTimestamp } : {}),
    },
    spec: replicas !== 0 ? { replicas } : {},
    status: { replicas: status.replicas ?? 0, ...(selector !== "" ? { selector } : {}) },
  };
}

function goJsonType(value: unknown): string {
  if (typeof value === "number") return `number ${value}`;
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "array";
  return typeof value === "string" ? "string" : "object";
}

/** Decodes a Scale body: apiVersion/kind must be autoscaling/v1 Scale, spec.replicas an int32. */
function decodeScale(body: unknown): { ok: true; scale: Scale } | { ok: false; status: Status } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return {
      ok: false,
      status: badRequest(
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
      ),
    };
  }
  const object = body as Partial<Scale> & { apiVersion?: string; kind?: string };
  const apiVersion = object.apiVersion ?? "autoscaling/v1";
  const kind = object.kind ?? "Scale";
  if (apiVersion !== "autoscaling/v1") {
    return {
      ok: false,
      status: badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (autoscaling/v1)`,
      ),
    };
  }
  if (kind !== "Scale") {
    return {
      ok: false,
      status: badRequest(`the kind in the data (${kind}) does not match the expected kind (Scale)`),
    };
  }
  const replicas: unknown = (object.spec as { replicas?: unknown } | undefined)?.replicas;
  if (
    replicas !== undefined &&
    replicas !== null &&
    (typeof replicas !== "number" || !Number.isInteger(replicas) || Math.abs(replicas) > 2 ** 31 - 1)
  ) {
    return {
      ok: false,
      status: badRequest(
        `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${goJsonType(replicas)} into Go struct field ScaleSpec.spec.replicas of type int32`,
      ),
    };
  }
  return {
    ok: true,
    scale: {
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: { ...(object.metadata ?? {}) },
      spec: { ...(typeof replicas === "number" ? { replicas } : {}) },
      status: object.status ?? { replicas: 0 },
    },
  };
}

const rejected = (status: Status): StageResult => ({ ok: false, notes: [status.message], status });

export function handleScale(server: ApiServer, ctx: RequestContext): void {
  const { info, request } = ctx;
  if (!SCALABLE_RESOURCES.has(info.resource)) return server.fail(ctx, noSuchResource());
  if (request.verb === "get") return getScale(server, ctx);
  if (request.verb === "update" || request.verb === "patch") return updateScale(server, ctx);
  server.fail(ctx, methodNotAllowed("the server does not allow this method on the requested resource"));
}

function getScale(server: ApiServer, ctx: RequestContext): void {
  const name = ctx.request.name ?? "";
  server.storage.get(server.keyFor(ctx), ctx.ref, (stored) => {
    if (!stored) return server.fail(ctx, notFound(qualifiedResource(ctx.info), name));
    const scale = scaleFromObject(ctx.info, stored.object);
    if ("error" in scale) return server.fail(ctx, badRequest(scale.error));
    server.respond(ctx, 200, scale as unknown as KubeObject, stored.modRevision);
  });
}

function updateScale(server: ApiServer, ctx: RequestContext): void {
  const { info, request } = ctx;
  const strategy = strategyFor(info.resource);
  const name = request.name ?? "";
  const resource = qualifiedResource(info);
  const key = server.keyFor(ctx);
  let current: StoredObject | undefined;
  let scale: Scale | undefined;
  let next: KubeObject | undefined;
  let pinned = false;
  let unchanged = false;

  // scaleUpdatedObjectInfo.UpdatedObject: the parent's Scale, changed as the client asks.
  const mutate = (): StageResult => {
    current = server.storage.peek(key);
    if (!current) return rejected(notFound(resource, name));
    const old = current.object;
    const oldScale = scaleFromObject(info, old);
    if ("error" in oldScale) return rejected(badRequest(oldScale.error));
    let candidate: unknown = request.body;
    const notes: string[] = [];
    if (request.verb === "patch") {
      // A patch without a resourceVersion applies to whatever is current (not a precondition).
      const { resourceVersion: _rv, ...metadata } = oldScale.metadata;
      const base = { ...oldScale, metadata };
      try {
        candidate =
          request.patchType === PatchType.strategic
            ? applyStrategicMergePatch(base, request.body, patchSchemaForKind("Scale"))
            : applyMergePatch(base, request.body);
      } catch (error) {
        return rejected(badRequest(error instanceof PatchError ? error.message : String(error)));
      }
      notes.push(
        `applied ${request.patchType === PatchType.strategic ? "strategic merge" : "JSON merge"} patch to the Scale`,
      );
    }
    const decoded = decodeScale(candidate);
    if (!decoded.ok) return rejected(decoded.status);
    scale = decoded.scale;
    const meta = scale.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      return rejected(
        badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`),
      );
    }
    if (meta.uid !== undefined && meta.uid !== "" && meta.uid !== old.metadata.uid) {
      return rejected(
        conflict(
          `${resource}/scale`,
          name,
          `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid ?? ""}`,
        ),
      );
    }
    pinned = meta.resourceVersion !== undefined && meta.resourceVersion !== "";
    if (pinned && meta.resourceVersion !== old.metadata.resourceVersion) {
      return rejected(conflict(resource, name, OBJECT_MODIFIED));
    }
    const replicas = scale.spec.replicas ?? 0;
    const spec = { ...((old["spec"] as object | undefined) ?? {}), replicas };
    // The parent's own update path: its strategy keeps the status and bumps the generation.
    const object = strategy.prepareForUpdate({ ...old, spec }, old);
    const admitted = runMutatingAdmission(object, server.admissionContext(ctx, "UPDATE"));
    next = admitted.object;
    unchanged = jsonEqual(next, old);
    notes.push(
      unchanged
        ? `spec.replicas is already ${replicas}: etcd will not be written`
        : `${info.kind} ${name}: spec.replicas ${String((old["spec"] as { replicas?: number } | undefined)?.replicas ?? 1)} → ${replicas}`,
    );
    return { ok: true, notes: [...notes, ...admitted.notes] };
  };

  const validate = (): StageResult => {
    const replicas = scale?.spec.replicas ?? 0;
    if (replicas < 0) {
      return rejected(
        invalid("Scale.autoscaling", name, [
          fieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0"),
        ]),
      );
    }
    const errors = strategy.validateUpdate(next as KubeObject, (current as StoredObject).object);
    if (errors.length > 0) return rejected(invalid(qualifiedKind(info), name, errors));
    return { ok: true, notes: [`Scale of ${info.kind} "${name}" is valid`] };
  };

  const admit = (): StageResult => {
    const result = runValidatingAdmission(next as KubeObject, server.admissionContext(ctx, "UPDATE"));
    return result.status
      ? { ok: false, notes: result.notes, status: result.status }
      : { ok: true, notes: result.notes };
  };

  const answer = (stored: StoredObject): void => {
    const out = scaleFromObject(info, stored.object);
    if ("error" in out) return server.fail(ctx, badRequest(out.error));
    server.respond(ctx, 200, out as unknown as KubeObject, stored.modRevision);
  };

  const write = (): void => {
    const base = current as StoredObject;
    if (unchanged) return answer(base);
    const object = next as KubeObject;
    server.storage.update(
      key,
      object,
      base.modRevision,
      { ...ctx.ref, ...(object.metadata.uid ? { uid: object.metadata.uid } : {}) },
      (result) => {
        if (result.ok) return answer(result.stored);
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
