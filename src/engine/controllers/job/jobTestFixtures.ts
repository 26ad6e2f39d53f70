// Objects and helpers shared by the Job, CronJob and TTL-after-finished controller tests (not
// used by the engine).

import type { Event, KubeObject, Pod } from "../../api/objects";
import { defaultPod } from "../../apiserver/registry/podDefaults";
import { DEFAULT_EPOCH_MS, formatRfc3339 } from "../../sim/time";
import { type ControllerTestbed, controllerTestbed } from "../../testing/controllerTestbed";
import { JobController } from "../jobController";
import { JOB_TRACKING_FINALIZER } from "./jobUtils";

export const JOB_UID = "uid-jobs-pi";
export const POST_PODS = "POST /api/v1/namespaces/default/pods";
export const POST_EVENTS = "POST /api/v1/namespaces/default/events";
export const PUT_JOB_STATUS = "PUT /apis/batch/v1/namespaces/default/jobs/pi/status";
export const patchPod = (name: string): string => `PATCH /api/v1/namespaces/default/pods/${name}`;
export const deletePod = (name: string): string => `DELETE /api/v1/namespaces/default/pods/${name}`;

export const JOB_LABELS = {
  "batch.kubernetes.io/controller-uid": JOB_UID,
  "batch.kubernetes.io/job-name": "pi",
  "controller-uid": JOB_UID,
  "job-name": "pi",
};

export const JOB_REF = {
  apiVersion: "batch/v1",
  kind: "Job",
  name: "pi",
  uid: JOB_UID,
  controller: true,
  blockOwnerDeletion: true,
};

/** Epoch ms `seconds` after the testbed's simulated time 0. */
export const at = (seconds: number): string => formatRfc3339(DEFAULT_EPOCH_MS + seconds * 1000);

/** A Job as the apiserver stores it (defaults and generated selector filled in). */
export function job(spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi", namespace: "default", generation: 1, labels: JOB_LABELS },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: "TerminatingOrFailed",
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": JOB_UID } },
      template: {
        metadata: { labels: JOB_LABELS },
        spec: {
          restartPolicy: "Never",
          containers: [
            { name: "pi", image: "perl:5.34", command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"] },
          ],
        },
      },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

export interface PodOptions {
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  finalizer?: boolean;
  ready?: boolean;
  /** Seconds after time 0 at which the container finished. */
  finishedAt?: number;
  restartCount?: number;
  node?: string;
  deleting?: boolean;
  owner?: typeof JOB_REF | null;
  uid?: string;
}

export function pod(name: string, o: PodOptions = {}): KubeObject {
  const owner = o.owner === undefined ? JOB_REF : o.owner;
  const phase = o.phase ?? "Running";
  const terminated =
    phase === "Succeeded" || phase === "Failed"
      ? {
          terminated: {
            exitCode: phase === "Succeeded" ? 0 : 1,
            reason: phase === "Succeeded" ? "Completed" : "Error",
            startedAt: at(0),
            finishedAt: at(o.finishedAt ?? 0),
          },
        }
      : undefined;
  const p: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: o.uid ?? `uid-${name}`,
      generateName: "pi-",
      labels: JOB_LABELS,
      ...(owner ? { ownerReferences: [owner] } : {}),
      ...(o.finalizer === false ? {} : { finalizers: [JOB_TRACKING_FINALIZER] }),
      ...(o.deleting ? { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: {
      restartPolicy: "Never",
      containers: [{ name: "pi", image: "perl:5.34" }],
      nodeName: o.node ?? "node-1",
    },
    status: {
      phase,
      conditions: [{ type: "Ready", status: o.ready ? "True" : "False", lastTransitionTime: at(0) }],
      containerStatuses: [
        {
          name: "pi",
          image: "perl:5.34",
          imageID: "",
          ready: o.ready ?? false,
          restartCount: o.restartCount ?? 0,
          state:
            terminated ??
            (phase === "Running"
              ? { running: { startedAt: at(0) } }
              : { waiting: { reason: "ContainerCreating" } }),
        },
      ],
    },
  };
  return defaultPod(p, []) as unknown as KubeObject;
}

export function setupJob(objects: KubeObject[]): { tb: ControllerTestbed; jc: JobController } {
  const tb = controllerTestbed(objects, { controllerName: "job-controller" });
  const jc = new JobController(tb.client);
  jc.startInformers();
  return { tb, jc };
}

/** One syncJob to the end; returns what it told the work queue. */
export function syncOnce(
  tb: ControllerTestbed,
  jc: JobController,
  key = "default/pi",
): number | "error" | undefined {
  let result: number | "error" | undefined | null = null;
  jc.reconcile(key, (r) => (result = r));
  tb.run();
  if (result === null) throw new Error("syncJob never finished");
  return result;
}

export function eventsOf(tb: ControllerTestbed, namespace = "default"): string[] {
  return (tb.list("events", namespace) as unknown as Event[]).map(
    (e) => `${e.type} ${e.reason} ${e.message} (${e.source?.component ?? ""})`,
  );
}

export const jobStatus = (tb: ControllerTestbed, name = "pi"): Record<string, unknown> | undefined =>
  tb.get("jobs", "default", name)?.["status"] as Record<string, unknown> | undefined;

export const podsOf = (tb: ControllerTestbed): Pod[] => tb.list("pods", "default") as unknown as Pod[];
