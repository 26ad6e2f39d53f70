// controller.PodControllerRefManager / BaseControllerRefManager (pkg/controller/controller_ref_manager.go):
// a controller claims the objects it should own. Orphans its selector matches are adopted with a
// strategic merge patch adding a controller ownerReference; objects it owns whose labels no
// longer match are released with a patch deleting that reference. Before the first adoption of a
// pass it re-reads its own object from the apiserver (RecheckDeletionTimestamp), so a controller
// being deleted never adopts. Objects owned by another controller are left alone.

import type { KubeObject, OwnerReference } from "../api/objects";
import type { ApiResponse } from "../apiserver/request";
import { isStatus } from "../api/status";
import type { ApiClient } from "../client/apiClient";
import { controllerOf } from "./controllerUtils";

export interface ClaimOptions {
  /** The owning controller, as the informer cache holds it. */
  readonly owner: KubeObject;
  /** Its plural resource, for the fresh GET before adopting: `replicasets`. */
  readonly ownerResource: string;
  /** The reference to add on adoption (metav1.NewControllerRef with the controller's group/version/kind). */
  readonly controllerRef: OwnerReference;
  /** The claimed objects' plural resource and kind: `pods`, `Pod`. */
  readonly resource: string;
  readonly kind: string;
  /** The selector (plus any filters): whether the controller wants this object. */
  readonly match: (object: KubeObject) => boolean;
}

/** utilerrors.NewAggregate(errs).Error(): one message alone, several in brackets. */
export function aggregateErrors(messages: readonly string[]): string | undefined {
  if (messages.length === 0) return undefined;
  return messages.length === 1 ? messages[0] : `[${messages.join(", ")}]`;
}

function messageOf(response: ApiResponse): string {
  return isStatus(response.body) ? response.body.message : `unexpected response ${response.code}`;
}

/** Runs `fn` on each item in turn; a callback made synchronously does not grow the stack. */
function eachSeries<T>(items: readonly T[], fn: (item: T, next: () => void) => void, done: () => void): void {
  let i = 0;
  const run = (): void => {
    while (i < items.length) {
      let calling = true;
      let finishedInline = false;
      fn(items[i++] as T, () => {
        if (calling) finishedInline = true;
        else run();
      });
      calling = false;
      if (!finishedInline) return;
    }
    done();
  };
  run();
}

export class ControllerRefManager {
  /** canAdopt is checked at most once per manager (sync.Once): null until the GET answered. */
  private canAdoptError: string | undefined | null = null;
  private readonly waiting: ((error: string | undefined) => void)[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly options: ClaimOptions,
  ) {}

  /**
   * ClaimObjects (ClaimPods): adopts and releases as needed, one PATCH at a time as upstream does,
   * then calls `done` with what the controller now owns and the aggregated error, if any.
   */
  claim<T extends KubeObject>(objects: readonly T[], done: (claimed: T[], error?: string) => void): void {
    // Decide synchronously; only adoptions and releases wait for the apiserver, one at a time.
    const owned = new Set<number>();
    const actions: { index: number; action: "adopt" | "release" }[] = [];
    objects.forEach((object, index) => {
      const decision = this.claimObject(object);
      if (decision === "owned") owned.add(index);
      else if (decision !== "ignore") actions.push({ index, action: decision });
    });
    const errors: string[] = [];
    eachSeries(
      actions,
      ({ index, action }, next) => {
        const object = objects[index] as T;
        (action === "adopt" ? this.adopt : this.release).call(this, object, (nowOwned, error) => {
          if (error !== undefined) errors.push(error);
          else if (nowOwned) owned.add(index);
          next();
        });
      },
      () =>
        done(
          objects.filter((_o, i) => owned.has(i)),
          aggregateErrors(errors),
        ),
    );
  }

  /** claimObject: owned already, to adopt, to release, or none of ours. */
  private claimObject(object: KubeObject): "owned" | "adopt" | "release" | "ignore" {
    const { owner, match } = this.options;
    const ref = controllerOf(object);
    const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
    if (ref) {
      // Owned by someone else: ignore.
      if (ref.uid !== owner.metadata.uid) return "ignore";
      // Ours and still matching; claiming what we own needs no action, even while being deleted.
      if (match(object)) return "owned";
      return ownerDeleting ? "ignore" : "release";
    }
    // An orphan: adopt it if it matches, unless either side is being deleted.
    if (ownerDeleting || !match(object) || object.metadata.deletionTimestamp !== undefined) return "ignore";
    return "adopt";
  }

  private adopt(object: KubeObject, done: (owned: boolean, error?: string) => void): void {
    const { kind, resource, controllerRef } = this.options;
    const meta = object.metadata;
    this.canAdopt((cannot) => {
      if (cannot !== undefined) {
        return done(
          false,
          `can't adopt ${kind} ${meta.namespace ?? ""}/${meta.name ?? ""} (${meta.uid ?? ""}): ${cannot}`,
        );
      }
      // ValidateOwnerReferences rejects this patch if another controller reference appeared meanwhile.
      const patch = {
        metadata: {
          ownerReferences: [
            {
              apiVersion: controllerRef.apiVersion,
              kind: controllerRef.kind,
              name: controllerRef.name,
              uid: controllerRef.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
          uid: meta.uid,
        },
      };
      this.client.patch(resource, meta.namespace, meta.name ?? "", patch, { strategic: true }, (response) => {
        if (response.code === 200) return done(true);
        // Gone already: nothing to adopt.
        if (response.code === 404) return done(false);
        // Someone else claimed it first, or a transient error: the controller retries.
        done(false, messageOf(response));
      });
    });
  }

  private release(object: KubeObject, done: (owned: boolean, error?: string) => void): void {
    const { resource } = this.options;
    const meta = object.metadata;
    const patch = {
      metadata: {
        ownerReferences: [{ $patch: "delete", uid: this.options.owner.metadata.uid }],
        uid: meta.uid,
      },
    };
    this.client.patch(resource, meta.namespace, meta.name ?? "", patch, { strategic: true }, (response) => {
      // 404: gone; 422: no such reference any more, or the object was recreated. Both are fine.
      if (response.code === 200 || response.code === 404 || response.code === 422) return done(false);
      done(false, messageOf(response));
    });
  }

  /** RecheckDeletionTimestamp with an uncached GET of the owner, done at most once per pass. */
  private canAdopt(done: (error: string | undefined) => void): void {
    if (this.canAdoptError !== null) return done(this.canAdoptError);
    this.waiting.push(done);
    if (this.waiting.length > 1) return;
    const { owner, ownerResource } = this.options;
    const meta = owner.metadata;
    this.client.request(
      { verb: "get", resource: ownerResource, namespace: meta.namespace ?? "default", name: meta.name ?? "" },
      (response) => {
        let error: string | undefined;
        if (response.code !== 200) {
          error = `can't recheck DeletionTimestamp: ${messageOf(response)}`;
        } else {
          const fresh = response.body as KubeObject;
          if (fresh.metadata.uid !== meta.uid) {
            error = `can't recheck DeletionTimestamp: original ${owner.kind} ${meta.namespace ?? ""}/${meta.name ?? ""} is gone: got uid ${fresh.metadata.uid ?? ""}, wanted ${meta.uid ?? ""}`;
          } else if (fresh.metadata.deletionTimestamp) {
            error = `${meta.namespace ?? ""}/${meta.name ?? ""} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
          }
        }
        this.canAdoptError = error;
        for (const waiter of this.waiting.splice(0)) waiter(error);
      },
    );
  }
}
