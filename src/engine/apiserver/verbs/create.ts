// POST: create an object (k8s.io/apiserver/pkg/registry/generic/registry.Store.Create and
// rest.BeforeCreate): decode, fill system metadata, defaults, admission, validation, then a
// put-if-absent transaction in etcd.

import type { KubeObject } from "../../api/objects";
import { alreadyExists, badRequest, invalid } from "../../api/status";
import { apiVersionOf, qualifiedKind, qualifiedResource } from "../../api/resources";
import { runMutatingAdmission, runValidatingAdmission } from "../admission/admission";
import type { ApiServer, RequestContext } from "../apiServer";
import { strategyFor } from "../registry/strategies";
import { decodeBody } from "./decode";

export function handleCreate(server: ApiServer, ctx: RequestContext): void {
  const { info, request } = ctx;
  const strategy = strategyFor(info.resource);
  let object: KubeObject | undefined;

  server.stage(
    ctx,
    "mutating-admission",
    () => {
      const decoded = decodeBody(ctx, request.body);
      if (!decoded.ok) return { ok: false, notes: [decoded.status.message], status: decoded.status };
      const notes = [
        `decoded ${apiVersionOf(info)} ${info.kind}${request.fieldValidation === "Strict" ? " (strict field validation)" : ""}`,
      ];
      let meta = { ...decoded.object.metadata };
      if (info.namespaced) {
        if (meta.namespace !== undefined && meta.namespace !== request.namespace) {
          const status = badRequest(
            "the namespace of the provided object does not match the namespace sent on the request",
          );
          return { ok: false, notes: [status.message], status };
        }
        meta.namespace = request.namespace ?? "default";
      } else {
        delete meta.namespace;
      }
      if (!meta.name && meta.generateName) {
        meta.name = `${meta.generateName}${server.sim.rng.nameSuffix(5)}`;
        notes.push(`generateName: name=${meta.name}`);
      }
      // System fields are the apiserver's to set (rest.FillObjectMetaSystemFields).
      meta = { ...meta, uid: server.sim.rng.uuid(), creationTimestamp: server.sim.timestamp() };
      delete meta.resourceVersion;
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
      delete meta.managedFields;
      let prepared = strategy.prepareForCreate({ ...decoded.object, metadata: meta });
      const defaulted: string[] = [];
      prepared = strategy.defaults(prepared, defaulted);
      if (defaulted.length) notes.push(`defaults: ${defaulted.join(", ")}`);
      const admitted = runMutatingAdmission(prepared, server.admissionContext(ctx, "CREATE"));
      object = admitted.object;
      return { ok: true, notes: [...notes, ...admitted.notes] };
    },
    () =>
      server.stage(
        ctx,
        "validation",
        () => {
          const current = object as KubeObject;
          const errors = strategy.validateCreate(current);
          if (errors.length === 0)
            return { ok: true, notes: [`${info.kind} "${current.metadata.name ?? ""}" is valid`] };
          const status = invalid(qualifiedKind(info), current.metadata.name ?? "", errors);
          return { ok: false, notes: [status.message], status };
        },
        () =>
          server.stage(
            ctx,
            "validating-admission",
            () => {
              const result = runValidatingAdmission(
                object as KubeObject,
                server.admissionContext(ctx, "CREATE"),
              );
              return result.status
                ? { ok: false, notes: result.notes, status: result.status }
                : { ok: true, notes: result.notes };
            },
            () => {
              const current = object as KubeObject;
              const name = current.metadata.name ?? "";
              const ref = {
                ...ctx.ref,
                name,
                ...(current.metadata.uid ? { uid: current.metadata.uid } : {}),
              };
              server.storage.create(server.keyFor(ctx, name), current, ref, (result) => {
                if (result.ok) server.respond(ctx, 201, result.stored.object, result.stored.modRevision);
                else if (result.reason === "exists")
                  server.fail(ctx, alreadyExists(qualifiedResource(info), name));
                else server.fail(ctx, badRequest(result.message ?? "storage error"));
              });
            },
          ),
      ),
  );
}
