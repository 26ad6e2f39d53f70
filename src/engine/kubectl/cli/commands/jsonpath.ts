// A port of k8s.io/client-go/util/jsonpath (parser.go, jsonpath.go) as kubectl uses it for
// `-o jsonpath=…`, `-o jsonpath-as-json=…`, `-o custom-columns=…` and `--sort-by`: text with
// `{…}` actions; fields (`.a.b`, `['a.b']`, escaped `\.`), `*`, `..`, indexes and slices
// (`[0]`, `[-1]`, `[1:3]`, `[::2]`), unions (`[0,1]`, `['a','b']`), filters
// (`[?(@.type=="Ready")]`, `[?(@.x)]`), `{range …}…{end}`, string literals (`{"\n"}`) and `$`/`@`.
// Simplified: filters compare one path with one literal or path; no regular expressions (`=~`).

import { marshalJson } from "../../printers/yamlPrinter";
import {
  type Chain,
  type JsonPath,
  JsonPathError,
  type Operand,
  type Segment,
  type Step,
} from "./jsonpathParser";

export { type JsonPath, JsonPathError, parseJsonPath } from "./jsonpathParser";

// ---- evaluation ----------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function evalChain(chain: Chain, current: unknown, root: unknown): unknown[] {
  let values: unknown[] = [current];
  for (const step of chain) values = evalStep(step, values, root);
  return values;
}

function descendants(v: unknown, out: unknown[]): void {
  out.push(v);
  if (Array.isArray(v)) for (const x of v) descendants(x, out);
  else if (isObject(v)) for (const k of Object.keys(v).sort()) descendants(v[k], out);
}

function evalStep(step: Step, values: unknown[], root: unknown): unknown[] {
  const out: unknown[] = [];
  switch (step.t) {
    case "root":
      return [root];
    case "current":
      return values;
    case "recursive":
      for (const v of values) descendants(v, out);
      return out;
    case "field":
      // Names outer, values inner, as client-go's evalField walks them.
      for (const name of step.names) {
        for (const v of values) if (isObject(v) && v[name] !== undefined) out.push(v[name]);
      }
      return out;
    case "wildcard":
      for (const v of values) {
        if (isObject(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
        else if (Array.isArray(v)) out.push(...(v as unknown[]));
      }
      return out;
    case "all":
      for (const v of values) if (Array.isArray(v)) out.push(...(v as unknown[]));
      return out;
    case "index":
      for (const v of values) {
        if (!Array.isArray(v)) continue;
        const len = v.length;
        const norm = (n: number): number => (n < 0 ? n + len : n);
        if (step.single) {
          const i = norm(step.start ?? 0);
          if (i >= 0 && i < len) out.push(v[i]);
          continue;
        }
        const start = Math.max(0, Math.min(len, norm(step.start ?? 0)));
        const end = Math.max(0, Math.min(len, norm(step.end ?? len)));
        const stride = step.step ?? 1;
        if (stride <= 0) throw new JsonPathError(`step must be > 0`);
        for (let i = start; i < end; i += stride) out.push(v[i]);
      }
      return out;
    case "union":
      for (const v of values) for (const c of step.chains) out.push(...evalChain(c, v, root));
      return out;
    case "filter":
      for (const v of values) {
        const items = Array.isArray(v) ? (v as unknown[]) : [v];
        for (const item of items) if (filterMatches(step, item, root)) out.push(item);
      }
      return out;
  }
}

function operandValues(o: Operand, current: unknown, root: unknown): unknown[] {
  return o.t === "lit" ? [o.value] : evalChain(o.chain, current, root);
}

function filterMatches(step: Extract<Step, { t: "filter" }>, item: unknown, root: unknown): boolean {
  const left = operandValues(step.left, item, root);
  if (step.op === "exists" || step.right === undefined) return left.length > 0;
  const right = operandValues(step.right, item, root);
  if (left.length === 0 || right.length === 0) return false;
  const a = left[0];
  const b = right[0];
  switch (step.op) {
    case "==":
      return a === b || (typeof a === "number" && typeof b === "number" && a === b);
    case "!=":
      return a !== b;
    default: {
      if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) return false;
      const x = a as number | string;
      const y = b as number | string;
      return step.op === "<" ? x < y : step.op === ">" ? x > y : step.op === "<=" ? x <= y : x >= y;
    }
  }
}

/** Every result of each action, in template order, with the text segments. */
function execute(
  segments: readonly Segment[],
  current: unknown,
  root: unknown,
  emit: (s: Segment, values: unknown[]) => void,
): void {
  for (const seg of segments) {
    if (seg.t === "text") emit(seg, []);
    else if (seg.t === "chain") emit(seg, evalChain(seg.chain, current, root));
    else for (const v of evalChain(seg.chain, current, root)) execute(seg.body, v, root, emit);
  }
}

/** evalToText: strings as they are, maps and slices as compact JSON, the rest as Go prints them. */
export function jsonPathText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "object") return compactJson(v);
  return String(v);
}

/** encoding/json.Marshal: sorted keys, no spaces, HTML characters escaped. */
export function compactJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => compactJson(x)).join(",")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goJsonString(k)}:${compactJson(v[k])}`).join(",")}}`;
  }
  if (typeof v === "string") return goJsonString(v);
  if (v === undefined) return "null";
  return JSON.stringify(v);
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `-o jsonpath=…`: the template's text; the results of one action are separated by spaces. */
export function printJsonPath(path: JsonPath, data: unknown): string {
  const out: string[] = [];
  execute(path.segments, data, data, (seg, values) => {
    if (seg.t === "text") out.push(seg.text);
    else out.push(values.map(jsonPathText).join(" "));
  });
  return out.join("");
}

/** `-o jsonpath-as-json=…`: each action's results (and each text) as its own indented JSON array. */
export function printJsonPathAsJson(path: JsonPath, data: unknown): string {
  const out: string[] = [];
  execute(path.segments, data, data, (seg, values) => {
    out.push(marshalJson(seg.t === "text" ? [seg.text] : values));
  });
  return out.join("");
}

/** The results of each action (no text), as custom-columns and --sort-by read them. */
export function findResults(path: JsonPath, data: unknown): unknown[][] {
  const results: unknown[][] = [];
  execute(path.segments, data, data, (seg, values) => {
    if (seg.t !== "text") results.push(values);
  });
  return results;
}

/**
 * RelaxedJSONPathExpression (kubectl/pkg/cmd/get/customcolumn.go): `metadata.name`,
 * `.metadata.name` and `{.metadata.name}` all become `{.metadata.name}`.
 */
export function relaxedJsonPath(expr: string): string {
  if (expr === "") return expr;
  const m = /^\{?(\.?[^{}]*)\}?$/.exec(expr);
  if (!m)
    throw new JsonPathError(
      `unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`,
    );
  const body = m[1] as string;
  return `{${body.startsWith(".") ? body : `.${body}`}}`;
}
