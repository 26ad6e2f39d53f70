import { describe, it, expect } from "vitest";
import {
  everything,
  fieldRequiresExactMatch,
  fieldSelectorString,
  isEverything,
  labelRequiresExactMatch,
  labelSelectorAsSelector,
  labelSelectorFromSet,
  labelSelectorString,
  matchesFields,
  matchesLabels,
  nothing,
  parseFieldSelector,
  parseLabelSelector,
  validateLabelKey,
  validateLabels,
  validateLabelValue,
  type FieldSelector,
  type LabelSelector,
} from "./labels";
import { formatFieldError } from "../api/status";

const NAME_PART_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function sel(text: string): LabelSelector {
  const r = parseLabelSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function parseError(text: string): string {
  const r = parseLabelSelector(text);
  if (r.ok) throw new Error(`parsed unexpectedly: ${text}`);
  return r.error;
}

function fsel(text: string): FieldSelector {
  const r = parseFieldSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("label selector parsing and matching", () => {
  const labels = { app: "web", tier: "frontend", env: "prod" };

  it("matches equality, set-based and existence requirements", () => {
    expect(matchesLabels(sel("app=web"), labels)).toBe(true);
    expect(matchesLabels(sel("app==web"), labels)).toBe(true);
    expect(matchesLabels(sel("app=db"), labels)).toBe(false);
    expect(matchesLabels(sel("tier!=db"), labels)).toBe(true);
    expect(matchesLabels(sel("missing!=db"), labels)).toBe(true);
    expect(matchesLabels(sel("env in (prod,staging)"), labels)).toBe(true);
    expect(matchesLabels(sel("env in (dev)"), labels)).toBe(false);
    expect(matchesLabels(sel("env notin (dev)"), labels)).toBe(true);
    expect(matchesLabels(sel("missing notin (dev)"), labels)).toBe(true);
    expect(matchesLabels(sel("app"), labels)).toBe(true);
    expect(matchesLabels(sel("!app"), labels)).toBe(false);
    expect(matchesLabels(sel("!missing"), labels)).toBe(true);
    expect(matchesLabels(sel("app=web,tier=frontend"), labels)).toBe(true);
    expect(matchesLabels(sel("app=web, tier=backend"), labels)).toBe(false);
    expect(matchesLabels(sel("app=web"), undefined)).toBe(false);
  });

  it("supports Gt and Lt", () => {
    expect(matchesLabels(sel("n>3"), { n: "4" })).toBe(true);
    expect(matchesLabels(sel("n>3"), { n: "3" })).toBe(false);
    expect(matchesLabels(sel("n<3"), { n: "2" })).toBe(true);
    expect(matchesLabels(sel("n<3"), { n: "x" })).toBe(false);
  });

  it("treats the empty selector as everything", () => {
    expect(isEverything(sel(""))).toBe(true);
    expect(matchesLabels(sel(""), {})).toBe(true);
    expect(matchesLabels(everything, undefined)).toBe(true);
    expect(matchesLabels(nothing, labels)).toBe(false);
  });

  it("parses the upstream example `x in (foo,,baz),y,z notin ()`", () => {
    const s = sel("x in (foo,,baz),y,z notin ()");
    expect(s.requirements).toEqual([
      { key: "x", operator: "in", values: ["", "baz", "foo"] },
      { key: "y", operator: "exists", values: [] },
      { key: "z", operator: "notin", values: [""] },
    ]);
    expect(labelSelectorString(s)).toBe("x in (,baz,foo),y,z notin ()");
    expect(sel("x in (in)").requirements[0]?.values).toEqual(["in"]);
    expect(sel("x=").requirements[0]?.values).toEqual([""]);
  });

  it("prints like Selector.String, sorted by key", () => {
    expect(labelSelectorString(sel("tier!=db,app=web,!gone,env notin (b,a)"))).toBe(
      "app=web,env notin (a,b),!gone,tier!=db",
    );
    expect(labelSelectorString(sel("a==b"))).toBe("a==b");
    expect(labelSelectorString(sel("n>3"))).toBe("n>3");
  });

  it("reports parse errors with upstream texts", () => {
    expect(parseError("app:monolith")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_REGEX}`,
    );
    expect(parseError("app.kubernetes_io/name=x")).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    expect(parseError("app=demo-{nginx}")).toBe(
      `unable to parse requirement: values[0][app]: Invalid value: "demo-{nginx}": ${LABEL_VALUE_REGEX}`,
    );
    expect(parseError("environment>qa")).toBe(
      "unable to parse requirement: values[0]: Invalid value: \"qa\": for 'Gt', 'Lt' operators, the value must be an integer",
    );
    expect(parseError("x in y")).toBe("unable to parse requirement: found 'y' expected: '('");
    expect(parseError("x in (a")).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(parseError("x (")).toBe(
      "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt",
    );
    expect(parseError("x=a b")).toBe("found 'b', expected: ',' or 'end of string'");
    expect(parseError("x=a,")).toBe("found '', expected: identifier after ','");
    expect(parseError("=a")).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(parseError("!")).toBe("unable to parse requirement: found '', expected: identifier");
  });

  it("reports exact matches for indexes", () => {
    expect(labelRequiresExactMatch(sel("app=web,tier!=db"), "app")).toBe("web");
    expect(labelRequiresExactMatch(sel("app in (web)"), "app")).toBe("web");
    expect(labelRequiresExactMatch(sel("app in (web,db)"), "app")).toBeUndefined();
    expect(labelRequiresExactMatch(sel("tier!=db"), "tier")).toBeUndefined();
  });
});

describe("metav1.LabelSelector", () => {
  it("converts matchLabels and matchExpressions", () => {
    const r = labelSelectorAsSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "staging"] },
        { key: "tier", operator: "NotIn", values: ["db"] },
        { key: "team", operator: "Exists" },
        { key: "legacy", operator: "DoesNotExist" },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(labelSelectorString(r.value)).toBe("app=web,env in (prod,staging),!legacy,team,tier notin (db)");
    expect(matchesLabels(r.value, { app: "web", env: "prod", team: "a" })).toBe(true);
    expect(matchesLabels(r.value, { app: "web", env: "prod", team: "a", legacy: "1" })).toBe(false);
    expect(matchesLabels(r.value, { app: "web", env: "dev", team: "a" })).toBe(false);
  });

  it("selects everything for {} and nothing for a missing selector", () => {
    const empty = labelSelectorAsSelector({});
    expect(empty.ok && matchesLabels(empty.value, {})).toBe(true);
    const missing = labelSelectorAsSelector(undefined);
    expect(missing.ok && matchesLabels(missing.value, { a: "b" })).toBe(false);
  });

  it("reports upstream errors", () => {
    expect(labelSelectorAsSelector({ matchExpressions: [{ key: "name", operator: "Seriously" }] })).toEqual({
      ok: false,
      error: '"Seriously" is not a valid label selector operator',
    });
    expect(
      labelSelectorAsSelector({ matchExpressions: [{ key: "name", operator: "In", values: [] }] }),
    ).toEqual({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
    expect(
      labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x", "y"] }] }),
    ).toEqual({
      ok: false,
      error:
        'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    });
    const bad = labelSelectorAsSelector({ matchLabels: { "bad key": "v" } });
    expect(bad).toEqual({ ok: false, error: `key: Invalid value: "bad key": ${NAME_PART_REGEX}` });
  });

  it("builds a selector from a set", () => {
    const s = labelSelectorFromSet({ b: "2", a: "1" });
    expect(labelSelectorString(s)).toBe("a=1,b=2");
    expect(isEverything(labelSelectorFromSet({}))).toBe(true);
  });
});

describe("label validation", () => {
  it("accepts valid keys and values", () => {
    expect(validateLabelKey("app")).toEqual([]);
    expect(validateLabelKey("app.kubernetes.io/name")).toEqual([]);
    expect(validateLabelKey("MyName")).toEqual([]);
    expect(validateLabelValue("")).toEqual([]);
    expect(validateLabelValue("my_value")).toEqual([]);
  });

  it("rejects invalid keys with upstream messages", () => {
    expect(validateLabelKey("-bad")).toEqual([NAME_PART_REGEX]);
    expect(validateLabelKey("")).toEqual(["name part must be non-empty", NAME_PART_REGEX]);
    expect(validateLabelKey("/name")).toEqual(["prefix part must be non-empty"]);
    expect(validateLabelKey("a".repeat(64))).toEqual(["name part must be no more than 63 characters"]);
    expect(validateLabelKey("a/b/c")).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });

  it("rejects invalid values with upstream messages, including the 63-character limit", () => {
    expect(validateLabelValue("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
    expect(validateLabelValue("-a".repeat(40))).toEqual([
      "must be no more than 63 characters",
      LABEL_VALUE_REGEX,
    ]);
    expect(validateLabelValue("bad value")).toEqual([LABEL_VALUE_REGEX]);
  });

  it("validates a label map into field errors at metadata.labels", () => {
    const errs = validateLabels({ good: "ok", "bad key": "Bad_" });
    expect(errs.map(formatFieldError)).toEqual([
      `metadata.labels: Invalid value: "bad key": ${NAME_PART_REGEX}`,
      `metadata.labels: Invalid value: "Bad_": ${LABEL_VALUE_REGEX}`,
    ]);
    expect(validateLabels(undefined)).toEqual([]);
  });
});

describe("field selectors", () => {
  const pod = { "metadata.name": "web-1", "spec.nodeName": "node-1", "status.phase": "Running" };

  it("parses and matches equality terms", () => {
    expect(matchesFields(fsel("spec.nodeName=node-1"), pod)).toBe(true);
    expect(matchesFields(fsel("spec.nodeName==node-1"), pod)).toBe(true);
    expect(matchesFields(fsel("spec.nodeName=node-2"), pod)).toBe(false);
    expect(matchesFields(fsel("metadata.name!=x"), pod)).toBe(true);
    expect(matchesFields(fsel("status.phase=Running,spec.nodeName=node-1"), pod)).toBe(true);
    expect(matchesFields(fsel("status.phase=Running,spec.nodeName!=node-1"), pod)).toBe(false);
    // An unset field reads as "", so `spec.nodeName=` finds unscheduled pods.
    expect(matchesFields(fsel("spec.nodeName="), { "metadata.name": "p" })).toBe(true);
    expect(matchesFields(fsel(""), pod)).toBe(true);
  });

  it("exposes requirements and exact matches for indexes", () => {
    const s = fsel("status.phase!=Failed,spec.nodeName=node-1");
    expect(s.requirements).toEqual([
      { field: "spec.nodeName", operator: "=", value: "node-1" },
      { field: "status.phase", operator: "!=", value: "Failed" },
    ]);
    expect(fieldRequiresExactMatch(s, "spec.nodeName")).toBe("node-1");
    expect(fieldRequiresExactMatch(s, "status.phase")).toBeUndefined();
    expect(fieldSelectorString(s)).toBe("spec.nodeName=node-1,status.phase!=Failed");
  });

  it("handles escapes", () => {
    const s = fsel("metadata.name=a\\,b\\=c");
    expect(s.requirements[0]?.value).toBe("a,b=c");
    expect(fieldSelectorString(s)).toBe("metadata.name=a\\,b\\=c");
  });

  it("reports upstream errors", () => {
    expect(parseFieldSelector("spec.nodeName")).toEqual({
      ok: false,
      error: "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'",
    });
    expect(parseFieldSelector("a=b=c")).toEqual({
      ok: false,
      error: "invalid field selector: unescapedRune character in value: 61",
    });
    expect(parseFieldSelector("a=b\\x")).toEqual({
      ok: false,
      error: "invalid field selector: invalid escape sequence: \\x",
    });
  });
});
