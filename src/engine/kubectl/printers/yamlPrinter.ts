// Mirrors k8s.io/cli-runtime/pkg/printers/yaml.go and json.go (YAMLPrinter, JSONPrinter) and the
// list handling of kubectl get's printGeneric (k8s.io/kubectl/pkg/cmd/get/get.go). kubectl reads
// objects as unstructured maps, so both formats come out with sorted keys: JSON in Go's byte order,
// YAML in yaml.v2's natural order (see goYaml.ts).

import { marshalYaml } from "./goYaml";

export type OutputFormat = "yaml" | "json";

/**
 * Who builds the List: `kubectl get` (printGeneric) rebuilds it client-side with an empty
 * resourceVersion; `kubectl apply -o …` with several objects prints a bare corev1.List.
 */
export type ListStyle = "get" | "apply";

/**
 * The `kind: List` kubectl prints for `get -o yaml|json` unless a single object was named
 * (`kubectl get pod web`), and for `apply -o yaml|json` of several objects.
 */
export function kubectlList(items: readonly unknown[], style: ListStyle = "get"): Record<string, unknown> {
  return {
    apiVersion: "v1",
    items: [...items],
    kind: "List",
    metadata: style === "get" ? { resourceVersion: "" } : {},
  };
}

/** One object as `-o yaml` / `-o json` prints it. */
export function printObject(obj: unknown, format: OutputFormat): string {
  return format === "yaml" ? marshalYaml(obj) : marshalJson(obj);
}

/** `kubectl get <kind> -o yaml|json` for a listing: always a List, even of zero or one item. */
export function printList(items: readonly unknown[], format: OutputFormat, style: ListStyle = "get"): string {
  return printObject(kubectlList(items, style), format);
}

/**
 * Several objects through one printer, as `kubectl create -f multi.yaml -o yaml` does: the YAML
 * printer separates documents with `---`, the JSON printer just concatenates.
 */
export function printObjects(objects: readonly unknown[], format: OutputFormat): string {
  return objects.map((o, i) => (format === "yaml" && i > 0 ? "---\n" : "") + printObject(o, format)).join("");
}

// ---- encoding/json MarshalIndent(obj, "", "    ") -----------------------------------------

/** Go orders map keys by their UTF-8 bytes, i.e. by code point (not UTF-16 unit) order. */
function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/** Go's string escaping: JSON's, plus the HTML-safe \u003c \u003e \u0026 and \u2028 \u2029. */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function writeJson(value: unknown, indent: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push("null");
  } else if (typeof value === "string") {
    out.push(goJsonString(value));
  } else if (typeof value === "number" || typeof value === "boolean") {
    // Go and JS agree on shortest float formatting, including when to switch to exponents.
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push("[]");
      return;
    }
    const inner = `${indent}    `;
    out.push("[\n");
    value.forEach((v, i) => {
      out.push(inner);
      writeJson(v, inner, out);
      out.push(i < value.length - 1 ? ",\n" : "\n");
    });
    out.push(`${indent}]`);
  } else if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareCodePoints(a, b));
    if (entries.length === 0) {
      out.push("{}");
      return;
    }
    const inner = `${indent}    `;
    out.push("{\n");
    entries.forEach(([k, v], i) => {
      out.push(`${inner}${goJsonString(k)}: `);
      writeJson(v, inner, out);
      out.push(i < entries.length - 1 ? ",\n" : "\n");
    });
    out.push(`${indent}}`);
  } else {
    out.push(goJsonString(String(value)));
  }
}

/** json.MarshalIndent(obj, "", "    ") + "\n", with map keys sorted as for unstructured objects. */
export function marshalJson(value: unknown): string {
  const out: string[] = [];
  writeJson(value, "", out);
  out.push("\n");
  return out.join("");
}
