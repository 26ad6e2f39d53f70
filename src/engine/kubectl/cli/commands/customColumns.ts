// `-o custom-columns=NAME:.metadata.name,…` (k8s.io/kubectl/pkg/cmd/get/customcolumn.go):
// each column's JSONPath runs on every item; no result prints `<none>`, several are joined by
// commas, each formatted as Go's `%v` would.

import type { KubeObject } from "../../../api/objects";
import { tabwriter } from "../../printers/table";
import { type JsonPath, JsonPathError, findResults, parseJsonPath, relaxedJsonPath } from "./jsonpath";

export interface CustomColumn {
  readonly header: string;
  readonly path: JsonPath;
}

/** NewCustomColumnsPrinterFromSpec. */
export function parseCustomColumns(
  spec: string,
): { ok: true; value: CustomColumn[] } | { ok: false; error: string } {
  const columns: CustomColumn[] = [];
  for (const part of spec.split(",")) {
    const colon = part.indexOf(":");
    if (colon < 0) {
      return {
        ok: false,
        error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      };
    }
    try {
      columns.push({
        header: part.slice(0, colon),
        path: parseJsonPath(relaxedJsonPath(part.slice(colon + 1))),
      });
    } catch (e) {
      if (e instanceof JsonPathError) return { ok: false, error: e.message };
      throw e;
    }
  }
  return { ok: true, value: columns };
}

/** fmt's %v of a decoded JSON value: maps as `map[k:v]` (sorted keys), slices as `[a b]`. */
export function goFormatValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormatValue).join(" ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goFormatValue(o[k])}`)
      .join(" ")}]`;
  }
  return String(v);
}

/** The printed text for the items (header unless noHeaders), through kubectl's tabwriter. */
export function customColumnsPrinter(
  columns: readonly CustomColumn[],
  items: readonly KubeObject[],
  noHeaders: boolean,
): string {
  const lines: string[] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header).join("\t"));
  for (const item of items) {
    const cells = columns.map((c) => {
      const results = findResults(c.path, item);
      const values = results.flat();
      if (results.length === 0 || (results[0] ?? []).length === 0) values.unshift(undefined);
      return values.map((v) => (v === undefined ? "<none>" : goFormatValue(v))).join(",");
    });
    lines.push(cells.join("\t"));
  }
  return tabwriter(lines.map((l) => `${l}\n`).join(""));
}
