// Workloads, Pods, Nodes, Services, PVCs and Events as `kubectl get <kind> -A` prints them: the
// engine's printers compute the columns and cells, this only lays them out as HTML tables. Ages follow the simulated clock. A row click selects the object.

import { memo, useMemo, useState } from "react";
import type { KubeObject } from "../../engine/api/objects";
import { tableFor } from "../../engine/kubectl/printers/resourcePrinters";
import type { DisplayTable } from "../../engine/kubectl/printers/table";
import { useCluster } from "../store/clusterStore";
import { selectObject, useUi } from "../store/uiStore";
import "./panels.css";

/** More rows than this are not drawn (the count says how many there are). */
const MAX_ROWS = 300;

interface Listing {
  readonly keys: string[];
  readonly objects: KubeObject[];
}

/** Objects of one kind in etcd key order (namespace, then name), as the apiserver lists them. */
function listKind(objects: ReadonlyMap<string, KubeObject>, prefix: string): Listing {
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  return { keys, objects: keys.map((k) => objects.get(k) as KubeObject) };
}

interface TableProps {
  readonly label: string;
  readonly command: string;
  readonly table: DisplayTable;
  readonly keys: readonly string[];
  readonly selectedKey: string | undefined;
  /** Show the newest rows (events) rather than the first ones when there are too many. */
  readonly tail?: boolean;
}

const ResourceTable = memo(function ResourceTable({
  label,
  command,
  table,
  keys,
  selectedKey,
  tail,
}: TableProps) {
  const total = table.rows.length;
  const start = total > MAX_ROWS && tail ? total - MAX_ROWS : 0;
  const end = Math.min(total, start + MAX_ROWS);
  // The cell that carries the row's button: NAME, or REASON for events (whose NAME is only in -o wide).
  const named = table.columns.indexOf("NAME");
  const linkColumn = named >= 0 ? named : Math.max(0, table.columns.indexOf("REASON"));
  const rows = [];
  for (let i = start; i < end; i++) {
    const row = table.rows[i];
    const key = keys[i];
    if (!row || !key) continue;
    const selected = key === selectedKey;
    rows.push(
      <tr
        key={key}
        className={selected ? "rt-selected" : undefined}
        aria-current={selected ? "true" : undefined}
        onClick={() => selectObject(key)}
      >
        {row.cells.map((cell, c) =>
          c === linkColumn ? (
            <td key={c}>
              <button type="button" className="linklike rt-name" onClick={() => selectObject(key)}>
                {cell}
              </button>
            </td>
          ) : (
            <td key={c} className={cellClass(table.columns[c], cell)}>
              {cell}
            </td>
          ),
        )}
      </tr>,
    );
  }
  return (
    <section className="rt-section" id={`rt-${label.toLowerCase()}`}>
      <h3 className="rt-heading">
        {label} <span className="rt-count">{total}</span>
        <code className="rt-command">{command}</code>
      </h3>
      <div className="rt-wrap">
        <table className="rt-table" aria-label={label}>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      </div>
      {total === 0 && <p className="hint rt-empty">No resources found.</p>}
      {total > MAX_ROWS && (
        <p className="hint rt-more">
          Showing {tail ? "the newest" : "the first"} {MAX_ROWS} of {total}.
        </p>
      )}
    </section>
  );
});

/** Colour for status-like cells, so Running / Pending / Warning read at a glance. */
function cellClass(column: string | undefined, cell: string): string | undefined {
  if (column === "STATUS") {
    if (cell === "Running" || cell === "Ready" || cell === "Completed" || cell === "Succeeded")
      return "rt-ok";
    if (/Err|BackOff|Failed|NotReady|Unknown|Evicted|OOMKilled|Error/.test(cell)) return "rt-bad";
    return "rt-pending";
  }
  if (column === "TYPE" && cell === "Warning") return "rt-bad";
  if (column === "MESSAGE") return "rt-message";
  return undefined;
}

interface TableSpec {
  readonly label: string;
  readonly kind: string;
  readonly prefix: string;
  readonly command: string;
  readonly wide?: boolean;
  readonly allNamespaces?: boolean;
  /** Shown even when empty. */
  readonly always?: boolean;
  readonly tail?: boolean;
}

/** The tables, in the order `kubectl get all` and a learner's eye go: workloads, pods, nodes, the rest. */
const TABLES: readonly TableSpec[] = [
  {
    label: "Deployments",
    kind: "Deployment",
    prefix: "/registry/deployments/",
    command: "kubectl get deployments -A",
    allNamespaces: true,
  },
  {
    label: "ReplicaSets",
    kind: "ReplicaSet",
    prefix: "/registry/replicasets/",
    command: "kubectl get replicasets -A",
    allNamespaces: true,
  },
  {
    label: "DaemonSets",
    kind: "DaemonSet",
    prefix: "/registry/daemonsets/",
    command: "kubectl get daemonsets -A",
    allNamespaces: true,
  },
  {
    label: "StatefulSets",
    kind: "StatefulSet",
    prefix: "/registry/statefulsets/",
    command: "kubectl get statefulsets -A",
    allNamespaces: true,
  },
  {
    label: "ReplicationControllers",
    kind: "ReplicationController",
    prefix: "/registry/controllers/",
    command: "kubectl get rc -A",
    allNamespaces: true,
  },
  {
    label: "Jobs",
    kind: "Job",
    prefix: "/registry/jobs/",
    command: "kubectl get jobs -A",
    allNamespaces: true,
  },
  {
    label: "CronJobs",
    kind: "CronJob",
    prefix: "/registry/cronjobs/",
    command: "kubectl get cronjobs -A",
    allNamespaces: true,
  },
  {
    label: "HPAs",
    kind: "HorizontalPodAutoscaler",
    prefix: "/registry/horizontalpodautoscalers/",
    command: "kubectl get hpa -A",
    allNamespaces: true,
  },
  {
    label: "Pods",
    kind: "Pod",
    prefix: "/registry/pods/",
    command: "kubectl get pods -A -o wide",
    wide: true,
    allNamespaces: true,
    always: true,
  },
  { label: "Nodes", kind: "Node", prefix: "/registry/minions/", command: "kubectl get nodes", always: true },
  {
    label: "Services",
    kind: "Service",
    prefix: "/registry/services/specs/",
    command: "kubectl get services -A",
    allNamespaces: true,
  },
  {
    label: "PVCs",
    kind: "PersistentVolumeClaim",
    prefix: "/registry/persistentvolumeclaims/",
    command: "kubectl get pvc -A",
    allNamespaces: true,
  },
  {
    label: "Events",
    kind: "Event",
    prefix: "/registry/events/",
    command: "kubectl get events -A",
    allNamespaces: true,
    always: true,
    tail: true,
  },
];

/**
 * A selector for one kind's listing that returns the previous listing while none of that kind's
 * objects changed (objects are immutable, so comparing references is enough): a batch of Lease
 * renewals or Events then does not re-render the Pods table.
 */
function createListingSelector(
  prefix: string,
): (state: { objects: ReadonlyMap<string, KubeObject> }) => Listing {
  let lastObjects: ReadonlyMap<string, KubeObject> | undefined;
  let last: Listing = { keys: [], objects: [] };
  let lastRefs = new Map<string, KubeObject>();
  return (state) => {
    if (state.objects === lastObjects) return last;
    lastObjects = state.objects;
    let count = 0;
    let same = true;
    for (const [key, object] of state.objects) {
      if (!key.startsWith(prefix)) continue;
      if (lastRefs.get(key) !== object) {
        same = false;
        break;
      }
      count++;
    }
    if (same && count === lastRefs.size) return last;
    last = listKind(state.objects, prefix);
    lastRefs = new Map(last.keys.map((k, i) => [k, last.objects[i] as KubeObject]));
    return last;
  };
}

function KindTable({ spec, selectedKey }: { spec: TableSpec; selectedKey: string | undefined }) {
  // Each table subscribes to its own kind, so a batch of pod changes does not re-render the others.
  const [selectListing] = useState(() => createListingSelector(spec.prefix));
  const listing = useCluster(selectListing);
  // Ages only change once per simulated second: re-render no more often than that.
  const nowMs = useCluster((s) => Math.floor((s.clock.epochMs + s.clock.now) / 1000) * 1000);
  const table = useMemo(
    () =>
      tableFor(spec.kind, listing.objects, {
        nowMs,
        ...(spec.wide ? { wide: true } : {}),
        ...(spec.allNamespaces ? { allNamespaces: true } : {}),
      }),
    [listing, nowMs, spec],
  );
  if (!spec.always && listing.keys.length === 0) return null;
  return (
    <ResourceTable
      label={spec.label}
      command={spec.command}
      table={table}
      keys={listing.keys}
      selectedKey={selectedKey}
      {...(spec.tail ? { tail: true } : {})}
    />
  );
}

export function ResourceTables() {
  const selectedKey = useUi((s) => s.selectedObjectKey);
  const present = useCluster((s) => {
    const kinds: string[] = [];
    for (const spec of TABLES) {
      if (spec.always) kinds.push(spec.label);
      else
        for (const key of s.objects.keys())
          if (key.startsWith(spec.prefix)) {
            kinds.push(spec.label);
            break;
          }
    }
    return kinds.join(",");
  });
  return (
    <div className="resources">
      <div className="pane-title">
        <h2>Resources</h2>
        <nav className="rt-nav" aria-label="Resource tables">
          {present.split(",").map((label) => (
            <button
              key={label}
              type="button"
              className="linklike"
              aria-label={`Go to ${label}`}
              onClick={() =>
                document
                  .getElementById(`rt-${label.toLowerCase()}`)
                  ?.scrollIntoView({ block: "start", behavior: "smooth" })
              }
            >
              {label}
            </button>
          ))}
        </nav>
      </div>
      <div className="rt-scroller">
        {TABLES.map((spec) => (
          <KindTable key={spec.label} spec={spec} selectedKey={selectedKey} />
        ))}
      </div>
    </div>
  );
}
