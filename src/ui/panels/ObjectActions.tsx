// What a learner can do to the selected object, as they would with kubectl on a real cluster:
// scale, set image (a rolling update), roll back or restart a Deployment, set its simulated CPU
// load; stop or start a node's machine, cordon, uncordon or drain it. Each button sends one learner
// action to the engine, recorded in the scenario like an applied manifest, so a share link replays it.

import { useState } from "react";
import type { KubeObject } from "../../engine/api/objects";
import type { ScenarioAction } from "../../engine/scenario/scenario";
import { useCluster } from "../store/clusterStore";
import { act as sendAction } from "../workerClient";

/** The id of the latest action sent from this panel, to show its outcome here. */
let lastActionId = -1;
function act(action: ScenarioAction): void {
  lastActionId = sendAction(action);
}

function ActionOutcome() {
  const outcome = useCluster((s) => (s.lastApply?.id === lastActionId ? s.lastApply : undefined));
  if (!outcome || outcome.pending) return null;
  const failed = outcome.results.some((r) => !r.ok);
  return (
    <pre
      className={`kubectl-output oa-output${failed ? " kubectl-error" : ""}`}
      role={failed ? "alert" : "status"}
    >
      {outcome.results.map((r) => r.message).join("\n")}
    </pre>
  );
}

const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

interface PodSpecLike {
  containers?: { name: string; image?: string }[];
}

function templateContainers(object: KubeObject): { name: string; image?: string }[] {
  const spec = object["spec"] as { template?: { spec?: PodSpecLike } } | undefined;
  return spec?.template?.spec?.containers ?? [];
}

function NumberAction(props: {
  label: string;
  initial: number;
  min: number;
  max: number;
  button: string;
  title: string;
  onSubmit: (value: number) => void;
}) {
  const [value, setValue] = useState(String(props.initial));
  const parsed = Number(value);
  const valid = value.trim() !== "" && Number.isInteger(parsed) && parsed >= props.min && parsed <= props.max;
  return (
    <form
      className="oa-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) props.onSubmit(parsed);
      }}
    >
      <label>
        {props.label}
        <input
          type="number"
          min={props.min}
          max={props.max}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!valid} title={props.title}>
        {props.button}
      </button>
    </form>
  );
}

function DeploymentActions({ object }: { object: KubeObject }) {
  const name = object.metadata.name ?? "";
  const namespace = object.metadata.namespace;
  const ns = namespace && namespace !== "default" ? { namespace } : {};
  const containers = templateContainers(object);
  const first = containers[0];
  const [image, setImage] = useState(first?.image ?? "");
  const send = act;
  return (
    <>
      <form
        className="oa-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (image.trim() && first)
            send({ setImage: { deployment: name, ...ns, container: first.name, image: image.trim() } });
        }}
      >
        <label>
          Image of {first?.name ?? "container"}
          <input type="text" value={image} onChange={(e) => setImage(e.target.value)} spellCheck={false} />
        </label>
        <button
          type="submit"
          disabled={!image.trim() || !first}
          title={`kubectl set image deployment/${name} ${first?.name ?? ""}=${image}`}
        >
          Set image
        </button>
      </form>
      <div className="oa-row">
        <button
          type="button"
          title={`kubectl rollout undo deployment/${name}`}
          onClick={() => send({ rollback: { deployment: name, ...ns } })}
        >
          Roll back
        </button>
        <button
          type="button"
          title={`kubectl rollout restart deployment/${name}`}
          onClick={() => send({ restart: { deployment: name, ...ns } })}
        >
          Restart
        </button>
      </div>
      <NumberAction
        label="CPU load %"
        initial={50}
        min={0}
        max={1000}
        button="Set load"
        title="Simulated demand, as a percentage of the pods' CPU requests now (what an HPA reacts to)"
        onSubmit={(cpuPercent) => send({ load: { deployment: name, ...ns, cpuPercent } })}
      />
    </>
  );
}

function NodeActions({ object }: { object: KubeObject }) {
  const name = object.metadata.name ?? "";
  const unschedulable = (object["spec"] as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  const node = (action: "stop" | "start" | "cordon" | "uncordon" | "drain") =>
    act({ node: { name, action } });
  return (
    <div className="oa-row">
      <button
        type="button"
        title="Power the machine off: its kubelet stops heartbeating"
        onClick={() => node("stop")}
      >
        Stop node
      </button>
      <button type="button" title="Power the machine on again" onClick={() => node("start")}>
        Start node
      </button>
      {unschedulable ? (
        <button type="button" title={`kubectl uncordon ${name}`} onClick={() => node("uncordon")}>
          Uncordon
        </button>
      ) : (
        <button type="button" title={`kubectl cordon ${name}`} onClick={() => node("cordon")}>
          Cordon
        </button>
      )}
      <button
        type="button"
        title={`kubectl drain ${name} --ignore-daemonsets --delete-emptydir-data`}
        onClick={() => node("drain")}
      >
        Drain
      </button>
    </div>
  );
}

/** The action buttons for the selected object (nothing for kinds without actions). */
export function ObjectActions({ object }: { object: KubeObject }) {
  const kind = object.kind;
  if (!SCALABLE.has(kind) && kind !== "Node") return null;
  const replicas = (object["spec"] as { replicas?: number } | undefined)?.replicas ?? 1;
  const name = object.metadata.name ?? "";
  const namespace = object.metadata.namespace;
  return (
    <section className="object-actions" aria-label="Actions">
      {SCALABLE.has(kind) && (
        <NumberAction
          key={`${name}-${replicas}`}
          label="Replicas"
          initial={replicas}
          min={0}
          max={500}
          button="Scale"
          title={`kubectl scale ${kind.toLowerCase()}/${name} --replicas=N`}
          onSubmit={(n) =>
            act({
              scale: {
                kind,
                name,
                ...(namespace && namespace !== "default" ? { namespace } : {}),
                replicas: n,
              },
            })
          }
        />
      )}
      {kind === "Deployment" && <DeploymentActions key={name} object={object} />}
      {kind === "Node" && <NodeActions object={object} />}
      <ActionOutcome />
    </section>
  );
}
