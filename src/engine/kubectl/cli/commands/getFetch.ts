// The resource builder half of `kubectl get` (cli-runtime/pkg/resource/builder.go as get.go
// drives it): arguments become TYPE[,TYPE…] [NAME…] or TYPE/NAME… targets, `all` expands to its
// category, and each target is one GET or LIST through the apiserver, one after another.

import type { KubeList, KubeObject } from "../../../api/objects";
import { type ResourceInfo, resolveResourceName } from "../../../api/resources";
import { type Status, isStatus } from "../../../api/status";
import type { ApiRequest } from "../../../apiserver/request";
import { type ClientError, clientError, unknownResourceType } from "../../errors";
import type { KubectlEnv } from "../command";
import type { ResourceGroup } from "./getOutput";

/**
 * The `all` category, in discovery order (core, apps, autoscaling, batch; resources sorted
 * within a group), which is the order `kubectl get all` prints its groups in.
 */
export const ALL_CATEGORY = [
  "pods",
  "replicationcontrollers",
  "services",
  "daemonsets",
  "deployments",
  "replicasets",
  "statefulsets",
  "horizontalpodautoscalers",
  "cronjobs",
  "jobs",
] as const;

export interface Target {
  readonly info: ResourceInfo;
  /** Undefined: list the type. */
  readonly name?: string;
}

export interface GetPlan {
  readonly targets: readonly Target[];
  /** resource.MultipleTypesRequested: prefix names with their kind. */
  readonly multipleTypes: boolean;
  /** One object named: -o yaml|json print it bare. */
  readonly singleItem: boolean;
}

export const REQUIRED_RESOURCE_ERROR =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  "error: Required resource not specified.\n" +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples\n";

/** TYPE[.VERSION][.GROUP]: `deployments.v1.apps` is `deployments.apps` at version v1. */
function resolve(type: string): ResourceInfo | ClientError {
  const direct = resolveResourceName(type);
  if (direct) return direct;
  const m = /^([^.]+)\.(v\d+(?:(?:alpha|beta)\d+)?)(?:\.(.+))?$/.exec(type);
  if (m) {
    const info = resolveResourceName(m[3] !== undefined ? `${m[1] ?? ""}.${m[3]}` : (m[1] ?? ""));
    if (info && info.version === m[2]) return info;
  }
  return unknownResourceType(type);
}

const isInfo = (x: ResourceInfo | ClientError): x is ResourceInfo => !("message" in x);

/** Turns `get` arguments into targets, or the error kubectl prints before any request. */
export function planGet(args: readonly string[], hasSelector: boolean): GetPlan | ClientError {
  if (args.some((a) => a.includes("/"))) {
    if (!args.every((a) => a.includes("/"))) {
      return clientError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form " +
          "(e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    const targets: Target[] = [];
    for (const arg of args) {
      const slash = arg.indexOf("/");
      const name = arg.slice(slash + 1);
      if (name === "")
        return clientError(`arguments in resource/name form must have a single resource and name`);
      const info = resolve(arg.slice(0, slash));
      if (!isInfo(info)) return info;
      targets.push({ info, name });
    }
    const kinds = new Set(targets.map((t) => t.info.resource));
    return { targets, multipleTypes: kinds.size > 1, singleItem: targets.length === 1 };
  }
  const [typeArg = "", ...names] = args;
  if (names.length > 0 && hasSelector)
    return clientError("name cannot be provided when a selector is specified");
  const types = typeArg.split(",").filter((t) => t !== "");
  const infos: ResourceInfo[] = [];
  for (const type of types) {
    const expanded = type === "all" ? ALL_CATEGORY : [type];
    for (const t of expanded) {
      const info = resolve(t);
      if (!isInfo(info)) return info;
      if (!infos.includes(info)) infos.push(info);
    }
  }
  const targets: Target[] =
    names.length === 0
      ? infos.map((info) => ({ info }))
      : infos.flatMap((info) => names.map((name) => ({ info, name })));
  return {
    targets,
    multipleTypes: types.length > 1 || types.includes("all"),
    singleItem: names.length === 1 && infos.length === 1 && !types.includes("all"),
  };
}

export interface FetchOptions {
  readonly allNamespaces: boolean;
  readonly labelSelector: string;
  readonly fieldSelector: string;
  readonly ignoreNotFound: boolean;
}

export interface FetchResult {
  readonly groups: ResourceGroup[];
  readonly errors: Status[];
}

/** The request for one target, as the builder sends it. */
export function requestFor(env: KubectlEnv, target: Target, options: FetchOptions): ApiRequest {
  const namespace =
    target.info.namespaced && !(options.allNamespaces && target.name === undefined)
      ? env.namespace
      : undefined;
  if (target.name !== undefined) {
    return {
      verb: "get",
      resource: target.info.resource,
      name: target.name,
      ...(namespace ? { namespace } : {}),
    };
  }
  return {
    verb: "list",
    resource: target.info.resource,
    ...(namespace ? { namespace } : {}),
    ...(options.labelSelector !== "" ? { labelSelector: options.labelSelector } : {}),
    ...(options.fieldSelector !== "" ? { fieldSelector: options.fieldSelector } : {}),
  };
}

/** Sends the targets' requests in order; consecutive objects of one type form one group. */
export function fetchTargets(
  env: KubectlEnv,
  targets: readonly Target[],
  options: FetchOptions,
  done: (result: FetchResult) => void,
): void {
  const groups: ResourceGroup[] = [];
  const errors: Status[] = [];
  const add = (info: ResourceInfo, objects: readonly KubeObject[]): void => {
    const last = groups[groups.length - 1];
    if (last && last.info === info)
      groups[groups.length - 1] = { info, objects: [...last.objects, ...objects] };
    else groups.push({ info, objects: [...objects] });
  };
  const next = (i: number): void => {
    const target = targets[i];
    if (target === undefined) {
      done({ groups, errors });
      return;
    }
    env.client.request(requestFor(env, target, options), (response) => {
      const body = response.body;
      if (isStatus(body) || response.code >= 400) {
        const status = body as Status;
        if (!(options.ignoreNotFound && status.reason === "NotFound")) errors.push(status);
      } else if (target.name === undefined) {
        add(target.info, (body as KubeList).items);
      } else {
        add(target.info, [body as KubeObject]);
      }
      next(i + 1);
    });
  };
  next(0);
}
