// Running one probe, as pkg/kubelet/prober/prober.go runProbe and the probers in pkg/probe
// (exec, http, tcp, grpc) do, with their exact output texts: the exec command's combined output,
// `HTTP probe failed with statuscode: 404`, `Get "http://10.244.1.5:80/healthz": dial tcp
// 10.244.1.5:80: connect: connection refused`. An exec probe is a CRI ExecSync call (traced by
// the runtime); an HTTP, TCP or gRPC probe is the kubelet dialling the pod IP, traced here as
// one internal kubelet step (there is no pod component on the graph to send it to).
// Simplified: HTTP probes send no custom headers and servers answer at once (no timeouts).

import type { Container } from "../api/objects";
import type { Probe } from "kubernetes-types/core/v1";
import type { Simulation } from "../sim/simulation";
import type { ComponentName, ObjectRef } from "../trace/traceEvent";
import type { ContainerRuntime } from "./containerRuntime";
import { PROBE_USER_AGENT } from "./httpServers";

/** What a probe said: its result and output, or an error (the prober could not run it). */
export type ProbeOutcome =
  { readonly result: "success" | "failure"; readonly output: string } | { readonly error: string };

export interface ProbeContext {
  readonly sim: Simulation;
  readonly kubelet: ComponentName;
  readonly runtime: ContainerRuntime;
  readonly object: ObjectRef;
  readonly container: Container;
  readonly containerId: string;
  readonly sandboxId: string;
  readonly podIP: string;
  /** `Liveness`, `Readiness` or `Startup`, as probeType.String() prints it. */
  readonly label: string;
}

/** extractPort: a number, or a named container port, or a number written as a string. */
export function extractPort(
  param: number | string | undefined,
  container: Container,
): number | { error: string } {
  let port: number;
  if (typeof param === "string") {
    const named = (container.ports ?? []).find((p) => p.name === param);
    if (named) port = named.containerPort;
    else if (/^[+-]?\d+$/.test(param)) port = Number(param);
    else return { error: `strconv.Atoi: parsing ${JSON.stringify(param)}: invalid syntax` };
  } else port = param ?? -1;
  return port > 0 && port < 65536 ? port : { error: `invalid port number: ${port}` };
}

/** formatURL: the scheme, host:port, and the path as url.Parse keeps it. */
export function probeUrl(scheme: string, host: string, port: number, path: string): string {
  const p = path === "" ? "" : path.startsWith("/") ? path : `/${path}`;
  return `${scheme}://${host}:${port}${p}`;
}

function tracePoke(ctx: ProbeContext, summary: string, detail?: { url: string; code?: number }): void {
  ctx.sim.send(
    {
      from: ctx.kubelet,
      to: ctx.kubelet,
      kind: "internal",
      summary,
      object: ctx.object,
      ...(detail
        ? {
            detail: {
              type: "http" as const,
              method: "GET",
              path: detail.url,
              ...(detail.code !== undefined ? { code: detail.code } : {}),
            },
          }
        : {}),
    },
    0,
  );
}

/** Runs `probe` once; `done` gets the outcome when it completes (at once, or after ExecSync). */
export function runProbe(ctx: ProbeContext, probe: Probe, done: (outcome: ProbeOutcome) => void): void {
  const timeoutSeconds = probe.timeoutSeconds ?? 1;
  if (probe.exec) {
    const argv = probe.exec.command ?? [];
    ctx.runtime.execSync(ctx.containerId, argv, timeoutSeconds, ctx.object, (r) => {
      if (!r)
        done({
          error:
            "rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state",
        });
      // ExecProbeTimeout: the command is reported as timed out, a failure (not an error).
      else if (r.timedOut)
        done({ result: "failure", output: `command ${JSON.stringify(argv.join(" "))} timed out` });
      else done({ result: r.exitCode === 0 ? "success" : "failure", output: r.output });
    });
    return;
  }
  if (probe.httpGet) {
    const http = probe.httpGet;
    const port = extractPort(http.port, ctx.container);
    if (typeof port !== "number") return done(port);
    const scheme = (http.scheme ?? "HTTP").toLowerCase();
    const host = http.host || ctx.podIP;
    const url = probeUrl(scheme, host, port, http.path ?? "/");
    const listener = host === ctx.podIP ? ctx.runtime.listenerAt(ctx.sandboxId, port) : undefined;
    let outcome: ProbeOutcome;
    let code: number | undefined;
    if (!listener)
      outcome = {
        result: "failure",
        output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`,
      };
    else if (!listener.http)
      outcome = {
        result: "failure",
        output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      };
    else if (scheme === "https")
      outcome = {
        result: "failure",
        output: `Get "${url}": http: server gave HTTP response to HTTPS client`,
      };
    else {
      code = listener.http({
        path: http.path || "/",
        client: ctx.runtime.gatewayIp,
        host: `${host}:${port}`,
        userAgent: PROBE_USER_AGENT,
      });
      outcome =
        code >= 200 && code < 400
          ? { result: "success", output: "" }
          : { result: "failure", output: `HTTP probe failed with statuscode: ${code}` };
    }
    tracePoke(
      ctx,
      `${ctx.label} probe GET ${url}: ${code !== undefined ? code : "error" in outcome ? outcome.error : outcome.output}`,
      { url, ...(code !== undefined ? { code } : {}) },
    );
    return done(outcome);
  }
  if (probe.tcpSocket || probe.grpc) {
    const port = extractPort(probe.tcpSocket ? probe.tcpSocket.port : probe.grpc?.port, ctx.container);
    if (typeof port !== "number") return done(port);
    const host = probe.tcpSocket?.host || ctx.podIP;
    const open = host === ctx.podIP && ctx.runtime.listenerAt(ctx.sandboxId, port) !== undefined;
    const addr = `${host}:${port}`;
    const outcome: ProbeOutcome = open
      ? { result: "success", output: "" }
      : probe.tcpSocket
        ? { result: "failure", output: `dial tcp ${addr}: connect: connection refused` }
        : {
            result: "failure",
            output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${timeoutSeconds}s: context deadline exceeded`,
          };
    tracePoke(
      ctx,
      `${ctx.label} probe ${probe.tcpSocket ? "TCP" : "gRPC"} ${addr}: ${open ? "open" : "refused"}`,
    );
    return done(outcome);
  }
  done({
    error: `missing probe handler for ${ctx.object.namespace ?? ""}/${ctx.object.name}:${ctx.container.name}`,
  });
}
