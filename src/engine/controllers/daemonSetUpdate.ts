// pkg/controller/daemon/update.go: the DaemonSet's history and its rolling update.
// constructHistory finds (or snapshots) the ControllerRevision of the current template, named
// `<ds>-<ComputeHash(template, collisionCount)>`; cleanupHistory trims unused old revisions to
// revisionHistoryLimit; rollingUpdate replaces out-of-date pods within maxUnavailable (deleting
// old pods and letting manage create new ones) or, with maxSurge, starts new pods next to old
// ones and deletes an old pod once its replacement is available. Simplified: duplicate current
// revisions are deduplicated by keeping the newest without relabelling pods; orphan revisions
// are not adopted; revisions missing the hash label are left as they are.

import type { Node, Pod } from "../api/objects";
import { jsonEqual } from "../api/objects";
import { isStatus } from "../api/status";
import {
  type ControllerRevision,
  deleteControllerRevision,
  maxRevision,
  sortControllerRevisions,
  templatePatch,
  updateControllerRevision,
} from "./controllerHistory";
import { isPodAvailable } from "./controllerUtils";
import type { DaemonSetController } from "./daemonSetController";
import { syncNodes } from "./daemonSetNodes";
import {
  ControllerRevisionHashLabelKey,
  type DaemonSetObject,
  isPodUpdated,
  minReadySeconds,
  nodeShouldRunDaemonPod,
  revisionHistoryLimit,
  surgeCount,
  templateGeneration,
  unavailableCount,
} from "./daemonSetUtil";
import { computeHash } from "./deploymentUtil";

const messageOf = (body: unknown, code: number): string =>
  isStatus(body) ? body.message : `unexpected response ${code}`;

/** constructHistory: the current revision (created if missing, renumbered if behind) and the old ones. */
export function constructHistory(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  done: (cur: ControllerRevision | undefined, old: ControllerRevision[], error?: string) => void,
): void {
  const patch = templatePatch(ds.spec?.template);
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (const h of ctrl.controlledRevisions(ds)) (jsonEqual(h.data, patch) ? current : old).push(h);
  const currRevision = maxRevision(old) + 1;
  if (current.length === 0) {
    return snapshot(ctrl, ds, currRevision, (cur, error) => done(cur, old, error));
  }
  // dedupCurHistories: keep the newest of equal revisions.
  const sorted = sortControllerRevisions([...current]);
  const keep = sorted[sorted.length - 1] as ControllerRevision;
  const duplicates = sorted.slice(0, -1);
  const renumber = (): void => {
    if (keep.revision >= currRevision) return done(keep, old);
    updateControllerRevision(ctrl.client, keep, currRevision, (updated, error) =>
      done(updated ?? keep, old, error),
    );
  };
  const next = (i: number): void => {
    const dup = duplicates[i];
    if (!dup) return renumber();
    deleteControllerRevision(ctrl.client, dup, (error) => (error ? done(keep, old, error) : next(i + 1)));
  };
  next(0);
}

/** snapshot: a new ControllerRevision for the current template; a name collision bumps collisionCount. */
function snapshot(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  revision: number,
  done: (cur: ControllerRevision | undefined, error?: string) => void,
): void {
  const { client } = ctrl;
  const namespace = ds.metadata.namespace ?? "default";
  const dsName = ds.metadata.name ?? "";
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${dsName}-${hash}`;
  const history: ControllerRevision = {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name,
      namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [ControllerRevisionHashLabelKey]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "DaemonSet",
          name: dsName,
          uid: ds.metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    data: templatePatch(ds.spec?.template),
    revision,
  };
  client.create("controllerrevisions", namespace, history, (response) => {
    if (response.code === 201) return done(response.body as ControllerRevision);
    const outer = messageOf(response.body, response.code);
    if (response.code !== 409) return done(undefined, outer);
    client.request({ verb: "get", resource: "controllerrevisions", namespace, name }, (got) => {
      if (got.code !== 200) return done(undefined, messageOf(got.body, got.code));
      const existing = got.body as ControllerRevision;
      if (jsonEqual(existing.data, history.data)) return done(existing);
      // A different template has this hash: bump the collision count (from a fresh read) and retry later.
      client.request({ verb: "get", resource: "daemonsets", namespace, name: dsName }, (fresh) => {
        if (fresh.code !== 200) return done(undefined, messageOf(fresh.body, fresh.code));
        const currDS = fresh.body as DaemonSetObject;
        const seen = currDS.status?.collisionCount;
        if (seen !== ds.status?.collisionCount) {
          const error = `found a stale collision count (${seen ?? 0}, expected ${ds.status?.collisionCount ?? 0}) of DaemonSet "${dsName}" while processing; will retry until it is updated`;
          return done(undefined, error);
        }
        const status = { ...(currDS.status ?? {}), collisionCount: (seen ?? 0) + 1 };
        client.request(
          {
            verb: "update",
            resource: "daemonsets",
            namespace,
            name: dsName,
            subresource: "status",
            body: { ...currDS, status },
          },
          (updated) => done(undefined, updated.code === 200 ? outer : messageOf(updated.body, updated.code)),
        );
      });
    });
  });
}

/** cleanupHistory: delete the oldest unused revisions beyond revisionHistoryLimit. */
export function cleanupHistory(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  old: readonly ControllerRevision[],
  done: (error?: string) => void,
): void {
  let toKill = old.length - revisionHistoryLimit(ds);
  if (toKill <= 0) return done();
  const liveHashes = new Set<string>();
  for (const pods of ctrl.nodesToDaemonPods(ds, true).values()) {
    for (const pod of pods) {
      const hash = pod.metadata?.labels?.[ControllerRevisionHashLabelKey];
      if (hash) liveHashes.add(hash);
    }
  }
  const candidates = sortControllerRevisions([...old]).filter((h) => {
    if (toKill <= 0) return false;
    if (liveHashes.has(h.metadata.labels?.[ControllerRevisionHashLabelKey] ?? "")) return false;
    toKill--;
    return true;
  });
  const next = (i: number): void => {
    const h = candidates[i];
    if (!h) return done();
    deleteControllerRevision(ctrl.client, h, (error) => (error ? done(error) : next(i + 1)));
  };
  next(0);
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else not ok (manage cleans up first). */
function findUpdatedPodsOnNode(
  ds: DaemonSetObject,
  pods: readonly Pod[],
  hash: string,
): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

/** rollingUpdate: replace out-of-date pods within maxUnavailable, or surge with maxSurge. */
export function rollingUpdate(
  ctrl: DaemonSetController,
  ds: DaemonSetObject,
  hash: string,
  done: (error?: string) => void,
): void {
  const nodeToDaemonPods = ctrl.nodesToDaemonPods(ds);
  // updatedDesiredNodeCounts: nodes that should run a pod but have none count too.
  let desired = 0;
  for (const node of ctrl.nodeList()) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    const name = node.metadata?.name ?? "";
    if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (maxUnavailable === undefined || maxSurge === undefined) {
    return done(`invalid value for MaxUnavailable or MaxSurge of DaemonSet "${ds.metadata.name ?? ""}"`);
  }
  // An impossible configuration (both 0) accepts one unavailable pod.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const nowEpoch = ctrl.client.sim.epochMs + ctrl.client.sim.now;
  const available = (pod: Pod): boolean => isPodAvailable(pod, minReadySeconds(ds), nowEpoch);
  // Go iterates the map in random order; we go by node name.
  const entries = [...nodeToDaemonPods.entries()].sort(([a], [b]) => a.localeCompare(b));

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacementPods: string[] = [];
    const candidatePodsToDelete: string[] = [];
    for (const [, pods] of entries) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, pods, hash);
      if (!ok || (oldPod === undefined) === (newPod === undefined)) {
        // Excess pods, or nothing / both: manage handles the node; it counts as unavailable.
        numUnavailable++;
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) {
          allowedReplacementPods.push(oldPod.metadata?.name ?? "");
          numUnavailable++;
        } else if (numUnavailable < maxUnavailable) {
          candidatePodsToDelete.push(oldPod.metadata?.name ?? "");
        }
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidatePodsToDelete.length);
    const oldPodsToDelete = [...allowedReplacementPods, ...candidatePodsToDelete.slice(0, remaining)];
    return syncNodes(ctrl, ds, oldPodsToDelete, [], hash, done);
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of entries) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    if (!oldPod) continue;
    if (newPod) {
      // Already surged here: delete the old pod once the new one is available.
      if (!available(newPod)) numSurge++;
      else oldPodsToDelete.push(oldPod.metadata?.name ?? "");
      continue;
    }
    const node = ctrl.nodes.get(nodeName) as Node | undefined;
    if (!node) return done(`couldn't get node for nodeName "${nodeName}": node "${nodeName}" not found`);
    const shouldRun = nodeShouldRunDaemonPod(node, ds).shouldRun;
    if (!available(oldPod)) {
      if (!shouldRun) oldPodsToDelete.push(oldPod.metadata?.name ?? "");
      else allowedNewNodes.push(nodeName);
    } else if (!shouldRun) {
      shouldNotRunPodsToDelete.push(oldPod.metadata?.name ?? "");
    } else if (numSurge < maxSurge) {
      candidateNewNodes.push(nodeName);
    }
  }
  // With surge the owner expects full availability: delete pods on nodes that no longer qualify
  // only as far as pods elsewhere are available.
  const deletable = Math.min(numAvailable - desired, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.length);
  const newNodesToCreate = [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)];
  syncNodes(ctrl, ds, oldPodsToDelete, newNodesToCreate, hash, done);
}
