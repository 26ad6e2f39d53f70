// A container's main process inside the container runtime: its argv (the image's ENTRYPOINT and
// CMD overridden by the container's command and args, as containerd merges them), a filesystem
// from its image, the ports it listens on, and its output (processLog.ts, what `kubectl logs`
// reads). It runs the simulated shell on the virtual clock: each sleep is a background timer, so
// a sleeping container is not work in flight. The process is the host its shell and programs run
// on (ShellHost, ProgramHost). Kept lean: an idle container holds no shell, no generator frames
// and no private copy of its image's files.
// Simplified: one process per container (no `kubectl exec` sessions besides probes' ExecSync).

import type { Container } from "../api/objects";
import type { Simulation, TimerHandle } from "../sim/simulation";
import { strftime } from "./busyboxApplets";
import type { ContainerLaunch } from "./containerEnv";
import { ContainerFs } from "./containerFs";
import type { Listener } from "./httpServers";
import type { ImageInfo } from "./imageCatalog";
import { type ProgramHost, imageLayer, imageProgram, opaqueApp, sigtermExitCode } from "./imagePrograms";
import { type LogLine, ProcessLog } from "./processLog";
import { type CommandFn, type CommandGen, type Io, MAX_SYNC_STEPS, Shell, ShellExit } from "./shell";
import { ShellVars } from "./shellVars";

export { type LogLine, logTimestamp } from "./processLog";

export interface ProcessSpec {
  readonly argv: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly hostname: string;
  readonly podIP: string;
  readonly image: ImageInfo;
  readonly declaredPorts: readonly number[];
  readonly workingDir?: string;
}

/** The result of a command run with ExecSync (an exec probe). */
export interface ExecResult {
  readonly exitCode: number;
  /** stdout and stderr together, as the exec prober reads them. */
  readonly output: string;
  /** Simulated time the command took (its sleeps). */
  readonly durationMs: number;
  readonly timedOut: boolean;
}

/** The argv a container runs: command/args over the image's ENTRYPOINT/CMD (kuberuntime + containerd). */
export function containerArgv(
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
  image: ImageInfo,
): readonly string[] {
  if (command && command.length) return args && args.length ? [...command, ...args] : command;
  const entrypoint = image.entrypoint ?? [];
  const rest = args ?? image.cmd ?? [];
  return entrypoint.length === 0 ? rest : rest.length === 0 ? entrypoint : [...entrypoint, ...rest];
}

/** What CreateContainer builds a process from: the container, its image, what the kubelet resolved. */
export function processSpec(
  container: Container,
  image: ImageInfo,
  hostname: string,
  podIP: string,
  launch: ContainerLaunch | undefined,
): ProcessSpec {
  return {
    argv: containerArgv(
      launch ? launch.command : container.command,
      launch ? launch.args : container.args,
      image,
    ),
    env: launch?.env ?? (container.env ?? []).map((e) => [e.name, e.value ?? ""] as const),
    hostname,
    podIP,
    image,
    declaredPorts: container.ports?.length
      ? container.ports.filter((p) => (p.protocol ?? "TCP") === "TCP").map((p) => p.containerPort)
      : NO_PORTS,
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
  };
}

const NO_PORTS: readonly number[] = [];
const RESOLV_CONF =
  "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";

export class ContainerProcess implements ProgramHost {
  readonly fs: ContainerFs;
  /** Its exit code when SIGTERM ends it; undefined if it ignores SIGTERM (only SIGKILL stops it). */
  readonly sigtermExit: number | undefined;
  running = false;
  /** [port, listener] pairs: a container listens on a port or two. */
  private listeners: [number, Listener][] | undefined;
  private readonly log_ = new ProcessLog();
  private gen: CommandGen | undefined;
  private timer: TimerHandle | undefined;
  private startedAtMs = 0;
  private readonly cwd: string;

  constructor(
    private readonly sim: Simulation,
    readonly spec: ProcessSpec,
    /** Called once when the process exits by itself, with its exit status. */
    private readonly onExit: (code: number) => void,
  ) {
    this.fs = new ContainerFs(imageLayer(spec.image), this);
    this.sigtermExit = sigtermExitCode(spec.argv, spec.image);
    this.cwd = spec.workingDir ?? "/";
    if (spec.workingDir) this.fs.mkdirAll(spec.workingDir);
  }

  /** The files the kubelet mounts into every container. */
  mounted(path: string): string | undefined {
    const { hostname, podIP } = this.spec;
    if (path === "/etc/hostname") return `${hostname}\n`;
    if (path === "/etc/hosts")
      return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${podIP}\t${hostname}\n`;
    return path === "/etc/resolv.conf" ? RESOLV_CONF : undefined;
  }

  // ---- ProgramHost (what the shell and the image's programs run on) ----------------------------

  get hostname(): string {
    return this.spec.hostname;
  }
  get image(): ImageInfo {
    return this.spec.image;
  }
  get podIP(): string {
    return this.spec.podIP;
  }
  get declaredPorts(): readonly number[] {
    return this.spec.declaredPorts;
  }
  epochNow(): number {
    return this.sim.epochMs + this.sim.now;
  }
  uptimeMs(): number {
    return this.sim.now - this.startedAtMs;
  }
  program(name: string): CommandFn | undefined {
    return imageProgram(this.spec.image, name);
  }
  /** An opaque image's unknown programs are its app; a known image has none. */
  unknownProgram(): CommandFn | undefined {
    return this.spec.image.kind === undefined ? opaqueApp : undefined;
  }
  log(fd: 1 | 2, text: string): void {
    this.log_.write(this.sim.now, fd, text);
  }
  logRendered(fd: 1 | 2, render: (epochMs: number) => string): void {
    this.log_.writeRendered(this.sim.now, fd, render);
  }
  listen(port: number, listener: Listener): boolean {
    if (this.listeners?.some((l) => l[0] === port)) return false;
    (this.listeners ??= []).push([port, listener]);
    return true;
  }

  // ---- the process ---------------------------------------------------------------------------

  private newShell(): Shell {
    const vars = new ShellVars(this.spec.env);
    // What the image's config and the runtime add, unless the container's env sets them.
    const defaults: [string, string][] = [
      ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      ["HOSTNAME", this.spec.hostname],
      ["HOME", "/root"],
    ];
    for (const [name, value] of defaults) if (vars.get(name) === undefined) vars.set(name, value);
    const sh = new Shell(this, vars);
    sh.cwd = this.cwd;
    return sh;
  }

  /** Whether the image can run argv[0] at all (else the runtime fails StartContainer). */
  canStart(): boolean {
    // An opaque image runs its app whatever the command line; a known one needs the program.
    if (this.spec.image.kind === undefined) return true;
    const name = this.spec.argv[0];
    return name !== undefined && this.newShell().lookup(name) !== undefined;
  }

  /** Why runc cannot start it (the StartError message containerd reports). */
  startError(): string {
    const bin = this.spec.argv[0] ?? "";
    const why = bin.includes("/")
      ? `stat ${bin}: no such file or directory`
      : "executable file not found in $PATH";
    return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${bin}": ${why}: unknown`;
  }

  /** StartContainer: the process begins now. */
  start(): void {
    this.running = true;
    this.startedAtMs = this.sim.now;
    const shell = this.newShell();
    const argv = this.spec.argv;
    const io: Io = { write: (fd, text) => this.log(fd, text) };
    this.gen = (function* (): CommandGen {
      try {
        return yield* shell.exec(argv, io);
      } catch (e) {
        if (e instanceof ShellExit) return e.code;
        throw e;
      }
    })();
    // Its first steps run now: a server listens as soon as StartContainer returns. An exit is
    // reported through a later task, so the kubelet always sees the start first.
    this.advance();
  }

  private advance(): void {
    this.timer = undefined;
    const gen = this.gen;
    if (!gen || !this.running) return;
    for (;;) {
      const r = gen.next();
      if (r.done) return this.exited(r.value);
      if (r.value === Infinity) {
        // Blocked for good (a server in the foreground): nothing will resume it, so let it go.
        this.gen = undefined;
        return;
      }
      if (r.value > 0) {
        this.timer = this.sim.schedule(r.value, () => this.advance(), { background: true });
        return;
      }
    }
  }

  private exited(code: number): void {
    this.stop();
    this.onExit(code);
  }

  /** The process ends (it exited, or was killed): timers stop, ports close, output is flushed. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.gen = undefined;
    this.listeners = undefined;
    this.log_.flush(this.sim.now);
  }

  /** The nginx image's stop signal is SIGQUIT: it logs its graceful shutdown. */
  logShutdown(): void {
    if (!this.listener(80) || this.spec.image.kind !== "nginx") return;
    const stamp = strftime("%Y/%m/%d %H:%M:%S", this.epochNow());
    this.log(
      2,
      `${stamp} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n${stamp} [notice] 1#1: exit\n`,
    );
  }

  /** What it wrote, line by line. */
  logLines(): LogLine[] {
    return this.log_.lines(this.sim.epochMs);
  }

  /** ExecSync: runs argv in the container now (its effects land now); gives up after the timeout. */
  exec(argv: readonly string[], timeoutMs: number): ExecResult {
    let output = "";
    const io: Io = { write: (_fd, text) => (output += text) };
    const gen = this.newShell().exec(argv, io);
    let durationMs = 0;
    try {
      for (let i = 0; i < MAX_SYNC_STEPS; i++) {
        const r = gen.next();
        if (r.done) return { exitCode: r.value, output, durationMs, timedOut: false };
        durationMs += r.value;
        if (durationMs > timeoutMs) break;
      }
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      return { exitCode: e.code, output, durationMs, timedOut: false };
    }
    return { exitCode: -1, output, durationMs: timeoutMs, timedOut: true };
  }

  /** What listens on one of the container's ports, if anything. */
  listener(port: number): Listener | undefined {
    return this.running ? this.listeners?.find((l) => l[0] === port)?.[1] : undefined;
  }
}
