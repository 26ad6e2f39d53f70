// Selecting a timeline step also selects the object it concerns, so the object view can show it
// as of that step.

import type { TraceEvent } from "../../engine/trace/traceEvent";
import { keyForRef } from "../store/keys";
import { selectObject, selectSeq } from "../store/uiStore";

export function selectStep(event: TraceEvent): void {
  selectSeq(event.seq);
  const key = event.object ? keyForRef(event.object) : undefined;
  if (key) selectObject(key);
}
