// Play, Pause, Step, Step back, Run until idle, Reset, Speed, and the simulated clock.

import { memo } from "react";
import { SPEEDS, type Speed } from "../../protocol/messages";
import { clearSession } from "../persistence";
import { clusterStore, useCluster } from "../store/clusterStore";
import { initialDocuments, uiStore } from "../store/uiStore";
import { send } from "../workerClient";

const WORKER_CHOICES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function formatClock(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(3)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${(s - m * 60).toFixed(3).padStart(6, "0")} s`;
}

/** A small inline icon; the button's text stays its accessible name. */
function Icon({ d }: { d: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="12" height="12" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}

export const Controls = memo(function Controls() {
  const clock = useCluster((s) => s.clock);
  const workers = useCluster((s) => s.scenario.workers);
  const reset = (nextWorkers?: number) => {
    clearSession();
    uiStore.setState({
      ...initialDocuments(),
      selectedSeq: undefined,
      selectedObjectKey: undefined,
      notice: undefined,
      shareLink: undefined,
    });
    clusterStore.setState({ lastApply: undefined, workerError: undefined });
    send({ type: "reset", ...(nextWorkers !== undefined ? { workers: nextWorkers } : {}) });
    send({ type: "play" });
  };
  return (
    <div className="controls" role="toolbar" aria-label="Simulation controls">
      {clock.playing ? (
        <button type="button" onClick={() => send({ type: "pause" })} title="Pause simulated time">
          <Icon d="M6 4h4v16H6zM14 4h4v16h-4z" /> Pause
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => send({ type: "play" })}
          title="Let simulated time run"
        >
          <Icon d="M7 4l13 8-13 8z" /> Play
        </button>
      )}
      <button
        type="button"
        onClick={() => send({ type: "step", skipBackground: uiStore.getState().hideHeartbeats })}
        title="Deliver exactly one more message"
      >
        Step
      </button>
      <button
        type="button"
        onClick={() => send({ type: "stepBack", skipBackground: uiStore.getState().hideHeartbeats })}
        disabled={clock.traceCount === 0}
        title="Go back to before the last message"
      >
        Step back
      </button>
      <button
        type="button"
        onClick={() => send({ type: "runUntilIdle" })}
        title="Run until only heartbeats are left"
      >
        Run until idle
      </button>
      <button type="button" onClick={() => reset()} title="Start again with a fresh cluster">
        Reset
      </button>
      <label className="speed" title="Worker nodes besides the control-plane node (starts a fresh cluster)">
        Workers
        <select value={workers} onChange={(e) => reset(Number(e.target.value))}>
          {WORKER_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label className="speed">
        Speed
        <select
          value={clock.speed}
          onChange={(e) => send({ type: "setSpeed", speed: Number(e.target.value) as Speed })}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <output className="clock" aria-label="Simulated time" title="Simulated time since the cluster started">
        t = {formatClock(clock.now)}
      </output>
      <span className={`status-pill ${clock.idle ? "idle" : "busy"}`} aria-live="polite">
        {clock.playing ? (clock.idle ? "idle" : "working") : "paused"} · {clock.traceCount} messages
      </span>
    </div>
  );
});
