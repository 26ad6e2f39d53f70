// Label selectors: Requirement, NewRequirement, Matches, String and SelectorFromSet of
// k8s.io/apimachinery/pkg/labels/selector.go, and metav1.LabelSelectorAsSelector
// (pkg/apis/meta/v1/helpers.go), with upstream's error texts. The text parser is in
// labelSelectorParser.ts.

import { validateLabelKey, validateLabelValue } from "./labelValidation";

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

export function invalidText(field: string, value: string, detail: string): string {
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

export function freezeSelector(requirements: LabelRequirement[]): LabelSelector {
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
  // Objects from the apiserver are immutable, so a selector object always parses the same way:
  // controllers ask for the same workload's selector on every pod event.
  const cached = parsedSelectors.get(ls);
  if (cached) return cached;
  const result = parseMetaSelector(ls);
  parsedSelectors.set(ls, result);
  return result;
}

const parsedSelectors = new WeakMap<MetaLabelSelector, ParseResult<LabelSelector>>();

function parseMetaSelector(ls: MetaLabelSelector): ParseResult<LabelSelector> {
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
