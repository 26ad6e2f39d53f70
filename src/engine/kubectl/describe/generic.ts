// describe.go's genericDescriber, for every kind without a describer of its own: name, labels
// and annotations, then the whole object through printUnstructuredContent with v1.32's
// smartLabelFor (`creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`).

import type { Event, KubeObject } from "../../api/objects";
import { describeEvents } from "./events";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format";
import { LEVEL_0, type PrefixWriter, tabbedString } from "./tabWriter";

const sorted = (keys: string[]): string[] => keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** fatih/camelcase.Split: runs of lower, upper, digit or other characters; `HTTPServer` → HTTP, Server. */
function camelSplit(s: string): string[] {
  const cls = (c: string): number => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const ch of s) {
    const c = cls(ch);
    if (c === last) (runs[runs.length - 1] as string[]).push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i] as string[];
    const next = runs[i + 1] as string[];
    if (/[A-Z]/.test(cur[0] ?? "") && /[a-z]/.test(next[0] ?? "")) next.unshift(cur.pop() as string);
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

/** smartLabelFor (v1.32): `creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const acronyms = ["API", "URL", "UID", "OSB", "GUID"];
  return camelSplit(field)
    .filter((p) => p !== "_")
    .map((p) =>
      acronyms.includes(p.toUpperCase()) ? p.toUpperCase() : `${p.charAt(0).toUpperCase()}${p.slice(1)}`,
    )
    .join(" ");
}

const SKIP = new Set([
  ".metadata.managedFields",
  ".metadata.name",
  ".metadata.namespace",
  ".metadata.labels",
  ".metadata.annotations",
]);

/** fmt's %v of a JSON scalar. */
const goValue = (v: unknown): string => (v === null || v === undefined ? "<nil>" : String(v));

function printUnstructuredContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of sorted(Object.keys(content))) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === "object" && !Array.isArray(child))
          printUnstructuredContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export function describeGeneric(
  obj: KubeObject,
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as Record<string, unknown>, "");
    if (events) describeEvents(events, w, nowMs);
  });
}
