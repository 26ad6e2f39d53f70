import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/objects";
import { findInOrder } from "../testing/subsequence";
import { controllerRefTo } from "./controllerUtils";
import {
  RS_REF,
  callsWithBodies,
  deleteReplicaSet,
  ownedPod,
  replicaSet,
  send,
  setup,
} from "./gcTestFixtures";

const RS = "/apis/apps/v1/namespaces/default/replicasets/web";
const DEPLOY = "/apis/apps/v1/namespaces/default/deployments/web";
const POD = (name: string) => `/api/v1/namespaces/default/pods/${name}`;
const deletePod = (name: string, rv: number, policy = "Background") =>
  `DELETE ${POD(name)} {"preconditions":{"uid":"uid-pod-${name}","resourceVersion":"${rv}"},"propagationPolicy":"${policy}"}`;
const dropFinalizers = (path: string, rv: number) =>
  `PATCH ${path} merge {"metadata":{"resourceVersion":"${rv}","finalizers":null}}`;

const podNames = (s: ReturnType<typeof setup>) =>
  s.tb.list("pods", "default").map((p) => p.metadata.name ?? "");

describe("garbage collector: cascading deletion of a ReplicaSet's pods", () => {
  it("starts from a settled graph without calling the apiserver", () => {
    const s = setup([replicaSet(), ownedPod("web-a"), ownedPod("web-b")]);
    expect(s.tb.client.calls({ includeReads: true })).toEqual([]);
    const rs = s.gc.graph.uidToNode.get("uid-rs-web");
    expect(rs?.virtual).toBe(false);
    expect([...(rs?.dependents ?? [])].map((d) => d.identity.name).sort()).toEqual(["web-a", "web-b"]);
    expect(rs?.blockingDependents().length).toBe(2);
  });

  it("Background: the owner goes at once, then each dependent is read and deleted with a uid precondition", () => {
    const s = setup([replicaSet(), ownedPod("web-a"), ownedPod("web-b"), ownedPod("other", [])]);
    expect(deleteReplicaSet(s, "Background").code).toBe(200);
    expect(s.tb.get("replicasets", "default", "web")).toBeUndefined();
    s.tb.run();
    // The owner's DELETED event put it in the absent-owner cache: no GET of the owner is needed.
    expect(callsWithBodies(s.tb)).toEqual([
      `GET ${POD("web-a")}`,
      `GET ${POD("web-b")}`,
      deletePod("web-a", 7),
      deletePod("web-b", 8),
    ]);
    expect(podNames(s)).toEqual(["other"]);
    expect(s.gc.graph.uidToNode.has("uid-rs-web")).toBe(false);
  });

  it("Foreground: dependents are deleted first, then the owner's foregroundDeletion finalizer is removed", () => {
    const s = setup([replicaSet(), ownedPod("web-a"), ownedPod("web-b")]);
    const res = deleteReplicaSet(s, "Foreground");
    expect(res.code).toBe(200);
    expect((res.body as KubeObject).metadata.finalizers).toEqual(["foregroundDeletion"]);
    s.tb.run();
    expect(callsWithBodies(s.tb)).toEqual([
      // Each dependent is read, then its owner: it exists, deleting with foregroundDeletion.
      `GET ${POD("web-a")}`,
      `GET ${POD("web-b")}`,
      `GET ${RS}`,
      `GET ${RS}`,
      // The owner's own pass finds blocking dependents left and waits.
      `GET ${RS}`,
      // Pods have no dependents of their own: deleted in the background.
      deletePod("web-a", 7),
      deletePod("web-b", 8),
      // Queued again while being processed: now gone.
      `GET ${POD("web-a")}`,
      `GET ${POD("web-b")}`,
      // No blocking dependent left: the finalizer goes, with the resourceVersion just read.
      `GET ${RS}`,
      `GET ${RS}`,
      dropFinalizers(RS, 9),
    ]);
    findInOrder(s.tb.sim.trace, [
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/pods/default/web-a" },
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/pods/default/web-b" },
      { from: "kube-controller-manager", summary: `PATCH ${RS}` },
      // Removing the last finalizer of an object being deleted deletes it.
      { from: "kube-apiserver", to: "etcd", summary: "Txn delete /registry/replicasets/default/web" },
    ]);
    expect(podNames(s)).toEqual([]);
    expect(s.tb.get("replicasets", "default", "web")).toBeUndefined();
  });

  it("Orphan: ownerReferences to the owner are removed from each dependent, then the orphan finalizer", () => {
    const s = setup([replicaSet(), ownedPod("web-a"), ownedPod("web-b")]);
    expect((deleteReplicaSet(s, "Orphan").body as KubeObject).metadata.finalizers).toEqual(["orphan"]);
    s.tb.run();
    expect(callsWithBodies(s.tb)).toEqual([
      `PATCH ${POD("web-a")} strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"uid-rs-web"}],"uid":"uid-pod-web-a"}}`,
      `PATCH ${POD("web-b")} strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"uid-rs-web"}],"uid":"uid-pod-web-b"}}`,
      `GET ${RS}`,
      dropFinalizers(RS, 9),
    ]);
    expect(s.tb.get("replicasets", "default", "web")).toBeUndefined();
    const pods = s.tb.list("pods", "default");
    expect(pods.map((p) => p.metadata.name)).toEqual(["web-a", "web-b"]);
    // The emptied list is not stored at all (ObjectMeta's omitempty).
    expect(pods.map((p) => "ownerReferences" in p.metadata)).toEqual([false, false]);
  });
});

describe("garbage collector: dangling and mixed owner references", () => {
  it("verifies owners it never saw with a GET, deletes orphans and drops dangling references", () => {
    const ghost = { ...RS_REF, name: "ghost", uid: "uid-ghost" };
    const stale = { ...RS_REF, uid: "uid-old" }; // the name is taken by another ReplicaSet now
    const s = setup([
      replicaSet(),
      ownedPod("lost", [ghost]),
      ownedPod("both", [RS_REF, ghost]),
      ownedPod("stale", [stale]),
    ]);
    expect(callsWithBodies(s.tb)).toEqual([
      // The virtual owners: ghost is 404, web has another uid.
      "GET /apis/apps/v1/namespaces/default/replicasets/ghost",
      `GET ${RS}`,
      `GET ${POD("both")}`,
      `GET ${POD("lost")}`,
      `GET ${POD("stale")}`,
      // "both" still has a live owner: only the dangling reference goes.
      `GET ${RS}`,
      deletePod("lost", 7),
      deletePod("stale", 9),
      `PATCH ${POD("both")} strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"uid-ghost"}],"uid":"uid-pod-both"}}`,
    ]);
    expect(podNames(s)).toEqual(["both"]);
    expect(s.tb.get("pods", "default", "both")?.metadata.ownerReferences).toEqual([RS_REF]);
  });

  it("collects an owner already deleting with foregroundDeletion when it starts", () => {
    const deleting = replicaSet({
      deletionTimestamp: "2026-01-01T08:59:00Z",
      deletionGracePeriodSeconds: 0,
      finalizers: ["foregroundDeletion"],
    });
    const s = setup([deleting, ownedPod("web-a")]);
    expect(callsWithBodies(s.tb)).toEqual([
      `GET ${POD("web-a")}`,
      `GET ${RS}`,
      `GET ${RS}`,
      deletePod("web-a", 7),
      `GET ${POD("web-a")}`,
      `GET ${RS}`,
      `GET ${RS}`,
      dropFinalizers(RS, 6),
    ]);
    expect(s.tb.list("replicasets")).toEqual([]);
  });

  it("leaves a dependent whose reference does not block the owner to be collected after it", () => {
    const loose = { ...RS_REF, blockOwnerDeletion: false };
    const s = setup([replicaSet(), ownedPod("web-a", [loose])]);
    deleteReplicaSet(s, "Foreground");
    s.tb.run();
    expect(callsWithBodies(s.tb)).toEqual([
      `GET ${POD("web-a")}`,
      `GET ${RS}`,
      // The owner's pass: no blocking dependent, so the finalizer goes while the pod is still there.
      `GET ${RS}`,
      `GET ${RS}`,
      deletePod("web-a", 7),
      dropFinalizers(RS, 8),
      // The pod's DELETED event wakes its foreground-deleting owner: already gone.
      `GET ${RS}`,
    ]);
    expect(podNames(s)).toEqual([]);
    expect(s.tb.list("replicasets")).toEqual([]);
  });
});

describe("garbage collector: a Deployment deleted in the foreground", () => {
  it("deletes the ReplicaSet in the foreground (it has dependents), then the pods, then releases both owners", () => {
    const deploy: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", uid: "uid-deploy", generation: 1 },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx" }] },
        },
      },
    };
    const s = setup([
      deploy,
      replicaSet({ ownerReferences: [controllerRefTo(deploy)] }),
      ownedPod("web-a"),
      ownedPod("web-b"),
    ]);
    const res = send(s, {
      verb: "delete",
      resource: "deployments",
      namespace: "default",
      name: "web",
      propagationPolicy: "Foreground",
    });
    expect(res.code).toBe(200);
    s.tb.run();
    expect(callsWithBodies(s.tb).filter((c) => !c.startsWith("GET"))).toEqual([
      `DELETE ${RS} {"preconditions":{"uid":"uid-rs-web","resourceVersion":"7"},"propagationPolicy":"Foreground"}`,
      deletePod("web-a", 8),
      deletePod("web-b", 9),
      dropFinalizers(RS, 11),
      dropFinalizers(DEPLOY, 10),
    ]);
    expect([s.tb.list("pods"), s.tb.list("replicasets"), s.tb.list("deployments")]).toEqual([[], [], []]);
  });
});
