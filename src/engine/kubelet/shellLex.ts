// The lexer of the simulated container shell: words (with their quoting and expansions
// $VAR, ${VAR:-x}, $(cmd), `cmd`, $((expr))), operators and redirections, as ash splits them.

import type { List, Redirect, Word, WordPart } from "./shellParse";

export class ShellSyntaxError extends Error {}

export type Token =
  | { readonly k: "word"; readonly w: Word; readonly raw: string | undefined }
  | { readonly k: "op"; readonly v: string }
  | { readonly k: "redir"; readonly fd: number; readonly op: Redirect["op"] }
  | { readonly k: "eof" };

const OP_CHARS = new Set([";", "&", "|", "(", ")", "<", ">", "\n"]);
const SPACE = new Set([" ", "\t", "\r"]);

/** Index just past the `)` that closes the `(` before `from`, skipping quoted text. */
function closingParen(src: string, from: number, depth = 1): number {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (c === "'") i = src.indexOf("'", i + 1) + 1 || src.length + 1;
    else if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
      i++;
    } else {
      if (c === "(") depth++;
      else if (c === ")" && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new ShellSyntaxError("syntax error: unterminated $(");
}

export class Lexer {
  private i = 0;
  constructor(
    private readonly src: string,
    /** Parses the script inside `$( )` and backquotes. */
    private readonly parse: (src: string) => List,
  ) {}

  next(): Token {
    const src = this.src;
    while (this.i < src.length) {
      const c = src[this.i] as string;
      if (SPACE.has(c)) this.i++;
      else if (c === "\\" && src[this.i + 1] === "\n") this.i += 2;
      else if (c === "#") while (this.i < src.length && src[this.i] !== "\n") this.i++;
      else break;
    }
    if (this.i >= src.length) return { k: "eof" };
    const c = src[this.i] as string;
    const two = src.slice(this.i, this.i + 2);
    if (two === "&>") return this.redir(2, 0, "&>");
    if (OP_CHARS.has(c)) {
      if (c === ">" || c === "<") return this.redir(0, c === "<" ? 0 : 1);
      if (two === "&&" || two === "||" || two === ";;") {
        this.i += 2;
        return { k: "op", v: two };
      }
      this.i++;
      return { k: "op", v: c };
    }
    const digits = /^\d+(?=[<>])/.exec(src.slice(this.i, this.i + 4));
    if (digits) return this.redir(digits[0].length, Number(digits[0]));
    return this.word();
  }

  private redir(skip: number, fd: number, forced?: Redirect["op"]): Token {
    this.i += skip;
    if (forced) return { k: "redir", fd: 1, op: forced };
    const src = this.src;
    const c = src[this.i];
    const n = src[this.i + 1];
    if (c === "<") {
      this.i++;
      return { k: "redir", fd, op: "<" };
    }
    if (n === ">") {
      this.i += 2;
      return { k: "redir", fd, op: ">>" };
    }
    if (n === "&") {
      this.i += 2;
      return { k: "redir", fd, op: ">&" };
    }
    this.i++;
    return { k: "redir", fd, op: ">" };
  }

  private word(): Token {
    const src = this.src;
    const parts: WordPart[] = [];
    let lit = "";
    let plain = true;
    const flush = (q: boolean): void => {
      if (lit !== "") parts.push({ t: "lit", v: lit, q });
      lit = "";
    };
    while (this.i < src.length) {
      const c = src[this.i] as string;
      if (SPACE.has(c) || OP_CHARS.has(c)) break;
      if (c === "'") {
        plain = false;
        flush(false);
        const end = src.indexOf("'", this.i + 1);
        if (end < 0) throw new ShellSyntaxError("syntax error: unterminated quoted string");
        parts.push({ t: "lit", v: src.slice(this.i + 1, end), q: true });
        this.i = end + 1;
      } else if (c === '"') {
        plain = false;
        flush(false);
        this.i++;
        this.doubleQuoted(parts);
      } else if (c === "\\") {
        plain = false;
        flush(false);
        parts.push({ t: "lit", v: src[this.i + 1] ?? "", q: true });
        this.i += 2;
      } else if (c === "$" || c === "`") {
        const part = this.expansion(false);
        if (part) {
          plain = false;
          flush(false);
          parts.push(part);
        } else {
          lit += "$";
          this.i++;
        }
      } else {
        lit += c;
        this.i++;
      }
    }
    const raw = plain ? lit : undefined;
    flush(false);
    return { k: "word", w: parts, raw };
  }

  private doubleQuoted(parts: WordPart[]): void {
    const src = this.src;
    let lit = "";
    const flush = (): void => {
      parts.push({ t: "lit", v: lit, q: true });
      lit = "";
    };
    for (;;) {
      if (this.i >= src.length) throw new ShellSyntaxError("syntax error: unterminated quoted string");
      const c = src[this.i] as string;
      if (c === '"') {
        this.i++;
        flush();
        return;
      }
      if (c === "\\" && '$`"\\\n'.includes(src[this.i + 1] ?? "")) {
        lit += src[this.i + 1] === "\n" ? "" : src[this.i + 1];
        this.i += 2;
      } else if (c === "$" || c === "`") {
        const part = this.expansion(true);
        if (part) {
          flush();
          parts.push(part);
        } else {
          lit += "$";
          this.i++;
        }
      } else {
        lit += c;
        this.i++;
      }
    }
  }

  /** `$NAME`, `${NAME}`, `${NAME:-default}`, `$?`, `$1`, `$(cmd)`, `` `cmd` ``, `$((expr))`. */
  private expansion(q: boolean): WordPart | undefined {
    const src = this.src;
    if (src[this.i] === "`") {
      const end = src.indexOf("`", this.i + 1);
      if (end < 0) throw new ShellSyntaxError("syntax error: unterminated quoted string");
      const inner = src.slice(this.i + 1, end);
      this.i = end + 1;
      return { t: "sub", list: this.parse(inner), q };
    }
    const rest = src.slice(this.i + 1);
    if (rest.startsWith("((")) {
      const end = closingParen(src, this.i + 3, 2);
      const inner = src.slice(this.i + 3, end - 2);
      this.i = end;
      return { t: "arith", expr: new Lexer(inner, this.parse).wordOfText(), q };
    }
    if (rest.startsWith("(")) {
      const end = closingParen(src, this.i + 2);
      const inner = src.slice(this.i + 2, end - 1);
      this.i = end;
      return { t: "sub", list: this.parse(inner), q };
    }
    if (rest.startsWith("{")) {
      const end = src.indexOf("}", this.i);
      if (end < 0) throw new ShellSyntaxError("syntax error: missing '}'");
      const body = src.slice(this.i + 2, end);
      this.i = end + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$@*!])(?::?[-=](.*))?$/s.exec(body);
      if (!m) throw new ShellSyntaxError(`syntax error: bad substitution`);
      const name = m[1] as string;
      return m[2] !== undefined
        ? { t: "var", name, q, def: new Lexer(m[2], this.parse).wordOfText() }
        : { t: "var", name, q };
    }
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9?#$@*!])/.exec(rest);
    if (!m) return undefined;
    this.i += 1 + m[0].length;
    return { t: "var", name: m[0], q };
  }

  /** The whole source as one double-quoted-like word (arithmetic and ${x:-default} bodies). */
  wordOfText(): Word {
    const parts: WordPart[] = [];
    let lit = "";
    while (this.i < this.src.length) {
      const c = this.src[this.i] as string;
      if (c === "$" || c === "`") {
        const part = this.expansion(true);
        if (part) {
          if (lit) parts.push({ t: "lit", v: lit, q: true });
          lit = "";
          parts.push(part);
          continue;
        }
      }
      lit += c;
      this.i++;
    }
    if (lit) parts.push({ t: "lit", v: lit, q: true });
    return parts;
  }
}
