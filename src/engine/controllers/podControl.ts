// controller.RealPodControl (pkg/controller/controller_utils.go): how workload controllers create,
// delete and patch pods, with the events upstream records on the owning object
// (SuccessfulCreate "Created pod: <name>", FailedCreate "Error creating: <error>",
// SuccessfulDelete "Deleted pod: <name>", FailedDelete "Error deleting: <error>").

import type { KubeObject, OwnerReference, Pod } from "../api/objects";
import { type Status, isStatus } from "../api/status";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { ApiResponse } from "../apiserver/request";
import type { ApiClient } from "../client/apiClient";
import type { EventRecorder } from "../client/eventRecorder";
import { podFromTemplate } from "./controllerUtils";

/** Event reasons of controller_utils.go. */
export const PodControlReason = {
  FailedCreate: "FailedCreate",
  SuccessfulCreate: "SuccessfulCreate",
  FailedDelete: "FailedDelete",
  SuccessfulDelete: "SuccessfulDelete",
} as const;

/** A failed API call as client-go returns it: the Status, whose message is err.Error(). */
export interface PodControlError {
  readonly message: string;
  readonly code: number;
  readonly status?: Status;
}

export type PodControlCallback = (error: PodControlError | undefined, response?: ApiResponse) => void;

function errorOf(response: ApiResponse): PodControlError {
  const body = response.body;
  return isStatus(body)
    ? { message: body.message, code: response.code, status: body }
    : { message: `unexpected response ${response.code}`, code: response.code };
}

/** apierrors.HasStatusCause(err, v1.NamespaceTerminatingCause). */
export function isNamespaceTerminating(error: PodControlError | undefined): boolean {
  const causes = error?.status?.details?.causes ?? [];
  // The simulated NamespaceLifecycle admission reports no causes yet: recognise its message too.
  return (
    causes.some((c) => c.reason === "NamespaceTerminating") ||
    (error?.code === 403 && error.message.includes("because it is being terminated"))
  );
}

/** getPodsPrefix: `<controller-name>-` (ValidatePodName always accepts it for a valid owner name). */
export function podsPrefix(controllerName: string): string {
  return `${controllerName}-`;
}

export class PodControl {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
  ) {}

  /**
   * CreatePods: one pod from `template`, named `<owner>-xxxxx`, controlled by `controllerRef`.
   * `owner` is what the events are about.
   */
  createPod(
    namespace: string,
    template: PodTemplateSpec | undefined,
    owner: KubeObject,
    controllerRef: OwnerReference,
    done: PodControlCallback,
  ): void {
    const base = podFromTemplate(template, owner, { generateName: podsPrefix(owner.metadata.name ?? "") });
    const pod: Pod = { ...base, metadata: { ...base.metadata, namespace, ownerReferences: [controllerRef] } };
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0) {
      return done({ message: "unable to create pods, no labels", code: 0 });
    }
    this.client.create("pods", namespace, pod as unknown as KubeObject, (response) => {
      if (response.code !== 201) {
        const error = errorOf(response);
        // Only send an event if the namespace isn't terminating.
        if (!isNamespaceTerminating(error)) {
          this.recorder.event(
            owner,
            "Warning",
            PodControlReason.FailedCreate,
            `Error creating: ${error.message}`,
          );
        }
        return done(error, response);
      }
      const created = response.body as KubeObject;
      this.recorder.event(
        owner,
        "Normal",
        PodControlReason.SuccessfulCreate,
        `Created pod: ${created.metadata.name ?? ""}`,
      );
      done(undefined, response);
    });
  }

  /** DeletePod: a graceful delete; NotFound is returned without an event. */
  deletePod(namespace: string, name: string, owner: KubeObject, done: PodControlCallback): void {
    this.client.request({ verb: "delete", resource: "pods", namespace, name }, (response) => {
      if (response.code !== 200 && response.code !== 202) {
        const error = errorOf(response);
        if (response.code === 404) return done(error, response);
        this.recorder.event(
          owner,
          "Warning",
          PodControlReason.FailedDelete,
          `Error deleting: ${error.message}`,
        );
        return done({ ...error, message: `unable to delete pods: ${error.message}` }, response);
      }
      this.recorder.event(owner, "Normal", PodControlReason.SuccessfulDelete, `Deleted pod: ${name}`);
      done(undefined, response);
    });
  }

  /** PatchPod: a strategic merge patch (what ControllerRefManager adopts and releases with). */
  patchPod(namespace: string, name: string, patch: unknown, done: PodControlCallback): void {
    this.client.patch("pods", namespace, name, patch, { strategic: true }, (response) =>
      response.code === 200 ? done(undefined, response) : done(errorOf(response), response),
    );
  }
}
