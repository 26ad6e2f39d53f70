// The servers inside the images learners run, as far as a probe (or a curious `kubectl logs`)
// can tell: which port they listen on, what they answer for a path, and the lines they log,
// as nginx, Apache httpd, agnhost and the other images print them.
// Simplified: only GET; no headers, bodies or keep-alive; every answer is immediate.

import { strftime } from "./busyboxApplets";
import type { ContainerFs } from "./containerFs";

/** The kubelet's probes identify themselves as kube-probe/<major.minor> (pkg/probe/http/request.go). */
export const PROBE_USER_AGENT = "kube-probe/1.32";

export interface HttpRequest {
  readonly path: string;
  /** The client's address (for probes: the node's bridge gateway, .1 of the pod CIDR). */
  readonly client: string;
  /** `host:port` as the request's Host header says. */
  readonly host: string;
  readonly userAgent: string;
}

/** What a server process offers on one port. */
export interface Listener {
  /** The program listening, for narration (`nginx`, `redis-server`, `nc`). */
  readonly program: string;
  /** Answers an HTTP GET with a status code; absent for a TCP server that does not speak HTTP. */
  readonly http?: (req: HttpRequest) => number;
}

/** Where a server writes its log lines, and the clock it stamps them with. */
export interface ServerContext {
  readonly fs: ContainerFs;
  log(fd: 1 | 2, text: string): void;
  /** Logs lines rendered when read, from the time they were written (a shared banner). */
  logRendered(fd: 1 | 2, render: (epochMs: number) => string): void;
  epochNow(): number;
  /** Simulated ms since the process started. */
  uptimeMs(): number;
}

function stripQuery(path: string): string {
  const q = path.search(/[?#]/);
  const p = q >= 0 ? path.slice(0, q) : path;
  return p.startsWith("/") ? p : `/${p}`;
}

/** The nginx version an image tag stands for (nginx:1.27 is the latest 1.27.x). */
export function nginxVersion(tag: string): string {
  if (/^\d+\.\d+\.\d+/.test(tag)) return tag.replace(/-.*$/, "");
  const minor: Record<string, string> = {
    "1.25": "1.25.5",
    "1.26": "1.26.3",
    "1.27": "1.27.5",
    "1.28": "1.28.0",
  };
  return minor[tag.replace(/-.*$/, "")] ?? "1.29.1";
}

export const NGINX_ROOT = "/usr/share/nginx/html";
export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** nginx's built-in error page: `<html>…<center>nginx/1.27.5</center>…`. */
function nginxErrorPageBytes(status: number, version: string): number {
  const title = { 403: "403 Forbidden", 404: "404 Not Found" }[status as 403 | 404] ?? `${status} Error`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`
    .length;
}

const startupBanners = new Map<string, (epochMs: number) => string>();

/** nginx's start-up notices (to stderr: the image links error.log to /dev/stderr). */
export function nginxStartup(ctx: ServerContext, version: string): void {
  let render = startupBanners.get(version);
  if (!render) {
    render = (ms) => {
      const t = strftime("%Y/%m/%d %H:%M:%S", ms);
      return [
        'using the "epoll" event method',
        `nginx/${version}`,
        "built by gcc 12.2.0 (Debian 12.2.0-14) ",
        "OS: Linux 6.8.0-49-generic",
        "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        "start worker processes",
        "start worker process 29",
        "start worker process 30",
      ]
        .map((text) => `${t} [notice] 1#1: ${text}\n`)
        .join("");
    };
    startupBanners.set(version, render);
  }
  ctx.logRendered(2, render);
}

/** What /docker-entrypoint.sh of the nginx image prints before it execs nginx. */
const NGINX_ENTRYPOINT_LINES = [
  "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
  "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
  "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
  "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
  "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
  "/docker-entrypoint.sh: Configuration complete; ready for start up",
];
export const NGINX_ENTRYPOINT_TEXT = NGINX_ENTRYPOINT_LINES.map((l) => `${l}\n`).join("");

/** nginx serving its document root, with its access log (stdout) and error log (stderr). */
export function nginxListener(ctx: ServerContext, version: string): Listener {
  let connection = 0;
  return {
    program: "nginx",
    http: (req) => {
      const path = stripQuery(req.path);
      const file = `${NGINX_ROOT}${path === "/" ? "" : path.replace(/\/$/, "")}`;
      const dir = path.endsWith("/") || ctx.fs.isDir(file);
      const index = `${file}/index.html`;
      connection++;
      const now = ctx.epochNow();
      const request = `GET ${req.path} HTTP/1.1`;
      let status = 200;
      let bytes = 0;
      let error: string | undefined;
      if (dir && ctx.fs.isFile(index)) bytes = (ctx.fs.read(index) ?? "").length;
      else if (!dir && ctx.fs.isFile(file)) bytes = (ctx.fs.read(file) ?? "").length;
      else if (dir && ctx.fs.isDir(file)) {
        status = 403;
        error = `directory index of "${file}/" is forbidden`;
      } else {
        status = 404;
        error = `open() "${file}" failed (2: No such file or directory)`;
      }
      if (error) {
        bytes = nginxErrorPageBytes(status, version);
        const t = strftime("%Y/%m/%d %H:%M:%S", now);
        ctx.log(
          2,
          `${t} [error] 29#29: *${connection} ${error}, client: ${req.client}, server: localhost, request: "${request}", host: "${req.host}"\n`,
        );
      }
      const stamp = strftime("%d/%b/%Y:%H:%M:%S %z", now);
      ctx.log(1, `${req.client} - - [${stamp}] "${request}" ${status} ${bytes} "-" "${req.userAgent}" "-"\n`);
      return status;
    },
  };
}

export const HTTPD_ROOT = "/usr/local/apache2/htdocs";
export const HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";

export function httpdStartup(ctx: ServerContext, ip: string): void {
  const ms = ctx.epochNow();
  const t = `${strftime("%a %b %d %H:%M:%S", ms)}.${String((ms % 1000) * 1000).padStart(6, "0")} ${strftime("%Y", ms)}`;
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message\n`;
  ctx.log(
    2,
    `${fqdn}${fqdn}[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations\n[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n`,
  );
}

/** A static file server (Apache httpd, busybox httpd, python -m http.server) over `root`. */
export function staticListener(
  ctx: ServerContext,
  program: string,
  root: string,
  listsDirectories: boolean,
  accessLog?: (req: HttpRequest, status: number, bytes: number) => string,
): Listener {
  return {
    program,
    http: (req) => {
      const path = stripQuery(req.path);
      const file = `${root === "/" ? "" : root}${path === "/" ? "" : path.replace(/\/$/, "")}` || "/";
      let status = 404;
      let bytes = 196;
      if (ctx.fs.isFile(file)) {
        status = 200;
        bytes = (ctx.fs.read(file) ?? "").length;
      } else if (ctx.fs.isDir(file)) {
        const index = ctx.fs.read(`${file === "/" ? "" : file}/index.html`);
        if (index !== undefined || listsDirectories) {
          status = 200;
          bytes = index?.length ?? 0;
        }
      }
      if (accessLog) ctx.log(1, accessLog(req, status, bytes));
      return status;
    },
  };
}

export function apacheAccessLog(
  ctx: ServerContext,
): (req: HttpRequest, status: number, bytes: number) => string {
  return (req, status, bytes) =>
    `${req.client} - - [${strftime("%d/%b/%Y:%H:%M:%S %z", ctx.epochNow())}] "GET ${req.path} HTTP/1.1" ${status} ${bytes}\n`;
}

/** agnhost liveness (the docs' HTTP liveness example): /healthz is 200 for 10 s, then 500. */
export function agnhostLiveness(ctx: ServerContext): Listener {
  return {
    program: "agnhost",
    http: (req) => {
      const path = stripQuery(req.path);
      if (path === "/started") return 200;
      if (path === "/healthz") return ctx.uptimeMs() > 10_000 ? 500 : 200;
      return 404;
    },
  };
}

/** A server that answers every path with one status (agnhost netexec, opaque apps, goproxy's 500). */
export function fixedListener(program: string, status: number): Listener {
  return { program, http: () => status };
}

/** A TCP server that does not speak HTTP (redis, postgres, `nc -l`). */
export function tcpListener(program: string): Listener {
  return { program };
}
