// The parser half of the client-go util/jsonpath port (parser.go): a template becomes text
// segments, path chains and ranges. See jsonpath.ts for what is supported and the evaluation.

export type Step =
  | { readonly t: "field"; readonly names: readonly string[] }
  | { readonly t: "wildcard" }
  | { readonly t: "recursive" }
  | { readonly t: "root" }
  | { readonly t: "current" }
  | {
      readonly t: "index";
      readonly start?: number;
      readonly end?: number;
      readonly step?: number;
      readonly single: boolean;
    }
  | { readonly t: "all" }
  | { readonly t: "union"; readonly chains: readonly Chain[] }
  | { readonly t: "filter"; readonly left: Operand; readonly op: string; readonly right?: Operand };

export type Chain = readonly Step[];
export type Operand =
  { readonly t: "path"; readonly chain: Chain } | { readonly t: "lit"; readonly value: unknown };

export type Segment =
  | { readonly t: "text"; readonly text: string }
  | { readonly t: "chain"; readonly chain: Chain }
  | { readonly t: "range"; readonly chain: Chain; readonly body: readonly Segment[] };

export interface JsonPath {
  readonly segments: readonly Segment[];
}

export class JsonPathError extends Error {}

/** Parses a template; throws JsonPathError with client-go's messages where they matter. */
export function parseJsonPath(template: string): JsonPath {
  const stack: Segment[][] = [[]];
  const ranges: Chain[] = [];
  let i = 0;
  let text = "";
  const top = (): Segment[] => stack[stack.length - 1] as Segment[];
  const flushText = (): void => {
    if (text !== "") top().push({ t: "text", text });
    text = "";
  };
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch !== "{") {
      text += ch;
      i++;
      continue;
    }
    flushText();
    const close = findClose(template, i + 1);
    if (close < 0) throw new JsonPathError("unclosed action");
    const inside = template.slice(i + 1, close).trim();
    i = close + 1;
    if (inside === "end") {
      const body = stack.pop();
      const chain = ranges.pop();
      if (!body || !chain || stack.length === 0) throw new JsonPathError("not in range, nothing to end");
      top().push({ t: "range", chain, body });
    } else if (inside.startsWith("range ") || inside === "range") {
      ranges.push(parseChain(inside.slice(5).trim()));
      stack.push([]);
    } else if (/^"(?:[^"\\]|\\.)*"$/.test(inside)) {
      top().push({ t: "text", text: unquote(inside) });
    } else {
      top().push({ t: "chain", chain: parseChain(inside) });
    }
  }
  flushText();
  if (stack.length !== 1) throw new JsonPathError("unclosed range");
  return { segments: stack[0] as Segment[] };
}

/** The `}` closing an action opened before `from`, skipping quoted strings. */
function findClose(s: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

function unquote(q: string): string {
  const body = q.slice(1, -1);
  const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "'": "'", "\\": "\\" };
  return body.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}

/** One path expression: `.items[*].metadata.name`, `$.a`, `@.b`, `..name`. */
function parseChain(expr: string): Chain {
  const steps: Step[] = [];
  let i = 0;
  const s = expr.trim();
  while (i < s.length) {
    const c = s[i] as string;
    if (c === " ") {
      i++;
    } else if (c === "$") {
      steps.push({ t: "root" });
      i++;
    } else if (c === "@") {
      steps.push({ t: "current" });
      i++;
    } else if (c === ".") {
      if (s[i + 1] === ".") {
        steps.push({ t: "recursive" });
        i += 2;
        continue;
      }
      i++;
      let name = "";
      while (i < s.length && !".[ ".includes(s[i] as string)) {
        if (s[i] === "\\" && i + 1 < s.length) {
          name += s[i + 1];
          i += 2;
        } else name += s[i++];
      }
      if (name === "*") steps.push({ t: "wildcard" });
      else if (name !== "") steps.push({ t: "field", names: [name] });
    } else if (c === "[") {
      const close = findBracket(s, i);
      if (close < 0) throw new JsonPathError(`unterminated array`);
      steps.push(parseBracket(s.slice(i + 1, close)));
      i = close + 1;
    } else if (c === "*") {
      steps.push({ t: "wildcard" });
      i++;
    } else {
      // A bare identifier (`{name}` inside a range) reads a field of the current object.
      let name = "";
      while (i < s.length && !".[ ".includes(s[i] as string)) name += s[i++];
      steps.push({ t: "field", names: [name] });
    }
  }
  return steps;
}

function findBracket(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === sep && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function parseBracket(inner: string): Step {
  const body = inner.trim();
  if (body.startsWith("?")) {
    const m = /^\?\s*\((.*)\)$/s.exec(body);
    if (!m) throw new JsonPathError(`unrecognized filter: ${body}`);
    return parseFilter(m[1] as string);
  }
  if (body === "*") return { t: "all" };
  const parts = splitTopLevel(body, ",").map((p) => p.trim());
  if (parts.every((p) => /^'.*'$|^".*"$/.test(p))) return { t: "field", names: parts.map(unquote) };
  if (parts.length > 1)
    return {
      t: "union",
      chains: parts.map((p) => parseChain(p.startsWith("[") || p.startsWith(".") ? p : `[${p}]`)),
    };
  const nums = body.split(":").map((x) => x.trim());
  if (nums.length > 3 || nums.some((n) => n !== "" && !/^-?\d+$/.test(n))) {
    throw new JsonPathError(`invalid array index ${body}`);
  }
  const num = (x: string | undefined): number | undefined =>
    x === undefined || x === "" ? undefined : Number(x);
  const start = num(nums[0]);
  const end = num(nums[1]);
  const step = num(nums[2]);
  return {
    t: "index",
    single: nums.length === 1,
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
    ...(step !== undefined ? { step } : {}),
  };
}

function parseOperand(text: string): Operand {
  const s = text.trim();
  if (/^'.*'$|^".*"$/s.test(s)) return { t: "lit", value: unquote(s) };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { t: "lit", value: Number(s) };
  if (s === "true" || s === "false") return { t: "lit", value: s === "true" };
  if (s === "null" || s === "nil") return { t: "lit", value: null };
  return { t: "path", chain: parseChain(s) };
}

function parseFilter(expr: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/s.exec(expr.trim());
  if (!m) return { t: "filter", left: parseOperand(expr), op: "exists" };
  if (m[2] === "=~") throw new JsonPathError("regular expressions are not supported");
  return {
    t: "filter",
    left: parseOperand(m[1] as string),
    op: m[2] as string,
    right: parseOperand(m[3] as string),
  };
}
