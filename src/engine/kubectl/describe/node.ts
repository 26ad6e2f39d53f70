// describe.go's describeNode, describeNodeLease and describeNodeResource: the node's conditions,
// capacity, system info, the table of its non-terminated pods with their requests and limits as
// a share of allocatable, and the totals ("Allocated resources"). Pod requests/limits are summed
// as resourcehelper.PodRequests/PodLimits do (containers summed, init containers as a maximum,
// plus overhead); in-place resize status resources are not modelled.

import type { Event, Lease, Node, Pod } from "../../api/objects";
import {
  type Quantity,
  QuantityFormat,
  newMilliQuantity,
  newQuantity,
  parseQuantity,
} from "../../util/quantity";
import { translateTimestampSince } from "../printers/humanDuration";
import { quantityString } from "./containers";
import { describeEvents } from "./events";
import { printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, rfc1123z } from "./format";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./tabWriter";

type ResourceMap = Map<string, Quantity>;

const add = (a: Quantity | undefined, b: Quantity): Quantity => {
  if (!a) return b;
  // Quantity.Add keeps the receiver's format.
  return a.format === QuantityFormat.DecimalSI && isCpuLike(a, b)
    ? newMilliQuantity(a.milliValue() + b.milliValue(), a.format)
    : newQuantity(a.value() + b.value(), a.format);
};
// Values with a fractional part (CPU) are summed in millis so `100m + 200m` stays exact.
const isCpuLike = (a: Quantity, b: Quantity): boolean => a.scale < 0 || b.scale < 0;

const maxOf = (a: Quantity | undefined, b: Quantity): Quantity => (a && a.cmp(b) >= 0 ? a : b);

function listOf(m: Record<string, string> | undefined): ResourceMap {
  const out: ResourceMap = new Map();
  for (const [k, v] of Object.entries(m ?? {})) {
    const q = parseQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** resourcehelper.PodRequests / PodLimits. */
export function podResources(pod: Pod, which: "requests" | "limits"): ResourceMap {
  const sum: ResourceMap = new Map();
  for (const c of pod.spec?.containers ?? [])
    for (const [k, q] of listOf(c.resources?.[which] as Record<string, string> | undefined))
      sum.set(k, add(sum.get(k), q));
  for (const c of pod.spec?.initContainers ?? [])
    for (const [k, q] of listOf(c.resources?.[which] as Record<string, string> | undefined))
      sum.set(k, maxOf(sum.get(k), q));
  for (const [k, q] of listOf(pod.spec?.overhead as Record<string, string> | undefined))
    sum.set(k, add(sum.get(k), q));
  return sum;
}

const str = (q: Quantity | undefined): string => (q ? q.toString() : "0");
const pct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));

const sortStrings = (xs: string[]): string[] => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** findNodeRoles. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return sortStrings([...roles]);
}

function describeNodeResource(pods: readonly Pod[], node: Node, w: PrefixWriter, nowMs: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const allocatable = listOf(
    (Object.keys(node.status?.allocatable ?? {}).length > 0
      ? node.status?.allocatable
      : node.status?.capacity) as Record<string, string> | undefined,
  );
  const cpuAlloc = allocatable.get("cpu")?.milliValue() ?? 0;
  const memAlloc = allocatable.get("memory")?.value() ?? 0;
  const reqs: ResourceMap = new Map();
  const limits: ResourceMap = new Map();
  for (const pod of pods) {
    const req = podResources(pod, "requests");
    const lim = podResources(pod, "limits");
    for (const [k, q] of req) reqs.set(k, add(reqs.get(k), q));
    for (const [k, q] of lim) limits.set(k, add(limits.get(k), q));
    const cell = (m: ResourceMap, r: string, whole: number, milli: boolean): string => {
      const q = m.get(r);
      return `${str(q)} (${pct(q ? (milli ? q.milliValue() : q.value()) : 0, whole)}%)`;
    };
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ""}\t${pod.metadata?.name ?? ""}\t\t${cell(req, "cpu", cpuAlloc, true)}\t` +
        `${cell(lim, "cpu", cpuAlloc, true)}\t${cell(req, "memory", memAlloc, false)}\t` +
        `${cell(lim, "memory", memAlloc, false)}\t${translateTimestampSince(pod.metadata?.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const total = (name: string, milli: boolean): void => {
    const whole = milli ? (allocatable.get(name)?.milliValue() ?? 0) : (allocatable.get(name)?.value() ?? 0);
    const r = reqs.get(name);
    const l = limits.get(name);
    const v = (q: Quantity | undefined): number => (q ? (milli ? q.milliValue() : q.value()) : 0);
    w.write(LEVEL_1, `${name}\t${str(r)} (${pct(v(r), whole)}%)\t${str(l)} (${pct(v(l), whole)}%)\n`);
  };
  total("cpu", true);
  total("memory", false);
  total("ephemeral-storage", false);
  const names = [...allocatable.keys()];
  const huge = sortStrings(names.filter((n) => n.startsWith("hugepages-")));
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "storage", "pods"]);
  const ext = sortStrings(names.filter((n) => !n.startsWith("hugepages-") && !standard.has(n)));
  for (const n of huge) total(n, false);
  for (const n of ext) w.write(LEVEL_1, `${n}\t${str(reqs.get(n))}\t${str(limits.get(n))}\n`);
}

export interface NodeDescribeData {
  readonly node: Node;
  /** undefined: the pods could not be listed (Forbidden). */
  readonly pods: readonly Pod[] | undefined;
  readonly events: readonly Event[] | undefined;
  /** The node's Lease, or the error text of its GET. */
  readonly lease: Lease | string;
}

export function describeNode(data: NodeDescribeData, nowMs: number): string {
  const { node } = data;
  const status = node.status ?? {};
  const spec = node.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ""}\n`);
    const roles = findNodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if (typeof data.lease === "string") {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${data.lease}\n`);
    } else {
      const l = data.lease.spec ?? {};
      w.write(LEVEL_0, "Lease:\n");
      w.write(LEVEL_1, `HolderIdentity:\t${l.holderIdentity ?? "<unset>"}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${l.acquireTime ? rfc1123z(l.acquireTime) : "<unset>"}\n`);
      w.write(LEVEL_1, `RenewTime:\t${l.renewTime ? rfc1123z(l.renewTime) : "<unset>"}\n`);
    }
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
      );
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t` +
            `${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printList = (list: Record<string, string> | undefined): void => {
      for (const name of sortStrings(Object.keys(list ?? {})))
        w.write(LEVEL_0, `  ${name}:\t${quantityString(list?.[name])}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, "Capacity:\n");
      printList(status.capacity as Record<string, string>);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, "Allocatable:\n");
      printList(status.allocatable as Record<string, string>);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ""}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${(spec.podCIDRs ?? []).join(",")}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (data.pods) describeNodeResource(data.pods, node, w, nowMs);
    else w.write(LEVEL_0, "Pods:\tnot authorized\n");
    if (data.events) describeEvents(data.events, w, nowMs);
  });
}
