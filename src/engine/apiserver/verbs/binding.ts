// POST pods/<name>/binding (pkg/registry/core/pod/storage: BindingREST): sets spec.nodeName and
// the PodScheduled condition in one compare-and-swap. This is how kube-scheduler assigns a pod.

import type { KubeObject, Pod, PodCondition } from "../../api/objects";
import { OBJECT_MODIFIED, conflict, invalid, notFound } from "../../api/status";
import type { ApiServer, RequestContext } from "../apiServer";
import type { StoredObject } from "../storage";
import { validateBinding } from "../validation";

interface BindingBody {
  metadata?: { name?: string; namespace?: string };
  target?: { kind?: string; name?: string; apiVersion?: string };
}

export function handleBinding(server: ApiServer, ctx: RequestContext): void {
  const name = ctx.request.name ?? "";
  const body = (ctx.request.body ?? {}) as BindingBody;
  const node = body.target?.name ?? "";
  const key = server.keyFor(ctx);

  const attempt = (): void => {
    let current: StoredObject | undefined;
    server.stage(
      ctx,
      "validation",
      () => {
        const errors = validateBinding(body);
        if (errors.length) {
          const status = invalid("Binding", body.metadata?.name ?? name, errors);
          return { ok: false, notes: [status.message], status };
        }
        current = server.storage.peek(key);
        if (!current) return { ok: false, notes: [`pod ${name} not found`], status: notFound("pods", name) };
        const pod = current.object as unknown as Pod;
        if (pod.metadata?.deletionTimestamp) {
          const status = conflict(
            "pods/binding",
            name,
            `pod ${name} is being deleted, cannot be assigned to a host`,
          );
          return { ok: false, notes: [status.message], status };
        }
        if (pod.spec?.nodeName) {
          const status = conflict(
            "pods/binding",
            name,
            `pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
          );
          return { ok: false, notes: [status.message], status };
        }
        return { ok: true, notes: [`bind pod ${ctx.request.namespace ?? ""}/${name} to node ${node}`] };
      },
      () => {
        const stored = current as StoredObject;
        const pod = stored.object as unknown as Pod;
        const scheduled: PodCondition = {
          type: "PodScheduled",
          status: "True",
          lastProbeTime: null as unknown as string,
          lastTransitionTime: server.sim.timestamp(),
        };
        const conditions = [
          ...(pod.status?.conditions ?? []).filter((c) => c.type !== "PodScheduled"),
          scheduled,
        ];
        const bound = {
          ...pod,
          spec: { ...(pod.spec ?? { containers: [] }), nodeName: node },
          status: { ...(pod.status ?? {}), conditions },
        } as unknown as KubeObject;
        const { resourceVersion: _rv, ...metadata } = bound.metadata;
        server.storage.update(key, { ...bound, metadata }, stored.modRevision, ctx.ref, (result) => {
          if (result.ok) {
            return server.respond(
              ctx,
              201,
              { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", message: "", code: 201 },
              result.stored.modRevision,
            );
          }
          if (result.reason === "conflict" && ctx.retries-- > 0) return attempt();
          server.fail(ctx, conflict("pods/binding", name, OBJECT_MODIFIED));
        });
      },
    );
  };
  attempt();
}
