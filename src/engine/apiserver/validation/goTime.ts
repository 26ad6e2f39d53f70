// time.Parse of Go 1.23 (format.go: parse, getnum, atoi, parseNanoseconds, quote), for the two
// layouts metav1.Time and metav1.MicroTime unmarshal with: RFC3339 and RFC3339Micro. Returns
// Go's exact error text.

import { utf8Bytes } from "./goBase64";

export const RFC3339 = "2006-01-02T15:04:05Z07:00";
export const RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

type Std = "year" | "month" | "day" | "hour" | "minute" | "second" | "frac6" | "tz";

const CHUNKS: Readonly<Record<string, readonly (readonly [string, Std, string])[]>> = {
  [RFC3339]: [
    ["", "year", "2006"],
    ["-", "month", "01"],
    ["-", "day", "02"],
    ["T", "hour", "15"],
    [":", "minute", "04"],
    [":", "second", "05"],
    ["", "tz", "Z07:00"],
  ],
  [RFC3339_MICRO]: [
    ["", "year", "2006"],
    ["-", "month", "01"],
    ["-", "day", "02"],
    ["T", "hour", "15"],
    [":", "minute", "04"],
    [":", "second", "05"],
    ["", "frac6", ".000000"],
    ["", "tz", "Z07:00"],
  ],
};

/** time's quote(): printable ASCII as is (escaping `"` and `\`), other bytes as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of utf8Bytes(ch)) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return `${out}"`;
}

const isDigitAt = (s: string, i: number): boolean =>
  i < s.length && s[i] !== undefined && s[i] >= "0" && s[i] <= "9";

/** time.getnum. */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return { n: Number(s[0]), rest: s.slice(1) };
  }
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

/** time.atoi: optional sign, then only digits. */
function atoi(s: string): number | undefined {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[2]);
  return m[1] === "-" ? -n : n;
}

/** time.parseNanoseconds: `value[0]` is the separator, `value[1:nbytes]` the digits. */
function parseNanoseconds(value: string, nbytes: number): { err: boolean; range?: string } {
  if (value[0] !== "." && value[0] !== ",") return { err: true };
  const digits = value.slice(1, Math.min(nbytes, 10));
  const ns = atoi(digits);
  if (ns === undefined) return { err: true };
  if (ns < 0) return { err: false, range: "fractional second" };
  return { err: false };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** The error text of Go's time.Parse(layout, value), or undefined when it parses. */
export function goTimeParseError(layout: string, value: string): string | undefined {
  const chunks = CHUNKS[layout];
  if (!chunks) throw new Error(`unsupported layout ${layout}`);
  const parseError = (layoutElem: string, valueElem: string): string =>
    `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`;
  const rangeError = (what: string): string => `parsing time ${goQuote(value)}: ${what} out of range`;

  let rest = value;
  let year = 0;
  let month = -1;
  let day = -1;
  for (let i = 0; i < chunks.length; i++) {
    const [prefix, std, stdstr] = chunks[i] as readonly [string, Std, string];
    for (const ch of prefix) {
      if (rest.length === 0 || rest[0] !== ch) return parseError(prefix, rest);
      rest = rest.slice(1);
    }
    const hold = rest;
    let bad = false;
    let range: string | undefined;
    switch (std) {
      case "year": {
        if (rest.length < 4 || !isDigitAt(rest, 0)) bad = true;
        else {
          const y = atoi(rest.slice(0, 4));
          rest = rest.slice(4);
          if (y === undefined) bad = true;
          else year = y;
        }
        break;
      }
      case "month":
      case "day":
      case "hour":
      case "minute":
      case "second": {
        const got = getnum(rest, std !== "hour");
        if (!got) {
          bad = true;
          break;
        }
        rest = got.rest;
        if (std === "month") {
          month = got.n;
          if (month <= 0 || month > 12) range = "month";
        } else if (std === "day") {
          day = got.n;
        } else if (std === "hour") {
          if (got.n >= 24) range = "hour";
        } else if (std === "minute") {
          if (got.n >= 60) range = "minute";
        } else {
          if (got.n >= 60) {
            range = "second";
            break;
          }
          // A fraction the layout does not spell out is still read (RFC3339 only).
          const next = chunks[i + 1];
          if (
            rest.length >= 2 &&
            (rest[0] === "." || rest[0] === ",") &&
            isDigitAt(rest, 1) &&
            next?.[1] !== "frac6"
          ) {
            let n = 2;
            while (n < rest.length && isDigitAt(rest, n)) n++;
            const ns = parseNanoseconds(rest, n);
            rest = rest.slice(n);
            if (ns.err) bad = true;
            range = ns.range;
          }
        }
        break;
      }
      case "frac6": {
        const ndigit = 7;
        if (rest.length < ndigit) {
          bad = true;
          break;
        }
        const ns = parseNanoseconds(rest, ndigit);
        rest = rest.slice(ndigit);
        if (ns.err) bad = true;
        range = ns.range;
        break;
      }
      case "tz": {
        if (rest.length >= 1 && rest[0] === "Z") {
          rest = rest.slice(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== ":") {
          bad = true;
          break;
        }
        const sign = rest[0];
        const hh = getnum(rest.slice(1, 3), true);
        const mm = hh ? getnum(rest.slice(4, 6), true) : undefined;
        rest = rest.slice(6);
        if (!hh || !mm) bad = true;
        // The range checks run even after a bad digit, and win over it (as in Go).
        if ((hh?.n ?? 0) > 24) range = "time zone offset hour";
        if ((mm?.n ?? 0) > 60) range = "time zone offset minute";
        if (sign !== "+" && sign !== "-") bad = true;
        break;
      }
    }
    if (range !== undefined) return rangeError(range);
    if (bad) return parseError(stdstr, hold);
  }
  if (rest.length !== 0) return `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return rangeError("day");
  return undefined;
}
