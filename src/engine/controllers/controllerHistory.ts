// ControllerRevisions, as pkg/controller/history (controller_history.go) keeps them for the
// DaemonSet and StatefulSet controllers: immutable snapshots of a workload's pod template,
// numbered by `revision`, named `<owner>-<hash>`. Data is what upstream's getPatch stores: a
// strategic merge patch `{"spec":{"template":{..., "$patch":"replace"}}}`. Hashes are upstream's
// (FNV-32 over the JSON bytes, safe-encoded); the JSON is key-sorted as Go marshals maps.

import type { KubeObject } from "../api/objects";
import { canonicalJson, utf8Bytes as utf8 } from "../util/canonical";
import { isStatus } from "../api/status";
import { jsonEqual } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { controllerRefTo } from "./controllerUtils";
import { safeEncodeString } from "./deploymentUtil";

/** history.ControllerRevisionHashLabel: StatefulSet revisions carry their hash here. */
export const ControllerRevisionHashLabel = "controller.kubernetes.io/hash";

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

export { canonicalJson };

/** getPatch (daemonset/update.go, statefulset/stateful_set_utils.go): the template, to be replaced whole. */
export function templatePatch(template: PodTemplateSpec | undefined): unknown {
  return { spec: { template: { ...(template ?? {}), $patch: "replace" } } };
}

/** The template a revision's data restores (ApplyRevision), without the `$patch` directive. */
export function templateOf(revision: ControllerRevision): PodTemplateSpec | undefined {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = data?.spec?.template;
  if (!template) return undefined;
  const { $patch: _directive, ...rest } = template;
  return rest as PodTemplateSpec;
}

/** HashControllerRevision: FNV-32 (not 32a) of the raw data, then the collision count in decimal. */
export function hashControllerRevision(data: unknown, probe: number | undefined): string {
  const bytes = utf8(canonicalJson(data));
  if (probe !== undefined) bytes.push(...utf8(String(probe)));
  let h = 0x811c9dc5;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return safeEncodeString(String(h >>> 0));
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** NewControllerRevision: labelled with the template labels plus the hash, owned by `parent`. */
export function newControllerRevision(
  parent: KubeObject,
  templateLabels: Readonly<Record<string, string>> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number | undefined,
): ControllerRevision {
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: controllerRevisionName(parent.metadata.name ?? "", hash),
      namespace: parent.metadata.namespace ?? "default",
      labels: { ...(templateLabels ?? {}), [ControllerRevisionHashLabel]: hash },
      ownerReferences: [controllerRefTo(parent)],
    },
    data,
    revision,
  };
}

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortControllerRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort(
    (a, b) =>
      a.revision - b.revision ||
      (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") ||
      (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
  );
}

/** EqualRevision: the same data (the hash labels are not numbers, so they are not compared). */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEqual(a.data, b.data);
}

/** FindEqualRevisions: every revision whose data equals `needle`'s. */
export function findEqualRevisions(
  revisions: readonly ControllerRevision[],
  needle: ControllerRevision,
): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** The largest revision number (maxRevision), 0 for none. */
export function maxRevision(revisions: readonly ControllerRevision[]): number {
  let max = 0;
  for (const r of revisions) if (r.revision > max) max = r.revision;
  return max;
}

/** nextRevision: one more than the last of the sorted revisions, 1 for none. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  const last = sorted[sorted.length - 1];
  return last ? last.revision + 1 : 1;
}

export type RevisionCallback = (revision: ControllerRevision | undefined, error?: string) => void;

const messageOf = (body: unknown, code: number): string =>
  isStatus(body) ? body.message : `unexpected response ${code}`;

/**
 * realHistory.CreateControllerRevision: creates `revision` named by its hash; when the name is
 * taken by equal data that revision is returned, otherwise the collision count goes up and the
 * name is recomputed. `onCollision` learns the new count (the caller stores it in status).
 */
export function createControllerRevision(
  client: ApiClient,
  parent: KubeObject,
  revision: ControllerRevision,
  collisionCount: number,
  onCollision: (collisionCount: number) => void,
  done: RevisionCallback,
): void {
  const namespace = parent.metadata.namespace ?? "default";
  const attempt = (count: number): void => {
    const hash = hashControllerRevision(revision.data, count);
    const clone: ControllerRevision = {
      ...revision,
      metadata: {
        ...revision.metadata,
        name: controllerRevisionName(parent.metadata.name ?? "", hash),
        labels: { ...(revision.metadata.labels ?? {}), [ControllerRevisionHashLabel]: hash },
      },
    };
    client.create("controllerrevisions", namespace, clone, (response) => {
      if (response.code === 201) return done(response.body as ControllerRevision);
      if (response.code !== 409) return done(undefined, messageOf(response.body, response.code));
      const name = clone.metadata.name ?? "";
      client.request({ verb: "get", resource: "controllerrevisions", namespace, name }, (got) => {
        if (got.code !== 200) return done(undefined, messageOf(got.body, got.code));
        const exists = got.body as ControllerRevision;
        if (jsonEqual(exists.data, clone.data)) return done(exists);
        onCollision(count + 1);
        attempt(count + 1);
      });
    });
  };
  attempt(collisionCount);
}

/** realHistory.UpdateControllerRevision: renumbers a revision (a rollback to an equal template). */
export function updateControllerRevision(
  client: ApiClient,
  revision: ControllerRevision,
  newRevision: number,
  done: RevisionCallback,
): void {
  if (revision.revision === newRevision) return done(revision);
  const namespace = revision.metadata.namespace ?? "default";
  client.update("controllerrevisions", namespace, { ...revision, revision: newRevision }, (response) =>
    response.code === 200
      ? done(response.body as ControllerRevision)
      : done(undefined, messageOf(response.body, response.code)),
  );
}

/** realHistory.DeleteControllerRevision. NotFound counts as done. */
export function deleteControllerRevision(
  client: ApiClient,
  revision: ControllerRevision,
  done: (error?: string) => void,
): void {
  const namespace = revision.metadata.namespace ?? "default";
  const name = revision.metadata.name ?? "";
  client.request({ verb: "delete", resource: "controllerrevisions", namespace, name }, (response) =>
    response.code === 200 || response.code === 202 || response.code === 404
      ? done()
      : done(messageOf(response.body, response.code)),
  );
}
