// A shared informer (client-go tools/cache): a local cache of one resource kept current by a
// watch, with add/update/delete handlers. Controllers read the cache and queue keys from the
// handlers. Simplified: the initial LIST happens at cluster start-up, before the trace begins,
// so every component starts with a synced cache.

import type { KubeObject } from "../api/objects";
import { objectKey } from "../api/objects";
import { resourceInfo } from "../api/resources";
import type { WatchSpec } from "../apiserver/watchCache";
import type { ApiClient } from "./apiClient";

export interface InformerHandlers<T extends KubeObject> {
  add?(object: T): void;
  update?(oldObject: T, newObject: T): void;
  delete?(object: T): void;
}

export type InformerFilter = Omit<WatchSpec, "component" | "handler">;

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private stopWatch: (() => void) | undefined;

  constructor(
    private readonly client: ApiClient,
    readonly resource: string,
    private readonly filter: InformerFilter = {},
  ) {}

  addHandlers(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): IterableIterator<T> {
    return this.cache.values();
  }

  get size(): number {
    return this.cache.size;
  }

  /** Lists (untraced, at start-up) and starts watching. */
  start(): void {
    if (!resourceInfo(this.resource)) throw new Error(`unknown resource ${this.resource}`);
    for (const object of this.client.apiserver.watchCache(this.resource).list(this.filter)) {
      this.cache.set(objectKey(object), object as T);
      for (const h of this.handlers) h.add?.(object as T);
    }
    this.stopWatch = this.client.watch(this.resource, {
      ...this.filter,
      handler: (event) => {
        const object = event.object as T;
        const key = objectKey(object);
        const old = this.cache.get(key);
        if (event.type === "DELETED") {
          this.cache.delete(key);
          for (const h of this.handlers) h.delete?.(object);
        } else if (old === undefined) {
          this.cache.set(key, object);
          for (const h of this.handlers) h.add?.(object);
        } else {
          this.cache.set(key, object);
          for (const h of this.handlers) h.update?.(old, object);
        }
      },
    });
  }

  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }
}
