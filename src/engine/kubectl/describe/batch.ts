// describe.go's describeJob (with capIndexesListOrNone), describeCronJob, describeJobTemplate and
// printActiveJobs, and describeHorizontalPodAutoscalerV2 (with printDirectionBehavior).

import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import type { CronJob, Job, JobTemplateSpec } from "kubernetes-types/batch/v1";
import type { Event, KubeObject } from "../../api/objects";
import { humanDuration, timestampMs } from "../printers/humanDuration";
import { quantityString } from "./containers";
import { describeEvents } from "./events";
import {
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  rfc1123z,
  selectorString,
} from "./format";
import { describePodTemplate } from "./pod";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter, tabbedString } from "./tabWriter";

function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return "<none>";
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ",") ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

export function describeJob(job: Job, events: readonly Event[] | undefined, nowMs: number): string {
  const spec = job.spec;
  const status = job.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", job.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", job.metadata?.annotations);
    const controlledBy = printController(job as KubeObject);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (spec?.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${spec?.completions ?? "<unset>"}\n`);
    if (spec?.completionMode !== undefined) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec?.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec?.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec?.ttlSecondsAfterFinished !== undefined)
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    const start = timestampMs(status.startTime);
    const end = timestampMs(status.completionTime);
    if (start !== undefined && end !== undefined)
      w.write(LEVEL_0, `Duration:\t${humanDuration(end - start)}\n`);
    if (spec?.activeDeadlineSeconds !== undefined)
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const [active, succeeded, failed] = [status.active ?? 0, status.succeeded ?? 0, status.failed ?? 0];
    if (status.ready === undefined)
      w.write(LEVEL_0, `Pods Statuses:\t${active} Active / ${succeeded} Succeeded / ${failed} Failed\n`);
    else
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${succeeded} Succeeded / ${failed} Failed\n`,
      );
    if (spec?.completionMode === "Indexed")
      w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes, 50)}\n`);
    describePodTemplate(spec?.template, w);
    if (events) describeEvents(events, w, nowMs);
  });
}

function describeJobTemplate(t: JobTemplateSpec | undefined, w: PrefixWriter): void {
  const spec = t?.spec;
  w.write(LEVEL_0, spec?.selector ? `Selector:\t${selectorString(spec.selector)}\n` : "Selector:\t<unset>\n");
  w.write(LEVEL_0, `Parallelism:\t${spec?.parallelism ?? "<unset>"}\n`);
  w.write(LEVEL_0, `Completions:\t${spec?.completions ?? "<unset>"}\n`);
  if (spec?.activeDeadlineSeconds !== undefined)
    w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec?.template, w);
}

export function describeCronJob(cj: CronJob, events: readonly Event[] | undefined, nowMs: number): string {
  const spec = cj.spec;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cj.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", cj.metadata?.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec?.schedule ?? ""}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ""}\n`);
    w.write(
      LEVEL_0,
      `Suspend:\t${spec?.suspend === undefined ? "<unset>" : spec.suspend ? "True" : "False"}\n`,
    );
    w.write(LEVEL_0, `Successful Job History Limit:\t${spec?.successfulJobsHistoryLimit ?? "<unset>"}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${spec?.failedJobsHistoryLimit ?? "<unset>"}\n`);
    w.write(
      LEVEL_0,
      `Starting Deadline Seconds:\t${spec?.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : "<unset>"}\n`,
    );
    describeJobTemplate(spec?.jobTemplate, w);
    const last = cj.status?.lastScheduleTime;
    w.write(LEVEL_0, `Last Schedule Time:\t${last ? rfc1123z(last) : "<unset>"}\n`);
    const active = cj.status?.active ?? [];
    w.write(LEVEL_0, "Active Jobs:\t");
    if (active.length === 0) w.writeLine("<none>");
    else {
      w.write(LEVEL_0, active.map((j) => j.name ?? "").join(", "));
      w.writeLine("");
    }
    if (events) describeEvents(events, w, nowMs);
  });
}

type Scaling = NonNullable<NonNullable<NonNullable<HorizontalPodAutoscaler["spec"]>["behavior"]>["scaleUp"]>;

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: Scaling | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? "Max"}\n`);
    w.write(LEVEL_2, "Policies:\n");
    for (const p of rules.policies ?? [])
      w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

/** describeHorizontalPodAutoscalerV2: Resource metrics in full, other metric types by name. */
export function describeHPA(
  hpa: HorizontalPodAutoscaler,
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  const spec = hpa.spec;
  const status = hpa.status;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", hpa.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", hpa.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec?.scaleTargetRef.kind ?? ""}/${spec?.scaleTargetRef.name ?? ""}\n`);
    w.write(LEVEL_0, "Metrics:\t( current / target )\n");
    (spec?.metrics ?? []).forEach((metric, i) => {
      const current = status?.currentMetrics?.[i];
      if (metric.type === "Resource" && metric.resource) {
        w.write(LEVEL_1, `resource ${metric.resource.name} on pods`);
        const target = metric.resource.target;
        if (target.averageValue !== undefined) {
          const cur = current?.resource?.current.averageValue;
          w.write(
            LEVEL_0,
            `:\t${cur !== undefined ? quantityString(cur) : "<unknown>"} / ${quantityString(target.averageValue)}\n`,
          );
        } else {
          const c = current?.resource?.current;
          const cur =
            c?.averageUtilization !== undefined
              ? `${c.averageUtilization}% (${quantityString(c.averageValue)})`
              : "<unknown>";
          const tgt = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : "<auto>";
          w.write(LEVEL_1, `(as a percentage of request):\t${cur} / ${tgt}\n`);
        }
      } else {
        w.write(LEVEL_1, `<unknown metric type "${metric.type}">\n`);
      }
    });
    w.write(LEVEL_0, `Min replicas:\t${spec?.minReplicas ?? "<unset>"}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
    if (spec?.behavior) {
      w.write(LEVEL_0, "Behavior:\n");
      printDirectionBehavior(w, "Scale Up", spec.behavior.scaleUp);
      printDirectionBehavior(w, "Scale Down", spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec?.scaleTargetRef.kind ?? ""} pods:\t`);
    w.write(LEVEL_0, `${status?.currentReplicas ?? 0} current / ${status?.desiredReplicas ?? 0} desired\n`);
    const conditions = status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------\t-------\n");
      for (const c of conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    if (events) describeEvents(events, w, nowMs);
  });
}
