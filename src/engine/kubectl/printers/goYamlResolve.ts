// How go-yaml v2 (what kubectl's `-o yaml` uses) orders map keys (sorter.go) and decides whether a
// string would read back as something else and so needs quotes (resolve.go), and how Go formats
// numbers. Split from goYaml.ts, the emitter.

// ---- key order (yaml.v2 sorter.go keyList.Less, string keys) --------------------------------

export const isLetter = (c: number): boolean => /\p{L}/u.test(String.fromCodePoint(c));
export const isDigit = (c: number): boolean => /\p{Nd}/u.test(String.fromCodePoint(c));

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

export const compareKeys = (a: string, b: string): number =>
  yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;

// ---- implicit resolution (yaml.v2 resolve.go) ----------------------------------------------

export const RESOLVE_MAP = new Set([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"],
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"],
  ...["", "~", "null", "Null", "NULL"],
  ...[".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"],
  "<<",
]);

export function resolveHint(s: string): string | undefined {
  if (s === "") return "N";
  const c = s[0] as string;
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return undefined;
}

export const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
export const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) / ParseUint succeeding (underscores already removed by the caller). */
export function goParsesAsInteger(s: string): boolean {
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

export function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** yaml.v2 parseTimestamp with its allowed layouts (Go time.Parse semantics, range checks included). */
export function parsesAsTimestamp(s: string): boolean {
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
export function resolvesToNonString(s: string): boolean {
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

export function isBase60Float(s: string): boolean {
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
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63) return JSON.stringify(n);
  return goFormatFloat(n);
}
