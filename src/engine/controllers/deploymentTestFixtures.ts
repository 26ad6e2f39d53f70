// Fixtures for the Deployment controller's tests: a Deployment `web` (app=web), ReplicaSets made
// from a given image with the right pod-template-hash name, and a testbed running the controller's
// informers without its queue, so each test drives `reconcile` itself.

import type { DeploymentStatus } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { Event, KubeObject } from "../api/objects";
import { defaultTemplate } from "../apiserver/registry/workloadDefaults";
import { DEFAULT_EPOCH_MS, SECOND, formatRfc3339 } from "../sim/time";
import { type ControllerTestbed, controllerTestbed } from "../testing/controllerTestbed";
import { DeploymentController } from "./deploymentController";
import { computeHash } from "./deploymentHash";
import type { DeploymentObject, ReplicaSetObject } from "./deploymentUtil";

export const D_UID = "uid-deployments-web";
export const POST_RS = "POST /apis/apps/v1/namespaces/default/replicasets";
export const PUT_D_STATUS = "PUT /apis/apps/v1/namespaces/default/deployments/web/status";
export const POST_EVENTS = "POST /api/v1/namespaces/default/events";
export const putRS = (name: string): string => `PUT /apis/apps/v1/namespaces/default/replicasets/${name}`;

/** RFC 3339 `seconds` after (or before) the testbed's start. */
export const at = (seconds: number): string => formatRfc3339(DEFAULT_EPOCH_MS + seconds * SECOND);

/** The pod template as the apiserver stores it: with the pod defaults, as on a real Deployment. */
export function template(image: string): PodTemplateSpec {
  const bare = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image }] } };
  return defaultTemplate(bare, []);
}

/** `web-<hash>` for the template of `image`. */
export const rsName = (image: string): string => `web-${computeHash(template(image), undefined)}`;

export interface DeploymentOptions {
  readonly image?: string;
  readonly replicas?: number;
  readonly strategy?: unknown;
  readonly paused?: boolean;
  readonly revision?: number;
  readonly revisionHistoryLimit?: number;
  readonly generation?: number;
  readonly selector?: unknown;
  readonly status?: DeploymentStatus;
}

export function deployment(o: DeploymentOptions = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      generation: o.generation ?? 1,
      ...(o.revision !== undefined
        ? { annotations: { "deployment.kubernetes.io/revision": String(o.revision) } }
        : {}),
    },
    spec: {
      replicas: o.replicas ?? 3,
      selector: o.selector ?? { matchLabels: { app: "web" } },
      template: template(o.image ?? "nginx:1.28"),
      ...(o.strategy !== undefined ? { strategy: o.strategy } : {}),
      ...(o.paused ? { paused: true } : {}),
      ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
    },
    ...(o.status ? { status: o.status } : {}),
  };
}

export interface ReplicaSetOptions {
  readonly replicas: number;
  readonly revision: number;
  /** Pods it reports (status.replicas); defaults to `replicas`. */
  readonly current?: number;
  /** Available pods it reports; defaults to `current`. */
  readonly available?: number;
  /** Seconds after the start it was created. */
  readonly created?: number;
  /** Replicas annotations: desired and max (default: unset). */
  readonly desired?: number;
  readonly max?: number;
  /** The uid of its controlling Deployment; `null` for an orphan (default: web's). */
  readonly owner?: string | null;
}

export function replicaSet(image: string, o: ReplicaSetOptions): KubeObject {
  const hash = computeHash(template(image), undefined);
  const t = template(image);
  const current = o.current ?? o.replicas;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `web-${hash}`,
      namespace: "default",
      generation: 1,
      creationTimestamp: at(o.created ?? -100),
      labels: { app: "web", "pod-template-hash": hash },
      annotations: {
        "deployment.kubernetes.io/revision": String(o.revision),
        ...(o.desired !== undefined
          ? { "deployment.kubernetes.io/desired-replicas": String(o.desired) }
          : {}),
        ...(o.max !== undefined ? { "deployment.kubernetes.io/max-replicas": String(o.max) } : {}),
      },
      ...(o.owner === null
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                name: "web",
                uid: o.owner ?? D_UID,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }),
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { app: "web", "pod-template-hash": hash } },
      template: { ...t, metadata: { labels: { app: "web", "pod-template-hash": hash } } },
    },
    status: {
      replicas: current,
      readyReplicas: o.available ?? current,
      availableReplicas: o.available ?? current,
      observedGeneration: 1,
    },
  };
}

export function setup(objects: KubeObject[]): { tb: ControllerTestbed; dc: DeploymentController } {
  const tb = controllerTestbed(objects, { controllerName: "deployment-controller" });
  const dc = new DeploymentController(tb.client);
  dc.startInformers();
  return { tb, dc };
}

/** Runs one sync to the end; returns what it told the work queue. */
export function reconcile(tb: ControllerTestbed, dc: DeploymentController): number | "error" | undefined {
  let result: number | "error" | undefined | null = null;
  dc.reconcile("default/web", (r) => (result = r));
  tb.run();
  if (result === null) throw new Error("reconcile never finished");
  return result;
}

export function eventsOf(tb: ControllerTestbed): string[] {
  return (tb.list("events", "default") as unknown as Event[]).map(
    (e) => `${e.type} ${e.reason} ${e.message} (${e.source?.component ?? ""})`,
  );
}

export const storedDeployment = (tb: ControllerTestbed): DeploymentObject =>
  tb.get("deployments", "default", "web") as DeploymentObject;
export const storedRS = (tb: ControllerTestbed, name: string): ReplicaSetObject | undefined =>
  tb.get("replicasets", "default", name) as ReplicaSetObject | undefined;
export const conditionsOf = (tb: ControllerTestbed): string[] =>
  (storedDeployment(tb).status?.conditions ?? []).map(
    (c) => `${c.type} ${c.status} ${c.reason ?? ""}: ${c.message ?? ""}`,
  );
