// A container's root filesystem, just rich enough for what learners do to it and for probes
// to look at: which files and directories exist, and what small text files hold. Like an
// overlay filesystem, each container has a shared, read-only layer from its image (plus the
// files the kubelet mounts: /etc/hostname, /etc/hosts, /etc/resolv.conf) and its own changes on
// top, made only when it writes: ten thousand idle containers cost almost nothing. A restarted
// container starts from its image again, as a new container does.
// Simplified: no permissions, owners, links or sizes beyond text length.

/** Directories every Linux image has. */
const BASE_DIRS = [
  "/bin",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/mnt",
  "/opt",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/tmp",
  "/usr",
  "/usr/bin",
  "/usr/local",
  "/usr/local/bin",
  "/usr/sbin",
  "/usr/share",
  "/var",
  "/var/log",
  "/var/run",
  "/var/tmp",
];

/** Normalises `path` against `cwd`: absolute, no `.`/`..`/double slashes, no trailing slash. */
export function resolvePath(path: string, cwd = "/"): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** An image's files: never changed once built, shared by all its containers. */
export interface FsLayer {
  readonly files: ReadonlyMap<string, string>;
  readonly dirs: ReadonlySet<string>;
}

/** A read-only layer holding `files` (their directories too) over the base Linux directories. */
export function fsLayer(files: Readonly<Record<string, string>> = {}): FsLayer {
  const dirs = new Set<string>(["/", ...BASE_DIRS]);
  const map = new Map<string, string>();
  for (const [path, content] of Object.entries(files)) {
    for (let d = parentOf(path); !dirs.has(d); d = parentOf(d)) dirs.add(d);
    map.set(path, content);
  }
  return { files: map, dirs };
}

const EMPTY_LAYER = fsLayer();

/** Files mounted into a container from outside its image. */
export interface Mounts {
  mounted(path: string): string | undefined;
}
const NO_MOUNTS: Mounts = { mounted: () => undefined };

export class ContainerFs {
  /** This container's files: content, or null where it removed a lower file. */
  private files: Map<string, string | null> | undefined;
  /** This container's directories: true, or false where it removed a lower one. */
  private dirs: Map<string, boolean> | undefined;

  constructor(
    private readonly base: FsLayer = EMPTY_LAYER,
    /** Files the kubelet mounts into every container, computed when read. */
    private readonly mounts: Mounts = NO_MOUNTS,
  ) {}

  read(path: string): string | undefined {
    const own = this.files?.get(path);
    if (own !== undefined) return own ?? undefined;
    return this.mounts.mounted(path) ?? this.base.files.get(path);
  }

  isFile(path: string): boolean {
    return this.read(path) !== undefined;
  }

  isDir(path: string): boolean {
    const own = this.dirs?.get(path);
    return own ?? this.base.dirs.has(path);
  }

  exists(path: string): boolean {
    return this.isFile(path) || this.isDir(path);
  }

  /** Writes (or appends to) a file whose directory exists; false if it does not. */
  write(path: string, content: string, append = false): boolean {
    if (!this.isDir(parentOf(path)) || this.isDir(path)) return false;
    (this.files ??= new Map()).set(path, append ? (this.read(path) ?? "") + content : content);
    return true;
  }

  /** Removes a file, or a directory with everything under it. */
  remove(path: string): boolean {
    if (this.isFile(path)) {
      (this.files ??= new Map()).set(path, null);
      return true;
    }
    if (!this.isDir(path) || path === "/") return false;
    const prefix = `${path}/`;
    (this.dirs ??= new Map()).set(path, false);
    for (const p of this.paths()) {
      if (!p.startsWith(prefix)) continue;
      if (this.isDir(p)) this.dirs.set(p, false);
      else (this.files ??= new Map()).set(p, null);
    }
    return true;
  }

  /** `mkdir` of one directory: its parent must exist. */
  mkdir(path: string): boolean {
    if (this.exists(path) || !this.isDir(parentOf(path))) return false;
    (this.dirs ??= new Map()).set(path, true);
    return true;
  }

  /** `mkdir -p`: false only if a file is in the way. */
  mkdirAll(path: string): boolean {
    if (this.isFile(path)) return false;
    if (this.isDir(path)) return true;
    if (!this.mkdirAll(parentOf(path))) return false;
    (this.dirs ??= new Map()).set(path, true);
    return true;
  }

  /** Every path the container has, in any layer (some may be removed). */
  private paths(): Set<string> {
    return new Set([
      ...this.base.dirs,
      ...this.base.files.keys(),
      ...(this.dirs?.keys() ?? []),
      ...(this.files?.keys() ?? []),
      "/etc/hostname",
      "/etc/hosts",
      "/etc/resolv.conf",
    ]);
  }

  /** Names directly inside a directory, sorted as `ls` sorts them. */
  list(path: string): string[] {
    const prefix = path === "/" ? "/" : `${path}/`;
    const names = new Set<string>();
    for (const p of this.paths()) {
      if (p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes("/") && this.exists(p))
        names.add(p.slice(prefix.length));
    }
    return [...names].sort();
  }
}
