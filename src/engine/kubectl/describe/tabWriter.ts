// Mirrors what `kubectl describe` writes through: Go's text/tabwriter as tabbedString sets it up
// (minwidth 0, tabwidth 8, padding 2, padchar ' ', no flags) and describe.go's PrefixWriter
// (LEVEL_n indents by n×2 spaces; Flush ends the current column block, as DescribeEvents does so
// the Events table is aligned on its own). Unlike the `get` printer's tabwriter (a fork with
// RememberWidths), this is the standard library one: each column block is sized independently.

interface Cell {
  readonly text: string;
  readonly width: number;
}

/** Go's text/tabwriter.Writer with padchar ' ' and no flags. */
export class GoTabWriter {
  private readonly out: string[] = [];
  private lines: Cell[][] = [[]];
  private partial = "";
  private widths: number[] = [];

  constructor(
    private readonly minwidth: number,
    private readonly padding: number,
  ) {}

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
      this.partial += text.slice(start, i);
      start = i + 1;
      const line = this.lines[this.lines.length - 1] as Cell[];
      line.push({ text: this.partial, width: [...this.partial].length });
      this.partial = "";
      if (ch === "\n" || ch === "\f") {
        this.lines.push([]);
        // A line of one cell cannot affect the columns of later lines: tabwriter flushes there.
        if (ch === "\f" || line.length === 1) this.flush();
      }
    }
    this.partial += text.slice(start);
  }

  /** Formats everything buffered (the unterminated last cell included) and starts afresh. */
  flush(): void {
    if (this.partial.length > 0) {
      (this.lines[this.lines.length - 1] as Cell[]).push({
        text: this.partial,
        width: [...this.partial].length,
      });
      this.partial = "";
    }
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  /** Flushes and returns all output so far. */
  toString(): string {
    this.flush();
    return this.out.join("");
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] as Cell[];
      line.forEach((c, j) => {
        this.out.push(c.text);
        if (j < this.widths.length) this.out.push(" ".repeat((this.widths[j] as number) - c.width));
      });
      // The last buffered line is the unfinished one: no newline yet.
      if (i + 1 < this.lines.length) this.out.push("\n");
    }
  }

  private format(from: number, line1: number): void {
    const column = this.widths.length;
    let line0 = from;
    for (let t = line0; t < line1; t++) {
      if (column >= (this.lines[t] as Cell[]).length - 1) continue;
      this.writeLines(line0, t);
      line0 = t;
      let width = this.minwidth;
      for (; t < line1; t++) {
        const line = this.lines[t] as Cell[];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column] as Cell).width + this.padding);
      }
      this.widths.push(width);
      this.format(line0, t);
      this.widths.pop();
      line0 = t;
    }
    this.writeLines(line0, line1);
  }
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

/** printers.WriteEscaped: terminal escape sequences are neutralised (issue #101695). */
function escapeTerminal(text: string): string {
  return text.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

/** describe.go's PrefixWriter over a tabwriter. `text` is the already formatted string. */
export class PrefixWriter {
  constructor(private readonly tw: GoTabWriter) {}

  write(level: number, text: string): void {
    this.tw.write(escapeTerminal("  ".repeat(level) + text));
  }

  /** fmt.Sprintln(a) with one operand: the text and a newline. */
  writeLine(text: string): void {
    this.tw.write(escapeTerminal(`${text}\n`));
  }

  flush(): void {
    this.tw.flush();
  }
}

/** tabbedString: runs `f` against a fresh describe tabwriter and returns what it printed. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const tw = new GoTabWriter(0, 2);
  f(new PrefixWriter(tw));
  return tw.toString();
}
