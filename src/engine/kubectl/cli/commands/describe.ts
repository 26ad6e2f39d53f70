// `kubectl describe` (kubectl/pkg/cmd/describe): flags and help as kubectl v1.32 declares them;
// the work is done by src/engine/kubectl/describe/run.ts.

import { runDescribe } from "../../describe/run";
import type { CommandSpec, FlagSpec } from "../command";
import { flagBool, flagString, flagStrings } from "./shared";

const flags: readonly FlagSpec[] = [
  {
    name: "all-namespaces",
    shorthand: "A",
    type: "bool",
    default: "false",
    usage:
      "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
  },
  {
    name: "chunk-size",
    type: "int",
    default: "500",
    usage:
      "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.",
  },
  {
    name: "filename",
    shorthand: "f",
    type: "stringArray",
    default: "[]",
    usage: "Filename, directory, or URL to files containing the resource to describe",
  },
  {
    name: "kustomize",
    shorthand: "k",
    type: "string",
    usage: "Process the kustomization directory. This flag can't be used together with -f or -R.",
  },
  {
    name: "recursive",
    shorthand: "R",
    type: "bool",
    default: "false",
    usage:
      "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
  },
  {
    name: "selector",
    shorthand: "l",
    type: "string",
    usage:
      "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
  },
  {
    name: "show-events",
    type: "bool",
    default: "true",
    usage: "If true, display events related to the described object.",
  },
];

const describe: CommandSpec = {
  path: ["describe"],
  use: "describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)",
  short: "Show details of a specific resource or group of resources",
  long: `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX
        
 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.`,
  example: `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal
  
  # Describe a pod
  kubectl describe pods/nginx
  
  # Describe a pod identified by type and name in "pod.json"
  kubectl describe -f pod.json
  
  # Describe all pods
  kubectl describe pods
  
  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel
  
  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend`,
  flags,
  run(env, command, io, done) {
    const selector = flagString(command.flags, "selector");
    runDescribe(
      env,
      {
        args: command.args,
        filenames: flagStrings(command.flags, "filename"),
        selector: selector ? selector : undefined,
        allNamespaces: flagBool(command.flags, "all-namespaces"),
        showEvents: flagBool(command.flags, "show-events", true),
      },
      io,
      done,
    );
  },
};

export const describeCommands: readonly CommandSpec[] = [describe];
