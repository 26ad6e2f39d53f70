// Mirrors k8s.io/kubernetes/pkg/printers/internalversion/printers.go (v1.32): the column
// definitions registered in AddHandlers and printPod, printNode, printNamespace, printEvent and
// printLease. In a real cluster these cells are computed by the apiserver (server-side printing,
// always with Wide: true) and kubectl only lays them out; table.ts is that client-side half.

import type {
  Container,
  ContainerStatus,
  Event,
  KubeObject,
  Lease,
  Namespace,
  Node,
  Pod,
  PodCondition,
} from "../../api/objects";
import { objectKey } from "../../api/objects";
import { RESOURCES } from "../../api/resources";
import { humanDuration, timestampMs, translateTimestampSince } from "./humanDuration";
import type { ColumnDefinition, DisplayTable, ServerTable, TableRow } from "./table";
import { displayTable, renderTable } from "./table";
import { workloadPrinters } from "./workloadPrinters";

export interface TableOptions {
  /** Wall-clock instant the ages are measured against (epoch ms). */
  readonly nowMs: number;
  /** `-o wide`. */
  readonly wide?: boolean;
  /** `-A` / `--all-namespaces`: adds NAMESPACE for namespaced kinds. */
  readonly allNamespaces?: boolean;
  /** `--no-headers`. */
  readonly noHeaders?: boolean;
}

const col = (name: string, priority = 0): ColumnDefinition => ({ name, priority });

const POD_COLUMNS = [
  col("Name"),
  col("Ready"),
  col("Status"),
  col("Restarts"),
  col("Age"),
  col("IP", 1),
  col("Node", 1),
  col("Nominated Node", 1),
  col("Readiness Gates", 1),
];
const NODE_COLUMNS = [
  col("Name"),
  col("Status"),
  col("Roles"),
  col("Age"),
  col("Version"),
  col("Internal-IP", 1),
  col("External-IP", 1),
  col("OS-Image", 1),
  col("Kernel-Version", 1),
  col("Container-Runtime", 1),
];
const EVENT_COLUMNS = [
  col("Last Seen"),
  col("Type"),
  col("Reason"),
  col("Object"),
  col("Subobject", 1),
  col("Source", 1),
  col("Message"),
  col("First Seen", 1),
  col("Count", 1),
  col("Name", 1),
];
const NAMESPACE_COLUMNS = [col("Name"), col("Status"), col("Age")];
const LEASE_COLUMNS = [col("Name"), col("Holder"), col("Age")];
// What the apiserver serves for a kind without a printer (e.g. a CRD without printer columns).
const DEFAULT_COLUMNS = [col("Name"), col("Age")];

type CellFn<T> = (obj: T, nowMs: number) => string[];

interface Printer {
  readonly columns: readonly ColumnDefinition[];
  readonly cells: CellFn<KubeObject>;
}

const printers: Record<string, Printer> = {
  Pod: { columns: POD_COLUMNS, cells: (o, now) => podCells(o as unknown as Pod, now) },
  Node: { columns: NODE_COLUMNS, cells: (o, now) => nodeCells(o as unknown as Node, now) },
  Namespace: {
    columns: NAMESPACE_COLUMNS,
    cells: (o, now) => namespaceCells(o as unknown as Namespace, now),
  },
  Event: { columns: EVENT_COLUMNS, cells: (o, now) => eventCells(o as unknown as Event, now) },
  Lease: { columns: LEASE_COLUMNS, cells: (o, now) => leaseCells(o as unknown as Lease, now) },
  ...workloadPrinters,
};

const defaultPrinter: Printer = {
  columns: DEFAULT_COLUMNS,
  cells: (o, now) => [o.metadata.name ?? "", translateTimestampSince(o.metadata.creationTimestamp, now)],
};

/** The metav1.Table the apiserver would answer a `kubectl get` with, in the given (list) order. */
export function serverTable(kind: string, objects: readonly KubeObject[], nowMs: number): ServerTable {
  const printer = printers[kind] ?? defaultPrinter;
  // kubectl never sorts rows itself (only with --sort-by): they come in the order the apiserver
  // listed them, which is etcd key order, i.e. by namespace then name.
  const rows: TableRow[] = objects.map((obj) => ({
    key: objectKey(obj),
    namespace: obj.metadata.namespace ?? "",
    cells: printer.cells(obj, nowMs),
  }));
  return { columns: printer.columns, rows };
}

function isNamespaced(kind: string, objects: readonly KubeObject[]): boolean {
  const info = RESOURCES.find((r) => r.kind === kind);
  return info ? info.namespaced : objects.some((o) => o.metadata.namespace !== undefined);
}

function printOptions(kind: string, objects: readonly KubeObject[], options: TableOptions) {
  return {
    wide: options.wide ?? false,
    // kubectl get drops -A's NAMESPACE column for cluster-scoped resources.
    withNamespace: (options.allNamespaces ?? false) && isNamespaced(kind, objects),
    noHeaders: options.noHeaders ?? false,
  };
}

/** Columns and display cells of `kubectl get <kind>`, for rendering the same table in HTML. */
export function tableFor(kind: string, objects: readonly KubeObject[], options: TableOptions): DisplayTable {
  return displayTable(serverTable(kind, objects, options.nowMs), printOptions(kind, objects, options));
}

/** Exactly what `kubectl get <kind>` prints to stdout ("" when there is nothing to list). */
export function printTable(kind: string, objects: readonly KubeObject[], options: TableOptions): string {
  return renderTable(serverTable(kind, objects, options.nowMs), printOptions(kind, objects, options));
}

// ---- pods ----------------------------------------------------------------------------------

const NODE_UNREACHABLE_POD_REASON = "NodeLost"; // k8s.io/kubernetes/pkg/util/node
const SCHEDULING_GATED = "SchedulingGated";

function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === "Always";
}

function hasPodReadyCondition(conditions: readonly PodCondition[]): boolean {
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** The first Initialized condition decides, as upstream's loop returns on the first match. */
function isPodInitializedConditionTrue(conditions: readonly PodCondition[]): boolean {
  const c = conditions.find((x) => x.type === "Initialized");
  return c !== undefined && c.status === "True";
}

/** A "last restart" instant: Go compares metav1.Time values, where the zero time is before all. */
function finishedAt(status: ContainerStatus): number {
  const t = status.lastState?.terminated;
  if (!t) return -Infinity;
  return timestampMs(t.finishedAt) ?? -Infinity;
}

function podCells(pod: Pod, nowMs: number): string[] {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const initSpecs = spec.initContainers ?? [];
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec.containers.length;
  let readyContainers = 0;
  let lastRestartDate = -Infinity;
  let lastRestartableInitContainerRestartDate = -Infinity;

  const podPhase = status.phase ?? "";
  let reason = status.reason ? status.reason : podPhase;

  for (const condition of conditions) {
    if (condition.type === "PodScheduled" && condition.reason === SCHEDULING_GATED) reason = SCHEDULING_GATED;
  }

  const initContainers = new Map<string, Container>();
  for (const c of initSpecs) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as ContainerStatus;
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    restarts += container.restartCount;
    lastRestartDate = Math.max(lastRestartDate, finishedAt(container));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount;
      lastRestartableInitContainerRestartDate = Math.max(
        lastRestartableInitContainerRestartDate,
        finishedAt(container),
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked backwards so the first container's state wins the STATUS column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as ContainerStatus;
      restarts += container.restartCount;
      lastRestartDate = Math.max(lastRestartDate, finishedAt(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod with a still-running container is not "Completed" yet.
    if (reason === "Completed" && hasRunning) {
      reason = hasPodReadyCondition(conditions) ? "Running" : "NotReady";
    }
  }

  const deleting = timestampMs(pod.metadata?.deletionTimestamp) !== undefined;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = "Unknown";
  } else if (deleting && podPhase !== "Failed" && podPhase !== "Succeeded") {
    reason = "Terminating";
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== -Infinity) {
    restartsStr = `${restarts} (${humanDuration(nowMs - lastRestartDate)} ago)`;
  }

  const podIP = status.podIPs?.[0]?.ip || "<none>";
  const nodeName = spec.nodeName || "<none>";
  const nominatedNodeName = status.nominatedNodeName || "<none>";
  let readinessGates = "<none>";
  const gates = spec.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = conditions.find((x) => x.type === gate.conditionType);
      if (c?.status === "True") trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  return [
    pod.metadata?.name ?? "",
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(pod.metadata?.creationTimestamp, nowMs),
    podIP,
    nodeName,
    nominatedNodeName,
    readinessGates,
  ];
}

// ---- nodes ---------------------------------------------------------------------------------

const LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const NODE_LABEL_ROLE = "kubernetes.io/role";

/** Roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted, deduplicated. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== "") {
      roles.add(v);
    }
  }
  return [...roles].sort(compareBytes);
}

/** Go's string ordering (UTF-8 bytes, which is code point order). */
function compareBytes(a: string, b: string): number {
  const ac = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const bc = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < ac.length && i < bc.length; i++) {
    const d = (ac[i] as number) - (bc[i] as number);
    if (d !== 0) return d;
  }
  return ac.length - bc.length;
}

function nodeCells(node: Node, nowMs: number): string[] {
  // Later conditions of the same type win, as upstream builds a map.
  let ready: string | undefined;
  for (const c of node.status?.conditions ?? []) if (c.type === "Ready") ready = c.status;
  const status: string[] = [];
  if (ready !== undefined) status.push(ready === "True" ? "Ready" : "NotReady");
  if (status.length === 0) status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");

  const roles = findNodeRoles(node).join(",") || "<none>";
  const info = node.status?.nodeInfo;
  const address = (type: string): string =>
    node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";
  return [
    node.metadata?.name ?? "",
    status.join(","),
    roles,
    translateTimestampSince(node.metadata?.creationTimestamp, nowMs),
    info?.kubeletVersion ?? "",
    address("InternalIP"),
    address("ExternalIP"),
    info?.osImage || "<unknown>",
    info?.kernelVersion || "<unknown>",
    info?.containerRuntimeVersion || "<unknown>",
  ];
}

// ---- namespaces and leases -----------------------------------------------------------------

function namespaceCells(ns: Namespace, nowMs: number): string[] {
  return [
    ns.metadata?.name ?? "",
    ns.status?.phase ?? "",
    translateTimestampSince(ns.metadata?.creationTimestamp, nowMs),
  ];
}

function leaseCells(lease: Lease, nowMs: number): string[] {
  return [
    lease.metadata?.name ?? "",
    lease.spec?.holderIdentity ?? "",
    translateTimestampSince(lease.metadata?.creationTimestamp, nowMs),
  ];
}

// ---- events --------------------------------------------------------------------------------

/** Go's strings.TrimSpace: Unicode White_Space (not JS's trim(), which also strips U+FEFF). */
function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_EDGES, "");
}
const GO_SPACE_EDGES =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function formatEventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || "";
  const instance = event.source?.host || event.reportingInstance || "";
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

function eventCells(event: Event, nowMs: number): string[] {
  let firstTimestamp = translateTimestampSince(event.firstTimestamp, nowMs);
  if (timestampMs(event.firstTimestamp) === undefined) {
    firstTimestamp = translateTimestampSince(event.eventTime, nowMs);
  }
  let lastTimestamp = translateTimestampSince(event.lastTimestamp, nowMs);
  if (timestampMs(event.lastTimestamp) === undefined) lastTimestamp = firstTimestamp;

  let count = event.count ?? 0;
  if (event.series) {
    lastTimestamp = translateTimestampSince(event.series.lastObservedTime, nowMs);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }

  const kind = (event.involvedObject.kind ?? "").toLowerCase();
  const name = event.involvedObject.name ?? "";
  const target = name.length > 0 ? `${kind}/${name}` : kind;
  return [
    lastTimestamp,
    event.type ?? "",
    event.reason ?? "",
    target,
    event.involvedObject.fieldPath ?? "",
    formatEventSource(event),
    goTrimSpace(event.message ?? ""),
    firstTimestamp,
    String(count),
    event.metadata.name ?? "",
  ];
}
