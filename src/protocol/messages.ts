// The versioned protocol between the UI (main thread) and the engine's Web Worker. Types only:
// the UI sends commands; the worker answers with at most one batch per animation frame, carrying
// object diffs, new trace events and the clock. The UI never mutates cluster objects.

import type { KubeObject } from "../engine/api/objects";
import type { CommandResult } from "../engine/kubectl/kubectl";
import type { ScenarioAction, ScenarioStep } from "../engine/scenario/scenario";
import type { TraceEvent } from "../engine/trace/traceEvent";

export const PROTOCOL_VERSION = 3;

/** Paused, or a multiple of real time. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 16, 64] as const;
export type Speed = (typeof SPEEDS)[number];

/** What reproduces a run exactly: cluster shape, seed, and the user's actions with their times. */
export interface SessionScenario {
  readonly seed: number;
  readonly workers: number;
  readonly steps: readonly ScenarioStep[];
}

export type UiCommand =
  | { readonly type: "apply"; readonly id: number; readonly text: string; readonly source: string }
  | {
      readonly type: "delete";
      readonly id: number;
      readonly kind: string;
      readonly name: string;
      readonly namespace?: string;
    }
  /** Any other learner action (scale, set image, rollback, node faults, load), as a scenario step does it. */
  | { readonly type: "act"; readonly id: number; readonly action: ScenarioAction }
  /** The editor's documents by file name (all of them, after every change): what `kubectl -f NAME` reads. */
  | { readonly type: "setDocuments"; readonly files: Readonly<Record<string, string>> }
  /**
   * A line typed in the Terminal panel (`kubectl …` / `k …`), run now and recorded as a `kubectl`
   * scenario step. Output streams back as kubectlOutput messages, then one kubectlDone.
   * (Editor documents for `-f <name>` travel in separate fields added next to this one.)
   */
  | { readonly type: "kubectl"; readonly id: number; readonly line: string }
  /** Ctrl+C on a running command (ends `-w`, `logs -f`); a finished one ignores it. */
  | { readonly type: "kubectlCancel"; readonly id: number }
  /** Tab: completions for the word at `cursor` (a UTF-16 offset into `line`). */
  | { readonly type: "complete"; readonly id: number; readonly line: string; readonly cursor: number }
  | { readonly type: "play" }
  | { readonly type: "pause" }
  /** One message; with `skipBackground`, heartbeats the learner has hidden do not count. */
  | { readonly type: "step"; readonly skipBackground?: boolean }
  | { readonly type: "stepBack"; readonly skipBackground?: boolean }
  | { readonly type: "setSpeed"; readonly speed: Speed }
  | { readonly type: "runUntilIdle" }
  | { readonly type: "reset"; readonly seed?: number; readonly workers?: number }
  /**
   * Rebuild the run: the scenario's steps at their times, then run to `untilTime` (or pause at 0),
   * stopping after `traceCount` messages when given.
   */
  | {
      readonly type: "loadScenario";
      readonly scenario: SessionScenario;
      readonly untilTime?: number;
      readonly traceCount?: number;
    };

export interface UiEnvelope {
  readonly v: typeof PROTOCOL_VERSION;
  readonly command: UiCommand;
}

export interface ClockState {
  /** Simulated ms since the start. */
  readonly now: number;
  /** Wall-clock ms (epoch) that simulated time 0 stands for. */
  readonly epochMs: number;
  readonly playing: boolean;
  readonly speed: Speed;
  /** Only background work (heartbeats) is pending. */
  readonly idle: boolean;
  readonly traceCount: number;
}

export interface ObjectDiff {
  /** etcd key: `/registry/pods/default/web`. */
  readonly key: string;
  readonly object?: KubeObject;
  /** Set when the object was deleted (at this etcd revision). */
  readonly removedAt?: number;
}

export type WorkerMessage =
  | {
      readonly type: "batch";
      /** A reset batch replaces everything the UI holds (after step back, reset or load). */
      readonly reset: boolean;
      readonly objects: readonly ObjectDiff[];
      readonly trace: readonly TraceEvent[];
      readonly clock: ClockState;
      readonly scenario: SessionScenario;
    }
  | { readonly type: "result"; readonly id: number; readonly results: readonly CommandResult[] }
  /** Text a terminal command wrote, exactly as kubectl prints it (newlines included). */
  | {
      readonly type: "kubectlOutput";
      readonly id: number;
      readonly stream: "stdout" | "stderr";
      readonly text: string;
    }
  /** The command ended (0 success, 1 kubectl's error exit, 130 cancelled or cut short by a rebuild). */
  | { readonly type: "kubectlDone"; readonly id: number; readonly exitCode: number }
  /** Candidates for the word at the cursor, each a whole replacement for that word. */
  | { readonly type: "completion"; readonly id: number; readonly candidates: readonly string[] }
  | { readonly type: "error"; readonly message: string }
  /** `kubectl edit`: open (or replace) the editor document `name` with `text`, and select it. */
  | { readonly type: "openDocument"; readonly name: string; readonly text: string };

export interface WorkerEnvelope {
  readonly v: typeof PROTOCOL_VERSION;
  readonly message: WorkerMessage;
}
