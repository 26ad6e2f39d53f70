// Which components glow: the sender of the latest shown message (set by the message layer), or,
// when the learner selects a timeline step, that step's sender and receiver and the wire between
// them. A small store of its own so a node re-renders only when its own highlight changes, never
// on a clock tick.

import { useEffect } from "react";
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import { clusterStore } from "../store/clusterStore";
import { uiStore } from "../store/uiStore";

export interface HighlightState {
  /** Sender of the most recent message shown. */
  readonly active: string | undefined;
  /** The selected timeline step's sender and receiver. */
  readonly selectedFrom: string | undefined;
  readonly selectedTo: string | undefined;
}

export type Highlight = "sender" | "receiver" | "active" | undefined;

export const highlightStore = createStore<HighlightState>(() => ({
  active: undefined,
  selectedFrom: undefined,
  selectedTo: undefined,
}));

export function highlightOf(state: HighlightState, id: string): Highlight {
  if (state.selectedFrom !== undefined) {
    if (id === state.selectedFrom) return "sender";
    if (id === state.selectedTo) return "receiver";
    return undefined;
  }
  return id === state.active ? "active" : undefined;
}

export function useHighlight(id: string): Highlight {
  return useStore(highlightStore, (s) => highlightOf(s, id));
}

/** True when the wire between `a` and `b` carries the selected step. */
export function useWireSelected(a: string, b: string): boolean {
  return useStore(
    highlightStore,
    (s) =>
      s.selectedFrom !== undefined &&
      ((s.selectedFrom === a && s.selectedTo === b) || (s.selectedFrom === b && s.selectedTo === a)),
  );
}

/** The trace event with this seq (seqs start at 1 and the trace holds them in order). */
export function eventBySeq(trace: readonly TraceEvent[], seq: number | undefined): TraceEvent | undefined {
  if (seq === undefined) return undefined;
  const direct = trace[seq - 1];
  if (direct?.seq === seq) return direct;
  return trace.find((e) => e.seq === seq);
}

/** Keeps the selected step's sender and receiver in the highlight store. */
export function useSelectionHighlight(): void {
  useEffect(() => {
    const sync = (): void => {
      const event = eventBySeq(clusterStore.getState().trace, uiStore.getState().selectedSeq);
      const { selectedFrom, selectedTo } = highlightStore.getState();
      if (event?.from !== selectedFrom || event?.to !== selectedTo) {
        highlightStore.setState({ selectedFrom: event?.from, selectedTo: event?.to });
      }
    };
    sync();
    const offUi = uiStore.subscribe((s, prev) => {
      if (s.selectedSeq !== prev.selectedSeq) sync();
    });
    const offCluster = clusterStore.subscribe((s, prev) => {
      if (s.trace !== prev.trace && uiStore.getState().selectedSeq !== undefined) sync();
    });
    return () => {
      offUi();
      offCluster();
    };
  }, []);
}
