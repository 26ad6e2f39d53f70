import { describe, expect, it } from "vitest";
import type { Container } from "../api/objects";
import { Timing } from "../cluster/timing";
import { Simulation } from "../sim/simulation";
import type { ObjectRef } from "../trace/traceEvent";
import { containerArgv } from "./containerProcess";
import { ContainerRuntime, type RuntimeContainer, type Sandbox, intToIp, ipToInt } from "./containerRuntime";
import { imageInfo } from "./imageCatalog";

const busybox = imageInfo("busybox:1.36");
const nginx = imageInfo("nginx:1.27");

describe("containerArgv", () => {
  it("overrides the image's ENTRYPOINT with command and its CMD with args, as containerd does", () => {
    expect(containerArgv(undefined, undefined, nginx)).toEqual([
      "/docker-entrypoint.sh",
      "nginx",
      "-g",
      "daemon off;",
    ]);
    expect(containerArgv(undefined, ["nginx", "-T"], nginx)).toEqual([
      "/docker-entrypoint.sh",
      "nginx",
      "-T",
    ]);
    expect(containerArgv(["sleep"], ["5"], nginx)).toEqual(["sleep", "5"]);
    expect(containerArgv(undefined, undefined, busybox)).toEqual(["sh"]);
    expect(containerArgv(undefined, ["sh", "-c", "exit 1"], busybox)).toEqual(["sh", "-c", "exit 1"]);
  });

  it("knows the Kubernetes registries' mirrors of busybox, and treats unknown images as opaque", () => {
    expect(imageInfo("registry.k8s.io/busybox").kind).toBe("busybox");
    expect(imageInfo("registry.k8s.io/e2e-test-images/agnhost:2.40")).toMatchObject({
      kind: "agnhost",
      entrypoint: ["/agnhost"],
    });
    expect(imageInfo("example.com/team/app:1.0")).toMatchObject({ handlesSigterm: true, tag: "1.0" });
    expect(imageInfo("example.com/team/app:1.0").kind).toBeUndefined();
  });
});

describe("ipToInt / intToIp", () => {
  it("round-trips IPv4 addresses", () => {
    expect(ipToInt("10.244.1.0")).toBe(0x0af40100);
    expect(intToIp(0x0af40102)).toBe("10.244.1.2");
    expect(intToIp(ipToInt("255.255.255.255"))).toBe("255.255.255.255");
  });
});

const ref = (name: string): ObjectRef => ({ kind: "Pod", namespace: "default", name, uid: `uid-${name}` });

function runtime(): { sim: Simulation; rt: ContainerRuntime } {
  const sim = new Simulation({ seed: 3 });
  return { sim, rt: new ContainerRuntime(sim, "node-1", "10.244.1.0/24") };
}

function sandbox(sim: Simulation, rt: ContainerRuntime, name: string): Sandbox {
  let result: Sandbox | undefined;
  rt.runPodSandbox(`uid-${name}`, ref(name), (s) => (result = s));
  sim.runUntilIdle();
  if (!result) throw new Error("RunPodSandbox never answered");
  return result;
}

describe("ContainerRuntime sandboxes", () => {
  it("assigns pod IPs from the node's pod CIDR, from .2 up, after 400 ms", () => {
    const { sim, rt } = runtime();
    const a = sandbox(sim, rt, "a");
    expect(sim.now).toBe(Timing.runPodSandboxMs);
    const b = sandbox(sim, rt, "b");
    expect([a.ip, b.ip]).toEqual(["10.244.1.2", "10.244.1.3"]);
    expect(a.state).toBe("ready");
    expect(rt.sandboxes.size).toBe(2);
  });

  it("releases the IP on StopPodSandbox and hands the lowest free one out again", () => {
    const { sim, rt } = runtime();
    const a = sandbox(sim, rt, "a");
    sandbox(sim, rt, "b");
    let stopped = false;
    rt.stopPodSandbox(a.id, ref("a"), () => (stopped = true));
    sim.runUntilIdle();
    expect(stopped).toBe(true);
    expect(a.state).toBe("notready");
    expect(rt.sandboxes.has(a.id)).toBe(false);
    expect(sandbox(sim, rt, "c").ip).toBe("10.244.1.2");
    expect(sandbox(sim, rt, "d").ip).toBe("10.244.1.4");
  });

  it("traces each CRI call as a request and a response between kubelet and runtime", () => {
    const { sim, rt } = runtime();
    sandbox(sim, rt, "a");
    expect(sim.trace.map((e) => [e.from, e.to, e.kind, e.summary])).toEqual([
      ["kubelet/node-1", "container-runtime/node-1", "request", "RunPodSandbox default/a"],
      [
        "container-runtime/node-1",
        "kubelet/node-1",
        "response",
        expect.stringMatching(
          /^sandbox [0-9a-f]{13} ready \(pause container running, CNI assigned IP 10\.244\.1\.2\)$/,
        ),
      ],
    ]);
    const response = sim.trace[1];
    expect(response?.detail).toEqual({
      type: "cri",
      call: "RunPodSandbox",
      durationMs: 400,
      podIP: "10.244.1.2",
    });
    expect(response?.cause).toBe(sim.trace[0]?.seq);
  });
});

describe("ContainerRuntime image pulls", () => {
  function pull(sim: Simulation, rt: ContainerRuntime, image: string): number {
    let took: number | undefined;
    const before = sim.now;
    rt.pullImage(image, ref("p"), (_info, ms) => (took = ms));
    sim.runUntilIdle();
    if (took === undefined) throw new Error("PullImage never answered");
    expect(sim.now - before).toBe(took);
    return took;
  }

  it("takes the image size over 25 MiB/s plus 300 ms", () => {
    const { sim, rt } = runtime();
    // 72 MB / 26 214 400 B/s = 2.747 s
    expect(pull(sim, rt, "nginx:1.27")).toBe(2747 + 300);
    expect(pull(sim, rt, "busybox:1.36")).toBe(84 + 300);
    expect(rt.hasImage("nginx:1.27")).toBe(true);
    expect(rt.hasImage("docker.io/library/nginx:1.27")).toBe(true);
    expect(rt.hasImage("nginx:1.26")).toBe(false);
  });

  it("only re-checks the manifest when the image is already there", () => {
    const { sim, rt } = runtime();
    pull(sim, rt, "nginx:1.27");
    expect(pull(sim, rt, "nginx:1.27")).toBe(Timing.pullManifestCheckMs);
    const responses = sim.trace.filter((e) => e.kind === "response").map((e) => e.summary);
    expect(responses).toEqual([
      "pulled docker.io/library/nginx:1.27 (72000000 bytes)",
      "pulled docker.io/library/nginx:1.27 (72000000 bytes), layers already present",
    ]);
  });

  it("stores what it pulled with the time of the pull", () => {
    const { sim, rt } = runtime();
    pull(sim, rt, "redis:7");
    expect(rt.images.get("docker.io/library/redis:7")).toEqual({
      info: imageInfo("redis:7"),
      pulledAtMs: 2017,
    });
    expect(imageInfo("redis:7").sizeBytes).toBe(45_000_000);
  });
});

describe("ContainerRuntime containers", () => {
  function created(sim: Simulation, rt: ContainerRuntime, spec: Container): RuntimeContainer {
    const sb = sandbox(sim, rt, spec.name);
    let c: RuntimeContainer | undefined;
    rt.createContainer(sb.id, spec, ref(spec.name), (x) => (c = x));
    sim.runUntilIdle();
    if (!c) throw new Error("CreateContainer never answered");
    return c;
  }

  function start(sim: Simulation, rt: ContainerRuntime, c: RuntimeContainer, spec: Container): void {
    let started = false;
    rt.startContainer(c.id, ref(spec.name), () => (started = true));
    sim.runUntilIdle();
    expect(started).toBe(true);
  }

  it("creates in 100 ms and starts in 0.5–1 s", () => {
    const { sim, rt } = runtime();
    const spec: Container = { name: "web", image: "nginx:1.27" };
    const c = created(sim, rt, spec);
    expect(c.state).toBe("created");
    expect(c.image.ref).toBe("docker.io/library/nginx:1.27");
    const before = sim.now;
    start(sim, rt, c, spec);
    expect(c.state).toBe("running");
    expect(c.startedAtMs).toBe(sim.now);
    expect(sim.now - before).toBeGreaterThanOrEqual(Timing.startContainerMinMs);
    expect(sim.now - before).toBeLessThan(Timing.startContainerMaxMs);
  });

  it("lets a process that exits by itself end on the virtual clock and tells the kubelet", () => {
    const { sim, rt } = runtime();
    const exited: RuntimeContainer[] = [];
    rt.onContainerExit = (c) => exited.push(c);
    const spec: Container = { name: "job", image: "busybox:1.36", command: ["sh", "-c", "sleep 2; exit 4"] };
    const c = created(sim, rt, spec);
    start(sim, rt, c, spec);
    const startedAt = c.startedAtMs ?? 0;
    // A running process is not work in flight: the cluster is idle while it sleeps.
    expect(sim.idle).toBe(true);
    sim.runFor(1999);
    expect(c.state).toBe("running");
    sim.runFor(1);
    expect(c.state).toBe("exited");
    expect(c.exitCode).toBe(4);
    expect(c.reason).toBe("Error");
    expect(c.finishedAtMs).toBe(startedAt + 2000);
    expect(exited).toEqual([c]);
    const event = sim.trace[sim.trace.length - 1];
    expect(event).toMatchObject({
      from: "container-runtime/node-1",
      to: "kubelet/node-1",
      kind: "watch",
      summary: "ContainerStopped job: exited with code 4",
    });
    // The exit is foreground work, caused by the StartContainer call that started the process.
    expect(event?.background).toBeUndefined();
    const startRequest = sim.trace.find((e) => e.summary === "StartContainer job");
    expect(event?.cause).toBe(startRequest?.seq);
  });

  it("stops a process that handles SIGTERM quickly, with exit code 0", () => {
    const { sim, rt } = runtime();
    const spec: Container = { name: "web", image: "nginx:1.27" };
    const c = created(sim, rt, spec);
    start(sim, rt, c, spec);
    const before = sim.now;
    rt.stopContainer(c.id, 30, ref("web"), () => {});
    sim.runUntilIdle();
    expect(sim.now - before).toBeGreaterThanOrEqual(100);
    expect(sim.now - before).toBeLessThan(500);
    expect(c).toMatchObject({ state: "exited", exitCode: 0, reason: "Completed", finishedAtMs: sim.now });
  });

  it("kills a process that ignores SIGTERM after the timeout, with exit code 137", () => {
    const { sim, rt } = runtime();
    const exited: RuntimeContainer[] = [];
    rt.onContainerExit = (c) => exited.push(c);
    const spec: Container = { name: "sleeper", image: "busybox:1.36", command: ["sleep", "20"] };
    const c = created(sim, rt, spec);
    start(sim, rt, c, spec);
    const before = sim.now;
    rt.stopContainer(c.id, 5, ref("sleeper"), () => {});
    sim.runUntilIdle();
    expect(sim.now - before).toBe(5000);
    expect(c).toMatchObject({ state: "exited", exitCode: 137, reason: "Error" });
    expect(sim.trace[sim.trace.length - 1]?.summary).toBe(
      "container sleeper stopped (exit code 137, killed after grace period)",
    );
    // The process's own exit (at 20 s) was cancelled.
    sim.runFor(30_000);
    expect(exited).toEqual([]);
  });

  it("removes a sandbox's containers with it, and does not start one removed meanwhile", () => {
    const { sim, rt } = runtime();
    const spec: Container = { name: "web", image: "nginx:1.27" };
    const c = created(sim, rt, spec);
    let reply: RuntimeContainer | undefined;
    rt.startContainer(c.id, ref("web"), (x) => (reply = x));
    rt.stopPodSandbox(c.sandboxId, ref("web"), () => {});
    sim.runUntilIdle();
    expect(rt.containers.size).toBe(0);
    expect(reply?.state).toBe("created");
    expect(sim.trace[sim.trace.length - 1]?.summary).toBe("container web not found");
  });
});
