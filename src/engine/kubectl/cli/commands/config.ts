// `kubectl config …` (staging/src/k8s.io/kubectl/pkg/cmd/config): reads and edits the shell's
// kubeconfig. Messages are upstream's (`Switched to context "x".`, `Context "x" created.`).
// Simplified: `set`/`unset` handle current-context and contexts.<name>.namespace|cluster|user only;
// --raw still omits certificate data (the simulation has none); exec/auth-provider users are not modelled.

import type { CommandSpec, KubectlEnv, KubectlIO, ParsedCommand } from "../command";
import { commandHelp } from "../help";
import { KUBECONFIG_PATH, type Kubeconfig, type KubeconfigContext } from "../kubeconfig";
import { flagBool, flagString } from "../parse";
import { CONFIG_HELP, type HelpText } from "./configHelp";
import { renderConfig, tabTable } from "./configView";

type Run = (config: Kubeconfig, command: ParsedCommand, io: KubectlIO) => number;

const err = (io: KubectlIO, message: string): number => {
  io.err(`${message}\n`);
  return 1;
};

function spec(name: string, run: Run): CommandSpec {
  const help = CONFIG_HELP[name] as HelpText;
  return {
    ...help,
    local: true,
    run: (env: KubectlEnv, command, io, done) => {
      if (!env.kubeconfig) {
        done(err(io, "error: no kubeconfig is loaded"));
        return;
      }
      done(run(env.kubeconfig, command, io));
    },
  };
}

/** Usage errors: the command's help on stdout, then the error (cmdutil.UsageErrorf-like). */
function usage(io: KubectlIO, name: string, message: string): number {
  const help = CONFIG_HELP[name] as HelpText;
  io.out(commandHelp(help));
  return err(io, message);
}

const currentContext: Run = (config, _command, io) => {
  if (!config.currentContext) return err(io, "error: current-context is not set");
  io.out(`${config.currentContext}\n`);
  return 0;
};

const useContext: Run = (config, command, io) => {
  const name = command.args[0];
  if (command.args.length !== 1 || name === undefined) {
    return usage(io, "use-context", `error: Unexpected args: [${command.args.join(" ")}]`);
  }
  if (!config.contexts.has(name)) return err(io, `error: no context exists with the name: "${name}"`);
  config.currentContext = name;
  io.out(`Switched to context "${name}".\n`);
  return 0;
};

const getContexts: Run = (config, command, io) => {
  const output = flagString(command, "output");
  if (output !== "" && output !== "name")
    return err(io, `error: output must be one of '' or 'name': ${output}`);
  const wanted = command.args;
  const contexts = [...config.contexts.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const shown = wanted.length ? contexts.filter((c) => wanted.includes(c.name)) : contexts;
  const missing = wanted.filter((name) => !config.contexts.has(name));
  if (output === "name") io.out(shown.map((c) => `${c.name}\n`).join(""));
  else {
    const rows = shown.map((c) => [
      c.name === config.currentContext ? "*" : "",
      c.name,
      c.cluster,
      c.user,
      c.namespace ?? "",
    ]);
    const headers = flagBool(command, "no-headers")
      ? []
      : [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]];
    io.out(tabTable([...headers, ...rows]));
  }
  if (missing.length) return err(io, `error: context ${missing.join(", ")} not found`);
  return 0;
};

const setContext: Run = (config, command, io) => {
  const current = flagBool(command, "current");
  let name = command.args[0] ?? "";
  if (current) {
    if (name) return err(io, "error: you cannot specify both a context name and --current");
    if (!config.currentContext) return err(io, "error: no current context is set");
    name = config.currentContext;
  }
  if (!name) return err(io, "error: you must specify a non-empty context name or --current");
  const existing: KubeconfigContext | undefined = config.contexts.get(name);
  const cluster = command.flags.cluster;
  const user = command.flags.user;
  const namespace = command.flags.namespace;
  const next: KubeconfigContext = {
    name,
    cluster: typeof cluster === "string" ? cluster : (existing?.cluster ?? ""),
    user: typeof user === "string" ? user : (existing?.user ?? ""),
    ...(typeof namespace === "string"
      ? namespace
        ? { namespace }
        : {}
      : existing?.namespace
        ? { namespace: existing.namespace }
        : {}),
  };
  config.contexts.set(name, next);
  io.out(`Context "${name}" ${existing ? "modified" : "created"}.\n`);
  return 0;
};

const setCluster: Run = (config, command, io) => {
  const name = command.args[0];
  if (command.args.length !== 1 || !name)
    return usage(io, "set-cluster", `error: Unexpected args: [${command.args.join(" ")}]`);
  const existing = config.clusters.get(name);
  const str = (flag: string, old: string | undefined): string | undefined =>
    typeof command.flags[flag] === "string" ? (command.flags[flag] as string) : old;
  const server = str("server", existing?.server) ?? "";
  const ca = str("certificate-authority", existing?.certificateAuthority);
  const tls = str("tls-server-name", existing?.tlsServerName);
  const insecure = flagBool(command, "insecure-skip-tls-verify", existing?.insecureSkipTlsVerify ?? false);
  config.clusters.set(name, {
    name,
    server,
    ...(ca ? { certificateAuthority: ca } : {}),
    ...(existing?.certificateAuthorityData && !ca && !insecure ? { certificateAuthorityData: true } : {}),
    ...(insecure ? { insecureSkipTlsVerify: true } : {}),
    ...(tls ? { tlsServerName: tls } : {}),
  });
  io.out(`Cluster "${name}" set.\n`);
  return 0;
};

const setCredentials: Run = (config, command, io) => {
  const name = command.args[0];
  if (command.args.length !== 1 || !name) {
    return usage(io, "set-credentials", `error: unexpected args: [${command.args.join(" ")}]`);
  }
  const existing = config.users.get(name);
  const str = (flag: string, old: string | undefined): string | undefined =>
    typeof command.flags[flag] === "string" ? (command.flags[flag] as string) : old;
  const token = str("token", existing?.token);
  const username = str("username", existing?.username);
  if (token && username) {
    return err(
      io,
      "error: you cannot specify more than one authentication method at the same time: --token, --username",
    );
  }
  const cert = str("client-certificate", existing?.clientCertificate);
  const key = str("client-key", existing?.clientKey);
  const password = str("password", existing?.password);
  config.users.set(name, {
    name,
    ...(existing?.clientCertificateData && !cert ? { clientCertificateData: true } : {}),
    ...(cert ? { clientCertificate: cert } : {}),
    ...(key ? { clientKey: key } : {}),
    ...(token ? { token } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  });
  io.out(`User "${name}" set.\n`);
  return 0;
};

const view: Run = (config, command, io) => {
  const output = flagString(command, "output", "yaml");
  if (output !== "yaml" && output !== "json") {
    return err(
      io,
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`,
    );
  }
  const minify = flagBool(command, "minify");
  if (minify && !config.context()) return err(io, "error: current-context must exist in order to minify");
  io.out(renderConfig(config, output, minify));
  return 0;
};

const names =
  (kind: "clusters" | "users"): Run =>
  (config, _command, io) => {
    io.out(
      `NAME\n${[...config[kind].keys()]
        .sort()
        .map((n) => `${n}\n`)
        .join("")}`,
    );
    return 0;
  };

function deleter(kind: "cluster" | "context" | "user"): Run {
  return (config, command, io) => {
    const name = command.args[0];
    if (command.args.length !== 1 || !name) return usage(io, `delete-${kind}`, "error: Unexpected args: []");
    const map = kind === "cluster" ? config.clusters : kind === "context" ? config.contexts : config.users;
    if (!map.has(name)) return err(io, `error: cannot delete ${kind} ${name}, not in ${KUBECONFIG_PATH}`);
    if (kind === "context" && config.currentContext === name) {
      io.err(
        'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
      );
    }
    map.delete(name);
    io.out(`deleted ${kind} ${name} from ${KUBECONFIG_PATH}\n`);
    return 0;
  };
}

const renameContext: Run = (config, command, io) => {
  const [from, to] = command.args;
  if (command.args.length !== 2 || !from || !to) {
    return usage(io, "rename-context", `error: Unexpected args: [${command.args.join(" ")}]`);
  }
  const context = config.contexts.get(from);
  if (!context) return err(io, `error: cannot rename the context "${from}", it's not in ${KUBECONFIG_PATH}`);
  if (config.contexts.has(to)) {
    return err(
      io,
      `error: cannot rename the context "${from}", the context "${to}" already exists in ${KUBECONFIG_PATH}`,
    );
  }
  config.contexts.delete(from);
  config.contexts.set(to, { ...context, name: to });
  if (config.currentContext === from) config.currentContext = to;
  io.out(`Context "${from}" renamed to "${to}".\n`);
  return 0;
};

/** `config set|unset PROPERTY`: the properties a learner needs (current-context, a context's fields). */
function setProperty(config: Kubeconfig, property: string, value: string | undefined): string | undefined {
  if (property === "current-context") {
    config.currentContext = value ?? "";
    return undefined;
  }
  const m = /^contexts\.([^.]+)\.(namespace|cluster|user)$/.exec(property);
  if (!m) return `error: setting "${property}" is not supported by the simulated kubeconfig`;
  const name = m[1] as string;
  const field = m[2] as "namespace" | "cluster" | "user";
  const existing = config.contexts.get(name) ?? { name, cluster: "", user: "" };
  const { namespace: _ns, ...rest } = existing;
  const base = field === "namespace" ? rest : existing;
  config.contexts.set(name, {
    ...base,
    ...(value !== undefined || field !== "namespace" ? { [field]: value ?? "" } : {}),
  });
  return undefined;
}

const set: Run = (config, command, io) => {
  const [property, value] = command.args;
  if (command.args.length !== 2 || property === undefined || value === undefined) {
    return usage(io, "set", `error: Unexpected args: [${command.args.join(" ")}]`);
  }
  const error = setProperty(config, property, value);
  if (error) return err(io, error);
  io.out(`Property "${property}" set.\n`);
  return 0;
};

const unset: Run = (config, command, io) => {
  const [property] = command.args;
  if (command.args.length !== 1 || property === undefined) {
    return usage(io, "unset", `error: Unexpected args: [${command.args.join(" ")}]`);
  }
  const error = setProperty(config, property, undefined);
  if (error) return err(io, error);
  io.out(`Property "${property}" unset.\n`);
  return 0;
};

export const configCommands: readonly CommandSpec[] = [
  {
    ...(CONFIG_HELP.config as HelpText),
    group: true,
    local: true,
    run: (_env, _command, _io, done) => done(1),
  },
  spec("current-context", currentContext),
  spec("delete-cluster", deleter("cluster")),
  spec("delete-context", deleter("context")),
  spec("delete-user", deleter("user")),
  spec("get-clusters", names("clusters")),
  spec("get-contexts", getContexts),
  spec("get-users", names("users")),
  spec("rename-context", renameContext),
  spec("set", set),
  spec("set-cluster", setCluster),
  spec("set-context", setContext),
  spec("set-credentials", setCredentials),
  spec("unset", unset),
  spec("use-context", useContext),
  spec("view", view),
];
