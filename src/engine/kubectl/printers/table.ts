// Mirrors k8s.io/cli-runtime/pkg/printers/tableprinter.go (printTable, decorateTable), terminal.go
// (WriteEscaped) and tabwriter.go (GetNewTabWriter: minwidth 6, tabwidth 4, padding 3, pad ' ',
// RememberWidths), plus the column-block algorithm of Go's text/tabwriter that it wraps.
// The server-side half (rows and cells) lives in resourcePrinters.ts.

/** A metav1.TableColumnDefinition: only what the client-side printer looks at. */
export interface ColumnDefinition {
  readonly name: string;
  /** 0 = always shown; >0 = only with `-o wide`. */
  readonly priority: number;
}

/** One metav1.TableRow plus the metadata decorateTable reads from the row's object. */
export interface TableRow {
  /** `namespace/name` or `name`: stable key for UIs. */
  readonly key: string;
  readonly namespace: string;
  /** All cells, wide ones included, in column-definition order (the server always sends them all). */
  readonly cells: readonly string[];
}

export interface ServerTable {
  readonly columns: readonly ColumnDefinition[];
  readonly rows: readonly TableRow[];
}

export interface PrintOptions {
  readonly wide?: boolean;
  /** `-A`: prepend NAMESPACE. Callers must not set it for cluster-scoped resources (kubectl doesn't). */
  readonly withNamespace?: boolean;
  readonly noHeaders?: boolean;
}

/** What a UI needs to draw the same table kubectl prints: visible column names and display cells. */
export interface DisplayTable {
  readonly columns: string[];
  readonly rows: { key: string; cells: string[] }[];
}

const MIN_WIDTH = 6;
const PADDING = 3;

/** WriteEscaped: neutralise terminal escape sequences (issue #101695). */
function escapeTerminal(text: string): string {
  return text.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

/** A string cell as printTable writes it: cut at the first line break (tabwriter would split the row). */
export function displayCell(cell: string): string {
  const m = /[\f\n\r]/.exec(cell);
  return m ? `${escapeTerminal(cell.slice(0, m.index))}...` : escapeTerminal(cell);
}

/** decorateTable + the column filtering of printTable, without the text layout. */
export function displayTable(table: ServerTable, options: PrintOptions = {}): DisplayTable {
  const visible: number[] = [];
  table.columns.forEach((c, i) => {
    if (options.wide || c.priority === 0) visible.push(i);
  });
  const columns = visible.map((i) => (table.columns[i] as ColumnDefinition).name.toUpperCase());
  if (options.withNamespace) columns.unshift("NAMESPACE");
  const rows = table.rows.map((row) => {
    // Cells beyond the column definitions are dropped (issue 66379); missing ones print as empty.
    const cells = visible.map((i) => displayCell(row.cells[i] ?? ""));
    if (options.withNamespace) cells.unshift(displayCell(row.namespace));
    return { key: row.key, cells };
  });
  return { columns, rows };
}

/** printTable through kubectl's tabwriter: the exact bytes `kubectl get` writes to stdout. */
export function renderTable(table: ServerTable, options: PrintOptions = {}): string {
  // No rows: no header either (kubectl then says "No resources found" on stderr).
  if (table.rows.length === 0) return "";
  const shown = displayTable(table, options);
  const lines: string[] = [];
  if (!options.noHeaders) lines.push(shown.columns.join("\t"));
  for (const row of shown.rows) lines.push(row.cells.join("\t"));
  return tabwriter(lines.map((l) => `${l}\n`).join(""));
}

/**
 * What `kubectl get` prints to stderr when it wrote nothing: it names the namespace only for a
 * namespaced resource listed without `-A` (checked against kubectl v1.32).
 */
export function noResourcesFound(
  namespace: string,
  options: { allNamespaces: boolean; namespaced: boolean },
): string {
  return options.namespaced && !options.allNamespaces
    ? `No resources found in ${namespace} namespace.\n`
    : "No resources found\n";
}

// ---- text/tabwriter ------------------------------------------------------------------------

interface Cell {
  text: string;
  width: number;
}

/**
 * kubectl's tabwriter (github.com/liggitt/tabwriter, a fork of Go's text/tabwriter) over the given
 * text, flushed at the end. Cells are tab-terminated, so the text after a line's last tab belongs
 * to no column. A column's width is the widest cell of its block of consecutive lines plus the
 * padding, at least minwidth; with RememberWidths it also never shrinks below what an earlier
 * block (or flush) of the same column index needed.
 */
export function tabwriter(text: string): string {
  const out: string[] = [];
  const maxwidths: number[] = [];
  const widths: number[] = [];
  // Buffered lines; the last one is the line being filled.
  let lines: Cell[][] = [[]];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] as Cell[];
      line.forEach((c, j) => {
        out.push(c.text);
        if (j < widths.length) out.push(" ".repeat((widths[j] as number) - c.width));
      });
      // The last buffered line is the unfinished one: it has no newline yet.
      if (i + 1 < lines.length) out.push("\n");
    }
  };

  const format = (from: number, line1: number): void => {
    const column = widths.length;
    let line0 = from;
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t] as Cell[]).length - 1) continue;
      // A column block starts here: the lines above it are complete.
      writeLines(line0, t);
      line0 = t;
      let width = MIN_WIDTH;
      for (; t < line1; t++) {
        const line = lines[t] as Cell[];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column] as Cell).width + PADDING);
      }
      // RememberWidths: a column index keeps the largest width seen so far.
      if (maxwidths.length < widths.length) maxwidths.push(...widths.slice(maxwidths.length));
      if (maxwidths.length === widths.length) maxwidths.push(width);
      else width = Math.max(width, maxwidths[column] as number);
      maxwidths[column] = width;
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  const flush = (): void => {
    format(0, lines.length);
    lines = [[]];
  };

  let cellStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
    const cellText = text.slice(cellStart, i);
    const line = lines[lines.length - 1] as Cell[];
    line.push({ text: cellText, width: [...cellText].length });
    cellStart = i + 1;
    if (ch === "\n" || ch === "\f") {
      lines.push([]);
      // A one-cell line cannot affect later columns, so text/tabwriter flushes there.
      if (ch === "\f" || line.length === 1) flush();
    }
  }
  const rest = text.slice(cellStart);
  if (rest.length > 0) (lines[lines.length - 1] as Cell[]).push({ text: rest, width: [...rest].length });
  flush();
  return out.join("");
}
