// The ownership graph: each workload, the ReplicaSets (or Jobs) it owns and their pods, drawn from
// ownerReferences as the controllers set them. A Deployment in a rolling update shows its new and
// old ReplicaSets side by side and the budget its strategy allows, with the live counts against it.
// Clicking a box selects the object.

import { memo, useMemo } from "react";
import { useCluster } from "../store/clusterStore";
import { selectObject, useUi } from "../store/uiStore";
import { type OwnedPod, type OwnedSet, type RolloutBudget, type Workload, ownershipOf } from "./ownership";
import "./workloads.css";

function PodChip({ pod }: { pod: OwnedPod }) {
  const selected = useUi((s) => s.selectedObjectKey === pod.key);
  return (
    <button
      type="button"
      className={`wl-pod gx-tone-${pod.tone}${selected ? " wl-selected" : ""}`}
      title={`${pod.name}: ${pod.status}${pod.node ? ` on ${pod.node}` : ""}`}
      aria-label={`pod ${pod.name} ${pod.status}`}
      onClick={() => selectObject(pod.key)}
    >
      <span className="wl-light" aria-hidden="true" />
      <span className="wl-pod-name">{pod.name}</span>
      <span className="wl-pod-status">{pod.status}</span>
    </button>
  );
}

function Budget({ budget, name }: { budget: RolloutBudget; name: string }) {
  const overPods = budget.pods > budget.maxPods;
  const underAvailable = budget.available < budget.minAvailable;
  return (
    <div className="wl-budget" aria-label={`Rollout budget of ${name}`}>
      {budget.strategy === "RollingUpdate" ? (
        <>
          <span title="spec.replicas + maxSurge: the most pods the rollout may run at once">
            pods <strong className={overPods ? "wl-bad" : undefined}>{budget.pods}</strong> / max{" "}
            {budget.maxPods}
            <span className="wl-dim"> (maxSurge {budget.maxSurge})</span>
          </span>
          <span title="spec.replicas − maxUnavailable: the fewest available pods the rollout may leave">
            available <strong className={underAvailable ? "wl-bad" : undefined}>{budget.available}</strong> /
            min {budget.minAvailable}
            <span className="wl-dim"> (maxUnavailable {budget.maxUnavailable})</span>
          </span>
        </>
      ) : (
        <span>
          Recreate: old pods go before new ones start · pods {budget.pods} · available {budget.available}
        </span>
      )}
    </div>
  );
}

function SetRow({ set }: { set: OwnedSet }) {
  const selected = useUi((s) => s.selectedObjectKey === set.key);
  return (
    <div className={`wl-set${set.isNew ? " wl-new" : set.revision !== undefined ? " wl-old" : ""}`}>
      <button
        type="button"
        className={`wl-set-head linklike${selected ? " wl-selected" : ""}`}
        onClick={() => selectObject(set.key)}
        title={`${set.kind.toLowerCase()}/${set.name}`}
      >
        <span className="wl-kind">{set.kind === "ReplicaSet" ? "rs" : set.kind.toLowerCase()}</span>
        <span className="wl-name">{set.name}</span>
        {set.revision !== undefined && (
          <span className="wl-tag">
            rev {set.revision}
            {set.isNew ? " · new" : " · old"}
          </span>
        )}
        <span className="wl-count">
          {set.ready}/{set.desired} {set.kind === "Job" ? "succeeded" : "ready"}
        </span>
      </button>
      <div className="wl-pods">
        {set.pods.map((p) => (
          <PodChip key={p.key} pod={p} />
        ))}
      </div>
    </div>
  );
}

const WorkloadCard = memo(function WorkloadCard({ workload }: { workload: Workload }) {
  const selected = useUi((s) => s.selectedObjectKey === workload.key);
  return (
    <li className="wl-card">
      <button
        type="button"
        className={`wl-head linklike${selected ? " wl-selected" : ""}`}
        onClick={() => selectObject(workload.key)}
      >
        <span className="wl-kind">{workload.kind}</span>
        <span className="wl-name">{workload.name}</span>
        {workload.namespace !== "default" && <span className="wl-ns">{workload.namespace}</span>}
      </button>
      {workload.budget && <Budget budget={workload.budget} name={workload.name} />}
      {workload.sets.length > 0 && (
        <div className="wl-sets">
          {workload.sets.map((s) => (
            <SetRow key={s.key} set={s} />
          ))}
        </div>
      )}
      {workload.pods.length > 0 && (
        <div className="wl-pods wl-direct">
          {workload.pods.map((p) => (
            <PodChip key={p.key} pod={p} />
          ))}
        </div>
      )}
    </li>
  );
});

export function WorkloadsView() {
  const objects = useCluster((s) => s.objects);
  const workloads = useMemo(() => ownershipOf(objects), [objects]);
  return (
    <div className="wl-root" aria-label="Workloads and what they own">
      {workloads.length === 0 ? (
        <p className="hint wl-empty">
          No workloads yet. Apply a Deployment to see it own a ReplicaSet, and the ReplicaSet its pods.
        </p>
      ) : (
        <ul className="wl-list">
          {workloads.map((w) => (
            <WorkloadCard key={w.key} workload={w} />
          ))}
        </ul>
      )}
    </div>
  );
}
