// `kubectl get` (k8s.io/kubectl/pkg/cmd/get/get.go, v1.32): plans the requests from the
// arguments (getFetch.ts), sends them through the apiserver as the context's user, prints the
// answers (getOutput.ts) and, with -w, streams watch events (watch.ts). Errors from the server
// come after everything that could be printed, as runGet aggregates them. `componentstatuses`
// is answered by kube-apiserver from its own health probes (componentStatuses.ts).
// Simplified: no -f/-k, no go-template, no --raw, no --subresource, no chunking.

import type { ResourceInfo } from "../../../api/resources";
import { formatKubectlError, formatKubectlErrors } from "../../errors";
import { noResourcesFound } from "../../printers/table";
import type { CommandSpec, FlagSpec, KubectlEnv, KubectlIO, ParsedCommand, RunningCommand } from "../command";
import { getComponentStatuses, isComponentStatuses } from "./componentStatuses";
import { REQUIRED_RESOURCE_ERROR, type Target, fetchTargets, planGet } from "./getFetch";
import {
  type GetPrintOptions,
  isHumanReadable,
  printGeneric,
  printTables,
  sortGroups,
  validOutput,
} from "./getOutput";
import { TOP_COMMANDS } from "./top";
import { FIELD_SELECTOR_USAGE, SELECTOR_USAGE, flag, flagBool, flagList, flagString } from "./getFlags";
import { startWatch } from "./watch";

const ALL_NAMESPACES_USAGE =
  "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.";
const GET_FLAGS: readonly FlagSpec[] = [
  flag("all-namespaces", "bool", "false", ALL_NAMESPACES_USAGE, "A"),
  flag("field-selector", "string", "", FIELD_SELECTOR_USAGE),
  flag(
    "ignore-not-found",
    "bool",
    "false",
    "If the requested object does not exist the command will return exit code 0.",
  ),
  flag(
    "label-columns",
    "stringArray",
    "[]",
    "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...",
    "L",
  ),
  flag(
    "no-headers",
    "bool",
    "false",
    "When using the default or custom-column output format, don't print headers (default print headers).",
  ),
  flag(
    "output",
    "string",
    "",
    "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].",
    "o",
  ),
  flag(
    "output-watch-events",
    "bool",
    "false",
    "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.",
  ),
  flag("selector", "string", "", SELECTOR_USAGE, "l"),
  flag("show-kind", "bool", "false", "If present, list the resource type for the requested object(s)."),
  flag(
    "show-labels",
    "bool",
    "false",
    "When printing, show all labels as the last column (default hide labels column)",
  ),
  flag(
    "show-managed-fields",
    "bool",
    "false",
    "If true, keep the managedFields when printing objects in JSON or YAML format.",
  ),
  flag(
    "sort-by",
    "string",
    "",
    "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
  ),
  flag("watch", "bool", "false", "After listing/getting the requested object, watch for changes.", "w"),
  flag(
    "watch-only",
    "bool",
    "false",
    "Watch for changes to the requested object(s), without listing/getting first.",
  ),
];

const GET_LONG = `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`;

const GET_EXAMPLE = `  # List all pods in ps output format
  kubectl get pods
  
  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide
  
  # List a single replication controller with specified NAME in ps output format
  kubectl get replicationcontroller web
  
  # List deployments in JSON output format, in the "v1" version of the "apps" API group
  kubectl get deployments.v1.apps -o json
  
  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7
  
  # List resource information in custom columns
  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image
  
  # List all replication controllers and services together in ps output format
  kubectl get rc,services
  
  # List one or more resources by their type and names
  kubectl get rc/web service/frontend pods/web-pod-13je7
  
  # List all deployments in namespace 'backend'
  kubectl get deployments.apps --namespace backend
  
  # List all pods existing in all namespaces
  kubectl get pods --all-namespaces`;

function runGet(
  env: KubectlEnv,
  command: ParsedCommand,
  io: KubectlIO,
  done: (exitCode: number) => void,
): RunningCommand | undefined {
  const { flags, args } = command;
  const fail = (message: string): undefined => {
    io.err(message);
    done(1);
    return undefined;
  };
  if (args.length === 0) return fail(REQUIRED_RESOURCE_ERROR);
  const output = flagString(flags, "output");
  if (!validOutput(output)) return fail(formatKubectlError(printGenericError(output)));
  const allNamespaces = flagBool(flags, "all-namespaces");
  const labelSelector = flagString(flags, "selector");
  const fieldSelector = flagString(flags, "field-selector");
  const watch = flagBool(flags, "watch") || flagBool(flags, "watch-only");

  if (args.length >= 1 && isComponentStatuses(args[0] ?? "")) {
    getComponentStatuses(env, args.slice(1), flagBool(flags, "no-headers"), io, done);
    return undefined;
  }
  const plan = planGet(args, labelSelector !== "");
  if ("message" in plan) return fail(formatKubectlError(plan));

  const printBase: GetPrintOptions = {
    output,
    nowMs: env.nowMs(),
    allNamespaces,
    noHeaders: flagBool(flags, "no-headers"),
    showLabels: flagBool(flags, "show-labels"),
    labelColumns: flagList(flags, "label-columns"),
    withKind: plan.multipleTypes || flagBool(flags, "show-kind"),
    singleItem: plan.singleItem,
    ...(flagString(flags, "sort-by") !== "" ? { sortBy: flagString(flags, "sort-by") } : {}),
  };
  const infos = [...new Set(plan.targets.map((t) => t.info))];
  if (watch && infos.length > 1) {
    return fail(
      `error: watch is only supported on individual resources and resource collections, but ${plan.targets.length} resources were found\n`,
    );
  }

  let running: RunningCommand | undefined;
  let cancelled = false;
  const fetchOptions = {
    allNamespaces,
    labelSelector,
    fieldSelector,
    ignoreNotFound: flagBool(flags, "ignore-not-found"),
  };
  fetchTargets(env, plan.targets, fetchOptions, ({ groups: fetched, errors }) => {
    if (cancelled) return;
    // Ages are measured when the answer arrives, as the apiserver prints them.
    const print: GetPrintOptions = { ...printBase, nowMs: env.nowMs() };
    let groups = fetched;
    if (print.sortBy !== undefined) {
      const sorted = sortGroups(groups, print.sortBy);
      if (!sorted.ok) return fail(formatKubectlError(sorted.error));
      groups = sorted.groups;
    }
    if (watch && errors.length === 0) {
      const target = plan.targets[0] as Target;
      const info = target.info;
      const namespace = info.namespaced && !allNamespaces ? env.namespace : undefined;
      running = startWatch(
        env,
        io,
        {
          info,
          ...(namespace !== undefined ? { namespace } : {}),
          labelSelector,
          fieldSelector: target.name !== undefined ? `metadata.name=${target.name}` : fieldSelector,
          print,
          watchOnly: flagBool(flags, "watch-only"),
          outputWatchEvents: flagBool(flags, "output-watch-events"),
        },
        groups.flatMap((g) => g.objects),
        done,
      );
      return;
    }
    let text: string;
    if (isHumanReadable(output)) {
      text = printTables(groups, print);
    } else {
      const result = printGeneric(groups, print);
      if (!result.ok) return fail(formatKubectlError(result.error));
      text = result.text;
    }
    io.out(text);
    if (errors.length > 0) return fail(formatKubectlErrors(errors));
    if (text === "" && isHumanReadable(output) && !fetchOptions.ignoreNotFound) {
      const namespaced = infos.every((i: ResourceInfo) => i.namespaced);
      io.err(noResourcesFound(env.namespace, { allNamespaces, namespaced }));
    }
    done(0);
  });
  return {
    cancel: () => {
      if (running) return running.cancel();
      if (cancelled) return;
      cancelled = true;
      done(130);
    },
  };
}

function printGenericError(output: string) {
  const result = printGeneric([], {
    output,
    nowMs: 0,
    allNamespaces: false,
    noHeaders: false,
    showLabels: false,
    labelColumns: [],
    withKind: false,
    singleItem: false,
  });
  return result.ok ? { kind: "ClientError" as const, message: "" } : result.error;
}

export const GET_COMMAND: CommandSpec = {
  path: ["get"],
  use: "get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
  short: "Display one or many resources",
  long: GET_LONG,
  example: GET_EXAMPLE,
  flags: GET_FLAGS,
  run: runGet,
};

export const getCommands: readonly CommandSpec[] = [GET_COMMAND, ...TOP_COMMANDS];
