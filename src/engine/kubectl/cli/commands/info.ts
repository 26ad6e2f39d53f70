// kubectl's informational commands (staging/src/k8s.io/kubectl/pkg/cmd: version, clusterinfo,
// apiresources, explain, options). cluster-info lists the kube-system services labelled
// kubernetes.io/cluster-service=true through the apiserver, as upstream does.
// Simplified: version, api-versions and api-resources read the simulation's own version and
// resource table instead of making discovery requests (GET /version, /api, /apis), which the
// simulated apiserver does not serve; version JSON omits gitCommit/buildDate; every resource
// lists the standard verbs.

import type { Service } from "kubernetes-types/core/v1";
import type { KubeList, KubeObject } from "../../../api/objects";
import { RESOURCES, apiVersionOf, resolveResourceName } from "../../../api/resources";
import { isStatus } from "../../../api/status";
import { KUBERNETES_VERSION } from "../../../cluster/bootstrap";
import { formatKubectlError, unknownResourceType } from "../../errors";
import { marshalYaml } from "../../printers/goYaml";
import type { CommandSpec } from "../command";
import { flagsHelp } from "../help";
import { flagBool, flagString, flagStrings } from "../parse";
import { GLOBAL_FLAGS } from "../tree";
import { tabTable } from "./configView";
import { explain } from "./explain";
import { INFO_HELP } from "./infoHelp";
import type { HelpText } from "./configHelp";

const help = (name: string): HelpText => INFO_HELP[name] as HelpText;

const KUSTOMIZE_VERSION = "v5.5.0";

function versionInfo(): Record<string, string> {
  const [major = "1", minor = "32"] = KUBERNETES_VERSION.slice(1).split(".");
  return {
    major,
    minor,
    gitVersion: KUBERNETES_VERSION,
    gitTreeState: "clean",
    goVersion: "go1.23.8",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

const version: CommandSpec = {
  ...help("version"),
  local: true,
  run: (_env, command, io, done) => {
    const client = flagBool(command, "client");
    const output = flagString(command, "output");
    if (output !== "" && output !== "yaml" && output !== "json") {
      io.err("error: --output must be 'yaml' or 'json'\n");
      done(1);
      return;
    }
    const info = {
      clientVersion: versionInfo(),
      kustomizeVersion: KUSTOMIZE_VERSION,
      ...(client ? {} : { serverVersion: versionInfo() }),
    };
    if (output === "json") io.out(`${JSON.stringify(info, null, 2)}\n`);
    else if (output === "yaml") io.out(marshalYaml(info));
    else {
      io.out(`Client Version: ${KUBERNETES_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      if (!client) io.out(`Server Version: ${KUBERNETES_VERSION}\n`);
    }
    done(0);
  },
};

/** go-colortext as cluster-info uses it: green names, yellow addresses. */
const green = (s: string): string => `\u001b[0;32m${s}\u001b[0m`;
const yellow = (s: string): string => `\u001b[0;33m${s}\u001b[0m`;

/** k8s.io/apimachinery/pkg/util/net JoinSchemeNamePort. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  return port ? `${name}:${port}` : name;
}

const clusterInfo: CommandSpec = {
  ...help("cluster-info"),
  run: (env, _command, io, done) => {
    const host = env.cluster.shell.server;
    env.client.request(
      {
        verb: "list",
        resource: "services",
        namespace: "kube-system",
        labelSelector: "kubernetes.io/cluster-service=true",
      },
      (response) => {
        if (isStatus(response.body)) {
          io.err(formatKubectlError(response.body));
          done(1);
          return;
        }
        let out = `${green("Kubernetes control plane")} is running at ${yellow(host)}\n`;
        for (const service of (response.body as KubeList).items as (KubeObject & Service)[]) {
          const port = service.spec?.ports?.[0];
          const name = port
            ? joinSchemeNamePort(
                port.name === "https" || port.port === 443 ? "https" : "",
                service.metadata.name ?? "",
                port.name ?? "",
              )
            : (service.metadata.name ?? "");
          const link = `${host}/api/v1/namespaces/${service.metadata.namespace ?? ""}/services/${name}/proxy`;
          out += `${green(service.metadata.labels?.["kubernetes.io/name"] ?? service.metadata.name ?? "")} is running at ${yellow(link)}\n`;
        }
        io.out(`${out}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
        done(0);
      },
    );
  },
};

const STANDARD_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const ALL_CATEGORY = new Set([
  "pods",
  "services",
  "deployments",
  "replicasets",
  "statefulsets",
  "daemonsets",
  "jobs",
  "cronjobs",
  "horizontalpodautoscalers",
  "replicationcontrollers",
]);

const apiResources: CommandSpec = {
  ...help("api-resources"),
  local: true,
  run: (_env, command, io, done) => {
    const output = flagString(command, "output");
    if (output !== "" && output !== "wide" && output !== "name") {
      io.err(`error: --output ${output} is not available\n`);
      done(1);
      return;
    }
    const group = command.flags["api-group"];
    const namespaced = command.flags.namespaced;
    const verbs = flagStrings(command, "verbs");
    const sortBy = flagString(command, "sort-by");
    const rows = RESOURCES.filter(
      (r) =>
        (typeof group !== "string" || r.group === group) &&
        (typeof namespaced !== "boolean" || r.namespaced === namespaced) &&
        verbs.every((v) => STANDARD_VERBS.includes(v)),
    );
    const key = (r: (typeof rows)[number]): string =>
      sortBy === "name" ? r.resource : sortBy === "kind" ? r.kind : r.group;
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x !== y) return x < y ? -1 : 1;
      return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
    });
    if (output === "name") {
      io.out(sorted.map((r) => `${r.resource}${r.group ? `.${r.group}` : ""}\n`).join(""));
      done(0);
      return;
    }
    const wide = output === "wide";
    const header = [
      "NAME",
      "SHORTNAMES",
      "APIVERSION",
      "NAMESPACED",
      "KIND",
      ...(wide ? ["VERBS", "CATEGORIES"] : []),
    ];
    const table = sorted.map((r) => [
      r.resource,
      r.shortNames.join(","),
      apiVersionOf(r),
      String(r.namespaced),
      r.kind,
      ...(wide ? [`[${STANDARD_VERBS.join(" ")}]`, ALL_CATEGORY.has(r.resource) ? "all" : ""] : []),
    ]);
    io.out(tabTable(flagBool(command, "no-headers") ? table : [header, ...table]));
    done(0);
  },
};

const apiVersions: CommandSpec = {
  ...help("api-versions"),
  local: true,
  run: (_env, _command, io, done) => {
    const versions = [...new Set(RESOURCES.map(apiVersionOf))].sort();
    io.out(versions.map((v) => `${v}\n`).join(""));
    done(0);
  },
};

const explainCommand: CommandSpec = {
  ...help("explain"),
  local: true,
  run: (_env, command, io, done) => {
    const fail = (message: string): void => {
      io.err(`${message}\n`);
      done(1);
    };
    const target = command.args[0];
    if (target === undefined) {
      fail(
        'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
      );
      return;
    }
    if (command.args.length > 1) return fail(`error: We accept only this format: explain RESOURCE`);
    const output = flagString(command, "output", "plaintext");
    if (output !== "plaintext") {
      return fail(
        `error: unsupported output format: ${output}; supported: plaintext (the simulation has no OpenAPI v2)`,
      );
    }
    const [type = "", ...fieldPath] = target.split(".");
    // explain.SplitAndParseResourceRequest: the resource is what comes before the first dot.
    const info = resolveResourceName(type);
    if (!info) return fail(formatKubectlError(unknownResourceType(type)).trimEnd());
    const apiVersion = flagString(command, "api-version");
    const version = apiVersion.includes("/") ? (apiVersion.split("/")[1] ?? "") : apiVersion || info.version;
    const result = explain(
      { group: info.group, version, kind: info.kind },
      fieldPath,
      flagBool(command, "recursive"),
    );
    if (!result.ok) return fail(result.error);
    io.out(result.text);
    done(0);
  },
};

const options: CommandSpec = {
  ...help("options"),
  local: true,
  run: (_env, _command, io, done) => {
    io.out(
      `The following options can be passed to any command:\n\n${flagsHelp(GLOBAL_FLAGS.filter((f) => f.name !== "help")).replace(/\n$/, "")}`,
    );
    done(0);
  },
};

export const infoCommands: readonly CommandSpec[] = [
  version,
  clusterInfo,
  apiResources,
  apiVersions,
  explainCommand,
  options,
];
