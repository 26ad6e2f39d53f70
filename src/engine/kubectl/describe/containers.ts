// describe.go's container sections, shared by the Pod describer and DescribePodTemplate
// (Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob): describeContainers (ports, state,
// resources, probes, environment, mounts). The volume sections are in volumes.ts.

import type {
  Container,
  ContainerState,
  ContainerStatus,
  Pod,
  ResourceRequirements,
} from "../../api/objects";
import { parseQuantity } from "../../util/quantity";
import { printBool, rfc1123z, stringOrNone } from "./format";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./tabWriter";

type EnvVar = NonNullable<Container["env"]>[number];
type Probe = NonNullable<Container["livenessProbe"]>;
export type EnvResolver = (e: EnvVar) => string;

/** Quantity.String() of a resource value as stored. */
export function quantityString(v: string | number | undefined): string {
  if (v === undefined) return "0";
  return parseQuantity(v)?.toString() ?? String(v);
}

const sortedKeys = (m: object | undefined): string[] =>
  Object.keys(m ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function describeResources(r: ResourceRequirements | undefined, w: PrefixWriter, level: number): void {
  if (!r) return;
  const limits = (r.limits ?? {}) as Record<string, string>;
  const requests = (r.requests ?? {}) as Record<string, string>;
  if (Object.keys(limits).length > 0) w.write(level, "Limits:\n");
  for (const name of sortedKeys(limits)) w.write(level + 1, `${name}:\t${quantityString(limits[name])}\n`);
  if (Object.keys(requests).length > 0) w.write(level, "Requests:\n");
  for (const name of sortedKeys(requests))
    w.write(level + 1, `${name}:\t${quantityString(requests[name])}\n`);
}

const portNames = (c: Container, host: boolean): string =>
  (c.ports ?? [])
    .map((p) => {
      const s = `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? "TCP"}`;
      return p.name ? `${s} (${p.name})` : s;
    })
    .join(", ");

function describeStatus(stateName: string, state: ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal ?? 0}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

/** net.JoinHostPort. */
const joinHostPort = (host: string, port: string): string =>
  host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;

/** DescribeProbe. */
export function describeProbe(p: Probe): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s ` +
    `#success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(" ")}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port);
    const host = port.length > 0 ? joinHostPort(p.httpGet.host ?? "", port) : (p.httpGet.host ?? "");
    const scheme = (p.httpGet.scheme ?? "").toLowerCase();
    const path = p.httpGet.path ?? "";
    const url = `${scheme ? `${scheme}:` : ""}//${host}${path && !path.startsWith("/") ? `/${path}` : path}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ""}:${String(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

/** ExtractContainerResourceValue, simplified to cpu and memory with their divisors. */
function resourceFieldValue(
  ref: NonNullable<NonNullable<EnvVar["valueFrom"]>["resourceFieldRef"]>,
  c: Container,
): string {
  const [kind = "", resource = ""] = ref.resource.split(".");
  const list = ((kind === "limits" ? c.resources?.limits : c.resources?.requests) ?? {}) as Record<
    string,
    string
  >;
  const q = parseQuantity(list[resource] ?? "0");
  const divisor = parseQuantity(ref.divisor ?? "1");
  if (!q || !divisor || divisor.isZero()) return "";
  if (resource === "cpu") return String(Math.ceil(q.milliValue() / divisor.milliValue()));
  return String(Math.ceil(q.value() / divisor.value()));
}

function describeEnv(c: Container, resolve: EnvResolver | undefined, w: PrefixWriter): void {
  if ((c.envFrom ?? []).length > 0) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for (const e of c.envFrom ?? []) {
      const from = e.configMapRef ? "ConfigMap" : e.secretRef ? "Secret" : "";
      const name = e.configMapRef?.name ?? e.secretRef?.name ?? "";
      const optional = (e.configMapRef?.optional ?? e.secretRef?.optional) === true;
      if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
      else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
    }
  }
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? "")
        .split("\n")
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (from.fieldRef) {
      const value = resolve ? resolve(e) : "";
      w.write(
        LEVEL_3,
        `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ""}:${from.fieldRef.fieldPath})\n`,
      );
    } else if (from.resourceFieldRef) {
      let value = resourceFieldValue(from.resourceFieldRef, c);
      const r = from.resourceFieldRef.resource;
      if (value === "0" && (r === "limits.cpu" || r === "limits.memory")) value = "node allocatable";
      w.write(LEVEL_3, `${e.name}:\t${value} (${r})\n`);
    } else if (from.secretKeyRef) {
      const k = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${k.key}' in secret '${k.name ?? ""}'>\tOptional: ${k.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const k = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${k.key}' of config map '${k.name ?? ""}'>\tOptional: ${k.optional === true}\n`,
      );
    }
  }
}

function describeMounts(c: Container, w: PrefixWriter): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? "ro" : "rw", ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
}

/** describeContainers. `space` is "  " inside a pod template. */
export function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  resolve: EnvResolver | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    w.write(LEVEL_1, `${space ? " " : ""}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ""}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID}\n`);
    const ports = portNames(c, false);
    w.write(LEVEL_2, ports.includes(",") ? `Ports:\t${ports}\n` : `Port:\t${stringOrNone(ports)}\n`);
    const hostPorts = portNames(c, true);
    w.write(
      LEVEL_2,
      hostPorts.includes(",") ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${stringOrNone(hostPorts)}\n`,
    );
    if ((c.command ?? []).length > 0) {
      w.write(LEVEL_2, "Command:\n");
      for (const s of (c.command ?? []).flatMap((x) => x.split("\n"))) w.write(LEVEL_3, `${s}\n`);
    }
    if ((c.args ?? []).length > 0) {
      w.write(LEVEL_2, "Args:\n");
      for (const s of (c.args ?? []).flatMap((x) => x.split("\n"))) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeStatus("State", status.state, w);
      if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount}\n`);
    }
    describeResources(c.resources ?? {}, w, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    describeEnv(c, resolve, w);
    describeMounts(c, w);
  }
}

/** EnvValueRetriever: the downward-API fields a pod can expose. */
export function envValueRetriever(pod: Pod): EnvResolver {
  return (e) => {
    const path = e.valueFrom?.fieldRef?.fieldPath ?? "";
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return (m[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2] ?? ""] ?? "";
    const values: Record<string, string | undefined> = {
      "metadata.name": pod.metadata?.name,
      "metadata.namespace": pod.metadata?.namespace,
      "metadata.uid": pod.metadata?.uid,
      "spec.nodeName": pod.spec?.nodeName,
      "spec.serviceAccountName": pod.spec?.serviceAccountName,
      "status.hostIP": pod.status?.hostIP,
      "status.podIP": pod.status?.podIP,
      "status.podIPs": (pod.status?.podIPs ?? []).map((p) => p.ip).join(","),
    };
    return values[path] ?? "";
  };
}
