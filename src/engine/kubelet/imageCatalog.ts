// What the simulated registries hold: image sizes (which set pull times), digests, and the image
// config a runtime reads (ENTRYPOINT and CMD, which the container's command/args override as in
// kuberuntime). Images not listed get a plausible size derived from their name and are "opaque":
// Pilothouse cannot know what they run, so their process is treated as an app server (see
// imagePrograms.ts).

import { normalizeImageName } from "../scheduler/framework";

export interface ImageInfo {
  /** Normalised reference: `docker.io/library/nginx:1.27`. */
  readonly ref: string;
  readonly sizeBytes: number;
  /** `docker.io/library/nginx@sha256:…`. */
  readonly digestRef: string;
  /** The process exits promptly on SIGTERM (nginx, redis) rather than waiting for SIGKILL. */
  readonly handlesSigterm: boolean;
  /** With no command, the default entrypoint exits at once (busybox/alpine run `sh` with no tty). */
  readonly exitsWithoutCommand: boolean;
  /** The catalog entry's name (`nginx`, `busybox`, `agnhost`); undefined for an opaque image. */
  readonly kind?: string;
  /** The tag (`1.27`, `latest`). */
  readonly tag: string;
  /** The image config's ENTRYPOINT and CMD; undefined for an opaque image. */
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
}

const MB = 1_000_000;

interface Entry {
  readonly size: number;
  readonly sigterm: boolean;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
}

/** Compressed sizes close to the real images' (linux/amd64), with their ENTRYPOINT and CMD. */
const known: Record<string, Entry> = {
  nginx: {
    size: 72 * MB,
    sigterm: true,
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
  },
  httpd: { size: 58 * MB, sigterm: true, cmd: ["httpd-foreground"] },
  redis: { size: 45 * MB, sigterm: true, entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"] },
  postgres: { size: 160 * MB, sigterm: true, entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"] },
  mysql: { size: 170 * MB, sigterm: true, entrypoint: ["docker-entrypoint.sh"], cmd: ["mysqld"] },
  memcached: { size: 32 * MB, sigterm: true, entrypoint: ["docker-entrypoint.sh"], cmd: ["memcached"] },
  busybox: { size: 2.2 * MB, sigterm: false, cmd: ["sh"] },
  alpine: { size: 3.6 * MB, sigterm: false, cmd: ["/bin/sh"] },
  ubuntu: { size: 29 * MB, sigterm: false, cmd: ["/bin/bash"] },
  debian: { size: 49 * MB, sigterm: false, cmd: ["bash"] },
  python: { size: 370 * MB, sigterm: false, cmd: ["python3"] },
  node: { size: 390 * MB, sigterm: false, entrypoint: ["docker-entrypoint.sh"], cmd: ["node"] },
  // The images the Kubernetes docs' probe examples use.
  agnhost: { size: 51 * MB, sigterm: true, entrypoint: ["/agnhost"], cmd: ["pause"] },
  goproxy: { size: 2.8 * MB, sigterm: true, cmd: ["/goproxy"] },
  "registry.k8s.io/pause": { size: 0.32 * MB, sigterm: true },
  "registry.k8s.io/etcd": { size: 57 * MB, sigterm: true },
  "registry.k8s.io/kube-apiserver": { size: 28 * MB, sigterm: true },
  "registry.k8s.io/kube-controller-manager": { size: 26 * MB, sigterm: true },
  "registry.k8s.io/kube-scheduler": { size: 20 * MB, sigterm: true },
  "registry.k8s.io/kube-proxy": { size: 31 * MB, sigterm: true },
  "registry.k8s.io/coredns/coredns": { size: 18 * MB, sigterm: true, entrypoint: ["/coredns"] },
};

/** Kubernetes' own registries mirror some of these: `registry.k8s.io/busybox` is busybox. */
const MIRRORS = /^(?:registry\.k8s\.io|k8s\.gcr\.io|gcr\.io\/google[-_]containers)\/(?:e2e-test-images\/)?/;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stable fake sha256 for an image reference. */
function digestFor(ref: string): string {
  let out = "";
  for (let i = 0; out.length < 64; i++) out += fnv1a(`${i}:${ref}`).toString(16).padStart(8, "0");
  return out.slice(0, 64);
}

function repositoryOf(ref: string): string {
  const withoutDigest = ref.split("@")[0] ?? ref;
  const colon = withoutDigest.lastIndexOf(":");
  const slash = withoutDigest.lastIndexOf("/");
  const repo = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  return repo.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");
}

function entryFor(repo: string): [string, Entry] | undefined {
  const direct = known[repo];
  if (direct) return [repo, direct];
  const mirrored = repo.replace(MIRRORS, "");
  const entry = mirrored !== repo ? known[mirrored] : undefined;
  return entry ? [mirrored, entry] : undefined;
}

/** ImageInfo is immutable: one per reference, shared by every container of it. */
const cache = new Map<string, ImageInfo>();

export function imageInfo(image: string): ImageInfo {
  let info = cache.get(image);
  if (!info) cache.set(image, (info = buildImageInfo(image)));
  return info;
}

function buildImageInfo(image: string): ImageInfo {
  const ref = normalizeImageName(image);
  const repo = repositoryOf(ref);
  const found = entryFor(repo);
  const entry = found?.[1];
  const size = entry ? Math.round(entry.size) : 20 * MB + (fnv1a(ref) % (180 * MB));
  const digestRepo = ref.split("@")[0]?.replace(/:[^:/]+$/, "") ?? ref;
  const tagMatch = /:([^:/@]+)(?:@|$)/.exec(ref);
  const cmd = entry?.cmd;
  return {
    ref,
    sizeBytes: size,
    digestRef: `${digestRepo}@sha256:${digestFor(ref)}`,
    handlesSigterm: entry?.sigterm ?? true,
    // Shells and language REPLs started without a terminal read end of file and exit.
    exitsWithoutCommand: /^(?:\/bin\/)?(?:sh|bash|python3|node)$/.test(cmd?.[0] ?? ""),
    tag: tagMatch?.[1] ?? "latest",
    ...(found && (entry?.entrypoint || cmd) ? { kind: found[0] } : {}),
    ...(entry?.entrypoint || cmd ? { entrypoint: entry?.entrypoint ?? [], cmd: cmd ?? [] } : {}),
  };
}
