// Mirrors sigs.k8s.io/yaml.Marshal as kubectl's YAMLPrinter (k8s.io/cli-runtime/pkg/printers/yaml.go)
// uses it: json.Marshal, then JSONToYAML, i.e. gopkg.in/yaml.v2 (sigs.k8s.io/yaml/goyaml.v2)
// decoding the JSON into generic maps and re-encoding them. Ported pieces: the map key order of
// sorter.go, the implicit-tag resolution of resolve.go, the string style choice of encode.go, and
// the block emitter of emitterc.go (scalar analysis, quoting, 80-column folding, `|` hints).
// A general YAML library cannot be used here: its quoting and line-folding choices differ.

/** sigs.k8s.io/yaml.Marshal(value): one YAML document, no `---`, ending in a newline. */
export function marshalYaml(value: unknown): string {
  const e = new Emitter();
  e.emitNode(value, { root: true, sequence: false, mapping: false, simpleKey: false });
  e.writeIndent(); // document end
  return e.output();
}

// ---- key order (yaml.v2 sorter.go keyList.Less, string keys) --------------------------------

const isLetter = (c: number): boolean => /\p{L}/u.test(String.fromCodePoint(c));
const isDigit = (c: number): boolean => /\p{Nd}/u.test(String.fromCodePoint(c));

/** yaml.v2's "natural" order: digit runs compare numerically, non-letters sort before letters. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const br = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ai0 = ar[i] as number;
    const bi0 = br[i] as number;
    if (ai0 === bi0) continue;
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return bl;
    // Go accumulates into int64, wrapping on overflow; BigInt keeps that exact.
    let an = 0n;
    let bn = 0n;
    if (ai0 === 48 || bi0 === 48) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as number); j--) {
        if (ar[j] !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as number); ai++) {
      an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] as number) - 48));
    }
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as number); bi++) {
      bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] as number) - 48));
    }
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return ar.length < br.length;
}

const compareKeys = (a: string, b: string): number => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0);

// ---- implicit resolution (yaml.v2 resolve.go) ----------------------------------------------

const RESOLVE_MAP = new Set([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"],
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"],
  ...["", "~", "null", "Null", "NULL"],
  ...[".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"],
  "<<",
]);

function resolveHint(s: string): string | undefined {
  if (s === "") return "N";
  const c = s[0] as string;
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) / ParseUint succeeding (underscores already removed by the caller). */
function goParsesAsInteger(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const digits = m[2] as string;
  let text = digits;
  if (/^0[oO]/.test(digits)) text = `0o${digits.slice(2)}`;
  else if (/^0[0-7]+$/.test(digits)) text = `0o${digits.slice(1)}`;
  const magnitude = BigInt(text);
  const v = m[1] === "-" ? -magnitude : magnitude;
  if (v >= INT64_MIN && v <= INT64_MAX) return true;
  return m[1] === "" && v <= UINT64_MAX; // ParseUint takes no sign
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** yaml.v2 parseTimestamp with its allowed layouts (Go time.Parse semantics, range checks included). */
function parsesAsTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?))?$/.exec(
      s,
    );
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const hour = Number(m[4] ?? m[7] ?? 0);
  const minute = Number(m[5] ?? m[8] ?? 0);
  const second = Number(m[6] ?? m[9] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}

/** True when the string, written plain, would read back as something other than a string. */
function resolvesToNonString(s: string): boolean {
  const hint = resolveHint(s);
  if (hint === undefined) return false;
  if (RESOLVE_MAP.has(s)) return true;
  switch (hint) {
    case ".":
      return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s));
    case "D":
    case "S": {
      if (parsesAsTimestamp(s)) return true;
      const plain = s.replaceAll("_", "");
      if (goParsesAsInteger(plain)) return true;
      if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return true;
      if (plain.startsWith("0b")) return /^[01]+$/.test(plain.slice(2)) && goParsesAsInteger(plain);
      if (plain.startsWith("-0b")) return /^[01]+$/.test(plain.slice(3)) && goParsesAsInteger(plain);
      return false;
    }
    default:
      return false;
  }
}

function isBase60Float(s: string): boolean {
  if (s === "") return false;
  const c = s[0] as string;
  if (!(c === "+" || c === "-" || (c >= "0" && c <= "9")) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

// ---- numbers -------------------------------------------------------------------------------

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 or from 1e21… and ≥1e6. */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(f.toExponential()) as RegExpExecArray;
  const sign = m[1] as string;
  const digits = `${m[2] as string}${m[3] ?? ""}`;
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0] as string}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${e < 10 ? `0${e}` : e}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${"0".repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** A JSON number after the JSON -> yaml.v2 round trip: ints stay ints, the rest are float64 %g. */
function formatNumber(n: number): string {
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63) return JSON.stringify(n);
  return goFormatFloat(n);
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
