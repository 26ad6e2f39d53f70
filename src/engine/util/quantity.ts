// resource.Quantity from k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go, amount.go,
// math.go): parsing with the same scanner, rounding and error texts, and the canonical String() form
// that node capacity, `kubectl describe` and round-tripped manifests show.
//
// A value is held exactly as `unscaled * 10^scale` with bigint arithmetic, like inf.Dec; parsing
// never leaves a scale below -9 (nano), because upstream rounds finer values up to 1n.

export const QuantityFormat = {
  DecimalExponent: "DecimalExponent",
  BinarySI: "BinarySI",
  DecimalSI: "DecimalSI",
} as const;
export type QuantityFormat = (typeof QuantityFormat)[keyof typeof QuantityFormat];

/** splitREString in quantity.go: only ever shown in the error message, never used to parse. */
export const QUANTITY_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/** The three parse errors of quantity.go, with their exact texts. */
export const QuantityError = {
  FormatWrong: `quantities must match the regular expression '${QUANTITY_REGEX}'`,
  Numeric: "unable to parse numeric part of quantity",
  Suffix: "unable to parse quantity's suffix",
} as const;
export type QuantityError = (typeof QuantityError)[keyof typeof QuantityError];

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
const NANO = -9;
/** maxInt64Factors in quantity.go: decimal digits that always fit an int64. */
const MAX_INT64_FACTORS = 18;

export class Quantity {
  /** The value is `unscaled * 10^scale`. */
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  // Upstream keeps the input text when it is already canonical and prints it back verbatim.
  private readonly cached: string | undefined;

  constructor(unscaled: bigint, scale: number, format: QuantityFormat, cached?: string) {
    this.unscaled = unscaled;
    this.scale = unscaled === 0n ? 0 : scale;
    this.format = format;
    this.cached = cached;
    Object.freeze(this);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** ceil(q) away from zero, like Quantity.Value(); ±Infinity where upstream would overflow int64. */
  value(): number {
    return scaledToNumber(this.unscaled, this.scale, 0);
  }

  /** ceil(q * 1000) away from zero, like Quantity.MilliValue(): `100m` -> 100, `0.1m` -> 1. */
  milliValue(): number {
    return scaledToNumber(this.unscaled, this.scale, -3);
  }

  /** -1, 0 or 1 as q is less than, equal to or greater than other (Quantity.Cmp). */
  cmp(other: Quantity): -1 | 0 | 1 {
    const a = this.sign();
    const b = other.sign();
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0) return 0;
    const magnitude = compareScaled(
      a < 0 ? -this.unscaled : this.unscaled,
      this.scale,
      b < 0 ? -other.unscaled : other.unscaled,
      other.scale,
    );
    return a < 0 ? (-magnitude as -1 | 0 | 1) : magnitude;
  }

  /** The canonical form (Quantity.String): `1500m`, `1536Mi`, `129e6`, `1k`. */
  toString(): string {
    if (this.cached !== undefined) return this.cached;
    return canonicalize(this.unscaled, this.scale, this.format);
  }

  toJSON(): string {
    return this.toString();
  }
}

export type QuantityParseResult =
  { readonly ok: true; readonly quantity: Quantity } | { readonly ok: false; readonly error: QuantityError };

/**
 * Parses a quantity the way the apiserver decodes one from JSON (Quantity.UnmarshalJSON):
 * surrounding whitespace is trimmed, and a number is read through its JSON text, so YAML's
 * `cpu: 1` or `cpu: 0.5` work.
 */
export function tryParseQuantity(value: string | number): QuantityParseResult {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, error: QuantityError.FormatWrong };
    text = String(value);
  } else {
    text = value.trim();
  }
  return parseQuantityText(text);
}

export function parseQuantity(value: string | number): Quantity | undefined {
  const result = tryParseQuantity(value);
  return result.ok ? result.quantity : undefined;
}

export function isValidQuantity(value: unknown): boolean {
  return (typeof value === "string" || typeof value === "number") && tryParseQuantity(value).ok;
}

/** NewMilliQuantity(milli, format). */
export function newMilliQuantity(milli: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(milli), -3, format);
}

/** NewQuantity(value, format). */
export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), 0, format);
}

/** CPU as Kubernetes prints it: NewMilliQuantity(milli, DecimalSI).String() -> `100m`, `2`, `1500m`. */
export function formatCpuMilli(milli: number): string {
  return newMilliQuantity(Math.ceil(milli), QuantityFormat.DecimalSI).toString();
}

/** Memory as Kubernetes prints it: NewQuantity(bytes, BinarySI).String() -> `1Gi`, `16393828Ki`. */
export function formatBytes(bytes: number): string {
  return newQuantity(Math.ceil(bytes), QuantityFormat.BinarySI).toString();
}

// ---- parsing (quantity.go ParseQuantity / parseQuantityString) --------------------------------

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const SUFFIX_CHARS = "eEinumkKMGTP";

function scanQuantity(str: string): Scanned | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") {
    pos++;
  }

  // Leading zeros are skipped; an all-zero string is zero.
  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: "", suffix: "" };
  pos = i;
  if (num.length === 0) num = "0";

  let denom = "";
  if (str[pos] === ".") {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: "" };
    pos = i;
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i] as string)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  // A character that is neither a suffix letter nor an exponent digit.
  return undefined;
}

interface Interpreted {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function interpretSuffix(suffix: string): Interpreted | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix))
    return { base: 10, exponent: DECIMAL_SUFFIXES[suffix] as number, format: QuantityFormat.DecimalSI };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix))
    return { base: 2, exponent: BINARY_SUFFIXES[suffix] as number, format: QuantityFormat.BinarySI };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    // strconv.ParseInt(s, 10, 64), then the int32 conversion upstream does.
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > MAX_INT64 || parsed < MIN_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: QuantityFormat.DecimalExponent };
  }
  return undefined;
}

function parseQuantityText(str: string): QuantityParseResult {
  if (str.length === 0) return { ok: false, error: QuantityError.FormatWrong };
  if (str === "0") return { ok: true, quantity: new Quantity(0n, 0, QuantityFormat.DecimalSI, "0") };

  const scanned = scanQuantity(str);
  if (!scanned) return { ok: false, error: QuantityError.FormatWrong };
  const { positive, value, num, denom, suffix } = scanned;
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) return { ok: false, error: QuantityError.Suffix };
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  // Fast path: the value fits an int64 at a scale no finer than nano.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === QuantityFormat.BinarySI) {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      let result = BigInt(shifted) * mantissa;
      if (result <= MAX_INT64) {
        if (!positive) result = -result;
        const canonical =
          format === QuantityFormat.BinarySI
            ? exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
        return { ok: true, quantity: new Quantity(result, scale, format, canonical ? str : undefined) };
      }
    }
  }

  // Slow path (inf.Dec): exact decimal, then round away from zero to nano and cap BinarySI.
  const dec = parseDecimal(value);
  if (!dec) return { ok: false, error: QuantityError.Numeric };
  let unscaled = dec.unscaled;
  let decScale = dec.scale;
  if (base === 10) decScale += exponent;
  else unscaled *= 1n << BigInt(exponent);

  const negative = unscaled < 0n;
  if (negative) unscaled = -unscaled;
  if (unscaled !== 0n && decScale < NANO) {
    unscaled = divideRoundUp(unscaled, NANO - decScale);
    decScale = NANO;
  }
  if (format === QuantityFormat.BinarySI && compareScaled(unscaled, decScale, MAX_INT64, 0) > 0) {
    unscaled = MAX_INT64;
    decScale = 0;
  }
  if (format === QuantityFormat.BinarySI && unscaled !== 0n && compareScaled(unscaled, decScale, 1n, 0) < 0) {
    format = QuantityFormat.DecimalSI;
  }
  if (negative) unscaled = -unscaled;
  return { ok: true, quantity: new Quantity(unscaled, decScale, format) };
}

/** inf.Dec.SetString for the numeric part the scanner accepted (`-1.5`, `.5`, `1.`, `.`). */
function parseDecimal(text: string): { unscaled: bigint; scale: number } | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  if (!m) return undefined;
  const int = m[2] ?? "";
  const frac = m[3] ?? "";
  const digits = int + frac;
  const magnitude = digits.length === 0 ? 0n : BigInt(digits);
  return { unscaled: m[1] === "-" ? -magnitude : magnitude, scale: -frac.length };
}

/** ceil(n / 10^places) for n > 0, without building 10^places when n is far smaller. */
function divideRoundUp(n: bigint, places: number): bigint {
  if (places > n.toString().length) return 1n;
  const divisor = 10n ** BigInt(places);
  const q = n / divisor;
  return n % divisor === 0n ? q : q + 1n;
}

function compareScaled(a: bigint, aScale: number, b: bigint, bScale: number): -1 | 0 | 1 {
  const s = Math.min(aScale, bScale);
  // Magnitudes far apart are decided by their digit counts, so huge exponents stay cheap.
  if (a > 0n && b > 0n) {
    const ea = a.toString().length + aScale;
    const eb = b.toString().length + bScale;
    if (ea !== eb) return ea < eb ? -1 : 1;
  }
  const x = a * 10n ** BigInt(aScale - s);
  const y = b * 10n ** BigInt(bScale - s);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** scaledValue in math.go: ceil away from zero of `unscaled * 10^scale / 10^target`. */
function scaledToNumber(unscaled: bigint, scale: number, target: number): number {
  if (unscaled === 0n) return 0;
  const negative = unscaled < 0n;
  const magnitude = negative ? -unscaled : unscaled;
  const shift = scale - target;
  let result: bigint;
  if (shift >= 0) {
    if (magnitude.toString().length + shift > 40) return negative ? -Infinity : Infinity;
    result = magnitude * 10n ** BigInt(shift);
  } else {
    result = divideRoundUp(magnitude, -shift);
  }
  return Number(negative ? -result : result);
}

// ---- canonical form (Quantity.CanonicalizeBytes) ------------------------------------------

const DECIMAL_SUFFIX_BY_EXPONENT: Readonly<Record<number, string>> = {
  [-9]: "n",
  [-6]: "u",
  [-3]: "m",
  0: "",
  3: "k",
  6: "M",
  9: "G",
  12: "T",
  15: "P",
  18: "E",
};
const BINARY_SUFFIX_BY_POWER = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

function canonicalize(unscaled: bigint, scale: number, format: QuantityFormat): string {
  if (unscaled === 0n) return "0";
  let effective = format;
  if (format === QuantityFormat.BinarySI) {
    const inDecimalRange = compareScaled(unscaled < 0n ? -unscaled : unscaled, scale, 1024n, 0) < 0;
    // Small or fractional binary values print as DecimalSI rather than lose precision.
    if (inDecimalRange || !isInteger(unscaled, scale)) effective = QuantityFormat.DecimalSI;
  }

  if (effective === QuantityFormat.BinarySI) {
    let n = scale >= 0 ? unscaled * 10n ** BigInt(scale) : unscaled / 10n ** BigInt(-scale);
    const negative = n < 0n;
    if (negative) n = -n;
    let power = 0;
    while (n >= 1024n && n % 1024n === 0n) {
      n /= 1024n;
      power++;
    }
    return `${negative ? "-" : ""}${n.toString()}${BINARY_SUFFIX_BY_POWER[power] ?? ""}`;
  }

  let n = unscaled < 0n ? -unscaled : unscaled;
  let exponent = scale;
  while (n >= 10n && n % 10n === 0n) {
    n /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    n *= 10n;
    exponent--;
  }
  const sign = unscaled < 0n ? "-" : "";
  let suffix: string | undefined;
  if (effective === QuantityFormat.DecimalSI) suffix = DECIMAL_SUFFIX_BY_EXPONENT[exponent];
  // DecimalSI has no suffix past E (10^18), so such values fall back to exponent notation.
  suffix ??= exponent === 0 ? "" : `e${exponent}`;
  return `${sign}${n.toString()}${suffix}`;
}

function isInteger(unscaled: bigint, scale: number): boolean {
  if (scale >= 0) return true;
  if (-scale > (unscaled < 0n ? -unscaled : unscaled).toString().length) return false;
  return unscaled % 10n ** BigInt(-scale) === 0n;
}
