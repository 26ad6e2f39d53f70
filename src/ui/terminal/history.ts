// The terminal's command history, kept across reloads in localStorage like a shell's ~/.bash_history.

const KEY = "pilothouse.terminal.history.v1";
/** As bash's HISTSIZE default. */
export const HISTORY_LIMIT = 500;

export interface HistoryStore {
  load(): string[];
  save(lines: readonly string[]): void;
}

export const localHistory: HistoryStore = {
  load() {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
    } catch {
      return [];
    }
  },
  save(lines) {
    try {
      localStorage.setItem(KEY, JSON.stringify(lines.slice(-HISTORY_LIMIT)));
    } catch {
      // Storage full or disabled: history lasts for this page only.
    }
  },
};

/** The history list with ↑/↓ navigation; the line being typed is kept as a draft while browsing. */
export class History {
  private lines: string[];
  private index: number;
  private draft = "";

  constructor(private readonly store: HistoryStore) {
    this.lines = store.load().slice(-HISTORY_LIMIT);
    this.index = this.lines.length;
  }

  get entries(): readonly string[] {
    return this.lines;
  }

  /** A command was entered: remember it (not blank, not a repeat of the last, as HISTCONTROL=ignoredups). */
  add(line: string): void {
    this.index = this.lines.length;
    if (line.trim() === "" || this.lines[this.lines.length - 1] === line) return;
    this.lines = [...this.lines, line].slice(-HISTORY_LIMIT);
    this.index = this.lines.length;
    this.store.save(this.lines);
  }

  /** ↑ from `current`: the previous entry, or undefined at the oldest. */
  previous(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.lines.length) this.draft = current;
    this.index--;
    return this.lines[this.index];
  }

  /** ↓: the next entry, the draft after the newest, or undefined when not browsing. */
  next(): string | undefined {
    if (this.index >= this.lines.length) return undefined;
    this.index++;
    return this.index === this.lines.length ? this.draft : this.lines[this.index];
  }

  /** Back to the end (a new prompt). */
  reset(): void {
    this.index = this.lines.length;
    this.draft = "";
  }
}
