// `kubectl expose` (pkg/cmd/expose/expose.go + generate/versioned/service.go) and `kubectl
// autoscale` (pkg/cmd/autoscale/autoscale.go, which creates autoscaling/v2 HPAs since 1.31). Both
// GET the target first (the resource builder), then POST the generated object.
// Simplified: expose takes deployments, replicasets, pods and services; no --session-affinity,
// --external-ip, --load-balancer-ip.

import type { KubeObject } from "../../../api/objects";
import { resourceInfo, type ResourceInfo } from "../../../api/resources";
import { formatKubectlError } from "../../errors";
import { asStatus } from "../../kubectl";
import type { CommandSpec } from "../command";
import { createObject } from "./createObject";
import { flagInt, flagString, resolveArgs } from "./shared";
import { exposeHelp } from "./upstreamHelp/expose";
import { autoscaleHelp } from "./upstreamHelp/autoscale";

interface Workload {
  metadata: KubeObject["metadata"];
  spec?: {
    selector?:
      { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | Record<string, string>;
    template?: { spec?: { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] } };
    containers?: { ports?: { containerPort: number; protocol?: string }[] }[];
    ports?: { port: number; protocol?: string }[];
  };
}

/** polymorphichelpers.MapBasedSelectorForObject and PortsForObject. */
function selectorAndPorts(
  kind: string,
  o: Workload,
): { selector: Record<string, string>; ports: number[] } | { error: string } {
  const spec = o.spec ?? {};
  if (kind === "Pod") {
    const labels = o.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) return { error: `the pod has no labels and cannot be exposed` };
    return {
      selector: labels,
      ports: (spec.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)),
    };
  }
  if (kind === "Service") {
    const selector = (spec.selector ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0) return { error: "the service has no pod selector set" };
    return { selector, ports: (spec.ports ?? []).map((p) => p.port) };
  }
  const sel = spec.selector as
    { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
  if ((sel?.matchExpressions ?? []).length > 0)
    return {
      error: `couldn't convert expressions - "${JSON.stringify(sel?.matchExpressions)}" to map-based selector format`,
    };
  return {
    selector: sel?.matchLabels ?? {},
    ports: (spec.template?.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => p.containerPort),
    ),
  };
}

export const exposeCommand: CommandSpec = {
  path: ["expose"],
  use: "expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]",
  short:
    "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
  ...exposeHelp,
  run(env, command, io, done) {
    const resolved = resolveArgs(command.args);
    if (!resolved.ok || resolved.refs.length !== 1) {
      io.err(`${resolved.ok ? "error: exactly one resource must be specified" : resolved.error}\n`);
      return done(1);
    }
    const ref = resolved.refs[0] as { info: ResourceInfo; name: string };
    const kind = ref.info.kind;
    if (!["Deployment", "ReplicaSet", "ReplicationController", "Pod", "Service"].includes(kind)) {
      io.err(`error: cannot expose a ${kind}.${ref.info.group}\n`);
      return done(1);
    }
    env.client.request(
      { verb: "get", resource: ref.info.resource, name: ref.name, namespace: env.namespace },
      (got) => {
        if (got.code !== 200) {
          io.err(formatKubectlError(asStatus(got)));
          return done(1);
        }
        const object = got.body as unknown as Workload;
        const found = selectorAndPorts(kind, object);
        if ("error" in found) {
          io.err(`error: ${found.error}\n`);
          return done(1);
        }
        const selectorText = flagString(command.flags, "selector");
        const selector = selectorText
          ? Object.fromEntries(selectorText.split(",").map((p) => p.split("=", 2) as [string, string]))
          : found.selector;
        const portText = flagString(command.flags, "port");
        const ports = portText ? portText.split(",").map(Number) : found.ports;
        if (ports.length === 0) {
          io.err("error: couldn't find port via --port flag or introspection\n");
          return done(1);
        }
        const targetText = flagString(command.flags, "target-port");
        const target =
          targetText === undefined ? undefined : /^\d+$/.test(targetText) ? Number(targetText) : targetText;
        const protocol = flagString(command.flags, "protocol") ?? "TCP";
        const type = flagString(command.flags, "type");
        const name = flagString(command.flags, "name") ?? ref.name;
        const labels = object.metadata.labels;
        const service = {
          apiVersion: "v1",
          kind: "Service",
          metadata: { ...(labels ? { labels } : {}), name },
          spec: {
            ports: ports.map((port, i) => ({
              ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
              port,
              protocol,
              targetPort: target ?? port,
            })),
            selector,
            ...(type ? { type } : {}),
          },
        } as unknown as KubeObject;
        createObject(
          env,
          io,
          done,
          command.flags,
          resourceInfo("services") as ResourceInfo,
          service,
          "exposed",
        );
      },
    );
  },
};

export const autoscaleCommand: CommandSpec = {
  path: ["autoscale"],
  use: "autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]",
  short: "Auto-scale a deployment, replica set, stateful set, or replication controller",
  ...autoscaleHelp,
  run(env, command, io, done) {
    const max = flagInt(command.flags, "max") ?? -1;
    const min = flagInt(command.flags, "min") ?? -1;
    const cpu = flagInt(command.flags, "cpu-percent") ?? -1;
    if (max < 1) {
      io.err(`error: --max=MAXPODS is required and must be at least 1, max: ${max}\n`);
      return done(1);
    }
    if (max < min) {
      io.err(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}\n`);
      return done(1);
    }
    const resolved = resolveArgs(command.args);
    if (!resolved.ok || resolved.refs.length !== 1) {
      io.err(`${resolved.ok ? "error: exactly one resource must be specified" : resolved.error}\n`);
      return done(1);
    }
    const ref = resolved.refs[0] as { info: ResourceInfo; name: string };
    if (!["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"].includes(ref.info.kind)) {
      io.err(`error: cannot autoscale a ${ref.info.kind}: cannot autoscale a ${ref.info.kind}\n`);
      return done(1);
    }
    env.client.request(
      { verb: "get", resource: ref.info.resource, name: ref.name, namespace: env.namespace },
      (got) => {
        if (got.code !== 200) {
          io.err(formatKubectlError(asStatus(got)));
          return done(1);
        }
        const hpa = {
          apiVersion: "autoscaling/v2",
          kind: "HorizontalPodAutoscaler",
          metadata: { name: flagString(command.flags, "name") ?? ref.name },
          spec: {
            maxReplicas: max,
            ...(cpu >= 0
              ? {
                  metrics: [
                    {
                      resource: { name: "cpu", target: { averageUtilization: cpu, type: "Utilization" } },
                      type: "Resource",
                    },
                  ],
                }
              : {}),
            ...(min >= 0 ? { minReplicas: min } : {}),
            scaleTargetRef: {
              apiVersion: ref.info.group ? `${ref.info.group}/${ref.info.version}` : ref.info.version,
              kind: ref.info.kind,
              name: ref.name,
            },
          },
        } as unknown as KubeObject;
        createObject(
          env,
          io,
          done,
          command.flags,
          resourceInfo("horizontalpodautoscalers") as ResourceInfo,
          hpa,
          "autoscaled",
        );
      },
    );
  },
};
