// A CRI container runtime (containerd) on one node: pod sandboxes (the pause container plus a
// CNI ADD that assigns the pod IP from the node's pod CIDR), an image store, and containers.
// Each CRI call from the kubelet is a traced request; its reply is a traced response after the
// call's simulated duration. Simplified: no real processes — a container's main process either
// runs until stopped or exits on its own, as worked out from its command (see processPlan).

import type { Container } from "../api/objects";
import { Timing } from "../cluster/timing";
import type { Simulation } from "../sim/simulation";
import type { ComponentName, CriDetail, ObjectRef } from "../trace/traceEvent";
import { type ImageInfo, imageInfo } from "./imageCatalog";

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
  readonly image: ImageInfo;
  state: "created" | "running" | "exited";
  startedAtMs?: number;
  finishedAtMs?: number;
  exitCode?: number;
  reason?: string;
  exitTimer?: { cancel(): void };
}

export interface StoredImage {
  readonly info: ImageInfo;
  readonly pulledAtMs: number;
}

/** How a container's process behaves once started, read from its command line. */
export interface ProcessPlan {
  /** undefined: runs until stopped. */
  readonly exitAfterMs?: number;
  readonly exitCode?: number;
}

export function processPlan(container: Container, image: ImageInfo): ProcessPlan {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  if (argv.length === 0) return image.exitsWithoutCommand ? { exitAfterMs: 50, exitCode: 0 } : {};
  let script = argv.join(" ");
  const shell = /^(?:\/bin\/)?(?:sh|bash|ash)\s+-c\s+(.*)$/s.exec(script);
  if (shell) script = shell[1] ?? "";
  script = script.trim().replace(/^["']|["']$/g, "");
  if (/\b(?:while|until)\b|sleep\s+inf|tail\s+-f|\bnginx\b|\bhttpd\b|\bredis-server\b/.test(script))
    return {};
  const statements = script.split(/\s*(?:;|&&)\s*/).filter((s) => s !== "");
  let elapsed = 0;
  for (const statement of statements) {
    const sleep = /^sleep\s+(\d+(?:\.\d+)?)$/.exec(statement);
    if (sleep) {
      elapsed += Math.round(Number(sleep[1]) * 1000);
      continue;
    }
    const exit = /^exit\s+(\d+)$/.exec(statement);
    if (exit) return { exitAfterMs: elapsed + 10, exitCode: Number(exit[1]) };
    if (statement === "false") return { exitAfterMs: elapsed + 10, exitCode: 1 };
    if (statement === "true" || /^(?:echo|printf|date|env|hostname|ls|cat|uname)\b/.test(statement)) {
      elapsed += 10;
      continue;
    }
    // Anything else (a server binary, a script we cannot read): assume it keeps running.
    return {};
  }
  return { exitAfterMs: Math.max(elapsed, 10), exitCode: 0 };
}

export class ContainerRuntime {
  readonly name: ComponentName;
  private readonly kubeletName: ComponentName;
  readonly sandboxes = new Map<string, Sandbox>();
  readonly containers = new Map<string, RuntimeContainer>();
  readonly images = new Map<string, StoredImage>();
  private readonly usedIps = new Set<number>();
  private readonly cidrBase: number;
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

  /** One CRI call: kubelet → runtime request, then the runtime's reply after `durationMs`. */
  private call<T>(
    callName: string,
    summary: string,
    object: ObjectRef | undefined,
    detail: Omit<CriDetail, "type" | "call">,
    durationMs: () => number,
    execute: () => T,
    reply: (result: T) => void,
    describe: (result: T) => { summary: string; detail?: Omit<CriDetail, "type" | "call"> },
  ): void {
    const objectField = object ? { object } : {};
    this.sim.send(
      {
        from: this.kubeletName,
        to: this.name,
        kind: "request",
        summary: `${callName} ${summary}`,
        ...objectField,
        detail: { type: "cri", call: callName, ...detail },
      },
      0,
      () => {
        const duration = durationMs();
        let result: T;
        this.sim.send(
          () => {
            result = execute();
            const d = describe(result);
            return {
              from: this.name,
              to: this.kubeletName,
              kind: "response",
              summary: d.summary,
              ...objectField,
              detail: { type: "cri", call: callName, durationMs: duration, ...detail, ...(d.detail ?? {}) },
            };
          },
          duration,
          () => reply(result),
        );
      },
    );
  }

  runPodSandbox(podUid: string, object: ObjectRef, reply: (sandbox: Sandbox) => void): void {
    this.call(
      "RunPodSandbox",
      `${object.namespace ?? ""}/${object.name}`,
      object,
      {},
      () => Timing.runPodSandboxMs,
      () => {
        const sandbox: Sandbox = { id: this.sim.rng.hex(64), podUid, ip: this.allocateIp(), state: "ready" };
        this.sandboxes.set(sandbox.id, sandbox);
        return sandbox;
      },
      reply,
      (s) => ({
        summary: `sandbox ${s.id.slice(0, 13)} ready (pause container running, CNI assigned IP ${s.ip})`,
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

  createContainer(
    sandboxId: string,
    container: Container,
    object: ObjectRef,
    reply: (c: RuntimeContainer) => void,
  ): void {
    const info = imageInfo(container.image ?? "");
    this.call(
      "CreateContainer",
      container.name,
      object,
      { container: container.name, image: container.image ?? "" },
      () => Timing.createContainerMs,
      () => {
        const created: RuntimeContainer = {
          id: this.sim.rng.hex(64),
          name: container.name,
          sandboxId,
          image: info,
          state: "created",
        };
        this.containers.set(created.id, created);
        return created;
      },
      reply,
      (c) => ({ summary: `container ${c.name} created (${c.id.slice(0, 13)})` }),
    );
  }

  startContainer(
    id: string,
    plan: ProcessPlan,
    object: ObjectRef,
    reply: (c: RuntimeContainer) => void,
  ): void {
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
        c.state = "running";
        c.startedAtMs = this.sim.now;
        if (plan.exitAfterMs !== undefined) {
          const code = plan.exitCode ?? 0;
          // A process running is not work in flight: the timer is background, so the cluster is
          // idle while containers run. The exit itself is foreground work (the kubelet reacts).
          c.exitTimer = this.sim.schedule(
            plan.exitAfterMs,
            () =>
              this.sim.schedule(0, () => this.exit(c, code, code ? "Error" : "Completed"), {
                background: false,
              }),
            { background: true },
          );
        }
        return c;
      },
      reply,
      (r) => ({
        summary: r.state === "running" ? `container ${r.name} started` : `container ${r.name} not found`,
      }),
    );
  }

  /** The process exits by itself: the runtime tells the kubelet (a CRI container event). */
  private exit(c: RuntimeContainer, code: number, reason: string): void {
    if (c.state !== "running") return;
    c.state = "exited";
    c.exitCode = code;
    c.reason = reason;
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

  /** SIGTERM, then SIGKILL after `timeoutSeconds` if the process ignores it. */
  stopContainer(
    id: string,
    timeoutSeconds: number,
    object: ObjectRef,
    reply: (c: RuntimeContainer) => void,
  ): void {
    const c = this.containers.get(id);
    if (!c) return;
    this.call(
      "StopContainer",
      `${c.name} (timeout ${timeoutSeconds}s)`,
      object,
      { container: c.name },
      () =>
        c.state !== "running"
          ? 0
          : c.image.handlesSigterm
            ? 100 + this.sim.rng.int(400)
            : timeoutSeconds * 1000,
      () => {
        if (c.state === "running") {
          c.exitTimer?.cancel();
          c.state = "exited";
          c.finishedAtMs = this.sim.now;
          // 0: the process handled SIGTERM and exited cleanly; 137 = 128 + SIGKILL after the grace period.
          c.exitCode = c.image.handlesSigterm ? 0 : 137;
          c.reason = c.image.handlesSigterm ? "Completed" : "Error";
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
          this.usedIps.delete(ipToInt(sandbox.ip) - this.cidrBase);
          this.sandboxes.delete(id);
        }
        for (const [cid, c] of this.containers) if (c.sandboxId === id) this.containers.delete(cid);
      },
      reply,
      () => ({
        summary: `sandbox ${id.slice(0, 13)} stopped and removed (CNI DEL released ${sandbox?.ip ?? "its IP"})`,
      }),
    );
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
