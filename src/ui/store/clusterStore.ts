// What the UI knows about the simulated cluster, built only from the worker's batches: the current
// objects, every version of each object (so a timeline step can show the object as it was at that
// revision), the trace, the clock and the scenario. A vanilla zustand store with a thin hook.

import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import type { KubeObject } from "../../engine/api/objects";
import type { CommandResult } from "../../engine/kubectl/kubectl";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import type { ClockState, SessionScenario, WorkerMessage } from "../../protocol/messages";

export interface ObjectVersion {
  /** etcd revision of this version (its resourceVersion), or of its deletion. */
  readonly revision: number;
  /** undefined: deleted at `revision`. */
  readonly object: KubeObject | undefined;
}

export interface ApplyOutcome {
  readonly id: number;
  readonly pending: boolean;
  readonly results: readonly CommandResult[];
}

export interface ClusterState {
  /** Current objects by etcd key. */
  readonly objects: ReadonlyMap<string, KubeObject>;
  /** Every version seen of every object, oldest first. */
  readonly history: ReadonlyMap<string, readonly ObjectVersion[]>;
  readonly trace: readonly TraceEvent[];
  readonly clock: ClockState;
  readonly scenario: SessionScenario;
  /** Outcome of the latest kubectl command from the editor. */
  readonly lastApply: ApplyOutcome | undefined;
  /** Errors reported by the worker (it keeps running). */
  readonly workerError: string | undefined;
  /** Bumped on every reset batch, so views can drop what they derived from the old run. */
  readonly generation: number;
}

export const initialClock: ClockState = {
  now: 0,
  epochMs: 0,
  playing: true,
  speed: 1,
  idle: true,
  traceCount: 0,
};

export const clusterStore = createStore<ClusterState>(() => ({
  objects: new Map(),
  history: new Map(),
  trace: [],
  clock: initialClock,
  scenario: { seed: 1, workers: 3, steps: [] },
  lastApply: undefined,
  workerError: undefined,
  generation: 0,
}));

export function useCluster<T>(selector: (state: ClusterState) => T): T {
  return useStore(clusterStore, selector);
}

function revisionOf(object: KubeObject): number {
  return Number(object.metadata.resourceVersion ?? 0);
}

/** Folds one worker message into the store. */
export function receive(message: WorkerMessage): void {
  const state = clusterStore.getState();
  switch (message.type) {
    case "batch": {
      const objects = new Map(message.reset ? [] : state.objects);
      const history = new Map(message.reset ? [] : state.history);
      for (const diff of message.objects) {
        const versions = [...(history.get(diff.key) ?? [])];
        if (diff.object) {
          objects.set(diff.key, diff.object);
          versions.push({ revision: revisionOf(diff.object), object: diff.object });
        } else {
          objects.delete(diff.key);
          versions.push({ revision: diff.removedAt ?? 0, object: undefined });
        }
        history.set(diff.key, versions);
      }
      clusterStore.setState({
        objects,
        history,
        trace: message.reset
          ? message.trace
          : message.trace.length
            ? [...state.trace, ...message.trace]
            : state.trace,
        clock: message.clock,
        scenario: message.scenario,
        generation: message.reset ? state.generation + 1 : state.generation,
      });
      break;
    }
    case "result":
      if (state.lastApply?.id === message.id)
        clusterStore.setState({ lastApply: { id: message.id, pending: false, results: message.results } });
      break;
    case "error":
      clusterStore.setState({ workerError: message.message });
      break;
  }
}

/** The object stored under `key` as it was at etcd revision `revision` (undefined if absent then). */
export function objectAt(state: ClusterState, key: string, revision: number): KubeObject | undefined {
  const versions = state.history.get(key);
  if (!versions) return undefined;
  let found: ObjectVersion | undefined;
  for (const v of versions) {
    if (v.revision <= revision) found = v;
    else break;
  }
  return found?.object;
}

/** The version before the one at `revision`, to show what a step changed. */
export function objectBefore(state: ClusterState, key: string, revision: number): KubeObject | undefined {
  return objectAt(state, key, revision - 1);
}
