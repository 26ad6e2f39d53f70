import { describe, expect, it } from "vitest";
import type { Container } from "../api/objects";
import { Simulation } from "../sim/simulation";
import type { ObjectRef } from "../trace/traceEvent";
import { containerLaunch } from "./containerEnv";
import { ContainerProcess, processSpec } from "./containerProcess";
import { ContainerRuntime, type RuntimeContainer } from "./containerRuntime";
import { imageInfo } from "./imageCatalog";
import { ProcessLog } from "./processLog";

function proc(sim: Simulation, spec: Container, exits: number[] = []): ContainerProcess {
  const pod = { metadata: { name: "p", namespace: "default" }, spec: { containers: [spec] } };
  const launch = containerLaunch(pod, spec, "10.244.1.9", "172.18.0.3");
  return new ContainerProcess(
    sim,
    processSpec(spec, imageInfo(spec.image ?? ""), "p", "10.244.1.9", launch),
    (c) => exits.push(c),
  );
}

describe("ContainerProcess", () => {
  it("gives each container its own changes over a shared image layer, and the kubelet's files", () => {
    const sim = new Simulation();
    const a = proc(sim, { name: "a", image: "nginx:1.27" });
    const b = proc(sim, { name: "b", image: "nginx:1.27" });
    expect(a.exec(["rm", "/usr/share/nginx/html/index.html"], 1000).exitCode).toBe(0);
    expect(a.fs.isFile("/usr/share/nginx/html/index.html")).toBe(false);
    expect(b.fs.read("/usr/share/nginx/html/index.html")).toHaveLength(615);
    expect(a.exec(["cat", "/etc/hostname", "/etc/hosts"], 1000).output).toBe(
      "p\n# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.9\tp\n",
    );
    expect(b.exec(["ls", "/usr/share/nginx/html"], 1000).output).toBe("50x.html\nindex.html\n");
    expect(b.exec(["sh", "-c", "rm -r /usr/share/nginx; ls /usr/share"], 1000).output).toBe("");
  });

  it("knows which main processes end on SIGTERM, and with which exit code", () => {
    const sim = new Simulation();
    const exit = (spec: Partial<Container>) =>
      proc(sim, { name: "c", image: "busybox:1.36", ...spec }).sigtermExit;
    expect(exit({ image: "nginx:1.27" })).toBe(0);
    expect(exit({ image: "redis:7" })).toBe(0);
    expect(exit({ image: "registry.k8s.io/e2e-test-images/agnhost:2.40", args: ["liveness"] })).toBe(2);
    expect(exit({ image: "example.com/app:1" })).toBe(0);
    // A shell or sleep as PID 1 ignores SIGTERM: only SIGKILL (137) ends it.
    expect(exit({ command: ["sh", "-c", "sleep 3600"] })).toBeUndefined();
    expect(exit({ command: ["sleep", "3600"] })).toBeUndefined();
    expect(exit({ image: "nginx:1.27", command: ["sh", "-c", "nginx -g 'daemon off;'"] })).toBeUndefined();
  });

  it("starts what the image has, and refuses what it does not (runc's StartError)", () => {
    const sim = new Simulation();
    expect(proc(sim, { name: "c", image: "busybox:1.36", command: ["sleep", "1"] }).canStart()).toBe(true);
    const missing = proc(sim, { name: "c", image: "busybox:1.36", command: ["/app/server"] });
    expect(missing.canStart()).toBe(false);
    expect(missing.startError()).toBe(
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/server": stat /app/server: no such file or directory: unknown',
    );
    expect(proc(sim, { name: "c", image: "example.com/app:1", command: ["/app/server"] }).canStart()).toBe(
      true,
    );
  });

  it("runs nginx without `daemon off;` in the background: the script goes on and exits", () => {
    const sim = new Simulation();
    const exits: number[] = [];
    const p = proc(
      sim,
      { name: "c", image: "nginx:1.27", command: ["sh", "-c", "nginx; echo started"] },
      exits,
    );
    p.start();
    sim.runFor(10);
    expect(exits).toEqual([0]);
    expect(
      p
        .logLines()
        .map((l) => l.line)
        .at(-1),
    ).toBe("started");
    expect(p.listener(80)).toBeUndefined();
  });

  it("works in the container's workingDir", () => {
    const sim = new Simulation();
    const p = proc(sim, {
      name: "c",
      image: "busybox:1.36",
      workingDir: "/app/data",
      command: ["sleep", "9"],
    });
    expect(p.exec(["sh", "-c", "pwd; touch f; ls /app/data"], 1000).output).toBe("/app/data\nf\n");
  });
});

describe("ProcessLog", () => {
  it("keeps whole lines with their time, joins a line written in pieces, and flushes the last", () => {
    const log = new ProcessLog();
    log.write(0, 1, "a\nb");
    log.write(5, 1, "c\n");
    log.write(6, 2, "err\n");
    log.write(7, 1, "tail");
    log.writeRendered(8, 2, (ms) => `at ${ms}\n`);
    log.flush(9);
    expect(log.lines(1000).map((l) => [l.timeMs, l.stream, l.line])).toEqual([
      [0, "stdout", "a"],
      [5, "stdout", "bc"],
      [6, "stderr", "err"],
      [8, "stderr", "at 1008"],
      [9, "stdout", "tail"],
    ]);
  });
});

describe("ContainerRuntime: host network and logs across restarts", () => {
  const ref: ObjectRef = { kind: "Pod", namespace: "default", name: "p", uid: "uid-p" };

  it("gives a hostNetwork sandbox the node's IP and keeps the pod CIDR for the others", () => {
    const sim = new Simulation();
    const rt = new ContainerRuntime(sim, "node-1", "10.244.1.0/24");
    const ips: string[] = [];
    rt.runPodSandbox("a", ref, (s) => ips.push(s.ip), "172.18.0.3");
    rt.runPodSandbox("b", ref, (s) => ips.push(s.ip));
    sim.runUntilIdle();
    expect(ips).toEqual(["172.18.0.3", "10.244.1.2"]);
    expect(sim.trace.find((e) => e.summary.includes("host network"))?.summary).toMatch(
      /^sandbox [0-9a-f]{13} ready \(pause container running, host network 172\.18\.0\.3\)$/,
    );
  });

  it("keeps the current and the previous instance's logs per pod container until the pod goes", () => {
    const sim = new Simulation();
    const rt = new ContainerRuntime(sim, "node-1", "10.244.1.0/24");
    let sandboxId = "";
    rt.runPodSandbox("uid-p", ref, (s) => (sandboxId = s.id));
    sim.runUntilIdle();
    const run = (n: number): RuntimeContainer => {
      let c: RuntimeContainer | undefined;
      const spec: Container = { name: "app", image: "busybox:1.36", command: ["sh", "-c", `echo run ${n}`] };
      rt.createContainer(sandboxId, spec, ref, (x) => (c = x));
      sim.runUntilIdle();
      rt.startContainer(c?.id ?? "", ref, () => {});
      sim.runUntilIdle();
      return c as RuntimeContainer;
    };
    run(1);
    expect(rt.logs("uid-p", "app")?.map((l) => l.line)).toEqual(["run 1"]);
    expect(rt.logs("uid-p", "app", { previous: true })).toBeUndefined();
    run(2);
    run(3);
    expect(rt.logs("uid-p", "app")?.map((l) => l.line)).toEqual(["run 3"]);
    expect(rt.logs("uid-p", "app", { previous: true })?.map((l) => l.line)).toEqual(["run 2"]);
    expect(rt.logs("uid-p", "app")?.[0]?.time).toMatch(/^2026-01-01T09:00:0\d\.\d{3}000000Z$/);
    rt.forgetPod("uid-p");
    expect(rt.logs("uid-p", "app")).toBeUndefined();
  });
});
