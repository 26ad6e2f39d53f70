// Field selectors: k8s.io/apimachinery/pkg/fields (selector.go ParseSelector, EscapeValue,
// UnescapeValue, RequiresExactMatch; fields.Set matching).

import type { ParseResult } from "./labelSelector";

export interface FieldRequirement {
  readonly field: string;
  /** `==` parses to `=`: upstream makes both a hasTerm. */
  readonly operator: "=" | "!=";
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

export const everythingFields: FieldSelector = Object.freeze({ requirements: Object.freeze([]) });

/** Splits on commas not escaped by a backslash; the backslash stays in the term. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const TERM_OPERATORS = ["!=", "==", "="] as const;

function splitTerm(
  term: string,
): { lhs: string; op: (typeof TERM_OPERATORS)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const rest = term.slice(i);
    for (const op of TERM_OPERATORS)
      if (rest.startsWith(op)) return { lhs: term.slice(0, i), op, rhs: rest.slice(op.length) };
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes; bare `,` or `=` is an error. */
function unescapeValue(s: string): ParseResult<string> {
  if (!/[\\,=]/.test(s)) return { ok: true, value: s };
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") out += c;
      else return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    // Go prints the rune with %v, i.e. as its code point number.
    else if (c === "," || c === "=")
      return {
        ok: false,
        error: `invalid field selector: unescapedRune character in value: ${c.codePointAt(0)}`,
      };
    else out += c;
  }
  if (inSlash) return { ok: false, error: "invalid field selector: invalid escape sequence: \\" };
  return { ok: true, value: out };
}

/** fields.EscapeValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.ParseSelector: `spec.nodeName=node-1,status.phase!=Running`. Terms come out sorted. */
export function parseFieldSelector(text: string): ParseResult<FieldSelector> {
  const parts = splitTerms(text).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (!split) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    const value = unescapeValue(split.rhs);
    if (!value.ok) return value;
    requirements.push({ field: split.lhs, operator: split.op === "!=" ? "!=" : "=", value: value.value });
  }
  return { ok: true, value: Object.freeze({ requirements: Object.freeze(requirements) }) };
}

/** Matches a fields.Set (e.g. the pod's `metadata.name`, `spec.nodeName`, `status.phase`); absent is "". */
export function matchesFields(selector: FieldSelector, fields: Readonly<Record<string, string>>): boolean {
  return selector.requirements.every((r) => {
    const have = Object.hasOwn(fields, r.field) ? fields[r.field] : "";
    return r.operator === "=" ? have === r.value : have !== r.value;
  });
}

/** RequiresExactMatch: the value of the first `field=value` term, for index lookups. */
export function fieldRequiresExactMatch(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator === "=")?.value;
}

export function fieldSelectorString(selector: FieldSelector): string {
  return selector.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(",");
}
