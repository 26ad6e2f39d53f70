// The garbage collector's dependency graph builder (pkg/controller/garbagecollector/
// graph_builder.go): one node (gcNode.ts) per object uid, with its ownerReferences and its dependents. Informer
// events update the graph and decide what to look at: dependents of a deleted owner, owners that
// start waiting for their dependents (`foregroundDeletion`) or for orphaning (`orphan`), and
// "virtual" nodes for owners seen only in someone's ownerReferences, which the collector verifies
// with a GET. Simplified: events are processed as they arrive (no graphChanges queue), and the
// OwnerRefInvalidNamespace warning event is not recorded.

import type { KubeObject, OwnerReference } from "../api/objects";
import type { ResourceInfo } from "../api/resources";
import { FinalizerDeleteDependents, FinalizerOrphanDependents } from "../apiserver/verbs/deletionFinalizers";
import {
  AbsentOwnerCache,
  GcNode,
  type ObjectIdentity,
  absentKey,
  alternateIdentity,
  beingDeleted,
  hasFinalizer,
  identityOf,
  partitionDependents,
  refMatchesCoordinates,
  referencesDiffs,
  sameIdentity,
} from "./gcNode";

/** Where the graph sends nodes to look at. */
export interface GraphQueues {
  attemptToDelete(node: GcNode): void;
  attemptToOrphan(node: GcNode): void;
}

export class GraphBuilder {
  readonly uidToNode = new Map<string, GcNode>();
  readonly absentOwnerCache = new AbsentOwnerCache();

  constructor(private readonly queues: GraphQueues) {}

  /** An add or update from an informer (`old` is undefined for an add). */
  observe(info: ResourceInfo, old: KubeObject | undefined, object: KubeObject): void {
    const identity = identityOf(info, object);
    const existing = this.uidToNode.get(identity.uid);
    if (existing?.virtual) this.markObserved(existing, identity);
    const owners = object.metadata.ownerReferences ?? [];
    if (!existing) {
      const node = new GcNode(identity, { owners, object });
      this.uidToNode.set(identity.uid, node);
      this.addDependentToOwners(node, owners);
      this.processTransitions(old, object, node);
      return;
    }
    const { added, removed, changed } = referencesDiffs(existing.owners, owners);
    if (added.length || removed.length || changed.length) {
      this.addUnblockedOwnersToDeleteQueue(removed, changed);
      existing.owners = owners;
      this.addDependentToOwners(existing, added);
      for (const ref of removed) this.uidToNode.get(ref.uid)?.dependents.delete(existing);
    }
    if (beingDeleted(object)) existing.beingDeleted = true;
    this.processTransitions(old, object, existing);
  }

  /** A virtual node meets its object: take the observed coordinates; re-check dependents that disagree. */
  markObserved(node: GcNode, observed: ObjectIdentity): void {
    if (!sameIdentity(node.identity, observed)) {
      const [, nonmatching] = partitionDependents(node.dependents, observed);
      for (const dep of nonmatching) this.queues.attemptToDelete(dep);
      node.identity = observed;
    }
    node.virtual = false;
  }

  /** A DELETED event from an informer. */
  removed(info: ResourceInfo, object: KubeObject): void {
    const identity = identityOf(info, object);
    const node = this.uidToNode.get(identity.uid);
    if (node) this.removeNode(node, identity);
  }

  /** The collector found that an object does not exist (404 or another uid). */
  virtualDelete(identity: ObjectIdentity): void {
    const node = this.uidToNode.get(identity.uid);
    if (!node) return;
    if (node.virtual) {
      const [matching, nonmatching] = partitionDependents(node.dependents, identity);
      if (nonmatching.length > 0) {
        // Some dependents name this owner differently: keep the node, settle the ones that agree.
        if (matching.length > 0) {
          this.absentOwnerCache.add(absentKey(identity, identity.namespace));
          for (const dep of matching) this.queues.attemptToDelete(dep);
        }
        if (sameIdentity(node.identity, identity)) {
          const alternate = alternateIdentity(nonmatching, identity);
          if (alternate) {
            node.identity = alternate;
            this.queues.attemptToDelete(node);
          }
        }
        return;
      }
    } else if (!sameIdentity(node.identity, identity)) {
      const [matching] = partitionDependents(node.dependents, identity);
      if (matching.length > 0) {
        this.absentOwnerCache.add(absentKey(identity, identity.namespace));
        for (const dep of matching) this.queues.attemptToDelete(dep);
      }
      return;
    }
    this.removeNode(node, identity);
  }

  private removeNode(node: GcNode, identity: ObjectIdentity): void {
    this.uidToNode.delete(node.identity.uid);
    for (const ref of node.owners) this.uidToNode.get(ref.uid)?.dependents.delete(node);
    if (node.dependents.size > 0) this.absentOwnerCache.add(absentKey(identity, identity.namespace));
    for (const dep of node.dependents) this.queues.attemptToDelete(dep);
    // An owner deleting in the foreground may have been waiting for this one.
    for (const ref of node.owners) {
      const owner = this.uidToNode.get(ref.uid);
      if (owner?.deletingDependents) this.queues.attemptToDelete(owner);
    }
  }

  private addDependentToOwners(node: GcNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const ref of owners) {
      let owner = this.uidToNode.get(ref.uid);
      if (!owner) {
        // An owner not seen yet: a virtual node, verified by attemptToDelete.
        owner = new GcNode(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            name: ref.name,
            uid: ref.uid,
            namespace: node.identity.namespace,
          },
          { virtual: true },
        );
        this.uidToNode.set(ref.uid, owner);
        owner.dependents.add(node);
        this.queues.attemptToDelete(owner);
        continue;
      }
      owner.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespaced = owner.identity.namespace !== "";
      if (ownerNamespaced && owner.identity.namespace !== node.identity.namespace) potentiallyInvalid = true;
      else if (!refMatchesCoordinates(ref, owner.identity)) potentiallyInvalid = true;
      else if (!ownerNamespaced && owner.identity.namespace !== node.identity.namespace && owner.virtual)
        potentiallyInvalid = true;
    }
    // Let attemptToDelete verify the references against the API.
    if (potentiallyInvalid) this.queues.attemptToDelete(node);
  }

  /** A removed blocking reference, or one no longer blocking, may release a foreground-deleting owner. */
  private addUnblockedOwnersToDeleteQueue(
    removed: readonly OwnerReference[],
    changed: readonly { old: OwnerReference; next: OwnerReference }[],
  ): void {
    for (const ref of removed) {
      const owner = ref.blockOwnerDeletion === true ? this.uidToNode.get(ref.uid) : undefined;
      if (owner) this.queues.attemptToDelete(owner);
    }
    for (const { old, next } of changed) {
      const owner =
        old.blockOwnerDeletion === true && next.blockOwnerDeletion !== true
          ? this.uidToNode.get(next.uid)
          : undefined;
      if (owner) this.queues.attemptToDelete(owner);
    }
  }

  processTransitions(old: KubeObject | undefined, object: KubeObject, node: GcNode): void {
    if (deletionStartsWithFinalizer(old, object, FinalizerOrphanDependents)) {
      this.queues.attemptToOrphan(node);
      return;
    }
    if (deletionStartsWithFinalizer(old, object, FinalizerDeleteDependents)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.queues.attemptToDelete(dep);
      this.queues.attemptToDelete(node);
    }
  }
}

function deletionStartsWithFinalizer(
  old: KubeObject | undefined,
  object: KubeObject,
  finalizer: string,
): boolean {
  if (!beingDeleted(object) || !hasFinalizer(object, finalizer)) return false;
  return old === undefined || !beingDeleted(old) || !hasFinalizer(old, finalizer);
}
