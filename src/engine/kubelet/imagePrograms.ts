// What an image contains, as far as its processes go: the files a container starts with and
// the programs it can run beyond the shell's own (servers such as nginx, the nginx image's
// entrypoint script, busybox's nc and httpd, agnhost). An opaque image (not in the catalog) is
// taken to hold one app: whatever it runs keeps running and answers HTTP 200 on the ports the
// container declares, so a learner's own image behaves like a healthy server.

import {
  HTTPD_INDEX,
  HTTPD_ROOT,
  type Listener,
  NGINX_ENTRYPOINT_TEXT,
  NGINX_INDEX,
  NGINX_ROOT,
  type ServerContext,
  agnhostLiveness,
  apacheAccessLog,
  fixedListener,
  httpdStartup,
  nginxListener,
  nginxStartup,
  nginxVersion,
  staticListener,
  tcpListener,
} from "./httpServers";
import { type FsLayer, fsLayer } from "./containerFs";
import type { ImageInfo } from "./imageCatalog";
import type { CommandFn, CommandGen, Io, Shell, ShellHost } from "./shell";
import { strftime } from "./busyboxApplets";
import { SHELL_PROGRAMS } from "./shellCommands";

/** What a program needs from the container it runs in (the container's process provides it). */
export interface ProgramHost extends ShellHost, ServerContext {
  readonly image: ImageInfo;
  readonly podIP: string;
  /** containerPort values the container declares (TCP). */
  readonly declaredPorts: readonly number[];
  /** Starts serving on a port; false if the port is taken. */
  listen(port: number, listener: Listener): boolean;
}

/** Server programs only run in containers, whose shell host is their process. */
const hostOf = (sh: Shell): ProgramHost => sh.host as ProgramHost;

/** Files an image starts with. */
function imageFiles(kind: string | undefined): Record<string, string> {
  switch (kind) {
    case "nginx":
      return {
        [`${NGINX_ROOT}/index.html`]: NGINX_INDEX,
        [`${NGINX_ROOT}/50x.html`]:
          "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n</html>\n",
        "/etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n",
        "/etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    server_name  localhost;\n}\n",
        "/docker-entrypoint.sh": "#!/bin/sh\n",
      };
    case "httpd":
      return { [`${HTTPD_ROOT}/index.html`]: HTTPD_INDEX, "/usr/local/bin/httpd-foreground": "#!/bin/sh\n" };
    default:
      return {};
  }
}

const layers = new Map<string, FsLayer>();

/** The read-only filesystem layer of an image, built once and shared by its containers. */
export function imageLayer(image: ImageInfo): FsLayer {
  const key = image.kind ?? "";
  let layer = layers.get(key);
  if (!layer) layers.set(key, (layer = fsLayer(imageFiles(image.kind))));
  return layer;
}

/** Blocks forever: the program serves in the foreground until it is stopped. */
function* forever(sh: Shell): CommandGen {
  return yield* sh.sleep(Infinity);
}

function portArg(argv: readonly string[], flag: string, fallback: number): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === flag) return Number(argv[i + 1]) || fallback;
    if (a.startsWith(`${flag}=`)) return Number(a.slice(flag.length + 1)) || fallback;
  }
  return fallback;
}

/** Fails like a server that cannot bind its port. */
function bindFailed(io: Io, program: string, port: number): number {
  io.write(2, `${program}: bind: Address in use (port ${port})\n`);
  return 1;
}

const nginx: CommandFn = function* (sh, argv, io) {
  const host = hostOf(sh);
  const version = nginxVersion(host.image.tag);
  if (!host.listen(80, nginxListener(host, version))) {
    io.write(2, `nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address in use)\n`);
    return 1;
  }
  nginxStartup(host, version);
  // Without `daemon off;` nginx forks into the background and the command returns at once.
  return argv.some((a) => /daemon\s+off/.test(a)) ? yield* forever(sh) : 0;
};
const entrypoint: CommandFn = function* (sh, argv, io) {
  const host = hostOf(sh);
  const rest = argv.slice(1);
  if (host.image.kind === "nginx" && /^nginx/.test(rest[0] ?? "")) host.log(1, NGINX_ENTRYPOINT_TEXT);
  if (rest.length === 0) return 0;
  return yield* sh.exec(rest, io);
};
const tcpServer = (program: string, port: number, lines: (t: number) => string = () => ""): CommandFn =>
  function* (sh, argv, io) {
    const host = hostOf(sh);
    const p = portArg(argv, "--port", port);
    if (!host.listen(p, tcpListener(program))) return bindFailed(io, program, p);
    const text = lines(host.epochNow());
    if (text) host.log(1, text);
    return yield* forever(sh);
  };
const httpd: CommandFn = function* (sh, argv, io) {
  const host = hostOf(sh);
  if (host.image.kind === "httpd") {
    if (!host.listen(80, staticListener(host, "httpd", HTTPD_ROOT, true, apacheAccessLog(host))))
      return bindFailed(io, "httpd", 80);
    httpdStartup(host, host.podIP);
    return yield* forever(sh);
  }
  // busybox httpd: -p PORT, -h HOME, -f to stay in the foreground.
  const port = portArg(argv, "-p", 80);
  const homeAt = argv.indexOf("-h");
  const home = sh.path(homeAt >= 0 ? (argv[homeAt + 1] ?? ".") : ".");
  if (!host.listen(port, staticListener(host, "httpd", home, false))) return bindFailed(io, "httpd", port);
  return argv.includes("-f") ? yield* forever(sh) : 0;
};
const nc: CommandFn = function* (sh, argv, io) {
  const host = hostOf(sh);
  if (!argv.some((a) => /^-[a-z]*l/.test(a))) {
    io.write(2, "nc: can't connect to remote host: Connection refused\n");
    return 1;
  }
  const positional = argv.slice(1).filter((a) => /^\d+$/.test(a));
  const port = portArg(argv, "-p", Number(positional.at(-1)) || 0);
  if (!host.listen(port, tcpListener("nc"))) return bindFailed(io, "nc", port);
  return yield* forever(sh);
};
const python: CommandFn = function* (sh, argv, io) {
  const host = hostOf(sh);
  if (argv[1] === "-m" && argv[2] === "http.server") {
    const port = Number(argv[3]) || 8000;
    if (!host.listen(port, staticListener(host, "python3", sh.cwd, true)))
      return bindFailed(io, "python3", port);
    return yield* forever(sh);
  }
  // The REPL without a terminal reads end of file and exits; a script is the image's app.
  return argv.length === 1 ? 0 : yield* opaqueApp(sh, argv, io);
};
const node: CommandFn = function* (sh, argv, io) {
  return argv.length === 1 ? 0 : yield* opaqueApp(sh, argv, io);
};
const agnhost: CommandFn = function* (sh, argv, io) {
  const host = hostOf(sh);
  const sub = argv[1] ?? "pause";
  const served: [number, Listener] | undefined =
    sub === "liveness"
      ? [8080, agnhostLiveness(host)]
      : sub === "netexec"
        ? [portArg(argv, "--http-port", 8080), fixedListener("agnhost", 200)]
        : sub === "serve-hostname"
          ? [portArg(argv, "--port", 9376), fixedListener("agnhost", 200)]
          : undefined;
  if (served && !host.listen(served[0], served[1])) return bindFailed(io, "agnhost", served[0]);
  return yield* forever(sh);
};
const goproxy: CommandFn = function* (sh, _argv, io) {
  const host = hostOf(sh);
  // An HTTP proxy: a plain GET is "not a proxy request", answered with 500.
  if (!host.listen(8080, fixedListener("goproxy", 500))) return bindFailed(io, "goproxy", 8080);
  return yield* forever(sh);
};
const redisLines = (t: number): string => {
  const stamp = `${strftime("%d %b %Y %H:%M:%S", t)}.${String(t % 1000).padStart(3, "0")}`;
  return `1:C ${stamp} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n1:M ${stamp} * Ready to accept connections tcp\n`;
};
// CoreDNS: DNS on 53, /health on 8080 and /ready on 8181 (the probes kubeadm's Deployment has).
const coredns: CommandFn = function* (sh) {
  const host = hostOf(sh);
  host.listen(53, tcpListener("coredns"));
  host.listen(8080, fixedListener("coredns", 200));
  host.listen(8181, fixedListener("coredns", 200));
  host.listen(9153, fixedListener("coredns", 200));
  host.log(1, `.:53\nCoreDNS-${host.image.tag.replace(/^v/, "")}\n`);
  return yield* forever(sh);
};
/** The programs each known image has, beyond the shell and busybox applets. */
const BY_KIND: Readonly<Record<string, Readonly<Record<string, CommandFn>>>> = {
  "registry.k8s.io/coredns/coredns": { "/coredns": coredns },
  nginx: { nginx, "docker-entrypoint.sh": entrypoint, "/docker-entrypoint.sh": entrypoint },
  httpd: { httpd, "httpd-foreground": httpd },
  busybox: { nc, httpd },
  alpine: { nc, httpd },
  python: { python, python3: python },
  node: { node, "docker-entrypoint.sh": entrypoint },
  redis: {
    "redis-server": tcpServer("redis-server", 6379, redisLines),
    "docker-entrypoint.sh": entrypoint,
  },
  postgres: { postgres: tcpServer("postgres", 5432), "docker-entrypoint.sh": entrypoint },
  mysql: { mysqld: tcpServer("mysqld", 3306), "docker-entrypoint.sh": entrypoint },
  memcached: { memcached: tcpServer("memcached", 11211), "docker-entrypoint.sh": entrypoint },
  agnhost: { "/agnhost": agnhost, agnhost },
  goproxy: { "/goproxy": goproxy },
};
/** An opaque image's app: serves HTTP 200 on every declared port until stopped. */
export function* opaqueApp(sh: Shell, _argv: readonly string[], _io: Io): CommandGen {
  const host = hostOf(sh);
  for (const port of host.declaredPorts) host.listen(port, fixedListener("app", 200));
  return yield* forever(sh);
}

/** A program of `image` by name (a server, the entrypoint script, a shell builtin or applet). */
export function imageProgram(image: ImageInfo, name: string): CommandFn | undefined {
  return BY_KIND[image.kind ?? ""]?.[name] ?? SHELL_PROGRAMS[name];
}

/**
 * Exit codes of main processes that end on SIGTERM (the image's stop signal): servers shut down
 * cleanly (0; nginx's stop signal is SIGQUIT); Go programs without a handler die from the
 * signal, which PID 1 ignores, so the Go runtime exits with 2.
 */
const SIGTERM_EXIT: Readonly<Record<string, number>> = {
  nginx: 0,
  httpd: 0,
  "httpd-foreground": 0,
  "redis-server": 0,
  postgres: 0,
  mysqld: 0,
  memcached: 0,
  agnhost: 2,
  goproxy: 2,
  coredns: 0,
};

/**
 * How the container's main process (PID 1) answers SIGTERM: its exit code, or undefined if it
 * ignores it. A shell as PID 1 (`sh -c ...`) has no handler and the kernel does not apply the
 * default action to PID 1, so only SIGKILL ends it; an entrypoint script execs its arguments;
 * an opaque image's app is assumed to shut down cleanly.
 */
export function sigtermExitCode(argv: readonly string[], image: ImageInfo): number | undefined {
  const name = (argv[0] ?? "").replace(/^.*\//, "");
  if (name === "docker-entrypoint.sh") return sigtermExitCode(argv.slice(1), image);
  const known = SIGTERM_EXIT[name];
  if (known !== undefined) return known;
  if (image.kind === undefined && imageProgram(image, name) === undefined) return 0;
  return undefined;
}
