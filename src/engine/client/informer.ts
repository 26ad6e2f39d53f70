// A shared informer (client-go tools/cache): a local cache of one resource kept current by a
// watch, with add/update/delete handlers. Controllers read the cache and queue keys from the
// handlers. Within one process (kube-controller-manager), informers of the same resource share
// one cache and one watch, as client-go's SharedInformerFactory does: each change arrives once and
// every controller's handlers see it. Simplified: the initial LIST happens at start-up, untraced,
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

/** The cache and watch behind one or more informers. */
class InformerStore {
  readonly cache = new Map<string, KubeObject>();
  readonly handlers: InformerHandlers<KubeObject>[] = [];
  private stopWatch: (() => void) | undefined;
  users = 0;

  constructor(
    private readonly client: ApiClient,
    readonly resource: string,
    private readonly filter: InformerFilter,
  ) {}

  get started(): boolean {
    return this.stopWatch !== undefined;
  }

  start(): void {
    if (!resourceInfo(this.resource)) throw new Error(`unknown resource ${this.resource}`);
    for (const object of this.client.apiserver.watchCache(this.resource).list(this.filter)) {
      this.cache.set(objectKey(object), object);
      for (const h of [...this.handlers]) h.add?.(object);
    }
    this.stopWatch = this.client.watch(this.resource, {
      ...this.filter,
      handler: (event) => {
        const object = event.object;
        const key = objectKey(object);
        const old = this.cache.get(key);
        // Handlers added while this event is delivered see it through their initial replay.
        const handlers = [...this.handlers];
        if (event.type === "DELETED") {
          this.cache.delete(key);
          for (const h of handlers) h.delete?.(object);
        } else if (old === undefined) {
          this.cache.set(key, object);
          for (const h of handlers) h.add?.(object);
        } else {
          this.cache.set(key, object);
          for (const h of handlers) h.update?.(old, object);
        }
      },
    });
  }

  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }
}

/** Informer stores shared by every client of one process (client-go's SharedInformerFactory). */
export class SharedInformerFactory {
  private readonly stores = new Map<string, InformerStore>();

  store(client: ApiClient, resource: string, filter: InformerFilter): InformerStore {
    // Only unfiltered informers are shared: a filter with a predicate cannot be compared.
    if (filter.matches !== undefined) return new InformerStore(client, resource, filter);
    const key = `${resource}?${JSON.stringify(filter)}`;
    let store = this.stores.get(key);
    if (!store) this.stores.set(key, (store = new InformerStore(client, resource, filter)));
    return store;
  }
}

export class Informer<T extends KubeObject = KubeObject> {
  private readonly store: InformerStore;
  private readonly own: InformerHandlers<KubeObject>[] = [];
  private started = false;

  constructor(client: ApiClient, resource: string, filter: InformerFilter = {}) {
    this.store = client.informers
      ? client.informers.store(client, resource, filter)
      : new InformerStore(client, resource, filter);
  }

  get resource(): string {
    return this.store.resource;
  }

  addHandlers(handlers: InformerHandlers<T>): void {
    const h = handlers as InformerHandlers<KubeObject>;
    this.own.push(h);
    if (!this.started) return;
    this.store.handlers.push(h);
    for (const object of this.store.cache.values()) h.add?.(object);
  }

  get(key: string): T | undefined {
    return this.store.cache.get(key) as T | undefined;
  }

  list(): IterableIterator<T> {
    return this.store.cache.values() as IterableIterator<T>;
  }

  get size(): number {
    return this.store.cache.size;
  }

  /** Lists (untraced, at start-up) and starts watching; a shared cache already synced replays its objects. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.store.users++;
    this.store.handlers.push(...this.own);
    if (!this.store.started) this.store.start();
    else for (const object of [...this.store.cache.values()]) for (const h of this.own) h.add?.(object);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    for (const h of this.own) {
      const i = this.store.handlers.indexOf(h);
      if (i >= 0) this.store.handlers.splice(i, 1);
    }
    if (--this.store.users === 0) this.store.stop();
  }
}
