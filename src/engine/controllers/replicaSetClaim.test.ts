import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Pod } from "../api/objects";
import { DEFAULT_EPOCH_MS, MINUTE, SECOND } from "../sim/time";
import { controllerTestbed } from "../testing/controllerTestbed";
import { type ReplicaSetController, newReplicationManager } from "./replicaSetController";
import {
  POST_EVENTS,
  POST_PODS,
  PUT_RS_STATUS,
  RS_REF,
  eventsOf,
  pod,
  podsOf,
  reconcile,
  replicaSet,
  setup,
  statusOf,
} from "./replicaSetTestFixtures";

describe("ReplicaSet controller: deleting pods", () => {
  it("scales down by deleting the pods upstream ranks first, and expects those deletions", () => {
    const now = DEFAULT_EPOCH_MS;
    const { tb, rsc } = setup([
      replicaSet(2),
      pod("web-ready-old", { node: "node-1", readySince: now - 60 * MINUTE }),
      pod("web-unassigned", { phase: "Pending" }),
      pod("web-ready-new", { node: "node-2", readySince: now - 5 * SECOND }),
      pod("web-not-ready", { node: "node-1" }),
      pod("web-pending", { node: "node-2", phase: "Pending" }),
    ]);
    reconcile(tb, rsc);
    expect(tb.client.calls()).toEqual([
      "DELETE /api/v1/namespaces/default/pods/web-unassigned",
      "DELETE /api/v1/namespaces/default/pods/web-pending",
      "DELETE /api/v1/namespaces/default/pods/web-not-ready",
      POST_EVENTS,
      POST_EVENTS,
      POST_EVENTS,
      PUT_RS_STATUS,
    ]);
    expect(eventsOf(tb)).toEqual([
      "Normal SuccessfulDelete Deleted pod: web-unassigned (replicaset-controller)",
      "Normal SuccessfulDelete Deleted pod: web-pending (replicaset-controller)",
      "Normal SuccessfulDelete Deleted pod: web-not-ready (replicaset-controller)",
    ]);
    // The unassigned pod is removed at once; the others terminate gracefully (no kubelet here).
    expect(
      podsOf(tb)
        .filter((p) => !p.metadata?.deletionTimestamp)
        .map((p) => p.metadata?.name)
        .sort(),
    ).toEqual(["web-ready-new", "web-ready-old"]);
    expect(tb.get("pods", "default", "web-unassigned")).toBeUndefined();
    // The pods' DELETED events were observed.
    expect(rsc.expectations.get("default/web")).toEqual({ add: 0, del: 0 });
  });
});

describe("ReplicaSet controller: claiming pods", () => {
  it("adopts a matching orphan with a PATCH after rechecking itself, and leaves others alone", () => {
    const other = { ...RS_REF, name: "other", uid: "uid-other" };
    const { tb, rsc } = setup([
      replicaSet(3),
      pod("orphan", { owner: null, node: "node-1", readySince: 0 }),
      pod("db", { owner: null, labels: { app: "db" } }),
      pod("taken", { owner: other }),
    ]);
    reconcile(tb, rsc);
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "GET /apis/apps/v1/namespaces/default/replicasets/web",
      "PATCH /api/v1/namespaces/default/pods/orphan",
      POST_PODS,
      POST_EVENTS,
      POST_PODS,
      POST_EVENTS,
      PUT_RS_STATUS,
    ]);
    const patch = tb.client.actions.find((a) => a.verb === "patch")?.request;
    expect(patch?.patchType).toBe("application/strategic-merge-patch+json");
    expect(patch?.body).toEqual({
      metadata: { ownerReferences: [RS_REF], uid: "uid-pods-orphan" },
    });
    expect((tb.get("pods", "default", "orphan") as unknown as Pod).metadata?.ownerReferences).toEqual([
      RS_REF,
    ]);
    expect((tb.get("pods", "default", "db") as unknown as Pod).metadata?.ownerReferences).toBeUndefined();
    expect((tb.get("pods", "default", "taken") as unknown as Pod).metadata?.ownerReferences).toEqual([other]);
    expect(statusOf(tb)).toEqual({
      replicas: 1,
      fullyLabeledReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    });
  });

  it("releases an owned pod whose labels no longer match, then replaces it", () => {
    const { tb, rsc } = setup([replicaSet(1), pod("web-relabeled", { labels: { app: "debug" } })]);
    reconcile(tb, rsc);
    expect(tb.client.calls()).toEqual([
      "PATCH /api/v1/namespaces/default/pods/web-relabeled",
      POST_PODS,
      POST_EVENTS,
      PUT_RS_STATUS,
    ]);
    const patch = tb.client.actions.find((a) => a.verb === "patch")?.request;
    expect(patch?.body).toEqual({
      metadata: {
        ownerReferences: [{ $patch: "delete", uid: "uid-replicasets-web" }],
        uid: "uid-pods-web-relabeled",
      },
    });
    // (The simulated strategic merge keeps an empty list where Go's omitempty would drop it.)
    expect(
      (tb.get("pods", "default", "web-relabeled") as unknown as Pod).metadata?.ownerReferences ?? [],
    ).toEqual([]);
    // Released, it is an orphan no controller counts.
    expect(statusOf(tb)).toEqual({ replicas: 0, observedGeneration: 1 });
  });

  it("does not adopt while it is being deleted", () => {
    const deleting = replicaSet(1);
    const { tb, rsc } = setup([
      {
        ...deleting,
        metadata: {
          ...deleting.metadata,
          deletionTimestamp: "2026-01-01T09:00:00Z",
          finalizers: ["foregroundDeletion"],
        },
      },
      pod("orphan", { owner: null }),
    ]);
    reconcile(tb, rsc);
    // No adoption and no creates: only status.
    expect(tb.client.calls({ includeReads: true })).toEqual([PUT_RS_STATUS]);
  });
});

describe("ReplicationController manager", () => {
  it("is the same controller for v1 ReplicationControllers with a map selector", () => {
    const rc: KubeObject = {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "rc", namespace: "default", generation: 1 },
      spec: {
        replicas: 2,
        selector: { app: "web" },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
        },
      },
    };
    const tb = controllerTestbed([rc, pod("orphan", { owner: null })], {
      controllerName: "replication-controller",
    });
    const rm = newReplicationManager(tb.client);
    rm.startInformers();
    reconcile(tb, rm as ReplicaSetController, "default/rc");
    expect(tb.client.calls({ includeReads: true })).toEqual([
      "GET /api/v1/namespaces/default/replicationcontrollers/rc",
      "PATCH /api/v1/namespaces/default/pods/orphan",
      POST_PODS,
      POST_EVENTS,
      "PUT /api/v1/namespaces/default/replicationcontrollers/rc/status",
    ]);
    const rcRef = {
      apiVersion: "v1",
      kind: "ReplicationController",
      name: "rc",
      uid: "uid-replicationcontrollers-rc",
      controller: true,
      blockOwnerDeletion: true,
    };
    for (const p of podsOf(tb)) expect(p.metadata?.ownerReferences).toEqual([rcRef]);
    const created = podsOf(tb).find((p) => p.metadata?.name !== "orphan");
    expect(created?.metadata?.name).toMatch(/^rc-[a-z0-9]{5}$/);
    expect(eventsOf(tb)).toEqual([
      `Normal SuccessfulCreate Created pod: ${created?.metadata?.name} (replication-controller)`,
    ]);
    const event = (tb.list("events", "default") as unknown as Event[])[0];
    expect(event?.involvedObject).toMatchObject({
      apiVersion: "v1",
      kind: "ReplicationController",
      name: "rc",
    });
    expect(statusOf(tb, "replicationcontrollers", "rc")).toEqual({
      replicas: 1,
      fullyLabeledReplicas: 1,
      observedGeneration: 1,
    });
  });
});
