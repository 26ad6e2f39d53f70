// The layer of message dots over the graph. It listens to the cluster store directly (not through
// React) for new trace events and hands each one to the DotAnimator; it renders once.

import { useEffect, useRef, useState } from "react";
import { ViewportPortal } from "@xyflow/react";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import { clusterStore } from "../store/clusterStore";
import { uiStore } from "../store/uiStore";
import { DotAnimator, MAX_DOTS, dotStyle } from "./dots";
import { eventBySeq, highlightStore } from "./highlight";
import type { GraphLayout, Point } from "./layout";
import { messagePath, routeIndex } from "./layout";

export function MessageLayer({ layout }: { readonly layout: GraphLayout }) {
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const layoutRef = useRef(layout);
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);

  useEffect(() => {
    if (!svg) return undefined;
    const animator = new DotAnimator(svg);
    let indexed: GraphLayout | undefined;
    let index: ReadonlyMap<string, readonly Point[]> = new Map();
    const show = (event: TraceEvent): void => {
      const current = layoutRef.current;
      if (current !== indexed) {
        indexed = current;
        index = routeIndex(current);
      }
      const style = dotStyle(event);
      if (event.from === event.to) {
        const rect = current.components.get(event.from);
        if (rect) animator.addPulse(rect, style);
        return;
      }
      const path = messagePath(current, index, event.from, event.to);
      if (path) animator.addDot(path, style);
    };

    let { generation } = clusterStore.getState();
    let seen = clusterStore.getState().trace.length;
    const offCluster = clusterStore.subscribe((state) => {
      if (state.generation !== generation) {
        // A reset batch (step back, reset, load) replaces the run: nothing in flight survives.
        generation = state.generation;
        seen = state.trace.length;
        animator.clear();
        highlightStore.setState({ active: undefined });
        return;
      }
      const { trace } = state;
      if (trace.length <= seen) {
        seen = trace.length;
        return;
      }
      const hideHeartbeats = uiStore.getState().hideHeartbeats;
      // Messages of one batch start together: those on the same wire in the same style would be
      // drawn on top of each other, so each is drawn once (at 64× speed that is most of them).
      const fresh: TraceEvent[] = [];
      const drawn = new Set<string>();
      for (let i = trace.length - 1; i >= seen && drawn.size < MAX_DOTS; i--) {
        const event = trace[i];
        if (!event || (hideHeartbeats && event.background)) continue;
        const key = `${event.from}>${event.to}:${dotStyle(event)}`;
        if (drawn.has(key)) continue;
        drawn.add(key);
        fresh.push(event);
      }
      seen = trace.length;
      fresh.reverse();
      for (const event of fresh) show(event);
      const last = fresh[fresh.length - 1];
      if (last && highlightStore.getState().active !== last.from)
        highlightStore.setState({ active: last.from });
    });

    // Selecting a timeline step replays its message once.
    const offUi = uiStore.subscribe((state, prev) => {
      if (state.selectedSeq === prev.selectedSeq) return;
      const event = eventBySeq(clusterStore.getState().trace, state.selectedSeq);
      if (event) show(event);
    });
    return () => {
      offCluster();
      offUi();
      animator.dispose();
    };
  }, [svg]);

  // The SVG covers the drawing (plus room for pulses), in flow coordinates.
  const margin = 40;
  const { x, y, width, height } = layout.bounds;
  return (
    <ViewportPortal>
      <svg
        ref={setSvg}
        className="gx-messages"
        aria-hidden="true"
        style={{ left: x - margin, top: y - margin }}
        width={width + 2 * margin}
        height={height + 2 * margin}
        viewBox={`${x - margin} ${y - margin} ${width + 2 * margin} ${height + 2 * margin}`}
      />
    </ViewportPortal>
  );
}
