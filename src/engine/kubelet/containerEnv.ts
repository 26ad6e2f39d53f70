// The environment and command line the kubelet gives a container (pkg/kubelet/kubelet_pods.go
// makeEnvironmentVariables, kuberuntime's expandContainerCommandAndArgs): env values and
// downward-API fields, the `kubernetes` Service's variables, and `$(VAR)` references in env
// values, command and args expanded as third_party/forked/golang/expansion does.
// Simplified: configMapKeyRef/secretKeyRef/resourceFieldRef and envFrom resolve to nothing,
// and only the `kubernetes` Service is linked (no other Services exist yet).

import type { Container, Pod } from "../api/objects";

/** `$(NAME)` → its value when defined, else left as written; `$$` → `$`. */
export function expandReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== "$" || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close;
    } else out += c;
  }
  return out;
}

const SERVICE_ENV: readonly (readonly [string, string])[] = [
  ["KUBERNETES_SERVICE_HOST", "10.96.0.1"],
  ["KUBERNETES_SERVICE_PORT", "443"],
  ["KUBERNETES_SERVICE_PORT_HTTPS", "443"],
  ["KUBERNETES_PORT", "tcp://10.96.0.1:443"],
  ["KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"],
  ["KUBERNETES_PORT_443_TCP_PROTO", "tcp"],
  ["KUBERNETES_PORT_443_TCP_PORT", "443"],
  ["KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"],
];

function fieldValue(pod: Pod, path: string, podIP: string, hostIP: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2] ?? ""] ?? "";
  const fields: Record<string, string | undefined> = {
    "metadata.name": pod.metadata?.name,
    "metadata.namespace": pod.metadata?.namespace,
    "metadata.uid": pod.metadata?.uid,
    "spec.nodeName": pod.spec?.nodeName,
    "spec.serviceAccountName": pod.spec?.serviceAccountName,
    "status.podIP": podIP,
    "status.podIPs": podIP,
    "status.hostIP": hostIP,
    "status.hostIPs": hostIP,
  };
  return fields[path] ?? "";
}

const hasReference = (argv: readonly string[] | undefined): boolean =>
  argv?.some((a) => a.includes("$")) ?? false;

export interface ContainerLaunch {
  readonly env: readonly (readonly [string, string])[];
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

/** What the kubelet hands the runtime for one container: its environment and expanded argv. */
export function containerLaunch(
  pod: Pod,
  container: Container,
  podIP: string,
  hostIP: string,
): ContainerLaunch {
  // The master service's variables are set whatever enableServiceLinks says. Most containers
  // have no env of their own and no $(VAR) in their command: they share one environment.
  if (!container.env?.length && !hasReference(container.command) && !hasReference(container.args))
    return {
      env: SERVICE_ENV,
      ...(container.command ? { command: container.command } : {}),
      ...(container.args ? { args: container.args } : {}),
    };
  const env = new Map<string, string>(SERVICE_ENV);
  for (const e of container.env ?? []) {
    const path = e.valueFrom?.fieldRef?.fieldPath;
    const raw = path !== undefined ? fieldValue(pod, path, podIP, hostIP) : (e.value ?? "");
    env.set(e.name, path !== undefined ? raw : expandReferences(raw, (n) => env.get(n)));
  }
  const lookup = (n: string): string | undefined => env.get(n);
  return {
    env: [...env],
    ...(container.command ? { command: container.command.map((a) => expandReferences(a, lookup)) } : {}),
    ...(container.args ? { args: container.args.map((a) => expandReferences(a, lookup)) } : {}),
  };
}
