// The shell behind the Terminal panel: prompt, line editing (readline's usual keys), history,
// Tab completion, Ctrl+C, `clear`, alias `k`, and the one command that runs: kubectl, in the
// worker. Pure logic over a screen that takes terminal escape sequences, so it is tested without
// a browser; XtermView.tsx plugs it into xterm.js.

import type { History } from "./history";

export interface TerminalScreen {
  /** Text with escape sequences, "\r\n" line ends (as a terminal takes it). */
  write(text: string): void;
  cols(): number;
  /** Clears the screen and its scrollback. */
  clear(): void;
}

export interface TerminalBackend {
  /** Starts a kubectl command line; returns its id. */
  run(line: string): number;
  cancel(id: number): void;
  complete(line: string, cursor: number): Promise<readonly string[]>;
}

export const PROMPT = "$ ";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";
export const PAUSED_NOTE = "(waiting: simulation paused — press Play or Step)";
const BUILTINS = ["clear", "history", "k", "kubectl"] as const;

interface Running {
  readonly id: number;
  wrote: boolean;
  endsWithNewline: boolean;
  notedPause: boolean;
}

const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");

/** One key or escape sequence at the start of `data`. */
function nextKey(data: string): string {
  // eslint-disable-next-line no-control-regex -- escape sequences are what a terminal sends
  const m = /^\x1b(?:\[[0-9;?]*[A-Za-z~]|O[A-Za-z]|.)?/.exec(data);
  if (m) return m[0];
  const code = data.codePointAt(0) ?? 0;
  return String.fromCodePoint(code);
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? "";
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export class TerminalSession {
  private line = "";
  private cursor = 0;
  /** Rows below the prompt's first row where the terminal cursor is. */
  private cursorRow = 0;
  private running: Running | undefined;
  private typeAhead = "";
  private paused = false;
  private completion = 0;

  constructor(
    private readonly screen: TerminalScreen,
    private readonly backend: TerminalBackend,
    private readonly history: History,
  ) {}

  get currentLine(): string {
    return this.line;
  }

  get cursorPosition(): number {
    return this.cursor;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    this.screen.write(
      `${DIM}kubectl against the simulated cluster (alias k). Tab completes, ↑/↓ history, Ctrl+C cancels, clear.${RESET}\r\n`,
    );
    this.prompt();
  }

  /** Keys and pasted text from the terminal. */
  input(data: string): void {
    let rest = data;
    while (rest.length > 0) {
      if (this.running) {
        const interrupt = rest.indexOf("\x03");
        if (interrupt < 0) {
          // Typed while a command runs: kept, and read once the prompt is back (as a tty does).
          this.typeAhead += rest;
          return;
        }
        this.interrupt();
        rest = rest.slice(interrupt + 1);
        continue;
      }
      const key = nextKey(rest);
      rest = rest.slice(key.length);
      this.key(key);
    }
  }

  /** The simulation was paused or resumed. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused && this.running && !this.running.wrote) this.notePause(this.running);
  }

  output(id: number, text: string): void {
    const running = this.running;
    if (running?.id !== id || text === "") return;
    running.wrote = true;
    running.endsWithNewline = text.endsWith("\n");
    this.screen.write(crlf(text));
  }

  done(id: number): void {
    const running = this.running;
    if (running?.id !== id) return;
    if (running.wrote && !running.endsWithNewline) this.screen.write("\r\n");
    this.running = undefined;
    this.prompt();
    const typed = this.typeAhead;
    this.typeAhead = "";
    if (typed) this.input(typed);
  }

  private key(key: string): void {
    switch (key) {
      case "\r":
      case "\n":
        return this.enter();
      case "\x03":
        return this.interrupt();
      case "\x7f":
      case "\b":
        if (this.cursor > 0)
          this.edit(this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor), this.cursor - 1);
        return;
      case "\x1b[3~":
      case "\x04":
        if (this.cursor < this.line.length)
          this.edit(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
        return;
      case "\x1b[D":
      case "\x1bOD":
      case "\x02":
        return this.edit(this.line, Math.max(0, this.cursor - 1));
      case "\x1b[C":
      case "\x1bOC":
      case "\x06":
        return this.edit(this.line, Math.min(this.line.length, this.cursor + 1));
      case "\x1b[H":
      case "\x1bOH":
      case "\x1b[1~":
      case "\x01":
        return this.edit(this.line, 0);
      case "\x1b[F":
      case "\x1bOF":
      case "\x1b[4~":
      case "\x05":
        return this.edit(this.line, this.line.length);
      case "\x1b[1;5D":
      case "\x1bb":
        return this.edit(this.line, this.wordStart(this.cursor));
      case "\x1b[1;5C":
      case "\x1bf": {
        const m = /^\s*\S*/.exec(this.line.slice(this.cursor));
        return this.edit(this.line, this.cursor + (m?.[0].length ?? 0));
      }
      case "\x1b[A":
      case "\x1bOA":
      case "\x10": {
        const previous = this.history.previous(this.line);
        if (previous !== undefined) this.edit(previous, previous.length);
        return;
      }
      case "\x1b[B":
      case "\x1bOB":
      case "\x0e": {
        const next = this.history.next();
        if (next !== undefined) this.edit(next, next.length);
        return;
      }
      case "\x15":
        return this.edit(this.line.slice(this.cursor), 0);
      case "\x0b":
        return this.edit(this.line.slice(0, this.cursor), this.cursor);
      case "\x17": {
        const start = this.wordStart(this.cursor);
        return this.edit(this.line.slice(0, start) + this.line.slice(this.cursor), start);
      }
      case "\x0c":
        this.screen.clear();
        this.cursorRow = 0;
        return this.redraw();
      case "\t":
        return this.complete();
      default:
        // Printable text only; other control keys and unknown sequences are ignored.
        if (!key.startsWith("\x1b") && (key.codePointAt(0) ?? 0) >= 0x20 && key !== "\x7f")
          this.edit(
            this.line.slice(0, this.cursor) + key + this.line.slice(this.cursor),
            this.cursor + key.length,
          );
    }
  }

  /** Start of the word before `position` (readline's backward-word). */
  private wordStart(position: number): number {
    const m = /\S*\s*$/.exec(this.line.slice(0, position));
    return position - (m?.[0].length ?? 0);
  }

  private edit(line: string, cursor: number): void {
    this.line = line;
    this.cursor = cursor;
    this.redraw();
  }

  /** Rewrites the prompt and line in place (they may wrap over several rows) and places the cursor. */
  private redraw(): void {
    const cols = Math.max(1, this.screen.cols());
    let s = this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : "";
    s += `\r\x1b[J${DIM}${PROMPT}${RESET}${this.line}`;
    const length = PROMPT.length + this.line.length;
    // At the right margin the cursor waits to wrap; make the wrap happen so rows count simply.
    if (length > 0 && length % cols === 0) s += "\r\n";
    const endRow = Math.floor(length / cols);
    const position = PROMPT.length + this.cursor;
    const row = Math.floor(position / cols);
    const col = position % cols;
    if (endRow > row) s += `\x1b[${endRow - row}A`;
    s += "\r";
    if (col > 0) s += `\x1b[${col}C`;
    this.cursorRow = row;
    this.screen.write(s);
  }

  /** Moves below the line being edited, to start output there. */
  private leaveLine(): void {
    this.cursor = this.line.length;
    this.redraw();
    const length = PROMPT.length + this.line.length;
    if (!(length > 0 && length % Math.max(1, this.screen.cols()) === 0)) this.screen.write("\r\n");
  }

  private prompt(): void {
    this.line = "";
    this.cursor = 0;
    this.cursorRow = 0;
    this.history.reset();
    this.screen.write(`${DIM}${PROMPT}${RESET}`);
  }

  private interrupt(): void {
    this.completion++;
    if (this.running) {
      this.backend.cancel(this.running.id);
      this.running = undefined;
      this.typeAhead = "";
      this.screen.write("^C\r\n");
      return this.prompt();
    }
    this.cursor = this.line.length;
    this.redraw();
    this.screen.write("^C\r\n");
    this.prompt();
  }

  private enter(): void {
    this.completion++;
    const line = this.line;
    this.leaveLine();
    this.line = "";
    this.cursor = 0;
    this.history.add(line);
    this.execute(line.trim());
  }

  private execute(text: string): void {
    const [command = "", ...args] = text.split(/\s+/);
    switch (command) {
      case "":
        return this.prompt();
      case "clear":
        this.screen.clear();
        return this.prompt();
      case "history": {
        const entries = this.history.entries;
        const width = String(entries.length).length;
        this.screen.write(entries.map((e, i) => `  ${String(i + 1).padStart(width)}  ${e}\r\n`).join(""));
        return this.prompt();
      }
      case "k":
      case "kubectl": {
        const id = this.backend.run(["kubectl", ...args].join(" "));
        this.running = { id, wrote: false, endsWithNewline: true, notedPause: false };
        if (this.paused) this.notePause(this.running);
        return;
      }
      default:
        this.screen.write(
          `${command}: command not found\r\n${DIM}This terminal runs kubectl (alias k), clear and history.${RESET}\r\n`,
        );
        return this.prompt();
    }
  }

  private notePause(running: Running): void {
    if (running.notedPause) return;
    running.notedPause = true;
    this.screen.write(`${DIM}${PAUSED_NOTE}${RESET}\r\n`);
  }

  private complete(): void {
    const line = this.line;
    const cursor = this.cursor;
    const start = cursor - (/\S*$/.exec(line.slice(0, cursor))?.[0].length ?? 0);
    const word = line.slice(start, cursor);
    const first = line.slice(0, start).trim() === "";
    const ticket = ++this.completion;
    const apply = (candidates: readonly string[]): void => {
      if (ticket !== this.completion || this.running || this.line !== line || this.cursor !== cursor) return;
      this.applyCompletion(start, word, candidates);
    };
    if (first) return apply(BUILTINS.filter((b) => b.startsWith(word)));
    // The shell completes kubectl's own command line: the alias is spelled out for it.
    const alias = /^\s*k(?=\s)/.exec(line);
    const sent = alias ? line.replace(/^(\s*)k/, "$1kubectl") : line;
    const shift = alias ? "kubectl".length - 1 : 0;
    void this.backend.complete(sent, cursor + shift).then(apply, () => {});
  }

  private applyCompletion(start: number, word: string, candidates: readonly string[]): void {
    const matching = candidates.filter((c) => c.startsWith(word));
    if (matching.length === 0) return;
    const replace = (text: string): void =>
      this.edit(this.line.slice(0, start) + text + this.line.slice(this.cursor), start + text.length);
    if (matching.length === 1) {
      const only = matching[0] ?? "";
      return replace(/[=/:,]$/.test(only) ? only : `${only} `);
    }
    const prefix = commonPrefix(matching);
    if (prefix.length > word.length) return replace(prefix);
    // Nothing more in common: list them under the line, then show the line again (as bash's second Tab).
    const cursor = this.cursor;
    this.leaveLine();
    this.screen.write(this.columns([...new Set(matching)].sort()));
    this.cursorRow = 0;
    this.cursor = cursor;
    this.redraw();
  }

  private columns(words: readonly string[]): string {
    const width = Math.max(...words.map((w) => w.length)) + 2;
    const perRow = Math.max(1, Math.floor(this.screen.cols() / width));
    const rows = Math.ceil(words.length / perRow);
    let out = "";
    for (let r = 0; r < rows; r++) {
      let row = "";
      for (let c = 0; c < perRow; c++) {
        const w = words[c * rows + r];
        if (w !== undefined) row += w.padEnd(width);
      }
      out += `${row.trimEnd()}\r\n`;
    }
    return out;
  }
}
