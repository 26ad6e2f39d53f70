// Mirrors sigs.k8s.io/yaml.Marshal as kubectl's YAMLPrinter (k8s.io/cli-runtime/pkg/printers/yaml.go)
// uses it: json.Marshal, then JSONToYAML, i.e. gopkg.in/yaml.v2 (sigs.k8s.io/yaml/goyaml.v2)
// decoding the JSON into generic maps and re-encoding them. Ported pieces: the map key order of
// sorter.go, the implicit-tag resolution of resolve.go, the string style choice of encode.go, and
// the block emitter of emitterc.go (scalar analysis, quoting, 80-column folding, `|` hints).
// A general YAML library cannot be used here: its quoting and line-folding choices differ.

import { compareKeys, formatNumber, isBase60Float, resolvesToNonString } from "./goYamlResolve";
/** sigs.k8s.io/yaml.Marshal(value): one YAML document, no `---`, ending in a newline. */
export function marshalYaml(value: unknown): string {
  const e = new Emitter();
  e.emitNode(value, { root: true, sequence: false, mapping: false, simpleKey: false });
  e.writeIndent(); // document end
  return e.output();
}

// ---- emitter (yaml.v2 emitterc.go, block style, as the encoder drives it) --------------------

const Style = { Plain: 0, Single: 1, Double: 2, Literal: 3 } as const;
type Style = (typeof Style)[keyof typeof Style];

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

interface Context {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

const isBreak = (c: number | undefined): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number | undefined): boolean => c === 0x20;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
const isBlankz = (c: number | undefined): boolean => isBlank(c) || isBreak(c) || c === 0 || c === undefined;
const isPrintable = (c: number): boolean =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

function analyzeScalar(value: readonly number[]): Analysis {
  if (value.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  const starts3 = (ch: number): boolean => value[0] === ch && value[1] === ch && value[2] === ch;
  if (value.length >= 3 && (starts3(0x2d) || starts3(0x2e))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as number;
    const followedByWhitespace = i + 1 >= value.length || isBlank(value[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(ch)) {
      flowIndicators = true;
    } else if (ch === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }

    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === value.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === value.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }

  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const utf8Length = (cps: readonly number[]): number =>
  cps.reduce((n, c) => n + (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4), 0);

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private ctx: Context = { root: false, sequence: false, mapping: false, simpleKey: false };

  output(): string {
    return this.out.join("");
  }

  // -- low level writers --

  private put(s: string): void {
    this.out.push(s);
    this.column += 1;
  }

  private putBreak(): void {
    this.out.push("\n");
    this.column = 0;
  }

  private writeChar(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column += 1;
  }

  /** write_break: `\n` is normalised, other break characters are copied. */
  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.writeChar(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ) {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.out.push(indicator);
    this.column += indicator.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  // -- nodes --

  emitNode(value: unknown, ctx: Context): void {
    this.ctx = ctx;
    if (value === null || value === undefined) return this.emitScalar("null", Style.Plain);
    if (typeof value === "boolean") return this.emitScalar(String(value), Style.Plain);
    if (typeof value === "number") return this.emitScalar(formatNumber(value), Style.Plain);
    if (typeof value === "string") return this.emitString(value);
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emitEmptyFlow("[", "]");
      return this.emitBlockSequence(value);
    }
    if (typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => compareKeys(a, b));
      if (entries.length === 0) return this.emitEmptyFlow("{", "}");
      return this.emitBlockMapping(entries);
    }
    return this.emitString(String(value));
  }

  /** encode.go stringv: literal for multi-line text, plain when it reads back as a string, else "…". */
  private emitString(s: string): void {
    const canUsePlain = !resolvesToNonString(s) && !isBase60Float(s);
    const style = s.includes("\n") ? Style.Literal : canUsePlain ? Style.Plain : Style.Double;
    this.emitScalar(s, style);
  }

  /** The encoder only produces flow style for empty collections: `{}` and `[]`. */
  private emitEmptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: readonly unknown[]): void {
    // A sequence that is a mapping value is not indented under its key.
    this.increaseIndent(false, this.ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private emitBlockMapping(entries: readonly [string, unknown][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const cps = Array.from(key, (c) => c.codePointAt(0) ?? 0);
      const simple = !analyzeScalar(cps).multiline && utf8Length(cps) <= 128;
      if (simple) {
        this.emitNode(key, { root: false, sequence: false, mapping: true, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.emitNode(key, { root: false, sequence: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(value, { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private emitScalar(text: string, requested: Style): void {
    const value = Array.from(text, (c) => c.codePointAt(0) ?? 0);
    const a = analyzeScalar(value);
    let style: Style = requested;
    const simpleKey = this.ctx.simpleKey;
    if (simpleKey && a.multiline) style = Style.Double;
    // Scalars are always in block context here (flow style is only used for empty collections).
    if (style === Style.Plain) {
      if (!a.blockPlainAllowed) style = Style.Single;
      if (value.length === 0 && simpleKey) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuotedAllowed) style = Style.Double;
    if (style === Style.Literal && (!a.blockAllowed || simpleKey)) style = Style.Double;

    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    switch (style) {
      case Style.Plain:
        this.writePlain(value, allowBreaks);
        break;
      case Style.Single:
        this.writeSingleQuoted(value, allowBreaks);
        break;
      case Style.Double:
        this.writeDoubleQuoted(value, allowBreaks);
        break;
      case Style.Literal:
        this.writeLiteral(value);
        break;
    }
    this.popIndent();
  }

  private writePlain(value: readonly number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as number;
      if (isSpace(c)) {
        // Fold at a single space once past the preferred width.
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(value[i + 1])) this.writeIndent();
        else this.writeChar(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as number;
      if (isSpace(c)) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < value.length - 1 &&
          !isSpace(value[i + 1])
        ) {
          this.writeIndent();
        } else {
          this.writeChar(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as number;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put("\\");
        const short = DOUBLE_QUOTED_ESCAPES.get(c);
        if (short !== undefined) this.put(short);
        else {
          const [letter, width] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(letter);
          for (const d of c.toString(16).toUpperCase().padStart(width, "0")) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== value.length - 1) {
          this.writeIndent();
          // A leading space on the continuation line would be eaten by folding: escape it.
          if (isSpace(value[i + 1])) this.put("\\");
        } else {
          this.writeChar(c);
        }
        spaces = true;
      } else {
        this.writeChar(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: readonly number[]): void {
    this.writeIndicator("|", true, false, false);
    // Block scalar hints: explicit indentation when the text starts with a space or break,
    // and chomping: `-` strips the absent final newline, `+` keeps several.
    if (isSpace(value[0]) || isBreak(value[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = value.length - 1;
    if (!isBreak(value[last])) this.writeIndicator("-", false, false, false);
    else if (last === 0 || isBreak(value[last - 1])) this.writeIndicator("+", false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of value) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const DOUBLE_QUOTED_ESCAPES = new Map<number, string>([
  [0x00, "0"],
  [0x07, "a"],
  [0x08, "b"],
  [0x09, "t"],
  [0x0a, "n"],
  [0x0b, "v"],
  [0x0c, "f"],
  [0x0d, "r"],
  [0x1b, "e"],
  [0x22, '"'],
  [0x5c, "\\"],
  [0x85, "N"],
  [0xa0, "_"],
  [0x2028, "L"],
  [0x2029, "P"],
]);

export { goFormatFloat, yamlKeyLess } from "./goYamlResolve";
