// StatefulPodControl (pkg/controller/statefulset/stateful_pod_control.go): how the StatefulSet
// controller creates a pod (its PersistentVolumeClaims first, looked up in the informer cache and
// created when missing), deletes one, and repairs an existing pod's identity labels, with the
// events upstream records on the StatefulSet: "create Pod web-0 in StatefulSet web successful",
// "create Claim www-web-0 Pod web-0 in StatefulSet web success", "delete Pod web-2 in
// StatefulSet web successful", and their "... failed error: ..." forms. Simplified: only the
// default persistentVolumeClaimRetentionPolicy (Retain, Retain): claims get no owner references.

import type { KubeObject, Pod } from "../api/objects";
import { isStatus } from "../api/status";
import type { ApiResponse } from "../apiserver/request";
import type { ApiClient } from "../client/apiClient";
import type { EventRecorder } from "../client/eventRecorder";
import type { Informer } from "../client/informer";
import { aggregateErrors } from "./controllerRefManager";
import {
  type StatefulSetObject,
  getOrdinal,
  getPersistentVolumeClaims,
  identityMatches,
  storageMatches,
  updateIdentity,
  updateStorage,
} from "./statefulSetUtils";

const messageOf = (response: ApiResponse): string =>
  isStatus(response.body) ? response.body.message : `unexpected response ${response.code}`;

/** Title-case of a verb, as strings.Title: "create" → "Create". */
const title = (verb: string): string => verb.charAt(0).toUpperCase() + verb.slice(1);

export class StatefulPodControl {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
    private readonly claims: Informer<KubeObject>,
  ) {}

  recordPodEvent(verb: string, set: StatefulSetObject, pod: Pod, error?: string): void {
    const name = pod.metadata?.name ?? "";
    const setName = set.metadata.name ?? "";
    if (error === undefined) {
      this.recorder.event(
        set,
        "Normal",
        `Successful${title(verb)}`,
        `${verb} Pod ${name} in StatefulSet ${setName} successful`,
      );
    } else {
      this.recorder.event(
        set,
        "Warning",
        `Failed${title(verb)}`,
        `${verb} Pod ${name} in StatefulSet ${setName} failed error: ${error}`,
      );
    }
  }

  private recordClaimEvent(
    verb: string,
    set: StatefulSetObject,
    pod: Pod,
    claim: string,
    error?: string,
  ): void {
    const name = pod.metadata?.name ?? "";
    const setName = set.metadata.name ?? "";
    if (error === undefined) {
      this.recorder.event(
        set,
        "Normal",
        `Successful${title(verb)}`,
        `${verb} Claim ${claim} Pod ${name} in StatefulSet ${setName} success`,
      );
    } else {
      this.recorder.event(
        set,
        "Warning",
        `Failed${title(verb)}`,
        `${verb} Claim ${claim} for Pod ${name} in StatefulSet ${setName} failed error: ${error}`,
      );
    }
  }

  /** createPersistentVolumeClaims: the pod's missing claims, one at a time; a claim being deleted is an error. */
  createPersistentVolumeClaims(set: StatefulSetObject, pod: Pod, done: (error?: string) => void): void {
    const claims = getPersistentVolumeClaims(set, getOrdinal(pod));
    const errors: string[] = [];
    const next = (i: number): void => {
      const entry = claims[i];
      if (!entry) return done(aggregateErrors(errors));
      const namespace = entry.claim.metadata?.namespace ?? "default";
      const name = entry.claim.metadata?.name ?? "";
      const existing = this.claims.get(`${namespace}/${name}`);
      if (existing) {
        if (existing.metadata.deletionTimestamp) errors.push(`pvc ${name} is being deleted`);
        return next(i + 1);
      }
      this.client.create(
        "persistentvolumeclaims",
        namespace,
        entry.claim as unknown as KubeObject,
        (response) => {
          const error = response.code === 201 ? undefined : messageOf(response);
          if (error !== undefined) errors.push(`failed to create PVC ${name}: ${error}`);
          // An AlreadyExists error is not news to anyone: no event.
          if (response.code !== 409) this.recordClaimEvent("create", set, pod, name, error);
          next(i + 1);
        },
      );
    };
    next(0);
  }

  /** CreateStatefulPod: claims first, then the pod; AlreadyExists is returned without an event. */
  createStatefulPod(set: StatefulSetObject, pod: Pod, done: (error?: string) => void): void {
    this.createPersistentVolumeClaims(set, pod, (claimError) => {
      if (claimError !== undefined) {
        this.recordPodEvent("create", set, pod, claimError);
        return done(claimError);
      }
      const namespace = pod.metadata?.namespace ?? "default";
      this.client.create("pods", namespace, pod as unknown as KubeObject, (response) => {
        if (response.code === 409) return done(messageOf(response));
        const error = response.code === 201 ? undefined : messageOf(response);
        this.recordPodEvent("create", set, pod, error);
        done(error);
      });
    });
  }

  /** DeleteStatefulPod: a graceful delete, recorded either way. */
  deleteStatefulPod(
    set: StatefulSetObject,
    pod: Pod,
    done: (error?: string, notFound?: boolean) => void,
  ): void {
    const namespace = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    this.client.request({ verb: "delete", resource: "pods", namespace, name }, (response) => {
      const ok = response.code === 200 || response.code === 202;
      const error = ok ? undefined : messageOf(response);
      this.recordPodEvent("delete", set, pod, error);
      done(error, response.code === 404);
    });
  }

  /** UpdateStatefulPod: restore the identity labels and storage of an existing pod (one attempt). */
  updateStatefulPod(set: StatefulSetObject, pod: Pod, done: (error?: string) => void): void {
    let updated = pod;
    if (!identityMatches(set, updated)) updated = updateIdentity(set, updated);
    const commit = (): void => {
      if (updated === pod) return done();
      const namespace = pod.metadata?.namespace ?? "default";
      this.client.update("pods", namespace, updated as unknown as KubeObject, (response) => {
        const error = response.code === 200 ? undefined : messageOf(response);
        this.recordPodEvent("update", set, pod, error);
        done(error);
      });
    };
    if (storageMatches(set, updated)) return commit();
    updated = updateStorage(set, updated);
    this.createPersistentVolumeClaims(set, updated, (error) => {
      if (error === undefined) return commit();
      this.recordPodEvent("update", set, pod, error);
      done(error);
    });
  }
}
