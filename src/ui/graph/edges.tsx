// The wires: orthogonal polylines from the layout, drawn with rounded corners. The wire that
// carried the selected timeline step is emphasised.

import { memo } from "react";
import type { Edge, EdgeProps } from "@xyflow/react";
import { useWireSelected } from "./highlight";
import type { Point } from "./layout";

export type WireFlowEdge = Edge<{ points: readonly Point[]; tone: "control" | "node" }, "wire">;

/** SVG path through `points`, rounding each corner with radius `radius` (or less on short legs). */
export function roundedPath(points: readonly Point[], radius = 12): string {
  const first = points[0];
  if (!first) return "";
  let d = `M${first.x},${first.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1] as Point;
    const p = points[i] as Point;
    const next = points[i + 1] as Point;
    const inLen = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLen = Math.hypot(next.x - p.x, next.y - p.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    const a = { x: p.x - ((p.x - prev.x) / (inLen || 1)) * r, y: p.y - ((p.y - prev.y) / (inLen || 1)) * r };
    const b = {
      x: p.x + ((next.x - p.x) / (outLen || 1)) * r,
      y: p.y + ((next.y - p.y) / (outLen || 1)) * r,
    };
    d += ` L${a.x},${a.y} Q${p.x},${p.y} ${b.x},${b.y}`;
  }
  const last = points[points.length - 1] as Point;
  if (points.length > 1) d += ` L${last.x},${last.y}`;
  return d;
}

export const WireEdge = memo(function WireEdge({ source, target, data }: EdgeProps<WireFlowEdge>) {
  const selected = useWireSelected(source, target);
  if (!data) return null;
  return (
    <path
      className={`gx-wire gx-wire-${data.tone}${selected ? " gx-wire-selected" : ""}`}
      d={roundedPath(data.points)}
      fill="none"
    />
  );
});

export const edgeTypes = { wire: WireEdge };
