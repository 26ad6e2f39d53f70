// describe.go's small formatting helpers: printLabelsMultiline, printAnnotationsMultiline (the
// last-applied annotation skipped, long values folded), taints and tolerations, RFC1123Z times,
// labels.FormatLabels, metav1.FormatLabelSelector and printController.

import type { KubeObject, Taint, Toleration } from "../../api/objects";
import { civilFromDays, parseRfc3339 } from "../../sim/time";
import {
  type MetaLabelSelector,
  labelSelectorAsSelector,
  labelSelectorString,
} from "../../util/labelSelector";
import { LAST_APPLIED } from "../kubectl";
import { LEVEL_0, type PrefixWriter } from "./tabWriter";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number): string => String(n).padStart(2, "0");

/**
 * time.RFC1123Z (`Mon, 02 Jan 2006 15:04:05 -0700`) of a metav1.Time. kubectl prints local time;
 * the simulated machine's zone is UTC. A missing time is Go's zero time.
 */
export function rfc1123z(value: string | null | undefined): string {
  const ms = value ? parseRfc3339(value) : undefined;
  if (ms === undefined) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86400);
  const sec = seconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  // 1970-01-01 was a Thursday.
  const weekday = DAYS[(((days + 4) % 7) + 7) % 7] ?? "";
  return (
    `${weekday}, ${two(day)} ${MONTHS[month - 1] ?? ""} ${year} ` +
    `${two(Math.floor(sec / 3600))}:${two(Math.floor((sec % 3600) / 60))}:${two(sec % 60)} +0000`
  );
}

const sortedKeys = (m: Readonly<Record<string, string>>): string[] =>
  Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels ?? {});
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels?.[key] ?? ""}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}...` : s);

/** printAnnotationsMultiline: kubectl hides its own last-applied-configuration annotation. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations ?? {}).filter((k) => k !== LAST_APPLIED);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const raw = annotations?.[key] ?? "";
    const value = raw.endsWith("\n") ? raw.slice(0, -1) : raw;
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n"))
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString: `key=value:Effect`, `key:Effect`. */
export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printTaintsMultilineWithIndent: sorted by effect then key. */
export function printTaintsMultiline(
  w: PrefixWriter,
  title: string,
  taints: readonly Taint[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: Taint): string => `${t.effect},${t.key}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: sorted by key. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const k = (t: Toleration): string => t.key ?? "";
  const sorted = [...tolerations].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(m: Readonly<Record<string, string>> | undefined): string {
  const keys = sortedKeys(m ?? {});
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${m?.[k] ?? ""}`).join(",");
}

/** metav1.FormatLabelSelector: `<none>` for an empty (or absent) selector, `<error>` if invalid. */
export function formatLabelSelector(selector: MetaLabelSelector | undefined | null): string {
  const parsed = labelSelectorAsSelector(selector);
  if (!parsed.ok) return "<error>";
  const s = labelSelectorString(parsed.value);
  return s === "" ? "<none>" : s;
}

/** labels.Selector.String() of LabelSelectorAsSelector: "" for everything (or nothing). */
export function selectorString(selector: MetaLabelSelector | undefined | null): string {
  const parsed = labelSelectorAsSelector(selector);
  return parsed.ok ? labelSelectorString(parsed.value) : "";
}

/** printController: `Kind/name` of the controller owner reference, or "". */
export function printController(object: KubeObject): string {
  const ref = object.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

export const stringOrNone = (s: string | undefined): string => (s ? s : "<none>");

/** fmt's %v of a bool pointer as printBoolPtr prints it. */
export const printBool = (v: boolean | undefined): string => (v ? "True" : "False");
