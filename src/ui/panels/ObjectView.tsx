// The selected object as `kubectl get -o yaml` prints it, status included. When the selected
// timeline step concerns this object, it can also be shown as it was at that step.

import { memo, useMemo, useState } from "react";
import type { KubeObject } from "../../engine/api/objects";
import { printObject } from "../../engine/kubectl/printers/yamlPrinter";
import { clusterStore, objectAt, useCluster } from "../store/clusterStore";
import { keyForRef } from "../store/keys";
import { selectObject, useUi } from "../store/uiStore";
import { deleteObject } from "../workerClient";
import { ObjectActions } from "./ObjectActions";
import { eventBySeq, revisionAtSeq } from "./timelineModel";
import "./panels.css";

type Mode = "now" | "step";

const KEY_LINE = /^(\s*(?:- )*)([^\s:#'"][^:]*|"[^"]*"|'[^']*'):(?=\s|$)(.*)$/;

/** YAML with its keys marked, one line at a time (no parsing: the printer's output is regular). */
const Yaml = memo(function Yaml({ text }: { text: string }) {
  const lines = text.replace(/\n$/, "").split("\n");
  return (
    <pre className="ov-yaml" aria-label="Object YAML" tabIndex={0}>
      <code>
        {lines.map((line, i) => {
          const m = KEY_LINE.exec(line);
          return (
            <span key={i} className="ov-line">
              {m ? (
                <>
                  {m[1]}
                  <span className="ov-key">{m[2]}</span>:{m[3]}
                </>
              ) : (
                line
              )}
              {"\n"}
            </span>
          );
        })}
      </code>
    </pre>
  );
});

/** `pod/web` from an etcd key, for objects that no longer exist. */
function titleFromKey(key: string): string {
  const parts = key.split("/").filter(Boolean);
  const resource = parts[1] ?? "object";
  const name = parts[parts.length - 1] ?? "";
  const kind = resource === "minions" ? "node" : resource.replace(/s$/, "");
  return `${kind}/${name}`;
}

function lastVersion(
  versions: readonly { object: KubeObject | undefined }[] | undefined,
): KubeObject | undefined {
  if (!versions) return undefined;
  for (let i = versions.length - 1; i >= 0; i--) {
    const o = versions[i]?.object;
    if (o) return o;
  }
  return undefined;
}

export function ObjectView() {
  const key = useUi((s) => s.selectedObjectKey);
  const selectedSeq = useUi((s) => s.selectedSeq);
  // Only what this view shows: not the whole store, which changes on every batch.
  const current = useCluster((s) => (key ? s.objects.get(key) : undefined));
  const versions = useCluster((s) => (key ? s.history.get(key) : undefined));
  const trace = useCluster((s) => (selectedSeq !== undefined ? s.trace : undefined));
  const [mode, setMode] = useState<Mode>("now");

  const newestVersion = versions?.[versions.length - 1];
  const deletedAt = !current && newestVersion && !newestVersion.object ? newestVersion.revision : undefined;
  const latest = current ?? lastVersion(versions);

  const step = selectedSeq !== undefined && trace ? eventBySeq(trace, selectedSeq) : undefined;
  const stepConcernsObject =
    step?.object !== undefined && key !== undefined && keyForRef(step.object) === key;
  const stepRevision =
    step && stepConcernsObject && trace ? (step.revision ?? revisionAtSeq(trace, step.seq)) : undefined;
  const showStep = mode === "step" && stepRevision !== undefined && key !== undefined;
  const shown = showStep ? objectAt(clusterStore.getState(), key, stepRevision) : latest;
  const yaml = useMemo(() => (shown ? printObject(shown, "yaml") : ""), [shown]);

  if (!key) {
    return (
      <div className="object-view">
        <div className="pane-title">
          <h2>Object</h2>
        </div>
        <p className="hint ov-empty">
          Click a row in the tables or a step in the timeline to see its object as kubectl get -o yaml prints
          it.
        </p>
      </div>
    );
  }

  const title = latest ? `${latest.kind.toLowerCase()}/${latest.metadata.name ?? ""}` : titleFromKey(key);
  const namespace = latest?.metadata.namespace;
  return (
    <div className="object-view">
      <div className="pane-title ov-title">
        <h2 className="ov-name">{title}</h2>
        {namespace && <span className="ov-chip">namespace {namespace}</span>}
        {shown?.metadata.resourceVersion && (
          <span className="ov-chip" title="metadata.resourceVersion: the etcd revision of this version">
            resourceVersion {shown.metadata.resourceVersion}
          </span>
        )}
        {current && (
          <button
            type="button"
            className="ov-delete"
            title={`kubectl delete ${current.kind.toLowerCase()} ${current.metadata.name ?? ""}`}
            onClick={() =>
              deleteObject(current.kind, current.metadata.name ?? "", current.metadata.namespace)
            }
          >
            Delete
          </button>
        )}
        <button
          type="button"
          className="ov-close"
          aria-label="Close object"
          title="Close"
          onClick={() => selectObject(undefined)}
        >
          ×
        </button>
      </div>
      {current && !showStep && <ObjectActions object={current} />}
      {stepRevision !== undefined && step && (
        <div className="ov-modes" role="group" aria-label="Version shown">
          <button type="button" aria-pressed={!showStep} onClick={() => setMode("now")}>
            Now
          </button>
          <button type="button" aria-pressed={showStep} onClick={() => setMode("step")}>
            As of step #{step.seq}
          </button>
          {showStep && <span className="ov-note">revision {stepRevision}</span>}
        </div>
      )}
      {deletedAt !== undefined && !showStep && (
        <p className="ov-banner">Deleted at revision {deletedAt}; this is its last version.</p>
      )}
      {shown ? (
        <Yaml text={yaml} />
      ) : (
        <p className="hint ov-empty">
          {showStep
            ? `${title} did not exist at step #${step?.seq ?? ""} (revision ${stepRevision}), or that version is not recorded.`
            : `${title} is not in the cluster.`}
        </p>
      )}
    </div>
  );
}
