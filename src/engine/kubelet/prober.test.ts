import { describe, expect, it } from "vitest";
import type { Container, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { Simulation } from "../sim/simulation";
import { apply, events, pod, testCluster } from "../testing/harness";
import type { ObjectRef } from "../trace/traceEvent";
import { ContainerRuntime, type RuntimeContainer, type Sandbox } from "./containerRuntime";
import { type ProbeOutcome, extractPort, probeUrl, runProbe } from "./probeRunner";
import type { Probe } from "kubernetes-types/core/v1";

const ref: ObjectRef = { kind: "Pod", namespace: "default", name: "p", uid: "uid-p" };

/** A runtime with one running container of `spec`, and a way to probe it. */
function running(spec: Container): {
  sim: Simulation;
  rt: ContainerRuntime;
  c: RuntimeContainer;
  sandbox: Sandbox;
  probe: (p: Probe, container?: Container) => ProbeOutcome;
} {
  const sim = new Simulation({ seed: 7 });
  const rt = new ContainerRuntime(sim, "node-1", "10.244.1.0/24");
  let sandbox: Sandbox | undefined;
  rt.runPodSandbox("uid-p", ref, (s) => (sandbox = s));
  sim.runUntilIdle();
  let c: RuntimeContainer | undefined;
  rt.createContainer(sandbox?.id ?? "", spec, ref, (x) => (c = x));
  sim.runUntilIdle();
  rt.startContainer(c?.id ?? "", ref, () => {});
  sim.runUntilIdle();
  if (!sandbox || !c) throw new Error("no container");
  const sb = sandbox;
  const rc = c;
  const probe = (p: Probe, container = spec): ProbeOutcome => {
    let outcome: ProbeOutcome | undefined;
    runProbe(
      {
        sim,
        kubelet: "kubelet/node-1",
        runtime: rt,
        object: ref,
        container,
        containerId: rc.id,
        sandboxId: sb.id,
        podIP: sb.ip,
        label: "Liveness",
      },
      p,
      (o) => (outcome = o),
    );
    sim.runUntilIdle();
    if (!outcome) throw new Error("the probe never finished");
    return outcome;
  };
  return { sim, rt, c: rc, sandbox: sb, probe };
}

describe("extractPort and probeUrl", () => {
  const container: Container = { name: "web", ports: [{ name: "http", containerPort: 8080 }] };
  it("resolves numbers, port names and numeric strings, as prober.go does", () => {
    expect(extractPort(80, container)).toBe(80);
    expect(extractPort("http", container)).toBe(8080);
    expect(extractPort("9090", container)).toBe(9090);
    expect(extractPort("metrics", container)).toEqual({
      error: 'strconv.Atoi: parsing "metrics": invalid syntax',
    });
    expect(extractPort(0, container)).toEqual({ error: "invalid port number: 0" });
    expect(extractPort(70000, container)).toEqual({ error: "invalid port number: 70000" });
  });

  it("formats the URL the kubelet requests", () => {
    expect(probeUrl("http", "10.244.1.5", 80, "/healthz")).toBe("http://10.244.1.5:80/healthz");
    expect(probeUrl("https", "10.244.1.5", 8443, "ready?full=1")).toBe(
      "https://10.244.1.5:8443/ready?full=1",
    );
  });
});

describe("runProbe", () => {
  it("runs exec probes in the container through ExecSync: exit code and combined output", () => {
    const { probe, sim } = running({
      name: "app",
      image: "busybox:1.36",
      command: ["sh", "-c", "touch /tmp/healthy; sleep 3600"],
    });
    expect(probe({ exec: { command: ["cat", "/tmp/healthy"] } })).toEqual({ result: "success", output: "" });
    expect(probe({ exec: { command: ["sh", "-c", "rm /tmp/healthy; echo removed"] } })).toEqual({
      result: "success",
      output: "removed\n",
    });
    expect(probe({ exec: { command: ["cat", "/tmp/healthy"] } })).toEqual({
      result: "failure",
      output: "cat: can't open '/tmp/healthy': No such file or directory\n",
    });
    // ExecProbeTimeout: a command that outlives timeoutSeconds fails as "timed out".
    const before = sim.now;
    expect(probe({ exec: { command: ["sleep", "5"] }, timeoutSeconds: 2 })).toEqual({
      result: "failure",
      output: 'command "sleep 5" timed out',
    });
    expect(sim.now - before).toBe(2010);
    const exec = sim.trace.filter((e) => e.detail?.type === "cri" && e.detail.call === "ExecSync");
    expect(exec.at(-1)?.summary).toBe("exec in app timed out after 2s");
  });

  it("gets nginx's pages over HTTP: / is 200, a missing path 404, an HTTPS request fails", () => {
    const { probe, sandbox } = running({ name: "web", image: "nginx:1.27" });
    const ip = sandbox.ip;
    expect(probe({ httpGet: { path: "/", port: 80 } })).toEqual({ result: "success", output: "" });
    expect(probe({ httpGet: { path: "/index.html", port: 80 } })).toEqual({ result: "success", output: "" });
    expect(probe({ httpGet: { path: "/healthz", port: 80 } })).toEqual({
      result: "failure",
      output: "HTTP probe failed with statuscode: 404",
    });
    expect(probe({ httpGet: { path: "/healthz", port: 8080 } })).toEqual({
      result: "failure",
      output: `Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`,
    });
    expect(probe({ httpGet: { path: "/", port: 80, scheme: "HTTPS" } })).toEqual({
      result: "failure",
      output: `Get "https://${ip}:80/": http: server gave HTTP response to HTTPS client`,
    });
  });

  it("serves files an exec probe created, and 403 for the doc root without index.html", () => {
    const { probe } = running({ name: "web", image: "nginx:1.27" });
    probe({ exec: { command: ["sh", "-c", "echo ok > /usr/share/nginx/html/healthz"] } });
    expect(probe({ httpGet: { path: "/healthz", port: 80 } })).toEqual({ result: "success", output: "" });
    probe({ exec: { command: ["rm", "/usr/share/nginx/html/index.html"] } });
    expect(probe({ httpGet: { path: "/", port: 80 } })).toEqual({
      result: "failure",
      output: "HTTP probe failed with statuscode: 403",
    });
  });

  it("dials TCP and gRPC ports, and waits in vain for HTTP from a server that does not speak it", () => {
    const { probe, sandbox } = running({ name: "db", image: "redis:7" });
    const ip = sandbox.ip;
    expect(probe({ tcpSocket: { port: 6379 } })).toEqual({ result: "success", output: "" });
    expect(probe({ tcpSocket: { port: 6380 } })).toEqual({
      result: "failure",
      output: `dial tcp ${ip}:6380: connect: connection refused`,
    });
    expect(probe({ grpc: { port: 6380 }, timeoutSeconds: 1 })).toEqual({
      result: "failure",
      output: `timeout: failed to connect service "${ip}:6380" within 1s: context deadline exceeded`,
    });
    expect(probe({ httpGet: { path: "/", port: 6379 } })).toEqual({
      result: "failure",
      output: `Get "http://${ip}:6379/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
  });

  it("takes an opaque image's app to serve HTTP 200 on the ports its container declares", () => {
    const { probe } = running({
      name: "app",
      image: "example.com/team/app:1.0",
      ports: [{ containerPort: 3000 }],
    });
    expect(probe({ httpGet: { path: "/healthz", port: 3000 } })).toEqual({ result: "success", output: "" });
    expect(probe({ tcpSocket: { port: 3001 } })).toMatchObject({ result: "failure" });
  });
});

function mustGet(cluster: Cluster, name: string): Pod {
  const p = pod(cluster, name);
  if (!p) throw new Error(`pod ${name} not found`);
  return p;
}

describe("probe thresholds", () => {
  it("needs failureThreshold failures to go unready and successThreshold successes to come back", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  name: flappy
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 30; touch /tmp/ready; sleep 3600"]
    readinessProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      periodSeconds: 2
      failureThreshold: 3
      successThreshold: 2
`,
    );
    const readyAt: [number, boolean][] = [];
    let last: boolean | undefined;
    const start = cluster.sim.now;
    while (cluster.sim.now - start < 90_000 && cluster.sim.step()) {
      const ready = mustGet(cluster, "flappy").status?.containerStatuses?.[0]?.ready;
      if (ready !== undefined && ready !== last) {
        readyAt.push([cluster.sim.now, ready]);
        last = ready;
      }
    }
    const started = cluster.sim.trace.find((e) => e.summary === "container app started")?.time ?? 0;
    const flips = readyAt.filter(([, r]) => r).length + readyAt.filter(([, r]) => !r).length;
    expect(flips).toBe(4);
    const [, up1, down, up2] = readyAt.map(([t, r]) => [t - started, r] as const);
    // Two successes before the first Ready (the probe run at start, then the next tick); three
    // failures after the file goes at 20 s; two successes after it is back at 50 s.
    expect(up1?.[1]).toBe(true);
    expect(up1?.[0]).toBeGreaterThan(0);
    expect(up1?.[0]).toBeLessThanOrEqual(2_000);
    expect(down?.[1]).toBe(false);
    expect(down?.[0]).toBeGreaterThanOrEqual(24_000);
    expect(down?.[0]).toBeLessThan(26_100);
    expect(up2?.[1]).toBe(true);
    expect(up2?.[0]).toBeGreaterThanOrEqual(52_000);
    expect(up2?.[0]).toBeLessThan(54_100);
    expect(events(cluster, "flappy").find((e) => e.reason === "Unhealthy")?.count).toBe(15);
  });
});
