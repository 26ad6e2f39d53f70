// The printers of `kubectl get` (k8s.io/kubectl/pkg/cmd/get/get.go runGet/printGeneric, and
// cli-runtime's tableprinter decorateTable, NamePrinter, JSONPathPrinter; customcolumn.go;
// sorter.go): human-readable tables per resource group (with -A, --show-labels, -L and the
// kind prefix when several types were asked for), and the generic printers over a List.

import type { KubeObject } from "../../../api/objects";
import type { ResourceInfo } from "../../../api/resources";
import { serverTable } from "../../printers/resourcePrinters";
import type { DisplayTable } from "../../printers/table";
import { displayCell, displayTable, tabwriter } from "../../printers/table";
import { kubectlList, printObject } from "../../printers/yamlPrinter";
import { clientError, type ClientError } from "../../errors";
import { customColumnsPrinter, parseCustomColumns } from "./customColumns";
import {
  JsonPathError,
  findResults,
  parseJsonPath,
  printJsonPath,
  printJsonPathAsJson,
  relaxedJsonPath,
} from "./jsonpath";

/** The objects one request (or the requests of one type) returned. */
export interface ResourceGroup {
  readonly info: ResourceInfo;
  readonly objects: readonly KubeObject[];
}

export interface GetPrintOptions {
  /** `-o` as given: "", "wide", "yaml", "json", "name", "jsonpath=…", "custom-columns=…". */
  readonly output: string;
  readonly nowMs: number;
  readonly allNamespaces: boolean;
  readonly noHeaders: boolean;
  readonly showLabels: boolean;
  readonly labelColumns: readonly string[];
  /** Prefix names with `kind.group/` (several types asked for, or --show-kind). */
  readonly withKind: boolean;
  readonly sortBy?: string;
  /** One object named (`get pod web`): print it bare, not in a List. */
  readonly singleItem: boolean;
}

export const isHumanReadable = (output: string): boolean => output === "" || output === "wide";

/** `pod/web`, `deployment.apps/web`: what -o name and the kind prefix print. */
export function kindPrefix(info: ResourceInfo): string {
  return `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ""}`;
}

/** labels.FormatLabels: sorted `k=v` pairs, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${(labels ?? {})[k] ?? ""}`).join(",");
}

/** formatLabelHeaders: `-L app.kubernetes.io/name` heads its column NAME. */
function labelHeader(label: string): string {
  const parts = label.split("/");
  return (parts[parts.length - 1] ?? "").toUpperCase();
}

/** The columns and cells `kubectl get` shows for one group, before layout. */
export function groupTable(group: ResourceGroup, options: GetPrintOptions): DisplayTable {
  const { info, objects } = group;
  const table = displayTable(serverTable(info.kind, objects, options.nowMs), {
    wide: options.output === "wide",
    withNamespace: options.allNamespaces && info.namespaced,
  });
  const nameColumn = table.columns.indexOf("NAME");
  const columns = [...table.columns, ...options.labelColumns.map(labelHeader)];
  if (options.showLabels) columns.push("LABELS");
  const rows = table.rows.map((row, i) => {
    const obj = objects[i] as KubeObject;
    const cells = [...row.cells];
    if (options.withKind && nameColumn >= 0)
      cells[nameColumn] = `${kindPrefix(info)}/${cells[nameColumn] ?? ""}`;
    for (const label of options.labelColumns) cells.push(displayCell(obj.metadata.labels?.[label] ?? ""));
    if (options.showLabels) cells.push(displayCell(formatLabels(obj.metadata.labels)));
    return { key: row.key, cells };
  });
  return { columns, rows };
}

/** Table lines (tab-separated, newline-terminated) for the tabwriter. */
export function tableLines(table: DisplayTable, withHeader: boolean): string {
  const lines = withHeader ? [table.columns.join("\t")] : [];
  for (const row of table.rows) lines.push(row.cells.join("\t"));
  return lines.map((l) => `${l}\n`).join("");
}

/** Human-readable output: one table per non-empty group, a blank line between groups. */
export function printTables(groups: readonly ResourceGroup[], options: GetPrintOptions): string {
  const out: string[] = [];
  for (const group of groups) {
    if (group.objects.length === 0) continue;
    if (out.length > 0 && !options.noHeaders) out.push("\n");
    out.push(tabwriter(tableLines(groupTable(group, options), !options.noHeaders)));
  }
  return out.join("");
}

/** What the generic printers see for an object: apiVersion and kind always set, no managedFields. */
export function printable(info: ResourceInfo, obj: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } = obj.metadata as KubeObject["metadata"] & {
    managedFields?: unknown;
  };
  return {
    ...obj,
    apiVersion: obj.apiVersion || (info.group ? `${info.group}/${info.version}` : info.version),
    kind: obj.kind || info.kind,
    metadata,
  };
}

/** -o yaml|json|name|jsonpath|jsonpath-as-json|custom-columns over every object, as printGeneric does. */
export function printGeneric(
  groups: readonly ResourceGroup[],
  options: GetPrintOptions,
): { ok: true; text: string } | { ok: false; error: ClientError } {
  const items = groups.flatMap((g) => g.objects.map((o) => printable(g.info, o)));
  const infos = groups.flatMap((g) => g.objects.map(() => g.info));
  const output = options.output;
  if (output === "name") {
    return {
      ok: true,
      text: items
        .map((o, i) => `${kindPrefix(infos[i] as ResourceInfo)}/${o.metadata.name ?? ""}\n`)
        .join(""),
    };
  }
  const data: unknown = options.singleItem && items.length === 1 ? items[0] : kubectlList(items);
  try {
    if (output === "yaml" || output === "json") return { ok: true, text: printObject(data, output) };
    const [format = "", ...rest] = output.split("=");
    const arg = rest.join("=");
    if (format === "jsonpath" || format === "jsonpath-as-json") {
      if (arg === "")
        return { ok: false, error: clientError("template format specified but no template given") };
      const path = parseJsonPath(arg);
      return {
        ok: true,
        text: format === "jsonpath" ? printJsonPath(path, data) : printJsonPathAsJson(path, data),
      };
    }
    if (format === "custom-columns") {
      if (arg === "")
        return {
          ok: false,
          error: clientError("custom-columns format specified but no custom columns given"),
        };
      const columns = parseCustomColumns(arg);
      if (!columns.ok) return { ok: false, error: clientError(columns.error) };
      return { ok: true, text: customColumnsPrinter(columns.value, items, options.noHeaders) };
    }
  } catch (e) {
    if (e instanceof JsonPathError)
      return { ok: false, error: clientError(`error parsing jsonpath ${templateOf(output)}, ${e.message}`) };
    throw e;
  }
  return {
    ok: false,
    error: clientError(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: ` +
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
    ),
  };
}

const templateOf = (output: string): string => output.slice(output.indexOf("=") + 1);

/** The output formats `kubectl get` knows (before the `=`). */
export function validOutput(output: string): boolean {
  const format = output.split("=")[0] ?? "";
  return ["", "wide", "yaml", "json", "name", "jsonpath", "jsonpath-as-json", "custom-columns"].includes(
    format,
  );
}

// ---- --sort-by (sorter.go: RuntimeSort) ----------------------------------------------------

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const xs = a.match(re) ?? [];
  const ys = b.match(re) ?? [];
  for (let i = 0; i < xs.length && i < ys.length; i++) {
    const x = xs[i] as string;
    const y = ys[i] as string;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const nx = BigInt(x);
      const ny = BigInt(y);
      if (nx !== ny) return nx < ny;
      return x.length < y.length;
    }
    return x < y;
  }
  return xs.length < ys.length;
}

function lessValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return naturalLess(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return !a && b;
  return naturalLess(JSON.stringify(a), JSON.stringify(b));
}

/** Sorts each group's objects by a JSONPath field; objects without the field come first. */
export function sortGroups(
  groups: readonly ResourceGroup[],
  sortBy: string,
): { ok: true; groups: ResourceGroup[] } | { ok: false; error: ClientError } {
  let path;
  try {
    path = parseJsonPath(relaxedJsonPath(sortBy));
  } catch (e) {
    if (e instanceof JsonPathError) return { ok: false, error: clientError(e.message) };
    throw e;
  }
  const sorted: ResourceGroup[] = [];
  for (const group of groups) {
    const keyed = group.objects.map((o, i) => ({ o, i, v: findResults(path, o)[0]?.[0] }));
    if (keyed.length > 0 && keyed.every((k) => k.v === undefined)) {
      return {
        ok: false,
        error: clientError(
          `couldn't find any field with path "${relaxedJsonPath(sortBy)}" in the list of objects`,
        ),
      };
    }
    keyed.sort((x, y) => {
      if (x.v === undefined || y.v === undefined)
        return x.v === undefined ? (y.v === undefined ? x.i - y.i : -1) : 1;
      if (lessValue(x.v, y.v)) return -1;
      if (lessValue(y.v, x.v)) return 1;
      return x.i - y.i;
    });
    sorted.push({ info: group.info, objects: keyed.map((k) => k.o) });
  }
  return { ok: true, groups: sorted };
}
