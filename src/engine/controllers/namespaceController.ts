// The namespace controller of kube-controller-manager (pkg/controller/namespace): when a
// namespace is deleted (phase Terminating, deletionTimestamp set), delete everything in it, and
// once it is empty remove the "kubernetes" finalizer through the finalize subresource, so the
// apiserver can remove the namespace. Simplified: list + delete per object (no deletecollection),
// no NamespaceDeletion* status conditions; it requeues while pods are still terminating.

import type { KubeList, KubeObject, Namespace } from "../api/objects";
import { RESOURCES } from "../api/resources";
import type { ApiClient } from "../client/apiClient";
import { Informer } from "../client/informer";
import { SECOND } from "../sim/time";
import { WorkQueue } from "./workQueue";

/** How long to wait before looking again while pods finish their graceful termination. */
const RECHECK_MS = 2 * SECOND;

export class NamespaceController {
  readonly namespaces: Informer<KubeObject>;
  readonly queue: WorkQueue;

  constructor(private readonly client: ApiClient) {
    this.namespaces = new Informer(client, "namespaces");
    this.queue = new WorkQueue(client.sim, (key, done) => this.reconcile(key, done));
    const enqueue = (ns: KubeObject): void => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name ?? "");
    };
    this.namespaces.addHandlers({ add: enqueue, update: (_old, ns) => enqueue(ns) });
  }

  start(): void {
    this.namespaces.start();
  }

  /** One pass over a terminating namespace. */
  reconcile(name: string, done: (result?: number | "error") => void): void {
    const ns = this.namespaces.get(name) as Namespace | undefined;
    if (!ns?.metadata?.deletionTimestamp) return done();
    const kinds = RESOURCES.filter((r) => r.namespaced);
    let remaining = 0;
    let failed = false;
    const next = (i: number): void => {
      const info = kinds[i];
      if (!info) return finish();
      this.client.request({ verb: "list", resource: info.resource, namespace: name }, (res) => {
        if (res.code !== 200) {
          failed = true;
          return next(i + 1);
        }
        const items = (res.body as KubeList).items;
        remaining += items.length;
        const live = items.filter((o) => !o.metadata.deletionTimestamp);
        let pending = live.length;
        if (pending === 0) return next(i + 1);
        for (const item of live) {
          this.client.request(
            { verb: "delete", resource: info.resource, namespace: name, name: item.metadata.name ?? "" },
            (del) => {
              if (del.code !== 200 && del.code !== 404) failed = true;
              if (--pending === 0) next(i + 1);
            },
          );
        }
      });
    };
    const finish = (): void => {
      if (failed) return done("error");
      if (remaining > 0) return done(RECHECK_MS);
      // Empty: drop our finalizer; the apiserver then removes the namespace.
      const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== "kubernetes");
      this.client.request(
        {
          verb: "update",
          resource: "namespaces",
          name,
          subresource: "finalize",
          body: { ...ns, spec: { ...ns.spec, finalizers } },
        },
        (res) => done(res.code === 200 ? undefined : res.code === 404 ? undefined : "error"),
      );
    };
    next(0);
  }
}
