// Small helpers the object and imperative kubectl commands share: reading parsed flags, naming
// objects (`TYPE NAME`, `TYPE/NAME`), printing CommandResults the way kubectl's CheckErr does, and
// waiting on the virtual clock for an object to be gone (kubectl's wait.IsDeleted via a watch).

import type { KubeObject } from "../../../api/objects";
import { type ResourceInfo, resolveResourceName } from "../../../api/resources";
import type { ApiClient } from "../../../client/apiClient";
import type { CommandResult } from "../../kubectl";
import type { FlagSpec, FlagValue, KubectlIO, ParsedCommand } from "../command";

export type Flags = Readonly<Record<string, FlagValue>>;

/** The last value of a string flag (pflag keeps the last), undefined when absent. */
export function flagString(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined || typeof v === "boolean") return v === true ? "true" : undefined;
  if (typeof v === "string") return v;
  return v[v.length - 1];
}

/** Every value of a repeatable flag (`-f a -f b`, `--from-literal=…`). */
export function flagStrings(flags: Flags, name: string): string[] {
  const v = flags[name];
  if (v === undefined || typeof v === "boolean") return [];
  return typeof v === "string" ? [v] : [...v];
}

export function flagBool(flags: Flags, name: string, fallback = false): boolean {
  const v = flags[name];
  if (v === undefined) return fallback;
  if (typeof v === "boolean") return v;
  const s = typeof v === "string" ? v : v[v.length - 1];
  return s === "true" || s === "1" || s === "";
}

/** An int flag; undefined when absent, NaN when unparsable. */
export function flagInt(flags: Flags, name: string): number | undefined {
  const s = flagString(flags, name);
  if (s === undefined) return undefined;
  return /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
}

/** Flag declarations, briefly. */
export const flag = (
  name: string,
  type: FlagSpec["type"],
  usage: string,
  extra: { shorthand?: string; default?: string } = {},
): FlagSpec => ({ name, type, usage, ...extra });

export const filenameFlag = flag("filename", "stringArray", "The files that contain the configurations.", {
  shorthand: "f",
});

/** Prints one result as kubectl does: successes to stdout, errors to stderr. */
export function printResult(io: KubectlIO, result: CommandResult): void {
  if (result.ok) io.out(`${result.message}\n`);
  else io.err(`${result.message}\n`);
}

export function errorLine(message: string): string {
  return message.startsWith("error: ") || message.startsWith("Error ")
    ? `${message}\n`
    : `error: ${message}\n`;
}

/** `pod/web` as kubectl names an object in its output: kind lower-cased, qualified by group. */
export function kindName(info: ResourceInfo, name: string): string {
  return `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ""}/${name}`;
}

export interface ObjectRef {
  readonly info: ResourceInfo;
  readonly name: string;
}

export type Resolved = { ok: true; refs: ObjectRef[] } | { ok: false; error: string };

/**
 * The resource builder's argument forms: `TYPE NAME...` or `TYPE/NAME...` (not mixed), as
 * ResourceTypeOrNameArgs reads them.
 */
export function resolveArgs(args: readonly string[]): Resolved {
  if (args.length === 0) return { ok: false, error: "error: you must specify the type of resource" };
  if (args.every((a) => a.includes("/"))) {
    const refs: ObjectRef[] = [];
    for (const arg of args) {
      const [type = "", name = ""] = arg.split("/", 2);
      const info = resolveResourceName(type);
      if (!info) return { ok: false, error: `error: the server doesn't have a resource type "${type}"` };
      if (!name)
        return {
          ok: false,
          error: `error: arguments in resource/name form must have a single resource and name`,
        };
      refs.push({ info, name });
    }
    return { ok: true, refs };
  }
  if (args.some((a) => a.includes("/")))
    return {
      ok: false,
      error:
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    };
  const [type = "", ...names] = args;
  const info = resolveResourceName(type.split(",")[0] ?? "");
  if (!info) return { ok: false, error: `error: the server doesn't have a resource type "${type}"` };
  return { ok: true, refs: names.map((name) => ({ info, name })) };
}

/** The namespace for a resource: undefined for cluster-scoped kinds. */
export const nsFor = (info: ResourceInfo, namespace: string): string | undefined =>
  info.namespaced ? namespace : undefined;

/**
 * Calls `done` once the object is gone (or replaced by one with another UID), watching it as
 * kubectl's `--wait` does. The watch is registered before the GET so no deletion is missed.
 * Returns a cancel function.
 */
export function waitForDeletion(
  client: ApiClient,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  uid: string | undefined,
  done: () => void,
): () => void {
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    stop();
    done();
  };
  const stop = client.watch(info.resource, {
    ...(namespace !== undefined ? { namespace } : {}),
    name,
    handler: (event) => {
      if (event.type === "DELETED" && (uid === undefined || event.object.metadata.uid === uid)) finish();
    },
  });
  client.request(
    { verb: "get", resource: info.resource, name, ...(namespace !== undefined ? { namespace } : {}) },
    (got) => {
      const current = got.body as KubeObject;
      if (got.code === 404 || (got.code === 200 && uid !== undefined && current.metadata.uid !== uid))
        finish();
    },
  );
  return () => {
    finished = true;
    stop();
  };
}

/** Runs `steps` one after another (each calls its `next`), then `end`. */
export function sequence<T>(
  items: readonly T[],
  step: (item: T, next: () => void) => void,
  end: () => void,
): void {
  const go = (i: number): void => {
    const item = items[i];
    if (i >= items.length || item === undefined) return end();
    step(item, () => go(i + 1));
  };
  go(0);
}

export type { ParsedCommand };
