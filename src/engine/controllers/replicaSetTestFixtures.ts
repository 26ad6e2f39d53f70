// Objects and helpers shared by the ReplicaSet controller's testbed tests (not used by the engine).

import type { Event, KubeObject, Pod } from "../api/objects";
import { defaultPod } from "../apiserver/registry/podDefaults";
import { formatRfc3339 } from "../sim/time";
import { type ControllerTestbed, controllerTestbed } from "../testing/controllerTestbed";
import { ReplicaSetController } from "./replicaSetController";

export const POST_PODS = "POST /api/v1/namespaces/default/pods";
export const POST_EVENTS = "POST /api/v1/namespaces/default/events";
export const PUT_RS_STATUS = "PUT /apis/apps/v1/namespaces/default/replicasets/web/status";

export function replicaSet(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web", namespace: "default", generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web", tier: "front" } },
        spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
      },
      ...extra,
    },
  };
}

export const RS_REF = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  name: "web",
  uid: "uid-replicasets-web",
  controller: true,
  blockOwnerDeletion: true,
};

export interface PodOptions {
  labels?: Record<string, string>;
  owner?: typeof RS_REF | null;
  node?: string;
  phase?: string;
  /** Ready since this epoch ms (undefined: not ready). */
  readySince?: number;
  deleting?: boolean;
}

export function pod(name: string, o: PodOptions = {}): KubeObject {
  const owner = o.owner === undefined ? RS_REF : o.owner;
  const p: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      labels: o.labels ?? { app: "web", tier: "front" },
      ...(owner ? { ownerReferences: [owner] } : {}),
      ...(o.deleting ? { deletionTimestamp: "2026-01-01T09:00:00Z", deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { containers: [{ name: "nginx", image: "nginx:1.27" }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? "Running",
      conditions: [
        o.readySince !== undefined
          ? { type: "Ready", status: "True", lastTransitionTime: formatRfc3339(o.readySince) }
          : { type: "Ready", status: "False" },
      ],
    },
  };
  // Stored as the apiserver would have stored it (defaulted), so later patches change nothing else.
  return defaultPod(p, []) as unknown as KubeObject;
}

export function setup(objects: KubeObject[]): { tb: ControllerTestbed; rsc: ReplicaSetController } {
  const tb = controllerTestbed(objects, { controllerName: "replicaset-controller" });
  const rsc = new ReplicaSetController(tb.client);
  rsc.startInformers();
  return { tb, rsc };
}

/** Runs one reconcile to the end; returns what it told the work queue. */
export function reconcile(
  tb: ControllerTestbed,
  rsc: ReplicaSetController,
  key = "default/web",
): number | "error" | undefined {
  let result: number | "error" | undefined | null = null;
  rsc.reconcile(key, (r) => (result = r));
  tb.run();
  if (result === null) throw new Error("reconcile never finished");
  return result;
}

export function eventsOf(tb: ControllerTestbed): string[] {
  return (tb.list("events", "default") as unknown as Event[]).map(
    (e) => `${e.type} ${e.reason} ${e.message} (${e.source?.component ?? ""})`,
  );
}

export const statusOf = (tb: ControllerTestbed, resource = "replicasets", name = "web"): unknown =>
  tb.get(resource, "default", name)?.["status"];

export const podsOf = (tb: ControllerTestbed): Pod[] => tb.list("pods", "default") as unknown as Pod[];
