// The garbage collector's graph nodes and the helpers around them (pkg/controller/garbagecollector/
// graph.go, uid_cache.go and parts of graph_builder.go): an object's identity, its node (owners,
// dependents, virtual / being deleted / deleting dependents), the absent-owner cache, and how
// ownerReferences are compared.

import type { KubeObject, OwnerReference } from "../api/objects";
import { apiVersionOf, type ResourceInfo } from "../api/resources";
import { FinalizerDeleteDependents } from "../apiserver/verbs/deletionFinalizers";

/** An object's coordinates (objectReference: an ownerReference plus the namespace; "" if cluster-scoped). */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
}

export class GcNode {
  readonly dependents = new Set<GcNode>();
  owners: readonly OwnerReference[];
  /** Only known from a dependent's ownerReference, not yet observed through an informer. */
  virtual: boolean;
  beingDeleted: boolean;
  /** Being deleted with the `foregroundDeletion` finalizer: waiting for its blocking dependents. */
  deletingDependents: boolean;

  constructor(
    public identity: ObjectIdentity,
    options: { owners?: readonly OwnerReference[]; virtual?: boolean; object?: KubeObject } = {},
  ) {
    this.owners = options.owners ?? [];
    this.virtual = options.virtual ?? false;
    this.beingDeleted = options.object ? beingDeleted(options.object) : false;
    this.deletingDependents = options.object
      ? beingDeleted(options.object) && hasFinalizer(options.object, FinalizerDeleteDependents)
      : false;
  }

  /** Dependents whose ownerReference to this node has blockOwnerDeletion: true. */
  blockingDependents(): GcNode[] {
    return [...this.dependents].filter((dep) =>
      dep.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion === true),
    );
  }
}

export function identityOf(info: ResourceInfo, object: KubeObject): ObjectIdentity {
  const meta = object.metadata;
  return {
    apiVersion: apiVersionOf(info),
    kind: info.kind,
    name: meta.name ?? "",
    uid: meta.uid ?? "",
    namespace: info.namespaced ? (meta.namespace ?? "") : "",
  };
}

export function beingDeleted(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined && object.metadata.deletionTimestamp !== null;
}

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return (object.metadata.finalizers ?? []).includes(finalizer);
}

export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.namespace === b.namespace
  );
}

export function refMatchesCoordinates(ref: OwnerReference, identity: ObjectIdentity): boolean {
  return (
    ref.uid === identity.uid &&
    ref.name === identity.name &&
    ref.kind === identity.kind &&
    ref.apiVersion === identity.apiVersion
  );
}

/** The absentOwnerCache key: an owner's coordinates, with the namespace it was looked for in. */
export function absentKey(ref: Omit<ObjectIdentity, "namespace">, namespace: string): string {
  return [ref.apiVersion, ref.kind, namespace, ref.name, ref.uid].join("\u0000");
}

/** Owners known not to exist (uid_cache.go ReferenceCache: an LRU of 500). */
export class AbsentOwnerCache {
  private readonly keys = new Map<string, true>();
  constructor(private readonly capacity = 500) {}

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
  }

  has(key: string): boolean {
    if (!this.keys.has(key)) return false;
    this.add(key);
    return true;
  }
}

export function referencesDiffs(
  old: readonly OwnerReference[],
  next: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: { old: OwnerReference; next: OwnerReference }[];
} {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; next: OwnerReference }[] = [];
  for (const ref of next) {
    const before = oldByUid.get(ref.uid);
    if (before === undefined) added.push(ref);
    else {
      if (!sameRef(before, ref)) changed.push({ old: before, next: ref });
      oldByUid.delete(ref.uid);
    }
  }
  return { added, removed: [...oldByUid.values()], changed };
}

function sameRef(a: OwnerReference, b: OwnerReference): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.controller === b.controller &&
    a.blockOwnerDeletion === b.blockOwnerDeletion
  );
}

/** Dependents whose reference to the owner's uid matches these coordinates, and those that do not. */
export function partitionDependents(
  dependents: Iterable<GcNode>,
  owner: ObjectIdentity,
): [GcNode[], GcNode[]] {
  const matching: GcNode[] = [];
  const nonmatching: GcNode[] = [];
  for (const dep of dependents) {
    let match = false;
    let mismatch = false;
    if (owner.namespace !== "" && owner.namespace !== dep.identity.namespace) mismatch = true;
    else
      for (const ref of dep.owners) {
        if (ref.uid !== owner.uid) continue;
        if (refMatchesCoordinates(ref, owner)) match = true;
        else mismatch = true;
      }
    if (match) matching.push(dep);
    if (mismatch) nonmatching.push(dep);
  }
  return [matching, nonmatching];
}

/** Another way the dependents refer to an owner found absent (getAlternateOwnerIdentity). */
export function alternateIdentity(
  dependents: readonly GcNode[],
  absent: ObjectIdentity,
): ObjectIdentity | undefined {
  for (const dep of dependents) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      const candidate = {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        uid: ref.uid,
        namespace: dep.identity.namespace,
      };
      if (!sameIdentity(candidate, absent)) return candidate;
    }
  }
  return undefined;
}
