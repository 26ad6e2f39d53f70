// The parser of the simulated container shell (busybox ash, which is what `sh -c` runs in the
// images learners use): words with quotes and expansions ($VAR, ${VAR:-x}, $(cmd), `cmd`,
// $((expr))), simple commands with assignments and redirections, pipelines, && and ||, lists
// separated by ; & or newlines, and the compound commands while/until, for, if, { } and ( ).
// Simplified: no here-documents, globbing, case, functions or brace expansion.

import { Lexer, ShellSyntaxError, type Token } from "./shellLex";

export { ShellSyntaxError };

export type WordPart =
  | { readonly t: "lit"; readonly v: string; readonly q: boolean }
  | { readonly t: "var"; readonly name: string; readonly q: boolean; readonly def?: Word }
  | { readonly t: "sub"; readonly list: List; readonly q: boolean }
  | { readonly t: "arith"; readonly expr: Word; readonly q: boolean };
export type Word = readonly WordPart[];

export interface Redirect {
  readonly fd: number;
  /** `>&` duplicates: `2>&1` is fd 2, op `>&`, target `1`. `&>` sends both streams. */
  readonly op: ">" | ">>" | "<" | ">&" | "&>";
  readonly target: Word;
}

export type Command =
  | {
      readonly t: "simple";
      readonly assigns: readonly { readonly name: string; readonly value: Word }[];
      readonly words: readonly Word[];
      readonly redirects: readonly Redirect[];
    }
  | { readonly t: "loop"; readonly until: boolean; readonly cond: List; readonly body: List }
  | { readonly t: "for"; readonly name: string; readonly items: readonly Word[]; readonly body: List }
  | {
      readonly t: "if";
      readonly clauses: readonly { readonly cond: List; readonly body: List }[];
      readonly otherwise?: List;
    }
  | {
      readonly t: "group";
      readonly list: List;
      readonly redirects: readonly Redirect[];
      /** `( )`: a subshell, whose variables and `exit` stay inside it. */
      readonly subshell: boolean;
    };

export interface Pipeline {
  readonly negate: boolean;
  readonly commands: readonly Command[];
}
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: "&&" | "||"; readonly pipeline: Pipeline }[];
}
export type List = readonly AndOr[];

const RESERVED_END = new Set(["then", "else", "elif", "fi", "do", "done", "}"]);

class Parser {
  private tok: Token;
  constructor(private readonly lexer: Lexer) {
    this.tok = lexer.next();
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  private isOp(v: string): boolean {
    return this.tok.k === "op" && this.tok.v === v;
  }

  private isKeyword(word: string): boolean {
    return this.tok.k === "word" && this.tok.raw === word;
  }

  private unexpected(expecting?: string): never {
    const t = this.tok;
    const what =
      t.k === "eof"
        ? "end of file"
        : t.k === "op"
          ? `"${t.v === "\n" ? "newline" : t.v}"`
          : t.k === "word"
            ? `"${t.raw ?? "word"}"`
            : "redirection";
    throw new ShellSyntaxError(
      `syntax error: unexpected ${what}${expecting ? ` (expecting "${expecting}")` : ""}`,
    );
  }

  private skipNewlines(): void {
    while (this.isOp("\n")) this.advance();
  }

  private expectKeyword(word: string): void {
    this.skipNewlines();
    if (!this.isKeyword(word)) this.unexpected(word);
    this.advance();
  }

  /** A list up to end of input, `)`, or a reserved word that closes a compound command. */
  list(closing?: string): List {
    const items: AndOr[] = [];
    for (;;) {
      while (this.isOp("\n") || this.isOp(";")) this.advance();
      if (this.atEnd() || this.isOp(")") || this.isReservedEnd()) break;
      items.push(this.andOr());
      if (this.isOp(";") || this.isOp("&") || this.isOp("\n")) this.advance();
      else if (!this.atEnd() && !this.isOp(")") && !this.isReservedEnd()) this.unexpected(closing);
    }
    return items;
  }

  private atEnd(): boolean {
    return this.tok.k === "eof";
  }

  /** Throws unless the whole input was read. */
  finish(): void {
    if (this.tok.k !== "eof") this.unexpected();
  }

  private isReservedEnd(): boolean {
    return this.tok.k === "word" && this.tok.raw !== undefined && RESERVED_END.has(this.tok.raw);
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: { op: "&&" | "||"; pipeline: Pipeline }[] = [];
    while (this.isOp("&&") || this.isOp("||")) {
      const op = (this.advance() as { v: "&&" | "||" }).v;
      this.skipNewlines();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    let negate = false;
    if (this.isKeyword("!")) {
      negate = true;
      this.advance();
    }
    const commands = [this.command()];
    while (this.isOp("|")) {
      this.advance();
      this.skipNewlines();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): Command {
    if (this.isKeyword("while") || this.isKeyword("until")) {
      const until = this.tok.k === "word" && this.tok.raw === "until";
      this.advance();
      const cond = this.list("do");
      this.expectKeyword("do");
      const body = this.list("done");
      this.expectKeyword("done");
      return { t: "loop", until, cond, body };
    }
    if (this.isKeyword("for")) return this.forCommand();
    if (this.isKeyword("if")) return this.ifCommand();
    if (this.isKeyword("{")) {
      this.advance();
      const list = this.list("}");
      this.expectKeyword("}");
      return { t: "group", list, redirects: this.redirects(), subshell: false };
    }
    if (this.isOp("(")) {
      this.advance();
      const list = this.list(")");
      if (!this.isOp(")")) this.unexpected(")");
      this.advance();
      return { t: "group", list, redirects: this.redirects(), subshell: true };
    }
    return this.simple();
  }

  private forCommand(): Command {
    this.advance();
    const nameTok = this.advance();
    if (nameTok.k !== "word" || !nameTok.raw || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw))
      throw new ShellSyntaxError("syntax error: bad for loop variable");
    const items: Word[] = [];
    this.skipNewlines();
    if (this.isKeyword("in")) {
      this.advance();
      while (this.tok.k === "word") items.push((this.advance() as { w: Word }).w);
    }
    if (this.isOp(";") || this.isOp("\n")) this.advance();
    this.expectKeyword("do");
    const body = this.list("done");
    this.expectKeyword("done");
    return { t: "for", name: nameTok.raw, items, body };
  }

  private ifCommand(): Command {
    this.advance();
    const clauses: { cond: List; body: List }[] = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.list("then");
      this.expectKeyword("then");
      const body = this.list("fi");
      clauses.push({ cond, body });
      this.skipNewlines();
      if (this.isKeyword("elif")) {
        this.advance();
        continue;
      }
      if (this.isKeyword("else")) {
        this.advance();
        otherwise = this.list("fi");
      }
      this.expectKeyword("fi");
      return otherwise ? { t: "if", clauses, otherwise } : { t: "if", clauses };
    }
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    while (this.tok.k === "redir") out.push(this.redirect());
    return out;
  }

  private redirect(): Redirect {
    const r = this.advance() as { fd: number; op: Redirect["op"] };
    const target = this.advance();
    if (target.k !== "word") this.unexpected();
    return { fd: r.fd, op: r.op, target: target.w };
  }

  private simple(): Command {
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      if (this.tok.k === "redir") {
        redirects.push(this.redirect());
        continue;
      }
      if (this.tok.k !== "word") break;
      const w = (this.advance() as { w: Word }).w;
      const first = w[0];
      const m = first?.t === "lit" && !first.q ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v) : null;
      if (words.length === 0 && m && first?.t === "lit") {
        const restOfFirst = first.v.slice(m[0].length);
        const value: WordPart[] = restOfFirst ? [{ t: "lit", v: restOfFirst, q: false }] : [];
        assigns.push({ name: m[1] as string, value: [...value, ...w.slice(1)] });
      } else words.push(w);
    }
    if (words.length === 0 && assigns.length === 0 && redirects.length === 0) this.unexpected();
    return { t: "simple", assigns, words, redirects };
  }
}

/** Parses a script (what `sh -c` is given). Throws ShellSyntaxError with ash's wording. */
export function parseScript(src: string): List {
  const parser = new Parser(new Lexer(src, parseScript));
  const list = parser.list();
  parser.finish();
  return list;
}
