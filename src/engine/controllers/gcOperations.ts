// The garbage collector's API calls (pkg/controller/garbagecollector/operations.go and patch.go):
// GET, DELETE with a uid + resourceVersion precondition and a propagationPolicy, strategic merge
// patches that drop or unblock ownerReferences, and removing a finalizer with a JSON merge patch
// pinned to the resourceVersion just read (retried on conflict, as retry.RetryOnConflict).
// Simplified: the retry waits 10 ms, 50 ms, 250 ms without jitter.

import { type KubeObject, type OwnerReference, jsonEqual } from "../api/objects";
import { resourceForKind } from "../api/resources";
import type { ApiResponse } from "../apiserver/request";
import { PatchType } from "../apiserver/request";
import type { PropagationPolicy } from "../apiserver/verbs/deletionFinalizers";
import type { ApiClient } from "../client/apiClient";
import type { ObjectIdentity } from "./gcNode";

/** retry.DefaultBackoff: 4 attempts, 10 ms × 5ⁿ between them. */
const CONFLICT_RETRY_DELAYS_MS = [10, 50, 250] as const;

/** A DELETE's outcome: done, the object is already gone, or failed (retry later). */
export type DeleteOutcome = "ok" | "notFound" | "error";

/** metadata.ownerReferences entries that delete these owners (GenerateDeleteOwnerRefStrategicMergeBytes). */
export function deleteOwnerRefPatch(dependentUid: string, ownerUids: readonly string[]): unknown {
  return {
    metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: "delete", uid })), uid: dependentUid },
  };
}

/** The dependent's blocking references, set to blockOwnerDeletion: false (unblockOwnerReferencesStrategicMergePatch). */
export function unblockOwnerRefsPatch(dependentUid: string, owners: readonly OwnerReference[]): unknown {
  return {
    metadata: {
      ownerReferences: owners
        .filter((o) => o.blockOwnerDeletion === true)
        .map((o) => ({ ...o, blockOwnerDeletion: false })),
      uid: dependentUid,
    },
  };
}

export class GcOperations {
  constructor(readonly client: ApiClient) {}

  /** The REST coordinates of an identity, or undefined when its kind is not served (a restMappingError). */
  private target(identity: ObjectIdentity): { resource: string; namespace?: string } | undefined {
    const info = resourceForKind(identity.apiVersion, identity.kind);
    if (!info) return undefined;
    return {
      resource: info.resource,
      ...(info.namespaced && identity.namespace ? { namespace: identity.namespace } : {}),
    };
  }

  /** GET an object; a kind the API does not serve answers as a 500-like failure. */
  get(identity: ObjectIdentity, done: (response: ApiResponse) => void): void {
    this.getByName(identity, identity.namespace, identity.name, done);
  }

  /** GET by coordinates (an owner is looked up in its dependent's namespace when it is namespaced). */
  getByName(
    ref: Pick<ObjectIdentity, "apiVersion" | "kind">,
    namespace: string,
    name: string,
    done: (response: ApiResponse) => void,
  ): void {
    const target = this.target({ ...ref, name, uid: "", namespace });
    if (!target) return done(unmapped(ref));
    this.client.request({ verb: "get", name, ...target }, done);
  }

  patch(identity: ObjectIdentity, body: unknown, done: (response: ApiResponse) => void): void {
    const target = this.target(identity);
    if (!target) return done(unmapped(identity));
    this.client.request(
      { verb: "patch", name: identity.name, ...target, body, patchType: PatchType.strategic },
      done,
    );
  }

  /**
   * DELETE with preconditions uid and resourceVersion. On a conflict, if only the
   * resourceVersion moved and the ownerReferences are the same, delete again without it.
   */
  deleteObject(
    identity: ObjectIdentity,
    resourceVersion: string,
    ownersAtResourceVersion: readonly OwnerReference[],
    policy: PropagationPolicy,
    done: (outcome: DeleteOutcome) => void,
  ): void {
    const target = this.target(identity);
    if (!target) return done("error");
    const send = (withVersion: boolean, then: (response: ApiResponse) => void): void =>
      this.client.request(
        {
          verb: "delete",
          name: identity.name,
          ...target,
          preconditions: { uid: identity.uid, ...(withVersion ? { resourceVersion } : {}) },
          propagationPolicy: policy,
        },
        then,
      );
    const outcome = (response: ApiResponse): DeleteOutcome =>
      response.code === 200 ? "ok" : response.code === 404 ? "notFound" : "error";
    send(resourceVersion !== "", (response) => {
      if (response.code !== 409 || resourceVersion === "") return done(outcome(response));
      this.get(identity, (live) => {
        if (live.code === 404) return done("ok"); // gone already: what we wanted
        const meta = live.code === 200 ? (live.body as KubeObject).metadata : undefined;
        if (
          meta?.uid === identity.uid &&
          meta.resourceVersion !== resourceVersion &&
          jsonEqual(meta.ownerReferences ?? [], ownersAtResourceVersion)
        )
          return send(false, (again) => done(outcome(again)));
        done("error");
      });
    });
  }

  /** Removes one finalizer: GET, then a merge patch of the finalizers pinned to that resourceVersion. */
  removeFinalizer(identity: ObjectIdentity, finalizer: string, done: (ok: boolean) => void): void {
    const attempt = (n: number): void => {
      this.get(identity, (got) => {
        if (got.code === 404) return done(true);
        if (got.code !== 200) return done(false);
        const meta = (got.body as KubeObject).metadata;
        const finalizers = meta.finalizers ?? [];
        if (!finalizers.includes(finalizer)) return done(true);
        const rest = finalizers.filter((f) => f !== finalizer);
        const body = {
          metadata: { resourceVersion: meta.resourceVersion ?? "", finalizers: rest.length ? rest : null },
        };
        const target = this.target(identity);
        if (!target) return done(false);
        this.client.request(
          { verb: "patch", name: identity.name, ...target, body, patchType: PatchType.merge },
          (patched) => {
            if (patched.code === 200 || patched.code === 404) return done(true);
            const delay = CONFLICT_RETRY_DELAYS_MS[n];
            if (patched.code !== 409 || delay === undefined) return done(false);
            this.client.sim.schedule(delay, () => attempt(n + 1));
          },
        );
      });
    };
    attempt(0);
  }
}

function unmapped(ref: Pick<ObjectIdentity, "apiVersion" | "kind">): ApiResponse {
  return {
    code: 500,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `unable to get REST mapping for ${ref.kind}.${ref.apiVersion}.`,
      code: 500,
    },
  };
}
