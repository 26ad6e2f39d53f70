// Mirrors k8s.io/kubectl/pkg/cmd/util/helpers.go (v1.32): CheckErr/checkErr, StandardErrorMessage,
// MultilineError, MultipleErrors, statusCausesToAggrError and AddSourceToErr, plus the messages of
// the client-side errors kubectl raises before talking to the server (cli-runtime's resource
// builder: decode/parse errors, validation, and "resource mapping not found").

import type { Status } from "../api/status";
import { isStatus } from "../api/status";

/** A plain Go `error` raised inside kubectl: only its Error() text matters. */
export interface ClientError {
  readonly kind: "ClientError";
  readonly message: string;
}

export type KubectlError = Status | ClientError;

/** Where an error happened, as AddSourceToErr records it: `error when <verb> "<source>": …`. */
export interface ErrorSource {
  /** `creating`, `patching`, `replacing`, `deleting`, or a multi-line verb from applyPatchVerb(). */
  readonly verb: string;
  /** The file name, or `STDIN` for `-f -`. */
  readonly source: string;
}

export const clientError = (message: string): ClientError => ({ kind: "ClientError", message });

/** Go's strconv.Quote (what `%q` prints). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if ((c >= 0x20 && c < 0x7f) || (c > 0x7f && /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch))) out += ch;
    else if (GO_ESCAPES[ch] !== undefined) out += GO_ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

const GO_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

/** AddSourceToErr: prefixes the message of an API error (or any error) with where it happened. */
export function addSourceToError<E extends KubectlError>(err: E, context: ErrorSource): E {
  if (context.source === "") return err;
  return { ...err, message: `error when ${context.verb} ${goQuote(context.source)}: ${err.message}` };
}

/** resource.Info's String(): how apply names the object in its "applying patch" errors. */
export function resourceInfoString(info: {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}): string {
  return (
    `Resource: ${goQuote(`${info.group}/${info.version}, Resource=${info.resource}`)}, ` +
    `GroupVersionKind: ${goQuote(`${info.group}/${info.version}, Kind=${info.kind}`)}\n` +
    `Name: ${goQuote(info.name)}, Namespace: ${goQuote(info.namespace)}`
  );
}

/**
 * The verb client-side `kubectl apply` wraps a failed patch in. The server's error has already
 * been wrapped with `patching`, so callers pass both:
 * `[{verb: "patching", source}, {verb: applyPatchVerb(patch, info), source}]`.
 */
export function applyPatchVerb(patch: string, infoString: string): string {
  return `applying patch:\n${patch}\nto:\n${infoString}\nfor:`;
}

/** The verb apply uses when reading the live object fails for a reason other than NotFound. */
export function retrievingVerb(infoString: string): string {
  return `retrieving current configuration of:\n${infoString}\nfrom server for:`;
}

/** StandardErrorMessage, or the error's own text for errors it does not recognise. */
function messageForError(err: KubectlError): string {
  if (!isStatus(err)) return err.message;
  const reason: string = err.reason ?? "";
  if (reason === "Unauthorized") return `error: You must be logged in to the server (${err.message})`;
  if (reason.length > 0) return `Error from server (${reason}): ${err.message}`;
  return `Error from server: ${err.message}`;
}

const isSingleSource = (c: ErrorSource | readonly ErrorSource[]): c is ErrorSource => "verb" in c;

const withNewline = (msg: string): string => (msg.endsWith("\n") ? msg : `${msg}\n`);

function applyContext<E extends KubectlError>(err: E, context?: ErrorSource | readonly ErrorSource[]): E {
  if (context === undefined) return err;
  const wrappers: readonly ErrorSource[] = isSingleSource(context) ? [context] : context;
  return wrappers.reduce<E>((e, c) => addSourceToError(e, c), err);
}

/**
 * What kubectl writes to stderr for one failed command (CheckErr), newline included. `context` is
 * the AddSourceToErr wrapping the command applied, innermost first. An Invalid error is rendered
 * from its details, so the source never shows; everything else keeps the (wrapped) message.
 */
export function formatKubectlError(
  err: KubectlError,
  context?: ErrorSource | readonly ErrorSource[],
): string {
  const e = applyContext(err, context);
  if (isStatus(e) && e.reason === "Invalid") {
    const details = e.details;
    if (details === undefined) {
      return withNewline(e.message ? `The request is invalid: ${e.message}` : "The request is invalid");
    }
    let s = "The request is invalid";
    if ((details.kind ?? "") !== "" || (details.name ?? "") !== "") {
      s = `The ${details.kind ?? ""} ${goQuote(details.name ?? "")} is invalid`;
    }
    const causes = details.causes ?? [];
    if (causes.length === 0) return withNewline(s);
    // statusCausesToAggrError drops repeated "field: message" pairs.
    const messages = [...new Set(causes.map((c) => `${c.field}: ${c.message}`))];
    if (messages.length === 1) return `${s}: ${messages[0] as string}\n`;
    // MultilineError: Fprintln(prefix) keeps the space after the colon.
    return `${s}: \n${messages.map((m) => `* ${m}\n`).join("")}`;
  }
  if (isStatus(e)) return withNewline(messageForError(e));
  return withNewline(e.message.startsWith("error: ") ? e.message : `error: ${e.message}`);
}

/**
 * CheckErr of an aggregate, as `kubectl apply -f` returns when several objects fail: one line per
 * error through StandardErrorMessage (so no "error: " prefix, and Invalid keeps its raw message).
 */
export function formatKubectlErrors(errors: readonly KubectlError[]): string {
  if (errors.length === 0) return "";
  if (errors.length === 1) return formatKubectlError(errors[0] as KubectlError);
  return errors.map((e) => `${messageForError(e)}\n`).join("");
}

// ---- client-side errors --------------------------------------------------------------------

/** A manifest whose kind the server does not serve (cli-runtime mapper, apply/create). */
export function resourceMappingNotFound(args: {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
  readonly kind: string;
  readonly apiVersion: string;
}): ClientError {
  return clientError(
    `resource mapping not found for name: ${goQuote(args.name)} namespace: ${goQuote(args.namespace)} ` +
      `from ${goQuote(args.source)}: no matches for kind ${goQuote(args.kind)} in version ${goQuote(args.apiVersion)}\n` +
      "ensure CRDs are installed first",
  );
}

/** A manifest kubectl cannot parse. The source is not quoted here, unlike everywhere else. */
export function manifestParseError(source: string, detail: string): ClientError {
  return clientError(`error parsing ${source}: ${detail}`);
}

/**
 * A manifest that is not valid YAML. `detail` is go-yaml's text, e.g.
 * `line 3: mapping values are not allowed in this context`.
 */
export function yamlParseError(source: string, detail: string): ClientError {
  return manifestParseError(source, `error converting YAML to JSON: yaml: ${detail}`);
}

/** Client-side schema validation failing on missing `apiVersion` / `kind` (one or both). */
export function validationError(source: string, problems: readonly string[]): ClientError {
  const data = problems.length === 1 ? (problems[0] as string) : `[${problems.join(", ")}]`;
  return clientError(
    `error validating ${goQuote(source)}: error validating data: ${data}; ` +
      "if you choose to ignore these errors, turn validation off with --validate=false",
  );
}

/** `kubectl get <unknown>`. */
export function unknownResourceType(resource: string): ClientError {
  return clientError(`the server doesn't have a resource type ${goQuote(resource)}`);
}
