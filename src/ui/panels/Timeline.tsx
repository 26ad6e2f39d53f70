// The timeline: every trace event in order, in plain language, with its simulated time. Rows have a
// fixed height and only the visible ones are rendered, so tens of thousands of events stay fast.
// It follows the newest event until the learner scrolls up or selects a step.

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { KeyboardEvent, ReactElement } from "react";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import { useCluster } from "../store/clusterStore";
import { uiStore, useUi } from "../store/uiStore";
import { KIND_LABEL, describeParts, formatSimTime, isFailure } from "./narrate";
import { selectStep } from "./selection";
import { eventBySeq, memoTimelineRows, rowOfSeq } from "./timelineModel";
import "./panels.css";

const ROW_HEIGHT = 46;
const OVERSCAN = 8;
/** Up to this many rows are all rendered (cheap, and every step is in the DOM); beyond, only the visible ones. */
const RENDER_ALL = 400;

interface RowProps {
  readonly event: TraceEvent;
  /** The event that caused this one (a binding names the node its Score step chose). */
  readonly cause: TraceEvent | undefined;
  readonly index: number;
  /** Set when only part of the list is rendered, so assistive technology knows its length. */
  readonly setSize: number | undefined;
  readonly selected: boolean;
  readonly tabbable: boolean;
  readonly onSelect: (event: TraceEvent) => void;
}

const Row = memo(function Row({ event, cause, index, setSize, selected, tabbable, onSelect }: RowProps) {
  const { who, text } = describeParts(event, (seq) => (seq === cause?.seq ? cause : undefined));
  const classes = [
    "tl-row",
    `tl-${event.kind}`,
    selected ? "tl-selected" : "",
    event.background ? "tl-background" : "",
    isFailure(event) ? "tl-failed" : "",
  ];
  return (
    <li
      className={classes.join(" ")}
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
      data-seq={event.seq}
      aria-current={selected ? "step" : undefined}
      aria-setsize={setSize}
      aria-posinset={setSize === undefined ? undefined : index + 1}
      tabIndex={tabbable ? 0 : -1}
      title={`#${event.seq} ${KIND_LABEL[event.kind]}: ${event.summary}`}
      onClick={() => onSelect(event)}
    >
      <span className="tl-icon" aria-hidden="true" />
      <span className="tl-who">{who}:</span> <span className="tl-text">{text}</span>{" "}
      <span className="tl-meta">
        <span className="tl-time">{formatSimTime(event.time)}</span>{" "}
        <span className="tl-seq">#{event.seq}</span>
      </span>
    </li>
  );
});

export function Timeline() {
  const trace = useCluster((s) => s.trace);
  const hide = useUi((s) => s.hideHeartbeats);
  const selectedSeq = useUi((s) => s.selectedSeq);
  const rows = useMemo(() => memoTimelineRows(trace, hide), [trace, hide]);
  const count = rows.count;

  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const focusPending = useRef(false);
  const [view, setView] = useState({ top: 0, height: 400 });
  const [follow, setFollow] = useState(true);

  // Track the viewport's height.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Following: stay at the bottom as events arrive.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (follow && el) el.scrollTop = count * ROW_HEIGHT;
  }, [follow, count]);

  const selectedRow = selectedSeq === undefined ? undefined : rowOfSeq(rows, selectedSeq);

  // A step selected elsewhere (the graph, the keyboard, a cause link) is scrolled into view.
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedRow === undefined) return;
    const top = selectedRow * ROW_HEIGHT;
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - el.clientHeight / 2 + ROW_HEIGHT / 2);
  }, [selectedRow]);

  const visible = Math.ceil(view.height / ROW_HEIGHT);
  const windowed = count > RENDER_ALL;
  const first = !windowed
    ? 0
    : follow
      ? Math.max(0, count - visible - OVERSCAN)
      : Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = windowed ? Math.min(count, first + visible + 2 * OVERSCAN) : count;

  // After keyboard navigation, move focus to the newly selected row once it is rendered.
  useEffect(() => {
    if (!focusPending.current || selectedSeq === undefined) return;
    const li = list.current?.querySelector<HTMLElement>(`li[data-seq="${selectedSeq}"]`);
    if (li) {
      li.focus({ preventScroll: true });
      focusPending.current = false;
    }
  }, [selectedSeq, first, last]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop + el.clientHeight < el.scrollHeight - ROW_HEIGHT) setFollow(false);
  };

  const onSelect = useCallback((event: TraceEvent) => {
    setFollow(false);
    selectStep(event);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    if (count === 0) return;
    const current = selectedRow ?? count - 1;
    const page = Math.max(1, visible - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: count - 1,
    };
    let target = moves[e.key];
    if (target === undefined && (e.key === "Enter" || e.key === " ")) target = current;
    if (target === undefined) return;
    e.preventDefault();
    target = Math.min(count - 1, Math.max(0, target));
    const event = rows.trace[rows.indices[target] as number];
    if (!event) return;
    focusPending.current = true;
    onSelect(event);
  };

  const jumpToLatest = () => {
    setFollow(true);
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const tabRow =
    selectedRow !== undefined && selectedRow >= first && selectedRow < last ? selectedRow : last - 1;
  const items: ReactElement[] = [];
  for (let i = first; i < last; i++) {
    const event = rows.trace[rows.indices[i] as number] as TraceEvent;
    items.push(
      <Row
        key={event.seq}
        event={event}
        cause={event.cause !== undefined ? eventBySeq(rows.trace, event.cause) : undefined}
        index={i}
        setSize={windowed ? count : undefined}
        selected={event.seq === selectedSeq}
        tabbable={i === tabRow}
        onSelect={onSelect}
      />,
    );
  }

  return (
    <div className="timeline">
      <div className="pane-title">
        <h2>Timeline</h2>
        <span className="tl-count" aria-live="off">
          {count.toLocaleString("en-US")} {count === 1 ? "step" : "steps"}
        </span>
        <label className="tl-toggle">
          <input
            type="checkbox"
            checked={hide}
            onChange={(e) => uiStore.setState({ hideHeartbeats: e.target.checked })}
          />
          Hide heartbeats
        </label>
      </div>
      <div className="tl-scroller" ref={scroller} onScroll={onScroll}>
        {count === 0 ? (
          <p className="hint tl-empty">
            No messages yet. Apply a manifest, then Play or Step to watch the components talk.
          </p>
        ) : null}
        <ol
          ref={list}
          className="tl-list"
          aria-label="Timeline"
          style={{ height: count * ROW_HEIGHT }}
          onKeyDown={onKeyDown}
        >
          {items}
        </ol>
      </div>
      {!follow && count > 0 && (
        <button
          type="button"
          className="tl-jump"
          onClick={jumpToLatest}
          title="Follow the newest messages again"
        >
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}
