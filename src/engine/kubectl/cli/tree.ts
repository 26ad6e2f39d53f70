// kubectl's command tree and global flags, built from CommandSpecs like cobra's AddCommand:
// intermediate path words with no spec of their own (`rollout`, `set`) become groups that print
// their help. Kept apart from registry.ts so the framework can be tested with its own specs.

import type { CommandSpec, FlagSpec } from "./command";
import type { CommandNode } from "./parse";

const g = (name: string, type: FlagSpec["type"], usage: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({
  name,
  type,
  usage,
  ...extra,
});

/** kubectl's global flags (`kubectl options`), persistent on every command. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  g(
    "as",
    "string",
    "Username to impersonate for the operation. User could be a regular user or a service account in a namespace.",
  ),
  g(
    "as-group",
    "stringArray",
    "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.",
  ),
  g("as-uid", "string", "UID to impersonate for the operation."),
  g("cache-dir", "string", "Default cache directory", { default: "/root/.kube/cache" }),
  g("certificate-authority", "string", "Path to a cert file for the certificate authority"),
  g("client-certificate", "string", "Path to a client certificate file for TLS"),
  g("client-key", "string", "Path to a client key file for TLS"),
  g("cluster", "string", "The name of the kubeconfig cluster to use"),
  g("context", "string", "The name of the kubeconfig context to use"),
  g("disable-compression", "bool", "If true, opt-out of response compression for all requests to the server"),
  g(
    "insecure-skip-tls-verify",
    "bool",
    "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
  ),
  g("kubeconfig", "string", "Path to the kubeconfig file to use for CLI requests."),
  g("log-flush-frequency", "duration", "Maximum number of seconds between log flushes", { default: "5s" }),
  g("match-server-version", "bool", "Require server version to match client version"),
  g("namespace", "string", "If present, the namespace scope for this CLI request", { shorthand: "n" }),
  g("password", "string", "Password for basic authentication to the API server"),
  g(
    "profile",
    "string",
    "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)",
    { default: "none" },
  ),
  g("profile-output", "string", "Name of the file to write the profile to", { default: "profile.pprof" }),
  g(
    "request-timeout",
    "string",
    "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
    { default: "0" },
  ),
  g("server", "string", "The address and port of the Kubernetes API server", { shorthand: "s" }),
  g(
    "tls-server-name",
    "string",
    "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used",
  ),
  g("token", "string", "Bearer token for authentication to the API server"),
  g("user", "string", "The name of the kubeconfig user to use"),
  g("username", "string", "Username for basic authentication to the API server"),
  g("v", "int", "number for the log level verbosity", { shorthand: "v" }),
  g(
    "vmodule",
    "string",
    "comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)",
  ),
  g(
    "warnings-as-errors",
    "bool",
    "Treat warnings received from the server as errors and exit with a non-zero exit code",
  ),
  // cobra adds -h/--help to every command; kubectl's help does not list it.
  g("help", "bool", "help for kubectl", { shorthand: "h" }),
];

export interface Registry {
  readonly root: CommandNode;
  spec(path: readonly string[]): CommandSpec | undefined;
}

interface MutableNode extends CommandNode {
  aliases: string[];
  flags: FlagSpec[];
}

export function buildRegistry(specs: readonly CommandSpec[]): Registry {
  const root: MutableNode = {
    name: "kubectl",
    path: [],
    aliases: [],
    children: [],
    flags: [...GLOBAL_FLAGS],
  };
  const byPath = new Map<string, CommandSpec>();
  for (const spec of specs) {
    let node = root;
    spec.path.forEach((word, i) => {
      let child = node.children.find((c) => c.name === word) as MutableNode | undefined;
      if (!child) {
        child = { name: word, path: spec.path.slice(0, i + 1), aliases: [], children: [], flags: [] };
        node.children.push(child);
      }
      node = child;
    });
    node.aliases.push(...(spec.aliases ?? []));
    node.flags.push(...spec.flags);
    byPath.set(spec.path.join(" "), spec);
  }
  return { root, spec: (path) => byPath.get(path.join(" ")) };
}
