// kubectl's generators: `run` (pkg/cmd/run/run.go), `create deployment|namespace|configmap|secret
// generic|service clusterip|nodeport` (pkg/cmd/create/create_*.go), `expose` (pkg/cmd/expose) and
// `autoscale` (pkg/cmd/autoscale, autoscaling/v2 since 1.31). Each builds the object as upstream's
// generator does and POSTs it, or prints it with --dry-run=client -o yaml|json (with the
// `creationTimestamp: null` and empty status the Go structs carry). Simplified: no --overrides,
// -i/-t/--rm attach, --from-file/--from-env-file, create service loadbalancer|externalname.

import type { KubeObject } from "../../../api/objects";
import { type ResourceInfo, resourceInfo } from "../../../api/resources";
import type { CommandSpec } from "../command";
import { createConfigMap, createSecretGeneric } from "./createData";
import { createObject, dryRunFlags } from "./createObject";
import { flag, flagInt, flagString, flagStrings } from "./shared";
import { runHelp } from "./upstreamHelp/run";

const info = (resource: string): ResourceInfo => resourceInfo(resource) as ResourceInfo;

/** `KEY=VALUE` pairs (--labels a=b,c=d; --env A=1). */
function pairs(text: string): [string, string][] {
  return text
    .split(",")
    .filter((p) => p !== "")
    .map((p) => {
      const i = p.indexOf("=");
      return i < 0 ? [p, ""] : [p.slice(0, i), p.slice(i + 1)];
    });
}

const run: CommandSpec = {
  path: ["run"],
  use: 'run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]',
  short: "Run a particular image on the cluster",
  ...runHelp,
  run(env, command, io, done) {
    const [name, ...rest] = command.args;
    if (name === undefined) {
      io.err("error: NAME is required for run\n");
      return done(1);
    }
    const image = flagString(command.flags, "image");
    if (!image) {
      io.err("error: --image is required\n");
      return done(1);
    }
    const restart = flagString(command.flags, "restart") ?? "Always";
    if (!["Always", "OnFailure", "Never"].includes(restart)) {
      io.err(`error: invalid restart policy: ${restart}\n`);
      return done(1);
    }
    const labelText = flagString(command.flags, "labels");
    const labels = labelText ? Object.fromEntries(pairs(labelText)) : { run: name };
    const port = flagInt(command.flags, "port");
    const envVars = flagStrings(command.flags, "env").map((e) => {
      const [k, v] = pairs(e)[0] ?? ["", ""];
      return { name: k, value: v };
    });
    const useCommand = command.flags["command"] === true || command.flags["command"] === "true";
    const container = {
      ...(rest.length > 0 ? { [useCommand ? "command" : "args"]: rest } : {}),
      ...(envVars.length > 0 ? { env: envVars } : {}),
      image,
      name,
      ...(port !== undefined && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
      resources: {},
    };
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { labels, name },
      spec: { containers: [container], dnsPolicy: "ClusterFirst", restartPolicy: restart },
    } as unknown as KubeObject;
    createObject(env, io, done, command.flags, info("pods"), pod, "created");
  },
};

const createDeployment: CommandSpec = {
  path: ["create", "deployment"],
  use: "deployment NAME --image=image -- [COMMAND] [args...]",
  short: "Create a deployment with the specified name",
  aliases: ["deploy"],
  flags: [
    flag(
      "image",
      "stringArray",
      "Image names to run. A deployment can have multiple images set for multi-container pod.",
    ),
    flag("replicas", "int", "Number of replicas to create. Default is 1.", { shorthand: "r", default: "1" }),
    flag("port", "int", "The containerPort that this deployment exposes.", { default: "-1" }),
    ...dryRunFlags,
  ],
  run(env, command, io, done) {
    const [name, ...rest] = command.args;
    const images = flagStrings(command.flags, "image");
    if (name === undefined) {
      io.err("error: exactly one NAME is required, got 0\n");
      return done(1);
    }
    if (images.length === 0) {
      io.err('error: required flag(s) "image" not set\n');
      return done(1);
    }
    const replicas = flagInt(command.flags, "replicas") ?? 1;
    const port = flagInt(command.flags, "port") ?? -1;
    // create_deployment.go: container names from the image's last path element, without tag/digest.
    const containers = images.map((image) => ({
      ...(rest.length > 0 ? { command: rest } : {}),
      image,
      name: (image.split("/").pop() ?? image).split(/[:@]/)[0] ?? image,
      ...(port >= 0 ? { ports: [{ containerPort: port }] } : {}),
      resources: {},
    }));
    const labels = { app: name };
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { labels, name },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        strategy: {},
        template: { metadata: { labels }, spec: { containers } },
      },
    } as unknown as KubeObject;
    createObject(
      env,
      io,
      done,
      command.flags,
      info("deployments"),
      deployment,
      "created",
      (m) => `failed to create deployment: ${m}`,
    );
  },
};

const createNamespace: CommandSpec = {
  path: ["create", "namespace"],
  use: "namespace NAME [--dry-run=server|client|none]",
  short: "Create a namespace with the specified name",
  aliases: ["ns"],
  flags: dryRunFlags,
  run(env, command, io, done) {
    const name = command.args[0];
    if (name === undefined) {
      io.err("error: exactly one NAME is required, got 0\n");
      return done(1);
    }
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: {} } as unknown as KubeObject;
    createObject(env, io, done, command.flags, info("namespaces"), ns, "created");
  },
};

function createService(type: "ClusterIP" | "NodePort"): CommandSpec {
  return {
    path: ["create", "service", type.toLowerCase()],
    use: `${type.toLowerCase()} NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]`,
    short: `Create a ${type} service`,
    flags: [
      flag("tcp", "stringArray", "Port pairs can be specified as '<port>:<targetPort>'."),
      ...(type === "ClusterIP"
        ? [
            flag(
              "clusterip",
              "string",
              "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
            ),
          ]
        : []),
      ...(type === "NodePort"
        ? [
            flag("node-port", "int", "Port used to expose the service on each node in a cluster.", {
              default: "0",
            }),
          ]
        : []),
      ...dryRunFlags,
    ],
    run(env, command, io, done) {
      const name = command.args[0];
      if (name === undefined) {
        io.err("error: exactly one NAME is required, got 0\n");
        return done(1);
      }
      const clusterIP = flagString(command.flags, "clusterip");
      const nodePort = flagInt(command.flags, "node-port") ?? 0;
      const tcp = flagStrings(command.flags, "tcp");
      if (tcp.length === 0 && clusterIP !== "None") {
        io.err("error: at least one tcp port specifier must be provided\n");
        return done(1);
      }
      const ports = tcp.map((spec) => {
        const [p = "", t = p] = spec.split(":");
        const target = /^\d+$/.test(t) ? Number(t) : t;
        return {
          name: `${p}-${t}`,
          ...(nodePort > 0 ? { nodePort } : {}),
          port: Number(p),
          protocol: "TCP",
          targetPort: target,
        };
      });
      const svc = {
        apiVersion: "v1",
        kind: "Service",
        metadata: { labels: { app: name }, name },
        spec: {
          ...(clusterIP !== undefined ? { clusterIP } : {}),
          ports,
          selector: { app: name },
          type,
        },
      };
      createObject(
        env,
        io,
        done,
        command.flags,
        info("services"),
        svc as unknown as KubeObject,
        "created",
        (m) => `failed to create ${type} service: ${m}`,
      );
    },
  };
}

export const createCommands: readonly CommandSpec[] = [
  run,
  createDeployment,
  createNamespace,
  createConfigMap,
  createSecretGeneric,
  createService("ClusterIP"),
  createService("NodePort"),
];
