// What the simulated registries hold: image sizes (which set pull times), digests, and how the
// image's main process behaves (whether it exits on SIGTERM, and what it does when started with
// no command). Unknown images get a plausible size derived from their name.

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
}

const MB = 1_000_000;

/** Compressed sizes close to the real images' (linux/amd64). */
const known: Record<string, { size: number; sigterm: boolean; exits?: boolean }> = {
  nginx: { size: 72 * MB, sigterm: true },
  httpd: { size: 58 * MB, sigterm: true },
  redis: { size: 45 * MB, sigterm: true },
  postgres: { size: 160 * MB, sigterm: true },
  mysql: { size: 170 * MB, sigterm: true },
  memcached: { size: 32 * MB, sigterm: true },
  busybox: { size: 2.2 * MB, sigterm: false, exits: true },
  alpine: { size: 3.6 * MB, sigterm: false, exits: true },
  ubuntu: { size: 29 * MB, sigterm: false, exits: true },
  debian: { size: 49 * MB, sigterm: false, exits: true },
  python: { size: 370 * MB, sigterm: false, exits: true },
  node: { size: 390 * MB, sigterm: false, exits: true },
  "registry.k8s.io/pause": { size: 0.32 * MB, sigterm: true },
  "registry.k8s.io/etcd": { size: 57 * MB, sigterm: true },
  "registry.k8s.io/kube-apiserver": { size: 28 * MB, sigterm: true },
  "registry.k8s.io/kube-controller-manager": { size: 26 * MB, sigterm: true },
  "registry.k8s.io/kube-scheduler": { size: 20 * MB, sigterm: true },
  "registry.k8s.io/kube-proxy": { size: 31 * MB, sigterm: true },
  "registry.k8s.io/coredns/coredns": { size: 18 * MB, sigterm: true },
};

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

export function imageInfo(image: string): ImageInfo {
  const ref = normalizeImageName(image);
  const repo = repositoryOf(ref);
  const entry = known[repo];
  const size = entry ? Math.round(entry.size) : 20 * MB + (fnv1a(ref) % (180 * MB));
  const digestRepo = ref.split("@")[0]?.replace(/:[^:/]+$/, "") ?? ref;
  return {
    ref,
    sizeBytes: size,
    digestRef: `${digestRepo}@sha256:${digestFor(ref)}`,
    handlesSigterm: entry?.sigterm ?? true,
    exitsWithoutCommand: entry?.exits ?? false,
  };
}
