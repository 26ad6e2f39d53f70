import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/objects";
import type { Status } from "../../api/status";
import { ApiClient } from "../../client/apiClient";
import { controllerTestbed } from "../../testing/controllerTestbed";
import { Users } from "../handlerChain";
import type { ApiRequest, ApiResponse } from "../request";

const NOW = "2026-01-01T09:00:00Z";

function workload(apiVersion: string, kind: string, extra: Partial<KubeObject["metadata"]> = {}): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: "web", namespace: "default", uid: `uid-${kind}`, generation: 1, ...extra },
    spec: {},
  };
}

function pod(name: string, nodeName?: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { containers: [{ name: "c", image: "nginx" }], ...(nodeName ? { nodeName } : {}) },
    status: { phase: nodeName ? "Running" : "Pending" },
  };
}

function bed(objects: readonly KubeObject[]) {
  const tb = controllerTestbed(objects);
  const admin = new ApiClient(tb.sim, "kubectl", Users.admin, tb.apiserver);
  const send = (request: Omit<ApiRequest, "verb" | "namespace">): ApiResponse => {
    let response: ApiResponse | undefined;
    admin.request({ verb: "delete", namespace: "default", ...request }, (r) => (response = r));
    while (response === undefined && tb.sim.step()) {
      /* until answered */
    }
    if (response === undefined) throw new Error("no response");
    return response;
  };
  return { tb, send };
}

const metaOf = (r: ApiResponse) => (r.body as KubeObject).metadata;

describe("DELETE with DeleteOptions.propagationPolicy", () => {
  it("Foreground: adds foregroundDeletion, marks the object as deleting and answers 200 with it", () => {
    const { tb, send } = bed([workload("apps/v1", "ReplicaSet")]);
    const res = send({ resource: "replicasets", name: "web", propagationPolicy: "Foreground" });
    expect(res.code).toBe(200);
    const meta = metaOf(res);
    expect(meta.finalizers).toEqual(["foregroundDeletion"]);
    expect(meta.deletionTimestamp).toBe(NOW);
    expect(meta.deletionGracePeriodSeconds).toBe(0);
    // markAsDeleting bumps the generation of objects that have one.
    expect(meta.generation).toBe(2);
    // The object stays until the garbage collector removes the finalizer.
    expect(tb.get("replicasets", "default", "web")?.metadata).toEqual(meta);
    const stage = tb.sim.trace.find(
      (e) => e.detail?.type === "stage" && e.detail.stage === "validating-admission",
    );
    expect(stage?.detail?.type === "stage" ? stage.detail.notes : []).toContain(
      "propagationPolicy Foreground: finalizer foregroundDeletion set; the object stays until the garbage collector has deleted its blocking dependents",
    );
  });

  it("Orphan: adds the orphan finalizer; Background removes the object at once", () => {
    const { tb, send } = bed([workload("apps/v1", "ReplicaSet"), workload("apps/v1", "Deployment")]);
    const orphan = send({ resource: "replicasets", name: "web", propagationPolicy: "Orphan" });
    expect([orphan.code, metaOf(orphan).finalizers]).toEqual([200, ["orphan"]]);
    expect(tb.get("replicasets", "default", "web")?.metadata.finalizers).toEqual(["orphan"]);
    const background = send({ resource: "deployments", name: "web", propagationPolicy: "Background" });
    expect(background.code).toBe(200);
    expect(metaOf(background).finalizers).toBeUndefined();
    expect(tb.get("deployments", "default", "web")).toBeUndefined();
  });

  it("follows each resource's default policy when the request names none", () => {
    const { tb, send } = bed([
      workload("v1", "ReplicationController"),
      workload("batch/v1", "Job"),
      workload("apps/v1", "StatefulSet"),
      workload("batch/v1", "CronJob"),
    ]);
    // v1 ReplicationController and batch/v1 Job orphan by default, for backward compatibility.
    expect(metaOf(send({ resource: "replicationcontrollers", name: "web" })).finalizers).toEqual(["orphan"]);
    expect(metaOf(send({ resource: "jobs", name: "web" })).finalizers).toEqual(["orphan"]);
    // apps/v1 and batch/v1 CronJob delete dependents (in the background unless asked otherwise).
    send({ resource: "statefulsets", name: "web" });
    send({ resource: "cronjobs", name: "web" });
    expect([tb.get("statefulsets", "default", "web"), tb.get("cronjobs", "default", "web")]).toEqual([
      undefined,
      undefined,
    ]);
    // kubectl always sends Background, so `kubectl delete rc` cascades.
    const { tb: tb2, send: send2 } = bed([workload("v1", "ReplicationController")]);
    send2({ resource: "replicationcontrollers", name: "web", propagationPolicy: "Background" });
    expect(tb2.get("replicationcontrollers", "default", "web")).toBeUndefined();
  });

  it("ignores the policy for events (Unsupported) and keeps other finalizers", () => {
    const event: KubeObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "web.1", namespace: "default" },
      involvedObject: { kind: "Pod", name: "web", namespace: "default" },
      reason: "Started",
    };
    const { tb, send } = bed([event, workload("apps/v1", "DaemonSet", { finalizers: ["example.com/keep"] })]);
    send({ resource: "events", name: "web.1", propagationPolicy: "Foreground" });
    expect(tb.get("events", "default", "web.1")).toBeUndefined();
    const res = send({ resource: "daemonsets", name: "web", propagationPolicy: "Foreground" });
    expect(metaOf(res).finalizers).toEqual(["example.com/keep", "foregroundDeletion"]);
  });

  it("lets a later DELETE switch the policy of an object waiting for its finalizers", () => {
    const { tb, send } = bed([workload("apps/v1", "ReplicaSet")]);
    const first = metaOf(send({ resource: "replicasets", name: "web", propagationPolicy: "Foreground" }));
    tb.sim.runFor(5000);
    // No policy: nothing changes, not even the resourceVersion.
    expect(metaOf(send({ resource: "replicasets", name: "web" }))).toEqual(first);
    const switched = metaOf(send({ resource: "replicasets", name: "web", propagationPolicy: "Orphan" }));
    expect(switched.finalizers).toEqual(["orphan"]);
    // markAsDeleting keeps the earlier deletionTimestamp and the generation.
    expect([switched.deletionTimestamp, switched.generation]).toEqual([NOW, 2]);
  });

  it("deletes pods gracefully with the finalizer: the kubelet's grace period, then the garbage collector", () => {
    const { tb, send } = bed([pod("running", "node-1"), pod("pending")]);
    const running = metaOf(send({ resource: "pods", name: "running", propagationPolicy: "Foreground" }));
    expect([running.deletionTimestamp, running.deletionGracePeriodSeconds, running.finalizers]).toEqual([
      "2026-01-01T09:00:30Z",
      30,
      ["foregroundDeletion"],
    ]);
    // An unscheduled pod has nothing to stop, but the finalizer still keeps it.
    const pending = metaOf(send({ resource: "pods", name: "pending", propagationPolicy: "Orphan" }));
    expect([pending.deletionGracePeriodSeconds, pending.finalizers]).toEqual([0, ["orphan"]]);
    expect(tb.get("pods", "default", "pending")).toBeDefined();
    // The kubelet's final DELETE (grace 0) does not drop the finalizer: the pod waits for it.
    const last = metaOf(send({ resource: "pods", name: "running", gracePeriodSeconds: 0 }));
    expect([last.deletionTimestamp, last.deletionGracePeriodSeconds, last.finalizers]).toEqual([
      NOW,
      0,
      ["foregroundDeletion"],
    ]);
  });

  it("checks preconditions as BeforeDelete does", () => {
    const { send } = bed([workload("apps/v1", "ReplicaSet")]);
    const uid = send({ resource: "replicasets", name: "web", preconditions: { uid: "uid-old" } });
    expect(uid.code).toBe(409);
    expect((uid.body as Status).message).toBe(
      'Operation cannot be fulfilled on ReplicaSet.apps "web": the UID in the precondition (uid-old) does not match the UID in record (uid-ReplicaSet). The object might have been deleted and then recreated',
    );
    const rv = send({
      resource: "replicasets",
      name: "web",
      preconditions: { uid: "uid-ReplicaSet", resourceVersion: "1" },
    });
    expect((rv.body as Status).message).toBe(
      'Operation cannot be fulfilled on ReplicaSet.apps "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (6). The object might have been modified',
    );
  });
});
