// defaultStatefulSetControl.UpdateStatefulSet (pkg/controller/statefulset/stateful_set_control.go)
// and the status updater (stateful_set_status_updater.go): find or create the update revision
// (a ControllerRevision of the current template; an equal older one is renumbered, which is how a
// rollback reuses its name), run the replica logic (statefulSetReplicas.ts), write the status when
// it changed (completing a finished rolling update: currentRevision = updateRevision), and delete
// history no pod uses beyond revisionHistoryLimit.

import { type KubeObject, objectKey } from "../api/objects";
import type { ApiResponse } from "../apiserver/request";
import { isStatus } from "../api/status";
import type { Pod } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import type { StatefulSetStatus } from "kubernetes-types/apps/v1";
import {
  type ControllerRevision,
  createControllerRevision,
  deleteControllerRevision,
  equalRevision,
  findEqualRevisions,
  nextRevision,
  sortControllerRevisions,
  updateControllerRevision,
} from "./controllerHistory";
import { aggregateErrors } from "./controllerRefManager";
import type { OwnWrites } from "./ownWrites";
import { type ComputedStatus, type ReplicaContext, updateReplicas } from "./statefulSetReplicas";
import {
  type StatefulSetObject,
  getPodRevision,
  newRevision,
  revisionHistoryLimit,
  updateStrategyType,
} from "./statefulSetUtils";

export interface StatefulSetControlContext extends ReplicaContext {
  readonly client: ApiClient;
  readonly ownWrites: OwnWrites;
  /** The ControllerRevisions the set controls (ListRevisions). */
  listRevisions(set: StatefulSetObject): ControllerRevision[];
}

const messageOf = (response: ApiResponse): string =>
  isStatus(response.body) ? response.body.message : `unexpected response ${response.code}`;

type RevisionsCallback = (
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined,
  collisionCount: number,
  error?: string,
) => void;

/** getStatefulSetRevisions: the current and update revisions, and the collision count used. */
function getStatefulSetRevisions(
  ctx: StatefulSetControlContext,
  set: StatefulSetObject,
  revisions: readonly ControllerRevision[],
  done: RevisionsCallback,
): void {
  let collisionCount = set.status?.collisionCount ?? 0;
  const candidate = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = findEqualRevisions(revisions, candidate);
  const last = revisions[revisions.length - 1];
  const withCurrent = (update: ControllerRevision | undefined, error?: string): void => {
    if (!update) return done(undefined, undefined, collisionCount, error);
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    done(current, update, collisionCount, error);
  };
  const lastEqual = equal[equal.length - 1];
  if (lastEqual && equalRevision(last, lastEqual)) {
    // The update revision is the latest one: nothing changed.
    return withCurrent(last);
  }
  if (lastEqual) {
    // An earlier template came back (a rollback): renumber that revision.
    return updateControllerRevision(ctx.client, lastEqual, candidate.revision, (r, error) =>
      withCurrent(r, error),
    );
  }
  createControllerRevision(
    ctx.client,
    set,
    candidate,
    collisionCount,
    (count) => (collisionCount = count),
    (r, error) => withCurrent(r, error),
  );
}

/** truncateHistory: delete the oldest revisions no pod (nor current/update) uses, beyond the limit. */
function truncateHistory(
  ctx: StatefulSetControlContext,
  set: StatefulSetObject,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined,
  done: (error?: string) => void,
): void {
  const live = new Set<string>();
  if (current) live.add(current.metadata.name ?? "");
  if (update) live.add(update.metadata.name ?? "");
  for (const pod of pods) live.add(getPodRevision(pod));
  const history = revisions.filter((r) => !live.has(r.metadata.name ?? ""));
  const limit = revisionHistoryLimit(set);
  if (limit < 0 || history.length <= limit) return done();
  const doomed = history.slice(0, history.length - limit);
  const next = (i: number): void => {
    const r = doomed[i];
    if (!r) return done();
    deleteControllerRevision(ctx.client, r, (error) => (error ? done(error) : next(i + 1)));
  };
  next(0);
}

/** StatefulSetStatus as Go serializes it: replicas and availableReplicas always, the rest omitempty. */
export function statusObject(s: ComputedStatus): StatefulSetStatus {
  return {
    ...(s.observedGeneration ? { observedGeneration: s.observedGeneration } : {}),
    replicas: s.replicas,
    ...(s.readyReplicas ? { readyReplicas: s.readyReplicas } : {}),
    ...(s.currentReplicas ? { currentReplicas: s.currentReplicas } : {}),
    ...(s.updatedReplicas ? { updatedReplicas: s.updatedReplicas } : {}),
    ...(s.currentRevision ? { currentRevision: s.currentRevision } : {}),
    ...(s.updateRevision ? { updateRevision: s.updateRevision } : {}),
    collisionCount: s.collisionCount,
    availableReplicas: s.availableReplicas,
  };
}

/** retry.DefaultRetry: five attempts on conflicts. */
const CONFLICT_RETRIES = 4;

/** updateStatefulSetStatus: complete a finished rolling update; write only an inconsistent status. */
function updateStatefulSetStatus(
  ctx: StatefulSetControlContext,
  set: StatefulSetObject,
  status: ComputedStatus,
  done: (error?: string) => void,
): void {
  if (
    updateStrategyType(set) === "RollingUpdate" &&
    status.updatedReplicas === status.replicas &&
    status.readyReplicas === status.replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  const old = set.status;
  const consistent =
    old?.observedGeneration !== undefined &&
    status.observedGeneration <= old.observedGeneration &&
    status.replicas === (old.replicas ?? 0) &&
    status.currentReplicas === (old.currentReplicas ?? 0) &&
    status.readyReplicas === (old.readyReplicas ?? 0) &&
    status.updatedReplicas === (old.updatedReplicas ?? 0) &&
    status.currentRevision === (old.currentRevision ?? "") &&
    status.availableReplicas === (old.availableReplicas ?? 0) &&
    status.updateRevision === (old.updateRevision ?? "");
  if (consistent) return done();
  const namespace = set.metadata.namespace ?? "default";
  const name = set.metadata.name ?? "";
  const attempt = (current: KubeObject, i: number): void => {
    const body = { ...current, status: statusObject(status) };
    ctx.client.request(
      { verb: "update", resource: "statefulsets", namespace, name, subresource: "status", body },
      (response) => {
        if (response.code === 200) {
          ctx.ownWrites.record(objectKey(set), response.body as KubeObject);
          return done();
        }
        if (response.code !== 409 || i >= CONFLICT_RETRIES) return done(messageOf(response));
        ctx.client.request({ verb: "get", resource: "statefulsets", namespace, name }, (got) =>
          got.code === 200 ? attempt(got.body as KubeObject, i + 1) : done(messageOf(got)),
        );
      },
    );
  };
  attempt(set, 0);
}

/** UpdateStatefulSet: revisions, replicas, status, history; `done` gets the status written. */
export function updateStatefulSet(
  ctx: StatefulSetControlContext,
  set: StatefulSetObject,
  pods: readonly Pod[],
  done: (status: ComputedStatus | undefined, error?: string) => void,
): void {
  const revisions = sortControllerRevisions(ctx.listRevisions(set));
  getStatefulSetRevisions(ctx, set, revisions, (current, update, collisionCount, revisionError) => {
    if (!current || !update || revisionError !== undefined) {
      return truncateHistory(ctx, set, pods, revisions, current, update, (e) =>
        done(undefined, aggregateErrors([revisionError ?? "no update revision", ...(e ? [e] : [])])),
      );
    }
    updateReplicas(ctx, set, current, update, collisionCount, pods, (status, error) => {
      updateStatefulSetStatus(ctx, set, status, (statusError) => {
        truncateHistory(ctx, set, pods, revisions, current, update, (truncateError) => {
          const errors = [error, statusError, truncateError].filter((e): e is string => e !== undefined);
          done(status, aggregateErrors(errors));
        });
      });
    });
  });
}
