// describe.go's searchEvents and DescribeEvents: the events about an object are LISTed with the
// field selector client-go's Events().GetFieldSelector builds (involvedObject.{kind,name,
// namespace,uid}, sorted as fields.Set.AsSelector sorts them), sorted as kubectl/pkg/util/event's
// SortableEvents sorts them, and printed as a table with ages like `2m3s` or `3m (x4 over 5m)`.

import type { Event } from "../../api/objects";
import type { ApiClient } from "../../client/apiClient";
import { humanDuration, timestampMs, translateTimestampSince } from "../printers/humanDuration";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./tabWriter";

/** What reference.GetReference yields for the describer (Kind cleared for pods). */
export interface EventRef {
  readonly kind?: string;
  readonly name: string;
  /** "" for cluster-scoped objects: the events are then searched in every namespace. */
  readonly namespace: string;
  readonly uid?: string;
}

/** fields.Selector.String() escaping of a value. */
const escapeValue = (v: string): string => v.replace(/[\\,=]/g, (c) => `\\${c}`);

/** Events().GetFieldSelector(name, namespace, kind, uid).String(). */
export function eventFieldSelector(ref: EventRef): string {
  const terms: [string, string][] = [];
  if (ref.kind) terms.push(["involvedObject.kind", ref.kind]);
  terms.push(["involvedObject.name", ref.name]);
  terms.push(["involvedObject.namespace", ref.namespace]);
  if (ref.uid) terms.push(["involvedObject.uid", ref.uid]);
  return terms.map(([k, v]) => `${k}=${escapeValue(v)}`).join(",");
}

/**
 * searchEvents. Like upstream (whose describers ignore its error), a failed LIST yields an empty
 * list, so the description still ends with `Events:  <none>`.
 */
export function searchEvents(client: ApiClient, ref: EventRef, done: (events: Event[]) => void): void {
  client.request(
    {
      verb: "list",
      resource: "events",
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      fieldSelector: eventFieldSelector(ref),
    },
    (response) => {
      if (response.code !== 200) return done([]);
      done(((response.body as { items?: Event[] }).items ?? []).slice());
    },
  );
}

/** SortableEvents' eventTime: series last observed, else lastTimestamp, else eventTime. */
function sortTime(e: Event): number {
  const series = timestampMs(e.series?.lastObservedTime);
  if (series !== undefined) return series;
  return timestampMs(e.lastTimestamp) ?? timestampMs(e.eventTime) ?? Number.NEGATIVE_INFINITY;
}

const since = (value: string | undefined, nowMs: number): string => translateTimestampSince(value, nowMs);

/** DescribeEvents. */
export function describeEvents(events: readonly Event[], w: PrefixWriter, nowMs: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  // sort.Sort on a handful of events is an insertion sort, so equal times keep their order.
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => sortTime(a.e) - sortTime(b.e) || a.i - b.i)
    .map((x) => x.e);
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const eventTime = timestampMs(e.eventTime);
    const first = eventTime === undefined ? since(e.firstTimestamp, nowMs) : humanDuration(nowMs - eventTime);
    let interval: string;
    if (e.series) {
      interval = `${since(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${since(e.lastTimestamp, nowMs)} (x${e.count ?? 0} over ${first})`;
    } else {
      interval = first;
    }
    const source = e.source?.component || e.reportingComponent || "";
    // v1.32 prints no fieldPath prefix (kubectl added `spec.containers{x}: ` in v1.35).
    const message = (e.message ?? "").trim();
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${message}\n`);
  }
}
