// describe.go's describeDeployment (with printReplicaSetsByLabels), describeReplicaSet,
// describeDaemonSet and describeStatefulSet (with describeVolumeClaimTemplates). The pod counts
// come from getPodStatusForController, computed by the fetcher (describers.ts).

import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { Event, KubeObject } from "../../api/objects";
import { quantityString } from "./containers";
import { describeEvents } from "./events";
import {
  formatLabelSelector,
  formatLabels,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  rfc1123z,
  selectorString,
} from "./format";
import { describePodTemplate } from "./pod";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./tabWriter";

export interface PodCounts {
  readonly running: number;
  readonly waiting: number;
  readonly succeeded: number;
  readonly failed: number;
}

const podsStatus = (c: PodCounts): string =>
  `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

function typeStatusReason(conditions: readonly Condition[] | undefined, w: PrefixWriter): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
}

/** printReplicaSetsByLabels. */
function replicaSetsList(rss: readonly ReplicaSet[]): string {
  const list = rss
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ""} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(", ");
  return list === "" ? "<none>" : list;
}

export function describeDeployment(
  d: Deployment,
  oldRSs: readonly ReplicaSet[],
  newRSs: readonly ReplicaSet[],
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  const spec = d.spec;
  const status = d.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ` +
        `${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? 0)} max unavailable, ${String(ru.maxSurge ?? 0)} max surge\n`,
      );
    describePodTemplate(spec?.template, w);
    typeStatusReason(status.conditions, w);
    if (oldRSs.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsList(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsList(newRSs)}\n`);
    }
    if (events) describeEvents(events, w, nowMs);
  });
}

/** `counts` is the pod status, or the error text of listing the pods. */
export function describeReplicaSet(
  rs: ReplicaSet,
  counts: PodCounts | string,
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata?.annotations);
    const controlledBy = printController(rs as KubeObject);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, "Pods Status:\t");
    if (typeof counts === "string") w.write(LEVEL_0, `error in fetching pods: ${counts}\n`);
    else w.write(LEVEL_0, `${podsStatus(counts)}\n`);
    describePodTemplate(rs.spec?.template, w);
    typeStatusReason(rs.status?.conditions, w);
    if (events) describeEvents(events, w, nowMs);
  });
}

export function describeDaemonSet(
  ds: DaemonSet,
  counts: PodCounts,
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  const status = ds.status;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ds.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, "Labels", ds.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ds.metadata?.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
    w.write(
      LEVEL_0,
      `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`,
    );
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(counts)}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, nowMs);
  });
}

export function describeStatefulSet(
  ss: StatefulSet,
  counts: PodCounts,
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ss.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ss.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", ss.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ss.metadata?.annotations);
    w.write(LEVEL_0, `Replicas:\t${ss.spec?.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${ss.spec?.updateStrategy?.type ?? ""}\n`);
    const ru = ss.spec?.updateStrategy?.rollingUpdate;
    if (ru?.partition !== undefined) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined)
        w.write(LEVEL_1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(counts)}\n`);
    describePodTemplate(ss.spec?.template, w);
    const templates = ss.spec?.volumeClaimTemplates ?? [];
    if (templates.length === 0) w.write(LEVEL_0, "Volume Claims:\t<none>\n");
    else {
      w.write(LEVEL_0, "Volume Claims:\n");
      for (const pvc of templates) {
        w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ""}\n`);
        w.write(LEVEL_1, `StorageClass:\t${pvc.spec?.storageClassName ?? ""}\n`);
        printLabelsMultiline(w, "Labels", pvc.metadata?.labels, "  ");
        printLabelsMultiline(w, "Annotations", pvc.metadata?.annotations, "  ");
        const storage = (pvc.spec?.resources?.requests as Record<string, string> | undefined)?.["storage"];
        w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? quantityString(storage) : "<default>"}\n`);
        w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(" ")}]\n`);
      }
    }
    if (events) describeEvents(events, w, nowMs);
  });
}
