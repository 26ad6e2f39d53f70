// Narration of one step: what happened, why Kubernetes does it, the fields it changed, the
// handler-chain notes, the scheduler's Filter/Score tables, and links to its cause and effects.
// With no step selected it narrates the newest one, so pressing Step reads like a story.

import { useMemo } from "react";
import type {
  CriDetail,
  FilterDetail,
  HttpDetail,
  ScoreDetail,
  TraceEvent,
} from "../../engine/trace/traceEvent";
import { printObject } from "../../engine/kubectl/printers/yamlPrinter";
import { objectAt, objectBefore, useCluster } from "../store/clusterStore";
import type { ClusterState } from "../store/clusterStore";
import { keyForRef } from "../store/keys";
import { selectObject, selectSeq, useUi } from "../store/uiStore";
import {
  KIND_LABEL,
  describeEvent,
  explainEvent,
  filterRows,
  formatSimTime,
  isCreation,
  isFailure,
  objectLabel,
  scoreRows,
} from "./narrate";
import type { SeqLookup } from "./narrate";
import { stepChange } from "./objectDiff";
import type { StepChange } from "./objectDiff";
import { selectStep } from "./selection";
import { consequences, eventBySeq, memoTimelineRows } from "./timelineModel";
import "./panels.css";

const MAX_CHANGES = 40;
const MAX_FILTER_ROWS = 24;
const MAX_SCORE_NODES = 6;

/** The newest step the timeline shows (shares the timeline's incremental row index). */
function latestEvent(trace: readonly TraceEvent[], hideHeartbeats: boolean): TraceEvent | undefined {
  const rows = memoTimelineRows(trace, hideHeartbeats);
  const last = rows.count > 0 ? rows.indices[rows.count - 1] : undefined;
  return last === undefined ? undefined : trace[last];
}

function StepLink({ event, lookup, label }: { event: TraceEvent; lookup: SeqLookup; label: string }) {
  return (
    <button
      type="button"
      className="linklike"
      onClick={() => selectStep(event)}
      title={describeEvent(event, lookup)}
    >
      {label}
    </button>
  );
}

/** A CamelCase plugin name that may wrap between its words. */
function PluginName({ name }: { name: string }) {
  const words = name.split(/(?=[A-Z][a-z])/);
  return (
    <>
      {words.map((w, i) => (
        <span key={i}>
          {i > 0 && <wbr />}
          {w}
        </span>
      ))}
    </>
  );
}

function FilterTable({ detail }: { detail: FilterDetail }) {
  const rows = filterRows(detail);
  const shown =
    rows.length > MAX_FILTER_ROWS
      ? [...rows.filter((r) => !r.passed), ...rows.filter((r) => r.passed)]
      : rows;
  return (
    <div className="nr-block">
      <h3>Filter: which nodes fit</h3>
      <table className="nr-table nr-filter" aria-label="Filter results">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, MAX_FILTER_ROWS).map((r) => (
            <tr key={r.node} className={r.passed ? "nr-pass" : "nr-fail"}>
              <th scope="row">{r.node}</th>
              <td>
                {r.passed ? (
                  <span className="nr-verdict">✓ fits</span>
                ) : (
                  <>
                    <span className="nr-verdict">✗ rejected by {r.plugin}</span>
                    <span className="nr-reason">{r.reason}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_FILTER_ROWS && (
        <p className="nr-note">…and {rows.length - MAX_FILTER_ROWS} more nodes examined.</p>
      )}
      {detail.nodes.length < detail.totalNodes && (
        <p className="nr-note">
          {detail.totalNodes - detail.nodes.length} of {detail.totalNodes} nodes were not examined: the
          scheduler had found enough feasible ones.
        </p>
      )}
    </div>
  );
}

function ScoreTable({ detail }: { detail: ScoreDetail }) {
  const rows = scoreRows(detail).slice(0, MAX_SCORE_NODES);
  return (
    <div className="nr-block">
      <h3>Score: which node is best</h3>
      <div className="nr-table-wrap">
        <table className="nr-table nr-score" aria-label="Score results">
          <thead>
            <tr>
              <th scope="col">Plugin × weight</th>
              {rows.map((r) => (
                <th key={r.node} scope="col" className={`num ${r.selected ? "nr-chosen" : ""}`}>
                  {r.node}
                  {r.selected && <span className="nr-chosen-mark"> ✓</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {detail.plugins.map((p, pi) => (
              <tr key={p.plugin}>
                <th scope="row">
                  <PluginName name={p.plugin} /> <span className="nr-weight">×{p.weight}</span>
                </th>
                {rows.map((r) => {
                  const cell = r.cells[pi];
                  return (
                    <td
                      key={r.node}
                      className={`num ${r.selected ? "nr-chosen" : ""}`}
                      title={cell ? `${cell.score} × ${p.weight} = ${cell.weighted}` : ""}
                    >
                      {cell?.score ?? ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">
                Total <span className="nr-weight">Σ score × weight</span>
              </th>
              {rows.map((r) => (
                <td key={r.node} className={`num nr-total ${r.selected ? "nr-chosen" : ""}`}>
                  {r.total}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {detail.nodes.length > MAX_SCORE_NODES && (
        <p className="nr-note">
          Showing the chosen node and the next best of {detail.nodes.length} scored nodes.
        </p>
      )}
    </div>
  );
}

function ChangeList({ change, label, objectKey }: { change: StepChange; label: string; objectKey: string }) {
  let body;
  switch (change.type) {
    case "created":
      body = (
        <p className="nr-note">Created at revision {change.revision}: see the whole object on the right.</p>
      );
      break;
    case "deleted":
      body = <p className="nr-note">Deleted at revision {change.revision}.</p>;
      break;
    case "first-seen":
      body = (
        <p className="nr-note">
          First version recorded here (revision {change.revision}); earlier versions are not in this view
          after a step back or reload.
        </p>
      );
      break;
    case "absent":
      body = <p className="nr-note">No version of this object is recorded at revision {change.revision}.</p>;
      break;
    case "changed":
      body =
        change.changes.length === 0 ? (
          <p className="nr-note">No field changed.</p>
        ) : (
          <ul className="nr-changes">
            {change.changes.slice(0, MAX_CHANGES).map((c) => (
              <li key={c.path} className={`nr-${c.op}`}>
                <code className="nr-path">{c.path}</code>{" "}
                {c.op === "changed" && (
                  <>
                    <span className="nr-old">{c.before}</span> <span aria-label="becomes">→</span>{" "}
                    <span className="nr-new">{c.after}</span>
                  </>
                )}
                {c.op === "added" && (
                  <>
                    <span className="nr-op">added</span> <span className="nr-new">{c.after}</span>
                  </>
                )}
                {c.op === "removed" && (
                  <>
                    <span className="nr-op">removed</span> <span className="nr-old">{c.before}</span>
                  </>
                )}
              </li>
            ))}
            {change.changes.length > MAX_CHANGES && (
              <li className="nr-note">…and {change.changes.length - MAX_CHANGES} more.</li>
            )}
          </ul>
        );
  }
  return (
    <div className="nr-block">
      <h3>
        Changes to{" "}
        <button
          type="button"
          className="linklike"
          onClick={() => selectObject(objectKey)}
          title="Show this object"
        >
          {label}
        </button>{" "}
        at revision {change.revision}
      </h3>
      {body}
    </div>
  );
}

function HttpFacts({ detail }: { detail: HttpDetail }) {
  const patch = useMemo(
    () => (detail.patch === undefined ? undefined : printObject(detail.patch, "yaml")),
    [detail],
  );
  const failed = detail.code !== undefined && detail.code >= 400;
  return (
    <>
      <dl className="nr-facts">
        <div className="nr-fact">
          <dt>HTTP</dt>
          <dd>
            <code>
              {detail.method} {detail.path}
            </code>
          </dd>
        </div>
        {detail.user && (
          <div className="nr-fact">
            <dt>User</dt>
            <dd>{detail.user}</dd>
          </div>
        )}
        {detail.code !== undefined && (
          <div className="nr-fact">
            <dt>Status</dt>
            <dd className={failed ? "nr-bad" : "nr-good"}>
              {detail.code}
              {detail.reason ? ` ${detail.reason}` : ""}
            </dd>
          </div>
        )}
        {detail.message && (
          <div className="nr-fact">
            <dt>Message</dt>
            <dd className="nr-bad">{detail.message}</dd>
          </div>
        )}
      </dl>
      {patch && (
        <details className="nr-block">
          <summary>Patch body</summary>
          <pre className="nr-pre">{patch}</pre>
        </details>
      )}
    </>
  );
}

function CriFacts({ detail }: { detail: CriDetail }) {
  const facts: [string, string][] = [["CRI call", detail.call]];
  if (detail.image) facts.push(["Image", detail.image]);
  if (detail.container) facts.push(["Container", detail.container]);
  if (detail.podIP) facts.push(["Pod IP", detail.podIP]);
  if (detail.durationMs !== undefined) facts.push(["Took", `${detail.durationMs} ms`]);
  if (detail.error) facts.push(["Error", detail.error]);
  return (
    <dl className="nr-facts">
      {facts.map(([k, v]) => (
        <div key={k} className="nr-fact">
          <dt>{k}</dt>
          <dd className={k === "Error" ? "nr-bad" : ""}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Facts({ event }: { event: TraceEvent }) {
  const d = event.detail;
  switch (d?.type) {
    case "http":
      return <HttpFacts detail={d} />;
    case "cri":
      return <CriFacts detail={d} />;
    case "etcd":
      return (
        <dl className="nr-facts">
          <div className="nr-fact">
            <dt>etcd</dt>
            <dd>
              <code>
                {d.op} {d.key}
              </code>
            </dd>
          </div>
          {d.revision !== undefined && (
            <div className="nr-fact">
              <dt>Revision</dt>
              <dd>{d.revision}</dd>
            </div>
          )}
        </dl>
      );
    case "stage":
      return d.notes.length ? (
        <div className="nr-block">
          <h3>{d.ok ? "What the stage did" : "Why it was rejected"}</h3>
          <ul className={`nr-notes ${d.ok ? "" : "nr-bad"}`}>
            {d.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null;
    case "filter":
      return <FilterTable detail={d} />;
    case "score":
      return <ScoreTable detail={d} />;
    default:
      return null;
  }
}

function objectChange(state: ClusterState, event: TraceEvent, lookup: SeqLookup) {
  if (!event.object || event.revision === undefined) return undefined;
  const key = keyForRef(event.object);
  if (!key) return undefined;
  const revision = event.revision;
  const before = objectBefore(state, key, revision);
  const after = objectAt(state, key, revision);
  const earlier = (state.history.get(key) ?? []).some((v) => v.revision < revision);
  return {
    key,
    label: `${event.object.kind.toLowerCase()}/${event.object.name}`,
    change: stepChange(before, after, revision, isCreation(event, lookup), earlier),
  };
}

export function Narration() {
  const state = useCluster((s) => s);
  const selectedSeq = useUi((s) => s.selectedSeq);
  const hide = useUi((s) => s.hideHeartbeats);
  const { trace } = state;
  const pinned = selectedSeq !== undefined ? eventBySeq(trace, selectedSeq) : undefined;
  const event = pinned ?? latestEvent(trace, hide);
  const lookup = useMemo<SeqLookup>(() => (seq) => eventBySeq(trace, seq), [trace]);
  const change = useMemo(
    () => (event ? objectChange(state, event, lookup) : undefined),
    [state, event, lookup],
  );
  const effects = useMemo(() => (event ? consequences(trace, event.seq, 6) : []), [trace, event]);

  if (!event) {
    return (
      <section className="narration" aria-label="Narration">
        <p className="hint nr-empty">
          Each message between components will be explained here. Press Apply, then Step to deliver one
          message at a time, or Play.
        </p>
      </section>
    );
  }

  const { what, why } = explainEvent(event, lookup);
  const cause = event.cause !== undefined ? lookup(event.cause) : undefined;
  return (
    // Keyed by step, so a newly selected step is read from its top.
    <section key={event.seq} className="narration" aria-label="Narration">
      <div className="nr-head">
        <span className={`nr-kind tl-${event.kind} ${isFailure(event) ? "tl-failed" : ""}`}>
          <span className="tl-icon" aria-hidden="true" /> {KIND_LABEL[event.kind]}
        </span>
        <span className="nr-step">
          Step #{event.seq} · {formatSimTime(event.time)}
          {event.background ? " · heartbeat" : ""}
        </span>
        {pinned ? (
          <button type="button" className="linklike nr-unpin" onClick={() => selectSeq(undefined)}>
            Show latest
          </button>
        ) : (
          <span className="nr-latest">latest step</span>
        )}
      </div>
      <p className="nr-title">{describeEvent(event, lookup)}</p>
      {event.object && <p className="nr-object">Concerns {objectLabel(event.object)}</p>}
      <p className="nr-what">{what}</p>
      <p className="nr-why">
        <strong>Why: </strong>
        {why}
      </p>
      <Facts event={event} />
      {change && <ChangeList change={change.change} label={change.label} objectKey={change.key} />}
      {(cause || effects.length > 0) && (
        <p className="nr-links">
          {cause && <StepLink event={cause} lookup={lookup} label={`caused by #${cause.seq}`} />}
          {effects.length > 0 && (
            <span>
              led to{" "}
              {effects.map((e, i) => (
                <span key={e.seq}>
                  {i > 0 && ", "}
                  <StepLink event={e} lookup={lookup} label={`#${e.seq}`} />
                </span>
              ))}
            </span>
          )}
        </p>
      )}
    </section>
  );
}
