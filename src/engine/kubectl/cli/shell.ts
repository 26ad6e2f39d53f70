// The learner's shell on the cluster (`cluster.shell`): a kubeconfig (kubeadm's admin.conf in
// ~/.kube/config) and kubectl. Each command line becomes API calls from component "kubectl" as
// the user of the chosen context; the terminal and Scenario steps both run lines through here.

import type { UserInfo } from "../../apiserver/request";
import { ApiClient } from "../../client/apiClient";
import { planNodes } from "../../cluster/bootstrap";
import type { Cluster } from "../../cluster/cluster";
import type { FlagValue, KubectlEnv, KubectlIO, RunningCommand } from "./command";
import { completeLine } from "./completion";
import { Kubeconfig } from "./kubeconfig";
import { runKubectl } from "./run";

export interface ShellRunOptions {
  /** `-f <name>`: the editor's documents. */
  readonly readFile?: (name: string) => string | undefined;
  /** `kubectl edit`: open this text as a document. */
  readonly openInEditor?: (name: string, text: string) => void;
}

/** The apiserver's address in admin.conf: the control-plane node's IP, port 6443. */
export function apiServerUrl(cluster: Cluster): string {
  const controlPlane = planNodes(cluster.workers)[0];
  return `https://${controlPlane?.ip ?? "127.0.0.1"}:6443`;
}

const str = (flags: Readonly<Record<string, FlagValue>>, name: string): string | undefined => {
  const v = flags[name];
  return typeof v === "string" && v !== "" ? v : undefined;
};

export class KubectlShell {
  readonly kubeconfig: Kubeconfig;
  readonly server: string;
  private readonly clients = new Map<string, ApiClient>();

  constructor(readonly cluster: Cluster) {
    this.server = apiServerUrl(cluster);
    this.kubeconfig = Kubeconfig.admin(this.server);
  }

  /** One ApiClient per identity, so the trace names who called. */
  clientFor(user: UserInfo): ApiClient {
    const key = `${user.name}\u0000${user.via}`;
    let client = this.clients.get(key);
    if (!client) {
      client =
        user.name === "kubernetes-admin"
          ? this.cluster.kubectl.client
          : new ApiClient(this.cluster.sim, "kubectl", user, this.cluster.apiserver);
      this.clients.set(key, client);
    }
    return client;
  }

  /** The env for a command line's global flags, or the error kubectl prints. */
  envFor(
    flags: Readonly<Record<string, FlagValue>>,
    local: boolean,
    options: ShellRunOptions,
  ): KubectlEnv | string {
    const config = this.kubeconfig;
    const contextName = str(flags, "context") ?? config.currentContext;
    const context = config.contexts.get(contextName);
    if (str(flags, "context") && !context) {
      return `error: context was not found for specified context: ${contextName}`;
    }
    const clusterName = str(flags, "cluster") ?? context?.cluster;
    const userName = str(flags, "user") ?? context?.user ?? "";
    const namespace = str(flags, "namespace") ?? context?.namespace ?? "default";
    if (!local) {
      if (str(flags, "user") && !config.users.has(userName)) {
        return `error: auth info "${userName}" does not exist`;
      }
      if (str(flags, "cluster") && clusterName !== undefined && !config.clusters.has(clusterName)) {
        return `error: cluster "${clusterName}" does not exist`;
      }
      const server =
        str(flags, "server") ?? (clusterName ? config.clusters.get(clusterName)?.server : undefined);
      if (server !== this.server) {
        // kubectl with no usable cluster falls back to localhost:8080; any other address is not the simulated cluster.
        const host = (server ?? "localhost:8080").replace(/^https?:\/\//, "");
        return `The connection to the server ${host} was refused - did you specify the right host or port?`;
      }
    }
    const user: UserInfo = str(flags, "token")
      ? { name: "", groups: ["system:authenticated"], via: "bearer token (--token)" }
      : config.userInfo(userName);
    const sim = this.cluster.sim;
    return {
      client: this.clientFor(user),
      cluster: this.cluster,
      namespace,
      readFile: options.readFile ?? (() => undefined),
      nowMs: () => sim.epochMs + sim.now,
      kubeconfig: config,
      ...(options.openInEditor ? { openInEditor: options.openInEditor } : {}),
    };
  }

  /**
   * Runs a terminal line: `kubectl …` or `k …`. Anything else is not a command this shell has.
   * Calls `done(exitCode)` once; returns a handle for streaming commands (Ctrl+C cancels).
   */
  run(
    line: string,
    io: KubectlIO,
    done: (exitCode: number) => void,
    options: ShellRunOptions = {},
  ): RunningCommand | undefined {
    const first = line.trim().split(/\s+/)[0] ?? "";
    if (first === "") {
      done(0);
      return undefined;
    }
    if (first !== "kubectl" && first !== "k") {
      io.err(`bash: ${first}: command not found\n`);
      done(127);
      return undefined;
    }
    const base = this.envFor({}, true, options);
    if (typeof base === "string") {
      io.err(`${base}\n`);
      done(1);
      return undefined;
    }
    return runKubectl(line, base, io, done, {
      envFor: (flags, spec) => this.envFor(flags, spec.local === true, options),
    });
  }

  /** Tab completion: the candidates for the word under the cursor. */
  complete(line: string, cursor: number = line.length): string[] {
    return completeLine(this, line, cursor);
  }
}
