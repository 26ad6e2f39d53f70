// The garbage-collection side of DELETE (k8s.io/apiserver/pkg/registry/generic/registry/store.go:
// deletionFinalizersForGarbageCollection, shouldOrphanDependents, shouldDeleteDependents) and each
// resource's DefaultGarbageCollectionPolicy (pkg/registry/*/strategy.go). DeleteOptions'
// propagationPolicy becomes a finalizer the garbage collector acts on: `orphan` (remove the
// dependents' ownerReferences first) or `foregroundDeletion` (delete the blocking dependents first).
// Simplified: the deprecated DeleteOptions.orphanDependents is not modelled.

import type { ApiRequest } from "../request";

export const FinalizerOrphanDependents = "orphan";
export const FinalizerDeleteDependents = "foregroundDeletion";

export type PropagationPolicy = NonNullable<ApiRequest["propagationPolicy"]>;

/** rest.GarbageCollectionPolicy; `undefined` is a strategy without one (background deletion). */
export type GarbageCollectionPolicy = "DeleteDependents" | "OrphanDependents" | "Unsupported";

/**
 * The default policy of the version this simulation serves:
 * - ReplicationController v1 orphans (pkg/registry/core/replicationcontroller/strategy.go: "for
 *   back compatibility"), as does Job batch/v1 (pkg/registry/batch/job/strategy.go);
 * - apps/v1 workloads and batch/v1 CronJob delete dependents (OrphanDependents only for the old
 *   extensions/v1beta1, apps/v1beta1/v1beta2 and batch/v1beta1 versions);
 * - events never take GC finalizers (pkg/registry/core/event/strategy.go: Unsupported).
 */
const defaultPolicies: Readonly<Record<string, GarbageCollectionPolicy>> = {
  replicationcontrollers: "OrphanDependents",
  jobs: "OrphanDependents",
  deployments: "DeleteDependents",
  replicasets: "DeleteDependents",
  daemonsets: "DeleteDependents",
  statefulsets: "DeleteDependents",
  cronjobs: "DeleteDependents",
  events: "Unsupported",
};

export function defaultGarbageCollectionPolicy(resource: string): GarbageCollectionPolicy | undefined {
  return defaultPolicies[resource];
}

function shouldOrphanDependents(
  policy: GarbageCollectionPolicy | undefined,
  requested: PropagationPolicy | undefined,
  finalizers: readonly string[],
): boolean {
  if (policy === "Unsupported") return false;
  // An explicit policy on the request overrides everything.
  if (requested !== undefined) return requested === "Orphan";
  // Then a GC finalizer already on the object (validation keeps the two exclusive).
  for (const f of finalizers) {
    if (f === FinalizerOrphanDependents) return true;
    if (f === FinalizerDeleteDependents) return false;
  }
  return policy === "OrphanDependents";
}

function shouldDeleteDependents(
  policy: GarbageCollectionPolicy | undefined,
  requested: PropagationPolicy | undefined,
  finalizers: readonly string[],
): boolean {
  if (policy === "Unsupported") return false;
  if (requested !== undefined) return requested === "Foreground";
  for (const f of finalizers) {
    if (f === FinalizerDeleteDependents) return true;
    if (f === FinalizerOrphanDependents) return false;
  }
  return false;
}

/**
 * The finalizers an object being deleted should carry for the garbage collector, and whether
 * they differ from the current ones (as a set).
 */
export function deletionFinalizersForGarbageCollection(
  resource: string,
  finalizers: readonly string[],
  requested: PropagationPolicy | undefined,
): { readonly changed: boolean; readonly finalizers: readonly string[] } {
  const policy = defaultGarbageCollectionPolicy(resource);
  const orphan = shouldOrphanDependents(policy, requested, finalizers);
  const foreground = shouldDeleteDependents(policy, requested, finalizers);
  const next = finalizers.filter((f) => f !== FinalizerOrphanDependents && f !== FinalizerDeleteDependents);
  if (orphan) next.push(FinalizerOrphanDependents);
  if (foreground) next.push(FinalizerDeleteDependents);
  const before = new Set(finalizers);
  const after = new Set(next);
  const same = before.size === after.size && [...before].every((f) => after.has(f));
  return same ? { changed: false, finalizers } : { changed: true, finalizers: next };
}

/** The narration's words for what the finalizers ask of the garbage collector. */
export function gcFinalizerNote(
  finalizers: readonly string[],
  requested: PropagationPolicy | undefined,
): string {
  const asked = requested !== undefined ? `propagationPolicy ${requested}` : "the default policy";
  if (finalizers.includes(FinalizerDeleteDependents))
    return `${asked}: finalizer ${FinalizerDeleteDependents} set; the object stays until the garbage collector has deleted its blocking dependents`;
  if (finalizers.includes(FinalizerOrphanDependents))
    return `${asked}: finalizer ${FinalizerOrphanDependents} set; the garbage collector removes the dependents' ownerReferences, then the finalizer`;
  return `${asked}: the garbage collector deletes the dependents in the background`;
}
