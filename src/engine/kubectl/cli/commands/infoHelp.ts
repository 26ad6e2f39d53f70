// Help texts and flags of version, cluster-info, api-resources, api-versions, explain and options,
// as kubectl v1.32 prints them (generated from the real binary's help output).

import type { HelpText } from "./configHelp";

export const INFO_HELP: Readonly<Record<string, HelpText>> = {
  version: {
    path: ["version"],
    use: "version [flags]",
    short: "Print the client and server version information",
    long: "Print the client and server version information for the current context.",
    example: "  # Print the client and server versions for the current context\n  kubectl version",
    flags: [
      {
        name: "client",
        type: "bool",
        usage: "If true, shows client version only (no server required).",
      },
      {
        name: "output",
        type: "string",
        usage: "One of 'yaml' or 'json'.",
        shorthand: "o",
      },
    ],
  },
  "cluster-info": {
    path: ["cluster-info"],
    use: "cluster-info [flags]",
    short: "Display cluster information",
    long: "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
    example:
      "  # Print the address of the control plane and cluster services\n  kubectl cluster-info\n\nAvailable Commands:\n  dump          Dump relevant information for debugging and diagnosis",
    flags: [],
  },
  "api-resources": {
    path: ["api-resources"],
    use: "api-resources [flags]",
    short: "Print the supported API resources on the server",
    long: "Print the supported API resources on the server.",
    example:
      "  # Print the supported API resources\n  kubectl api-resources\n  \n  # Print the supported API resources with more information\n  kubectl api-resources -o wide\n  \n  # Print the supported API resources sorted by a column\n  kubectl api-resources --sort-by=name\n  \n  # Print the supported namespaced resources\n  kubectl api-resources --namespaced=true\n  \n  # Print the supported non-namespaced resources\n  kubectl api-resources --namespaced=false\n  \n  # Print the supported API resources with a specific APIGroup\n  kubectl api-resources --api-group=rbac.authorization.k8s.io",
    flags: [
      {
        name: "api-group",
        type: "string",
        usage: "Limit to resources in the specified API group.",
      },
      {
        name: "cached",
        type: "bool",
        usage: "Use the cached list of resources if available.",
      },
      {
        name: "categories",
        type: "stringArray",
        usage: "Limit to resources that belong to the specified categories.",
      },
      {
        name: "namespaced",
        type: "bool",
        usage:
          "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
        default: "true",
      },
      {
        name: "no-headers",
        type: "bool",
        usage:
          "When using the default or custom-column output format, don't print headers (default print headers).",
      },
      {
        name: "output",
        type: "string",
        usage: "Output format. One of: (wide, name).",
        shorthand: "o",
      },
      {
        name: "sort-by",
        type: "string",
        usage:
          "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
      },
      {
        name: "verbs",
        type: "stringArray",
        usage: "Limit to resources that support the specified verbs.",
      },
    ],
  },
  "api-versions": {
    path: ["api-versions"],
    use: "api-versions",
    short: 'Print the supported API versions on the server, in the form of "group/version"',
    long: 'Print the supported API versions on the server, in the form of "group/version".',
    example: "  # Print the supported API versions\n  kubectl api-versions",
    flags: [],
  },
  explain: {
    path: ["explain"],
    use: "explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]",
    short: "Get documentation for a resource",
    long: 'Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n        \n Information about each field is retrieved from the server in OpenAPI format.\n\nUse "kubectl api-resources" for a complete list of supported resources.',
    example:
      "  # Get the documentation of the resource and its fields\n  kubectl explain pods\n  \n  # Get all the fields in the resource\n  kubectl explain pods --recursive\n  \n  # Get the explanation for deployment in supported api versions\n  kubectl explain deployments --api-version=apps/v1\n  \n  # Get the documentation of a specific field of a resource\n  kubectl explain pods.spec.containers\n  \n  # Get the documentation of resources in different format\n  kubectl explain deployment --output=plaintext-openapiv2",
    flags: [
      {
        name: "api-version",
        type: "string",
        usage: "Use given api-version (group/version) of the resource.",
      },
      {
        name: "output",
        type: "string",
        usage: "Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).",
        shorthand: "o",
        default: "plaintext",
      },
      {
        name: "recursive",
        type: "bool",
        usage:
          "When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.",
      },
    ],
  },
  options: {
    path: ["options"],
    use: "options",
    short: "Print the list of flags inherited by all commands",
    long: "",
    flags: [],
  },
};
