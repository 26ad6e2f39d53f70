// Reading manifests as `kubectl apply -f` does (cli-runtime's resource builder): multi-document
// YAML or JSON, `kind: List` expanded, and the whole file rejected if any document is malformed,
// so a bad file never half-applies. YAML is parsed with the `yaml` package; its messages are
// given in go-yaml's `line N: ...` form, with the column kept for editors.

import { parseAllDocuments } from "yaml";
import { type ClientError, clientError, validationError, yamlParseError } from "./errors";

/** kubectl refuses nothing by size, but a browser tab must: 5 MiB of manifests is plenty. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

export interface ManifestObject {
  readonly object: Record<string, unknown>;
  /** 1-based line where the document starts. */
  readonly line: number;
}

export interface ParseError {
  readonly error: ClientError;
  /** Where the problem is, when known (1-based). */
  readonly line?: number;
  readonly column?: number;
}

export type ParseResult =
  { readonly ok: true; readonly objects: ManifestObject[] } | ({ readonly ok: false } & ParseError);

/** go-yaml's wording for the problems learners hit most. */
function goYamlMessage(code: string, message: string): string {
  switch (code) {
    case "BAD_INDENT":
    case "MULTILINE_IMPLICIT_KEY":
      return "mapping values are not allowed in this context";
    case "TAB_AS_INDENT":
      return "found character that cannot start any token";
    case "DUPLICATE_KEY": {
      const key = /"([^"]*)"|key (\S+)/.exec(message);
      return `key ${JSON.stringify(key?.[1] ?? key?.[2] ?? "")} already set in map`;
    }
    case "BLOCK_AS_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
      return "did not find expected key";
    case "MISSING_CHAR":
      return "did not find expected node content";
    default:
      return message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message;
  }
}

export function parseManifests(text: string, source: string): ParseResult {
  if (text.length > MAX_MANIFEST_BYTES) {
    return {
      ok: false,
      error: clientError(`error reading ${source}: the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`),
    };
  }
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const docs = Array.isArray(documents) ? documents : [documents];
  const objects: ManifestObject[] = [];
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      const line = pos?.line ?? 1;
      return {
        ok: false,
        error: yamlParseError(source, `line ${line}: ${goYamlMessage(problem.code, problem.message)}`),
        line,
        ...(pos?.col !== undefined ? { column: pos.col } : {}),
      };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return {
        ok: false,
        error: yamlParseError(source, String(error instanceof Error ? error.message : error)),
      };
    }
    const line = doc.contents?.range ? lineOf(text, doc.contents.range[0]) : 1;
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      const type = Array.isArray(value) ? "array" : typeof value === "string" ? "string" : typeof value;
      return {
        ok: false,
        error: clientError(
          `error parsing ${source}: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
        ),
        line,
      };
    }
    const object = value as Record<string, unknown>;
    const problems: string[] = [];
    if (!object["apiVersion"]) problems.push("apiVersion not set");
    if (!object["kind"]) problems.push("kind not set");
    if (problems.length) return { ok: false, error: validationError(source, problems), line };
    if (object["kind"] === "List" && Array.isArray(object["items"])) {
      for (const item of object["items"] as unknown[]) {
        if (item && typeof item === "object") objects.push({ object: item as Record<string, unknown>, line });
      }
      continue;
    }
    objects.push({ object, line });
  }
  return { ok: true, objects };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
