// kubectl/pkg/cmd/describe/describe.go (v1.32): the resource builder finds the objects (a GET per
// named object, a LIST for `TYPE`, `-l` or `-A`, or the documents of `-f`), then each object's
// describer runs (its own GET and follow-ups). Outputs are separated by two blank lines; errors
// are collected, de-duplicated and printed at the end as CheckErr prints an aggregate. A NotFound
// for `TYPE NAME` falls back to DescribeMatchingResources: every object whose name starts with NAME.

import type { KubeObject } from "../../api/objects";
import { type ResourceInfo, resolveResourceName, resourceForKind } from "../../api/resources";
import { type Status, isStatus } from "../../api/status";
import {
  type KubectlError,
  clientError,
  formatKubectlError,
  formatKubectlErrors,
  resourceMappingNotFound,
} from "../errors";
import { asStatus } from "../kubectl";
import { parseManifests } from "../manifest";
import type { ApiClient } from "../../client/apiClient";
import { type DescribeContext, describerFor } from "./describers";

export interface DescribeRequest {
  readonly args: readonly string[];
  readonly filenames: readonly string[];
  readonly selector: string | undefined;
  readonly allNamespaces: boolean;
  readonly showEvents: boolean;
}

/** What describe needs of cli/command.ts's DescribeEnv (the engine may not import the cli layer). */
export interface DescribeEnv {
  readonly client: ApiClient;
  readonly namespace: string;
  readonly readFile: (name: string) => string | undefined;
  readonly nowMs: () => number;
}

/** cli/command.ts's DescribeIO. */
export interface DescribeIO {
  out(text: string): void;
  err(text: string): void;
}

interface Info {
  readonly info: ResourceInfo;
  readonly namespace: string | undefined;
  readonly name: string;
}

type Found = { infos: Info[]; errors: KubectlError[] };

const typeError = (type: string): KubectlError =>
  clientError(`the server doesn't have a resource type "${type}"`);

/** `kubectl describe ...`: writes through `io` and calls `done` with the exit code. */
export function runDescribe(
  env: DescribeEnv,
  req: DescribeRequest,
  io: DescribeIO,
  done: (code: number) => void,
): void {
  const ctx: DescribeContext = { client: env.client, nowMs: env.nowMs, showEvents: req.showEvents };
  const fail = (err: KubectlError): void => {
    io.err(formatKubectlError(err));
    done(1);
  };
  if (req.args.length === 0 && req.filenames.length === 0)
    return fail(
      clientError(
        'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      ),
    );

  const describeAll = (found: Found): void => {
    const errors = [...found.errors];
    const seen = new Set(errors.map((e) => e.message));
    let first = true;
    const step = (i: number): void => {
      const item = found.infos[i];
      if (!item) {
        if (found.infos.length === 0 && errors.length === 0)
          io.err(
            req.allNamespaces
              ? "No resources found\n"
              : `No resources found in ${env.namespace} namespace.\n`,
          );
        if (errors.length > 0) io.err(formatKubectlErrors(errors));
        return done(errors.length > 0 ? 1 : 0);
      }
      describerFor(item.info)(ctx, item.namespace, item.name, (outcome) => {
        if (outcome.ok) {
          io.out(first ? outcome.text : `\n\n${outcome.text}`);
          first = false;
        } else if (!seen.has(outcome.error.message)) {
          seen.add(outcome.error.message);
          errors.push(outcome.error);
        }
        step(i + 1);
      });
    };
    step(0);
  };

  if (req.filenames.length > 0) return describeAll(fromFiles(env, req));

  // ResourceTypeOrNameArgs: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`.
  const args = req.args;
  if (args.some((a) => a.includes("/"))) {
    if (!args.every((a) => a.includes("/")))
      return fail(
        clientError(
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
        ),
      );
    if (req.selector) return fail(clientError("name cannot be provided when a selector is specified"));
    const refs: Info[] = [];
    for (const arg of args) {
      const slash = arg.indexOf("/");
      const info = resolveResourceName(arg.slice(0, slash));
      if (!info) return fail(typeError(arg.slice(0, slash)));
      refs.push({ info, namespace: info.namespaced ? env.namespace : undefined, name: arg.slice(slash + 1) });
    }
    return fetchNamed(env, refs, (found) => describeAll(found));
  }
  const [typeArg = "", ...names] = args;
  const infos: ResourceInfo[] = [];
  for (const t of typeArg.split(",")) {
    const info = resolveResourceName(t);
    if (!info) return fail(typeError(t));
    infos.push(info);
  }
  if (names.length > 0) {
    if (req.selector) return fail(clientError("name cannot be provided when a selector is specified"));
    if (infos.length > 1) return fail(clientError("you must specify only one resource"));
    const info = infos[0] as ResourceInfo;
    const refs = names.map((name) => ({
      info,
      namespace: info.namespaced ? env.namespace : undefined,
      name,
    }));
    return fetchNamed(env, refs, (found) => {
      const only = found.errors[0];
      if (names.length === 1 && found.errors.length === 1 && isStatus(only) && only.reason === "NotFound")
        return describeMatching(env, ctx, info, names[0] as string, only, io, done);
      describeAll(found);
    });
  }
  listAll(env, infos, req, (found) => describeAll(found));
}

/** The builder's GET of each named object (ContinueOnError). */
function fetchNamed(env: DescribeEnv, refs: readonly Info[], done: (found: Found) => void): void {
  const found: Found = { infos: [], errors: [] };
  const step = (i: number): void => {
    const ref = refs[i];
    if (!ref) return done(found);
    env.client.request(
      {
        verb: "get",
        resource: ref.info.resource,
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
      },
      (response) => {
        if (response.code === 200) found.infos.push(ref);
        else found.errors.push(asStatus(response));
        step(i + 1);
      },
    );
  };
  step(0);
}

/** The builder's LIST of each type (with -l, across namespaces with -A). */
function listAll(
  env: DescribeEnv,
  infos: readonly ResourceInfo[],
  req: DescribeRequest,
  done: (found: Found) => void,
): void {
  const found: Found = { infos: [], errors: [] };
  const step = (i: number): void => {
    const info = infos[i];
    if (!info) return done(found);
    const namespace = info.namespaced && !req.allNamespaces ? env.namespace : undefined;
    env.client.request(
      {
        verb: "list",
        resource: info.resource,
        ...(namespace ? { namespace } : {}),
        ...(req.selector ? { labelSelector: req.selector } : {}),
      },
      (response) => {
        if (response.code !== 200) found.errors.push(asStatus(response));
        else
          for (const item of (response.body as { items?: KubeObject[] }).items ?? [])
            found.infos.push({ info, namespace: item.metadata.namespace, name: item.metadata.name ?? "" });
        step(i + 1);
      },
    );
  };
  step(0);
}

/** DescribeMatchingResources: `describe pods web` describes every pod named `web…`. */
function describeMatching(
  env: DescribeEnv,
  ctx: DescribeContext,
  info: ResourceInfo,
  prefix: string,
  original: Status,
  io: DescribeIO,
  done: (code: number) => void,
): void {
  const namespace = info.namespaced ? env.namespace : undefined;
  env.client.request(
    { verb: "list", resource: info.resource, ...(namespace ? { namespace } : {}) },
    (response) => {
      if (response.code !== 200) {
        io.err(formatKubectlError(asStatus(response)));
        return done(1);
      }
      const items = ((response.body as { items?: KubeObject[] }).items ?? []).filter((o) =>
        (o.metadata.name ?? "").startsWith(prefix),
      );
      if (items.length === 0) {
        io.err(formatKubectlError(original));
        return done(1);
      }
      const step = (i: number): void => {
        const item = items[i];
        if (!item) return done(0);
        describerFor(info)(ctx, item.metadata.namespace, item.metadata.name ?? "", (outcome) => {
          if (!outcome.ok) {
            io.err(formatKubectlError(outcome.error));
            return done(1);
          }
          io.out(`${outcome.text}\n`);
          step(i + 1);
        });
      };
      step(0);
    },
  );
}

/** `-f`: the documents' objects, by kind, name and namespace (the builder does not GET them). */
function fromFiles(env: DescribeEnv, req: DescribeRequest): Found {
  const found: Found = { infos: [], errors: [] };
  for (const source of req.filenames) {
    const text = env.readFile(source);
    if (text === undefined) {
      found.errors.push(clientError(`the path "${source}" does not exist`));
      continue;
    }
    const parsed = parseManifests(text, source);
    if (!parsed.ok) {
      found.errors.push(parsed.error);
      continue;
    }
    for (const { object } of parsed.objects) {
      const apiVersion = String(object["apiVersion"]);
      const kind = String(object["kind"]);
      const meta = (object["metadata"] ?? {}) as KubeObject["metadata"];
      const info = resourceForKind(apiVersion, kind);
      if (!info) {
        found.errors.push(
          resourceMappingNotFound({
            name: meta.name ?? "",
            namespace: meta.namespace ?? "",
            source,
            kind,
            apiVersion,
          }),
        );
        continue;
      }
      found.infos.push({
        info,
        namespace: info.namespaced ? (meta.namespace ?? env.namespace) : undefined,
        name: meta.name ?? "",
      });
    }
  }
  return found;
}
