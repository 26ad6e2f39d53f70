// TraceEvent: one message between two simulated components. The UI animates exactly these;
// tests compare them with what Kubernetes does. Nothing is shown that is not traced here.

import type { SimTime } from "../sim/time";

/** Real component names, as a learner sees them in a cluster. */
export type ComponentName =
  | "kubectl"
  | "kube-apiserver"
  | "etcd"
  | "kube-scheduler"
  | "kube-controller-manager"
  | "coredns"
  | "metrics-server"
  | `kubelet/${string}`
  | `container-runtime/${string}`
  | `kube-proxy/${string}`;

export const TraceKind = {
  request: "request",
  response: "response",
  watch: "watch",
  internal: "internal",
} as const;
export type TraceKind = (typeof TraceKind)[keyof typeof TraceKind];

export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
}

/** A stage of the kube-apiserver handler chain. */
export type HandlerStage =
  "authentication" | "authorization" | "mutating-admission" | "validation" | "validating-admission";

export interface HttpDetail {
  readonly type: "http";
  readonly method: string;
  readonly path: string;
  readonly user?: string;
  /** HTTP status code, on responses. */
  readonly code?: number;
  /** Reason of a failed request (`NotFound`, `Conflict`, ...). */
  readonly reason?: string;
  readonly message?: string;
  /** Patch bodies are small and say what changed; they are kept for the narration. */
  readonly patch?: unknown;
}

export interface StageDetail {
  readonly type: "stage";
  readonly stage: HandlerStage;
  readonly ok: boolean;
  /** What the stage did: who the user is, which rule allowed it, which plugins mutated what. */
  readonly notes: readonly string[];
}

export interface EtcdDetail {
  readonly type: "etcd";
  readonly op: "txn" | "range" | "watch" | "compact";
  readonly key: string;
  readonly revision?: number;
  readonly succeeded?: boolean;
  readonly eventType?: "PUT" | "DELETE";
  readonly count?: number;
}

export interface WatchDetail {
  readonly type: "watch";
  readonly eventType: "ADDED" | "MODIFIED" | "DELETED";
  readonly resource: string;
}

/** Per-node results of the scheduler's Filter phase for one pod. */
export interface FilterDetail {
  readonly type: "filter";
  readonly pod: string;
  readonly totalNodes: number;
  /** Nodes examined, in the order the scheduler examined them. */
  readonly nodes: readonly string[];
  /** For each examined node: undefined if it passed, else the plugin that rejected it and why. */
  readonly rejections: readonly ({ readonly plugin: string; readonly reason: string } | undefined)[];
  readonly feasible: number;
}

/** Per-node, per-plugin scores of the scheduler's Score phase for one pod. */
export interface ScoreDetail {
  readonly type: "score";
  readonly pod: string;
  readonly nodes: readonly string[];
  /** plugin name → weight and normalized scores (0–100) aligned with `nodes`. */
  readonly plugins: readonly {
    readonly plugin: string;
    readonly weight: number;
    readonly scores: readonly number[];
  }[];
  readonly totals: readonly number[];
  readonly selected: string;
}

export interface CriDetail {
  readonly type: "cri";
  readonly call: string;
  readonly image?: string;
  readonly container?: string;
  readonly podIP?: string;
  readonly durationMs?: number;
  readonly error?: string;
}

export type TraceDetail =
  HttpDetail | StageDetail | EtcdDetail | WatchDetail | FilterDetail | ScoreDetail | CriDetail;

export interface TraceEvent {
  /** Position in the trace, from 1. */
  readonly seq: number;
  /** Simulated milliseconds since the start. */
  readonly time: SimTime;
  readonly from: ComponentName;
  readonly to: ComponentName;
  readonly kind: TraceKind;
  /** e.g. `POST /api/v1/namespaces/default/pods`, `Txn put /registry/pods/default/web`, `RunPodSandbox web`. */
  readonly summary: string;
  readonly object?: ObjectRef;
  /** etcd revision of the object this message concerns, when known. */
  readonly revision?: number;
  /** The seq of the message whose handling sent this one. */
  readonly cause?: number;
  /** True for periodic housekeeping (lease renewals, status reports) that UIs may hide. */
  readonly background?: boolean;
  readonly detail?: TraceDetail;
}

/** What a component hands to the simulation to send; seq, time and cause are filled in on delivery. */
export type TraceMessage = Omit<TraceEvent, "seq" | "time" | "cause" | "background">;
