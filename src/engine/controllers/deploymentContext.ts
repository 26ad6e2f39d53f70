// The plumbing of the Deployment controller's sync steps. Upstream's functions return errors
// after blocking API calls; here each API call answers through the simulation, so every step is
// written in continuation-passing style and ends by calling `done(error?)` (Promises cannot be
// used: their microtasks would run outside the simulation's event loop).

import type { KubeObject } from "../api/objects";
import { isStatus } from "../api/status";
import type { ApiResponse } from "../apiserver/request";
import type { ApiClient } from "../client/apiClient";
import type { EventRecorder } from "../client/eventRecorder";
import type { Informer } from "../client/informer";
import type { ReplicaSetObject } from "./deploymentUtil";

/** What every sync step needs: the controller's client, recorder, ReplicaSet cache and clock. */
export interface SyncContext {
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  /** The ReplicaSet informer's cache (upstream's rsLister). */
  readonly replicaSets: Informer<KubeObject>;
  /** Epoch milliseconds on the virtual clock. */
  now(): number;
  /** metav1.Now() as RFC 3339. */
  timestamp(): string;
  /** Queue this Deployment again after `ms` (dc.enqueueAfter). */
  enqueueAfter(ms: number): void;
  /** The Go error text of a failed response (a Status's message). */
  errorOf(response: ApiResponse): string;
}

/** Finishes a step: no argument on success, the error text otherwise. */
export type Done = (error?: string) => void;
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Runs `step` on each item in turn; stops at the first error. */
export function eachSeries<T>(
  items: readonly T[],
  step: (item: T, index: number, next: Done) => void,
  done: Done,
): void {
  const run = (i: number): void => {
    const item = items[i];
    if (i >= items.length || item === undefined) return done();
    step(item, i, (error) => (error !== undefined ? done(error) : run(i + 1)));
  };
  run(0);
}

export function errorText(response: ApiResponse): string {
  return isStatus(response.body) ? (response.body.message ?? "") : `unexpected response ${response.code}`;
}

export function withMinReadySeconds<T extends object>(spec: T, seconds: number): T {
  const { minReadySeconds: _drop, ...rest } = spec as T & { minReadySeconds?: number };
  return (seconds !== 0 ? { ...rest, minReadySeconds: seconds } : rest) as T;
}

export function putReplicaSet(
  ctx: SyncContext,
  rs: ReplicaSetObject,
  cb: (r: Result<ReplicaSetObject>) => void,
): void {
  ctx.client.update("replicasets", rs.metadata.namespace, rs, (res) =>
    cb(
      res.code === 200
        ? { ok: true, value: res.body as ReplicaSetObject }
        : { ok: false, error: ctx.errorOf(res) },
    ),
  );
}
