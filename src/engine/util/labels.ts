// Label selectors (k8s.io/apimachinery/pkg/labels/selector.go: lexer, parser, Requirement),
// metav1.LabelSelectorAsSelector (pkg/apis/meta/v1/helpers.go), field selectors
// (pkg/fields/selector.go) and label key/value validation (pkg/util/validation IsQualifiedName,
// IsValidLabelValue; pkg/apis/meta/v1/validation ValidateLabels), with upstream's error texts.

import { fieldError, type FieldError } from "../api/status";

// ---- validation ---------------------------------------------------------------------------

const QUALIFIED_NAME_CHAR_FMT = "[A-Za-z0-9]";
const QUALIFIED_NAME_EXT_CHAR_FMT = "[-A-Za-z0-9_.]";
const QUALIFIED_NAME_FMT = `(${QUALIFIED_NAME_CHAR_FMT}${QUALIFIED_NAME_EXT_CHAR_FMT}*)?${QUALIFIED_NAME_CHAR_FMT}`;
const QUALIFIED_NAME_ERR_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX_LENGTH = 63;
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LABEL_VALUE_MAX_LENGTH = 63;
const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const qualifiedNameRegexp = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const labelValueRegexp = new RegExp(`^${LABEL_VALUE_FMT}$`);
const dns1123SubdomainRegexp = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** validation.RegexError, including its doubled space before each "or". */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) out += " or ";
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** Go's len(): UTF-8 bytes, not UTF-16 code units. */
function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** validation.IsDNS1123Subdomain. */
export function validateDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRegexp.test(value))
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
  return errs;
}

/** validation.IsQualifiedName: a label key (or annotation key), `[prefix/]name`. Empty when valid. */
export function validateLabelKey(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0] as string;
  } else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else for (const msg of validateDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH)
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!qualifiedNameRegexp.test(name))
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`,
    );
  return errs;
}

/** validation.IsValidLabelValue. Empty when valid. */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRegexp.test(value))
    errs.push(regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
  return errs;
}

/**
 * metav1validation.ValidateLabels: every message is its own Invalid error at `fieldPath` (keys
 * and values alike, as upstream). Keys are visited in sorted order so the output is stable.
 */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  fieldPath = "metadata.labels",
): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const key of Object.keys(labels).sort()) {
    for (const msg of validateLabelKey(key)) errs.push(fieldError.invalid(fieldPath, key, msg));
    const value = labels[key] as string;
    for (const msg of validateLabelValue(value)) errs.push(fieldError.invalid(fieldPath, value, msg));
  }
  return errs;
}

// ---- label selectors ----------------------------------------------------------------------

/** selection.Operator values. */
export const SelectionOperator = {
  DoesNotExist: "!",
  Equals: "=",
  DoubleEquals: "==",
  In: "in",
  NotEquals: "!=",
  NotIn: "notin",
  Exists: "exists",
  GreaterThan: "gt",
  LessThan: "lt",
} as const;
export type SelectionOperator = (typeof SelectionOperator)[keyof typeof SelectionOperator];

const BINARY_OPERATORS: readonly SelectionOperator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectionOperator;
  readonly values: readonly string[];
}

/**
 * AND of requirements. `matchesNothing` is labels.Nothing() (a nil metav1.LabelSelector); an
 * empty requirement list is labels.Everything().
 */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly matchesNothing?: true;
}

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const everything: LabelSelector = Object.freeze({ requirements: Object.freeze([]) });
export const nothing: LabelSelector = Object.freeze({
  requirements: Object.freeze([]),
  matchesNothing: true,
});

export type Labels = Readonly<Record<string, string>> | undefined;

function hasLabel(labels: Labels, key: string): boolean {
  return labels !== undefined && Object.hasOwn(labels, key);
}

const INT64_RE = /^[+-]?[0-9]+$/;
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
function parseInt64(s: string): bigint | undefined {
  if (!INT64_RE.test(s)) return undefined;
  const n = BigInt(s);
  return n < MIN_INT64 || n > MAX_INT64 ? undefined : n;
}

/** Requirement.Matches. */
export function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return (
        hasLabel(labels, r.key) && r.values.includes((labels as Record<string, string>)[r.key] as string)
      );
    case "notin":
    case "!=":
      return (
        !hasLabel(labels, r.key) || !r.values.includes((labels as Record<string, string>)[r.key] as string)
      );
    case "exists":
      return hasLabel(labels, r.key);
    case "!":
      return !hasLabel(labels, r.key);
    case "gt":
    case "lt": {
      if (!hasLabel(labels, r.key) || r.values.length !== 1) return false;
      const have = parseInt64((labels as Record<string, string>)[r.key] as string);
      const want = parseInt64(r.values[0] as string);
      if (have === undefined || want === undefined) return false;
      return r.operator === "gt" ? have > want : have < want;
    }
  }
}

export function matchesLabels(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchesNothing) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

export function isEverything(selector: LabelSelector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

/** Requirement.String: `!key`, `key`, `key=v`, `key in (a,b)` (values sorted for printing). */
export function requirementString(r: LabelRequirement): string {
  let out = r.operator === "!" ? `!${r.key}` : r.key;
  switch (r.operator) {
    case "exists":
    case "!":
      return out;
    case "in":
      out += " in ";
      break;
    case "notin":
      out += " notin ";
      break;
    case "gt":
      out += ">";
      break;
    case "lt":
      out += "<";
      break;
    default:
      out += r.operator;
  }
  const values = r.values.length === 1 ? (r.values[0] as string) : [...r.values].sort().join(",");
  return r.operator === "in" || r.operator === "notin" ? `${out}(${values})` : `${out}${values}`;
}

export function labelSelectorString(selector: LabelSelector): string {
  return selector.requirements.map(requirementString).join(",");
}

/** RequiresExactMatch: the single value a selector demands for `key`, if it demands one. */
export function labelRequiresExactMatch(selector: LabelSelector, key: string): string | undefined {
  for (const r of selector.requirements) {
    if (r.key !== key) continue;
    if ((r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1)
      return r.values[0];
    return undefined;
  }
  return undefined;
}

/** Go's %#v of a []string, as field.Invalid prints one. */
function goStringSlice(values: readonly string[] | undefined): string {
  if (values === undefined || values.length === 0) return "[]string(nil)";
  return `[]string{${values.map((v) => JSON.stringify(v)).join(", ")}}`;
}

function invalidText(field: string, value: string, detail: string): string {
  return `${field}: Invalid value: ${value}: ${detail}`;
}

/** utilerrors.Aggregate.Error(): one message alone, several deduplicated inside brackets. */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(", ")}]`;
}

/**
 * labels.NewRequirement: validates and builds a requirement. `values` undefined stands for a nil
 * slice. Error paths are `key`, `values` and `values[i][key]`, as without a field.PathOption.
 */
export function newRequirement(
  key: string,
  operator: SelectionOperator,
  values: readonly string[] | undefined,
): ParseResult<LabelRequirement> {
  const errs: string[] = [];
  const keyErrs = validateLabelKey(key);
  if (keyErrs.length > 0) errs.push(invalidText("key", JSON.stringify(key), keyErrs.join("; ")));
  const vals = values ?? [];
  switch (operator) {
    case "in":
    case "notin":
      if (vals.length === 0)
        errs.push(
          invalidText(
            "values",
            goStringSlice(values),
            "for 'in', 'notin' operators, values set can't be empty",
          ),
        );
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1)
        errs.push(
          invalidText("values", goStringSlice(values), "exact-match compatibility requires one single value"),
        );
      break;
    case "exists":
    case "!":
      if (vals.length !== 0)
        errs.push(
          invalidText(
            "values",
            goStringSlice(values),
            "values set must be empty for exists and does not exist",
          ),
        );
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1)
        errs.push(
          invalidText(
            "values",
            goStringSlice(values),
            "for 'Gt', 'Lt' operators, exactly one value is required",
          ),
        );
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(
            invalidText(
              `values[${i}]`,
              JSON.stringify(v),
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrs = validateLabelValue(v);
    if (valueErrs.length > 0)
      errs.push(invalidText(`values[${i}][${key}]`, JSON.stringify(v), valueErrs.join("; ")));
  });
  if (errs.length > 0) return { ok: false, error: aggregate(errs) };
  return { ok: true, value: Object.freeze({ key, operator, values: Object.freeze([...vals]) }) };
}

function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  // ByKey; a stable sort keeps equal keys in input order deterministically.
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function freezeSelector(requirements: LabelRequirement[]): LabelSelector {
  return Object.freeze({ requirements: Object.freeze(sortByKey(requirements)) });
}

/** labels.SelectorFromSet: `key=value` for each entry, unvalidated. Empty or undefined: everything. */
export function labelSelectorFromSet(set: Readonly<Record<string, string>> | undefined): LabelSelector {
  if (!set) return everything;
  return freezeSelector(
    Object.keys(set).map((key) => ({ key, operator: "=" as const, values: [set[key] as string] })),
  );
}

export interface LabelSelectorRequirementInput {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | undefined;
}

export interface MetaLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?: readonly LabelSelectorRequirementInput[] | undefined;
}

/**
 * metav1.LabelSelectorAsSelector: undefined/null selects nothing, `{}` selects everything.
 * matchLabels are visited in sorted key order (Go's map order is random) so errors are stable.
 */
export function labelSelectorAsSelector(
  ls: MetaLabelSelector | null | undefined,
): ParseResult<LabelSelector> {
  if (ls === null || ls === undefined) return { ok: true, value: nothing };
  const matchLabels = ls.matchLabels ?? {};
  const expressions = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return { ok: true, value: everything };
  const requirements: LabelRequirement[] = [];
  for (const key of Object.keys(matchLabels).sort()) {
    const r = newRequirement(key, "=", [matchLabels[key] as string]);
    if (!r.ok) return r;
    requirements.push(r.value);
  }
  for (const expr of expressions) {
    let op: SelectionOperator;
    switch (expr.operator) {
      case "In":
        op = "in";
        break;
      case "NotIn":
        op = "notin";
        break;
      case "Exists":
        op = "exists";
        break;
      case "DoesNotExist":
        op = "!";
        break;
      default:
        return {
          ok: false,
          error: `${JSON.stringify(expr.operator)} is not a valid label selector operator`,
        };
    }
    const r = newRequirement(expr.key, op, expr.values && expr.values.length > 0 ? expr.values : undefined);
    if (!r.ok) return r;
    requirements.push(r.value);
  }
  return { ok: true, value: freezeSelector(requirements) };
}

// The lexer and parser of selector.go, token for token, so errors quote the same literals.

const Token = {
  Error: 0,
  EndOfString: 1,
  ClosedPar: 2,
  Comma: 3,
  DoesNotExist: 4,
  DoubleEquals: 5,
  Equals: 6,
  GreaterThan: 7,
  Identifier: 8,
  In: 9,
  LessThan: 10,
  NotEquals: 11,
  NotIn: 12,
  OpenPar: 13,
} as const;
type Token = (typeof Token)[keyof typeof Token];

const STRING_TO_TOKEN: Readonly<Record<string, Token>> = {
  ")": Token.ClosedPar,
  ",": Token.Comma,
  "!": Token.DoesNotExist,
  "==": Token.DoubleEquals,
  "=": Token.Equals,
  ">": Token.GreaterThan,
  in: Token.In,
  "<": Token.LessThan,
  "!=": Token.NotEquals,
  notin: Token.NotIn,
  "(": Token.OpenPar,
};

interface ScannedItem {
  readonly tok: Token;
  readonly literal: string;
}

const isWhitespace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecialSymbol = (ch: string): boolean => "=!(),><".includes(ch) && ch !== "";

function lookupToken(s: string): Token | undefined {
  return Object.hasOwn(STRING_TO_TOKEN, s) ? STRING_TO_TOKEN[s] : undefined;
}

function lex(input: string): ScannedItem[] {
  let pos = 0;
  // read() returns "" at the end, like the Go lexer's 0 byte.
  const read = (): string => (pos < input.length ? (input[pos++] as string) : "");
  const items: ScannedItem[] = [];
  for (;;) {
    let ch = read();
    while (ch !== "" && isWhitespace(ch)) ch = read();
    if (ch === "") {
      items.push({ tok: Token.EndOfString, literal: "" });
      return items;
    }
    pos--;
    if (isSpecialSymbol(ch)) {
      let buffer = "";
      let last: ScannedItem | undefined;
      for (;;) {
        const c = read();
        if (c === "") break;
        if (isSpecialSymbol(c)) {
          buffer += c;
          const tok = lookupToken(buffer);
          if (tok !== undefined) {
            last = { tok, literal: buffer };
          } else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: Token.Error, literal: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = "";
      for (;;) {
        const c = read();
        if (c === "") break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      items.push({ tok: lookupToken(buffer) ?? Token.Identifier, literal: buffer });
    }
  }
}

class SelectorParseError {
  constructor(readonly message: string) {}
}

class Parser {
  private position = 0;
  constructor(private readonly items: readonly ScannedItem[]) {}

  // In the Values context `in`/`notin` are plain identifiers (`x in (in)`).
  private lookahead(values: boolean): ScannedItem {
    return this.asContext(this.items[this.position] as ScannedItem, values);
  }

  private consume(values: boolean): ScannedItem {
    return this.asContext(this.items[this.position++] as ScannedItem, values);
  }

  private asContext(item: ScannedItem, values: boolean): ScannedItem {
    if (values && (item.tok === Token.In || item.tok === Token.NotIn))
      return { tok: Token.Identifier, literal: item.literal };
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead(true);
      if (tok === Token.Identifier || tok === Token.DoesNotExist) {
        const r = this.parseRequirement();
        requirements.push(r);
        const next = this.consume(true);
        if (next.tok === Token.EndOfString) return requirements;
        if (next.tok === Token.Comma) {
          const after = this.lookahead(true);
          if (after.tok !== Token.Identifier && after.tok !== Token.DoesNotExist)
            throw new SelectorParseError(`found '${after.literal}', expected: identifier after ','`);
        } else {
          throw new SelectorParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
        }
      } else if (tok === Token.EndOfString) {
        return requirements;
      } else {
        throw new SelectorParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    try {
      const { key, operator } = this.parseKeyAndInferOperator();
      if (operator === "exists" || operator === "!") return this.build(key, operator, []);
      const op = this.parseOperator();
      const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
      return this.build(key, op, [...values].sort());
    } catch (e) {
      if (e instanceof SelectorParseError)
        throw new SelectorParseError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  private build(key: string, op: SelectionOperator, values: string[]): LabelRequirement {
    const r = newRequirement(key, op, values);
    if (!r.ok) throw new SelectorParseError(r.error);
    return r.value;
  }

  private parseKeyAndInferOperator(): { key: string; operator: SelectionOperator | undefined } {
    let operator: SelectionOperator | undefined;
    let item = this.consume(true);
    if (item.tok === Token.DoesNotExist) {
      operator = "!";
      item = this.consume(true);
    }
    if (item.tok !== Token.Identifier)
      throw new SelectorParseError(`found '${item.literal}', expected: identifier`);
    const keyErrs = validateLabelKey(item.literal);
    // The parser validates with a nil field path, which prints as "<nil>".
    if (keyErrs.length > 0)
      throw new SelectorParseError(invalidText("<nil>", JSON.stringify(item.literal), keyErrs.join("; ")));
    const next = this.lookahead(true).tok;
    if ((next === Token.EndOfString || next === Token.Comma) && operator !== "!") operator = "exists";
    return { key: item.literal, operator };
  }

  private parseOperator(): SelectionOperator {
    const { tok, literal } = this.consume(false);
    switch (tok) {
      case Token.In:
        return "in";
      case Token.Equals:
        return "=";
      case Token.DoubleEquals:
        return "==";
      case Token.GreaterThan:
        return "gt";
      case Token.LessThan:
        return "lt";
      case Token.NotIn:
        return "notin";
      case Token.NotEquals:
        return "!=";
      default:
        throw new SelectorParseError(`found '${literal}', expected: ${BINARY_OPERATORS.join(", ")}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== Token.OpenPar) throw new SelectorParseError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead(true);
    if (tok === Token.Identifier || tok === Token.Comma) {
      const s = this.parseIdentifiersList();
      if (this.consume(true).tok !== Token.ClosedPar)
        throw new SelectorParseError(`found '${literal}', expected: ')'`);
      return s;
    }
    if (tok === Token.ClosedPar) {
      this.consume(true);
      return new Set([""]);
    }
    throw new SelectorParseError(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(true);
      if (tok === Token.Identifier) {
        s.add(literal);
        const next = this.lookahead(true);
        if (next.tok === Token.Comma) continue;
        if (next.tok === Token.ClosedPar) return s;
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (tok === Token.Comma) {
        if (s.size === 0) s.add(""); // "(,"
        const next = this.lookahead(true).tok;
        if (next === Token.ClosedPar) {
          s.add(""); // ",)"
          return s;
        }
        if (next === Token.Comma) {
          this.consume(true);
          s.add(""); // ",,"
        }
      } else {
        throw new SelectorParseError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === Token.EndOfString || next === Token.Comma) return new Set([""]);
    const { tok, literal } = this.consume(true);
    if (tok === Token.Identifier) return new Set([literal]);
    throw new SelectorParseError(`found '${literal}', expected: identifier`);
  }
}

/**
 * labels.Parse: `app=web`, `app==web`, `tier!=db`, `env in (a,b)`, `env notin (c)`, `foo`, `!foo`,
 * `n>3`, comma-separated. The empty string selects everything.
 */
export function parseLabelSelector(text: string): ParseResult<LabelSelector> {
  try {
    const requirements = new Parser(lex(text)).parse();
    return { ok: true, value: freezeSelector(requirements) };
  } catch (e) {
    if (e instanceof SelectorParseError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---- field selectors ----------------------------------------------------------------------

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
