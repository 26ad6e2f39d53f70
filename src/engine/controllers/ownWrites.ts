// Read-your-writes for a controller's own status updates. In a real cluster the watch event of a
// write usually reaches the informer before the controller's next sync; in the simulation the
// response and the watch event travel at the same speed, so a sync could start from a cache that
// has not seen the controller's last write and fail with a 409 Conflict. Remembering the
// resourceVersion each write produced lets the sync wait for the watch event instead (which
// enqueues the key again).

import type { KubeObject } from "../api/objects";

export class OwnWrites {
  private readonly versions = new Map<string, number>();

  /** Remembers the resourceVersion of the object a write returned. */
  record(key: string, written: KubeObject): void {
    const rv = Number(written.metadata.resourceVersion);
    if (Number.isFinite(rv)) this.versions.set(key, rv);
  }

  /** Whether `cached` predates the last recorded write of `key`. */
  isStale(key: string, cached: KubeObject): boolean {
    const wanted = this.versions.get(key);
    if (wanted === undefined) return false;
    if (Number(cached.metadata.resourceVersion) >= wanted) {
      this.versions.delete(key);
      return false;
    }
    return true;
  }

  forget(key: string): void {
    this.versions.delete(key);
  }
}
