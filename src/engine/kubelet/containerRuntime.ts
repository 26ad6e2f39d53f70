// A CRI container runtime (containerd) on one node: pod sandboxes (the pause container plus a
// CNI ADD that assigns the pod IP from the node's pod CIDR), an image store, and containers
// whose main process runs the simulated shell on the virtual clock (containerProcess.ts): it
// writes logs, touches files, listens on ports and exits with the code its command gives.
// Each CRI call from the kubelet is a traced request; its reply is a traced response after the
// call's simulated duration. Simplified: no cgroups or resource limits (no OOMKilled), no
// image config beyond ENTRYPOINT/CMD, logs kept in memory per container instance.

import type { Container } from "../api/objects";
import { Timing } from "../cluster/timing";
import type { Simulation } from "../sim/simulation";
import type { ComponentName, ObjectRef } from "../trace/traceEvent";
import type { ContainerLaunch } from "./containerEnv";
import { ContainerProcess, type ExecResult, processSpec } from "./containerProcess";
import { execSyncCall } from "./execSync";
import { type CriFields, criCall } from "./criCall";
import type { Listener } from "./httpServers";
import { type ImageInfo, imageInfo } from "./imageCatalog";
import { type ContainerLogEntry, InstanceHistory, logEntries } from "./runtimeLogs";

export type { ContainerLogEntry };

export interface Sandbox {
  readonly id: string;
  readonly podUid: string;
  readonly ip: string;
  state: "ready" | "notready";
}

export interface RuntimeContainer {
  readonly id: string;
  readonly name: string;
  readonly sandboxId: string;
  /** The pod it belongs to (absent on records made from a reported status). */
  readonly podUid?: string;
  readonly image: ImageInfo;
  state: "created" | "running" | "exited";
  startedAtMs?: number;
  finishedAtMs?: number;
  exitCode?: number;
  reason?: string;
  /** Why the runtime could not start it (reason StartError). */
  message?: string;
  /** Its main process; absent for the static pods' containers adopted at start-up. */
  process?: ContainerProcess;
}

export interface StoredImage {
  readonly info: ImageInfo;
  readonly pulledAtMs: number;
}

export class ContainerRuntime {
  readonly name: ComponentName;
  private readonly kubeletName: ComponentName;
  readonly sandboxes = new Map<string, Sandbox>();
  readonly containers = new Map<string, RuntimeContainer>();
  readonly images = new Map<string, StoredImage>();
  private readonly usedIps = new Set<number>();
  private readonly cidrBase: number;
  /** Each pod container's current instance and the one before it, for logs. */
  private readonly history = new InstanceHistory<RuntimeContainer>();
  /** Called when a running container's process exits on its own (CRI container event). */
  onContainerExit: (container: RuntimeContainer) => void = () => {};

  constructor(
    private readonly sim: Simulation,
    readonly nodeName: string,
    /** The node's pod CIDR, a /24: `10.244.1.0/24`. */
    podCidr: string,
  ) {
    this.name = `container-runtime/${nodeName}`;
    this.kubeletName = `kubelet/${nodeName}`;
    this.cidrBase = ipToInt(podCidr.split("/")[0] ?? "10.244.0.0");
  }

  /** The node's address on its pod bridge (.1): where the kubelet's probes come from. */
  get gatewayIp(): string {
    return intToIp(this.cidrBase + 1);
  }

  /** One CRI call: kubelet → runtime request, then the runtime's reply after `durationMs`. */
  private call<T>(
    callName: string,
    summary: string,
    object: ObjectRef | undefined,
    detail: CriFields,
    durationMs: () => number,
    execute: () => T,
    reply: (result: T) => void,
    describe: (result: T) => { summary: string; detail?: CriFields },
  ): void {
    criCall({
      sim: this.sim,
      kubelet: this.kubeletName,
      runtime: this.name,
      call: callName,
      summary,
      object,
      detail,
      durationMs,
      execute,
      reply,
      describe,
    });
  }

  /**
   * RunPodSandbox: the pause container and, unless the pod uses the host's network (then its IP
   * is the node's: `hostNetworkIp`), a CNI ADD that assigns it an IP from the node's pod CIDR.
   */
  runPodSandbox(
    podUid: string,
    object: ObjectRef,
    reply: (sandbox: Sandbox) => void,
    hostNetworkIp?: string,
  ): void {
    this.call(
      "RunPodSandbox",
      `${object.namespace ?? ""}/${object.name}`,
      object,
      {},
      () => Timing.runPodSandboxMs,
      () => {
        const ip = hostNetworkIp ?? this.allocateIp();
        const sandbox: Sandbox = { id: this.sim.rng.hex(64), podUid, ip, state: "ready" };
        this.sandboxes.set(sandbox.id, sandbox);
        return sandbox;
      },
      reply,
      (s) => ({
        summary: hostNetworkIp
          ? `sandbox ${s.id.slice(0, 13)} ready (pause container running, host network ${s.ip})`
          : `sandbox ${s.id.slice(0, 13)} ready (pause container running, CNI assigned IP ${s.ip})`,
        detail: { podIP: s.ip },
      }),
    );
  }

  hasImage(image: string): boolean {
    return this.images.has(imageInfo(image).ref);
  }

  /** Pulls an image (or re-checks a cached one with the registry). Replies with the pull duration. */
  pullImage(image: string, object: ObjectRef, reply: (info: ImageInfo, durationMs: number) => void): void {
    const info = imageInfo(image);
    const cached = this.images.has(info.ref);
    let duration = 0;
    this.call(
      "PullImage",
      image,
      object,
      { image },
      () => {
        duration = cached
          ? Timing.pullManifestCheckMs
          : Math.round((info.sizeBytes / Timing.pullBytesPerSecond) * 1000) + 300;
        return duration;
      },
      () => {
        this.images.set(info.ref, { info, pulledAtMs: this.sim.now });
        return info;
      },
      (result) => reply(result, duration),
      () => ({
        summary: `pulled ${info.ref} (${info.sizeBytes} bytes)${cached ? ", layers already present" : ""}`,
      }),
    );
  }

  /**
   * CreateContainer: a container with its root filesystem and main process, ready to start.
   * `launch` is what the kubelet resolved (environment, `$(VAR)`-expanded command and args).
   */
  createContainer(
    sandboxId: string,
    container: Container,
    object: ObjectRef,
    reply: (c: RuntimeContainer) => void,
    launch?: ContainerLaunch,
  ): void {
    const info = imageInfo(container.image ?? "");
    this.call(
      "CreateContainer",
      container.name,
      object,
      { container: container.name, image: container.image ?? "" },
      () => Timing.createContainerMs,
      () => {
        const sandbox = this.sandboxes.get(sandboxId);
        const created: RuntimeContainer = {
          id: this.sim.rng.hex(64),
          name: container.name,
          sandboxId,
          podUid: sandbox?.podUid ?? object.uid ?? "",
          image: info,
          state: "created",
        };
        created.process = new ContainerProcess(
          this.sim,
          processSpec(container, info, object.name, sandbox?.ip ?? "", launch),
          // A running process is not work in flight (its timers are background); its exit is.
          (code) => this.sim.schedule(0, () => this.exit(created, code), { background: false }),
        );
        this.containers.set(created.id, created);
        this.history.add(created.podUid ?? "", created.name, created);
        return created;
      },
      reply,
      (c) => ({ summary: `container ${c.name} created (${c.id.slice(0, 13)})` }),
    );
  }

  /** StartContainer: the main process starts (or cannot: exit 128, StartError, as runc reports). */
  startContainer(id: string, object: ObjectRef, reply: (c: RuntimeContainer) => void): void {
    const c = this.containers.get(id);
    if (!c) return;
    this.call(
      "StartContainer",
      c.name,
      object,
      { container: c.name },
      () =>
        Timing.startContainerMinMs +
        this.sim.rng.int(Timing.startContainerMaxMs - Timing.startContainerMinMs),
      () => {
        // StopPodSandbox removed the container while this call was in flight: nothing to start.
        if (!this.containers.has(c.id) || c.state !== "created") return c;
        c.startedAtMs = this.sim.now;
        const process = c.process;
        if (process && !process.canStart()) {
          c.state = "exited";
          c.exitCode = 128;
          c.reason = "StartError";
          c.message = process.startError();
          c.finishedAtMs = this.sim.now;
          return c;
        }
        c.state = "running";
        process?.start();
        return c;
      },
      reply,
      (r) =>
        r.reason === "StartError"
          ? { summary: `container ${r.name} failed to start`, detail: { error: r.message ?? "" } }
          : {
              summary:
                r.state === "running" ? `container ${r.name} started` : `container ${r.name} not found`,
            },
    );
  }

  /** The process exits by itself: the runtime tells the kubelet (a CRI container event). */
  private exit(c: RuntimeContainer, code: number): void {
    if (c.state !== "running") return;
    c.state = "exited";
    c.exitCode = code;
    c.reason = code ? "Error" : "Completed";
    c.finishedAtMs = this.sim.now;
    this.sim.send(
      {
        from: this.name,
        to: this.kubeletName,
        kind: "watch",
        summary: `ContainerStopped ${c.name}: exited with code ${code}`,
        detail: { type: "cri", call: "ContainerEvent", container: c.name },
      },
      0,
      () => this.onContainerExit(c),
    );
  }

  /** SIGTERM (the image's stop signal), then SIGKILL after `timeoutSeconds` if the process ignores it. */
  stopContainer(
    id: string,
    timeoutSeconds: number,
    object: ObjectRef,
    reply: (c: RuntimeContainer) => void,
  ): void {
    const c = this.containers.get(id);
    if (!c) return;
    // Adopted static pods have no process: their images say whether they stop on SIGTERM.
    const onTerm = c.process ? c.process.sigtermExit : c.image.handlesSigterm ? 0 : undefined;
    this.call(
      "StopContainer",
      `${c.name} (timeout ${timeoutSeconds}s)`,
      object,
      { container: c.name },
      () =>
        c.state !== "running"
          ? 0
          : onTerm !== undefined
            ? 100 + this.sim.rng.int(400)
            : timeoutSeconds * 1000,
      () => {
        if (c.state === "running") {
          if (onTerm !== undefined) c.process?.logShutdown();
          c.process?.stop();
          c.state = "exited";
          c.finishedAtMs = this.sim.now;
          // The process's own exit on SIGTERM, or 137 = 128 + SIGKILL after the grace period.
          c.exitCode = onTerm ?? 137;
          c.reason = c.exitCode === 0 ? "Completed" : "Error";
        }
        return c;
      },
      reply,
      (r) => ({
        summary: `container ${r.name} stopped (exit code ${r.exitCode ?? 0}${r.exitCode === 137 ? ", killed after grace period" : ""})`,
      }),
    );
  }

  removeContainer(id: string): void {
    this.containers.delete(id);
  }

  /**
   * ExecSync (an exec probe): runs `argv` in a running container; its effects land when the
   * request arrives, the reply comes after the command's run time (at most the timeout).
   * Replies undefined if the container is not running.
   */
  execSync(
    id: string,
    argv: readonly string[],
    timeoutSeconds: number,
    object: ObjectRef,
    reply: (result: ExecResult | undefined) => void,
  ): void {
    execSyncCall(
      this.sim,
      this.kubeletName,
      this.name,
      this.containers.get(id),
      id,
      argv,
      timeoutSeconds,
      object,
      reply,
    );
  }

  /** What listens on `port` in a pod's network namespace (any of its running containers). */
  listenerAt(sandboxId: string, port: number): Listener | undefined {
    for (const c of this.containers.values()) {
      if (c.sandboxId !== sandboxId || c.state !== "running") continue;
      const l = c.process?.listener(port);
      if (l) return l;
    }
    return undefined;
  }

  stopPodSandbox(id: string, object: ObjectRef, reply: () => void): void {
    const sandbox = this.sandboxes.get(id);
    this.call(
      "StopPodSandbox",
      id.slice(0, 13),
      object,
      {},
      () => Timing.stopSandboxMs,
      () => {
        if (sandbox) {
          sandbox.state = "notready";
          // Only pod-network addresses were allocated (a host-network sandbox has the node's).
          const host = ipToInt(sandbox.ip) - this.cidrBase;
          if (host > 0 && host < 256) this.usedIps.delete(host);
          this.sandboxes.delete(id);
        }
        for (const [cid, c] of this.containers)
          if (c.sandboxId === id) {
            c.process?.stop();
            this.containers.delete(cid);
          }
      },
      reply,
      () => ({
        summary: `sandbox ${id.slice(0, 13)} stopped and removed (CNI DEL released ${sandbox?.ip ?? "its IP"})`,
      }),
    );
  }

  // ---- logs ----------------------------------------------------------------------------------

  /** A container instance's log (CRI ReadLogs on its log file). */
  containerLogs(c: RuntimeContainer): ContainerLogEntry[] {
    return logEntries(c.process?.logLines() ?? [], this.sim.epochMs);
  }

  /**
   * The log of a pod's container: its latest instance, or with `previous` the one before it;
   * undefined if there is no such instance. (Which instance `kubectl logs` reads, by the
   * kubelet's rules, is PodWorker.logs.)
   */
  logs(
    podUid: string,
    containerName: string,
    options: { previous?: boolean } = {},
  ): ContainerLogEntry[] | undefined {
    const c = this.history.instance(podUid, containerName, options.previous ?? false);
    return c ? this.containerLogs(c) : undefined;
  }

  /** The pod is gone (deleted from the API): its containers' logs go with it. */
  forgetPod(podUid: string): void {
    this.history.forget(podUid);
  }

  /** host-local IPAM: the lowest free address after the gateway (.1). */
  private allocateIp(): string {
    for (let host = 2; host < 255; host++) {
      if (!this.usedIps.has(host)) {
        this.usedIps.add(host);
        return intToIp(this.cidrBase + host);
      }
    }
    throw new Error(`no free IP in the pod CIDR of ${this.nodeName}`);
  }

  /** Cluster start-up: a sandbox and containers that are already running (static pods). */
  adoptRunning(
    podUid: string,
    containers: readonly Container[],
    startedAtMs: number,
    hostNetworkIp?: string,
  ): { sandbox: Sandbox; containers: RuntimeContainer[] } {
    const sandbox: Sandbox = {
      id: this.sim.rng.hex(64),
      podUid,
      ip: hostNetworkIp ?? this.allocateIp(),
      state: "ready",
    };
    this.sandboxes.set(sandbox.id, sandbox);
    const running = containers.map((c) => {
      const info = imageInfo(c.image ?? "");
      this.images.set(info.ref, { info, pulledAtMs: 0 });
      const rc: RuntimeContainer = {
        id: this.sim.rng.hex(64),
        name: c.name,
        sandboxId: sandbox.id,
        podUid,
        image: info,
        state: "running",
        startedAtMs,
      };
      this.containers.set(rc.id, rc);
      return rc;
    });
    return { sandbox, containers: running };
  }

  preloadImage(image: string): void {
    const info = imageInfo(image);
    this.images.set(info.ref, { info, pulledAtMs: 0 });
  }
}

export function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
