// The pod-template hash that names a Deployment's ReplicaSets (controller.ComputeHash in
// pkg/controller/controller_utils.go and rand.SafeEncodeString in apimachinery): FNV-32a,
// printed in decimal, each digit mapped into an alphabet without vowels.

import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { cloneJson } from "../api/objects";
import { canonicalJson, utf8Bytes as utf8 } from "../util/canonical";

/** rand.SafeEncodeString: each character mapped into an alphabet without vowels or look-alikes. */
export function safeEncodeString(s: string): string {
  const alphanums = "bcdfghjklmnpqrstvwxz2456789";
  let out = "";
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length] ?? "";
  return out;
}

/**
 * controller.ComputeHash: FNV-32a over the template (upstream hashes the Go struct with spew; we
 * hash its canonical JSON) plus the collision count as 8 little-endian bytes, then safe-encoded.
 */
export function computeHash(
  template: PodTemplateSpec | undefined,
  collisionCount: number | undefined,
): string {
  const bytes = utf8(canonicalJson(cloneJson(template ?? {})));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    bytes.push(c & 255, (c >>> 8) & 255, (c >>> 16) & 255, (c >>> 24) & 255, 0, 0, 0, 0);
  }
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return safeEncodeString(String(h >>> 0));
}
