import { describe, expect, it } from "vitest";
import { computeHash, safeEncodeString } from "./deploymentHash";
import { equalIgnoreHash, findActiveOrLatest, getProportion } from "./deploymentReplicaSets";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  maxSurge,
  maxUnavailable,
  resolveFenceposts,
  setNewReplicaSetAnnotations,
} from "./deploymentUtil";

const d = (replicas: number, rollingUpdate?: object, type = "RollingUpdate"): DeploymentObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas,
    selector: {},
    template: {},
    strategy: { type, ...(rollingUpdate ? { rollingUpdate } : {}) },
  },
});

const rs = (name: string, replicas: number, created: string, annotations: Record<string, string> = {}) =>
  ({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, uid: name, creationTimestamp: created, annotations },
    spec: { replicas, selector: {} },
  }) as ReplicaSetObject;

describe("fenceposts", () => {
  it("rounds maxSurge up and maxUnavailable down; both 0 becomes 1 unavailable", () => {
    expect(resolveFenceposts("25%", "25%", 3)).toEqual([1, 0]);
    expect(resolveFenceposts("25%", "25%", 10)).toEqual([3, 2]);
    expect(resolveFenceposts(1, 0, 3)).toEqual([1, 0]);
    expect(resolveFenceposts("0%", "1%", 2)).toEqual([0, 1]);
  });

  it("defaults to 25%/25% and caps maxUnavailable at the replicas; Recreate has neither", () => {
    expect([maxSurge(d(10)), maxUnavailable(d(10))]).toEqual([3, 2]);
    expect(maxUnavailable(d(2, { maxUnavailable: 5 }))).toBe(2);
    expect(maxUnavailable(d(0))).toBe(0);
    expect([maxSurge(d(10, undefined, "Recreate")), maxUnavailable(d(10, undefined, "Recreate"))]).toEqual([
      0, 0,
    ]);
  });
});

describe("pod-template hash", () => {
  it("SafeEncodeString maps the decimal digits into the vowel-free alphabet", () => {
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
  });

  it("is stable, ignores key order, and changes with the template or the collision count", () => {
    const a = computeHash({ metadata: { labels: { app: "web", tier: "x" } } }, undefined);
    expect(a).toBe(computeHash({ metadata: { labels: { tier: "x", app: "web" } } }, undefined));
    expect(a).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash({ metadata: { labels: { app: "web" } } }, undefined)).not.toBe(a);
    expect(computeHash({ metadata: { labels: { app: "web", tier: "x" } } }, 1)).not.toBe(a);
  });

  it("EqualIgnoreHash ignores the pod-template-hash label and empty maps", () => {
    expect(
      equalIgnoreHash(
        { metadata: { labels: { app: "web", "pod-template-hash": "abc" }, annotations: {} } },
        { metadata: { labels: { app: "web" } } },
      ),
    ).toBe(true);
    expect(
      equalIgnoreHash({ metadata: { labels: { app: "web" } } }, { metadata: { labels: { app: "api" } } }),
    ).toBe(false);
  });
});

describe("revisions and proportions", () => {
  it("rolling back to an old ReplicaSet raises its revision and keeps the old one in revision-history", () => {
    const annotations: Record<string, string> = { "deployment.kubernetes.io/revision": "1" };
    const deploy = {
      ...d(3),
      metadata: { name: "web", annotations: { team: "blue", "deployment.kubernetes.io/revision": "2" } },
    };
    expect(setNewReplicaSetAnnotations(deploy, annotations, 3, true)).toBe(true);
    expect(annotations).toEqual({
      team: "blue",
      "deployment.kubernetes.io/revision": "3",
      "deployment.kubernetes.io/revision-history": "1",
    });
    expect(setNewReplicaSetAnnotations(deploy, annotations, 3, true)).toBe(false);
  });

  it("GetProportion shares by max-replicas and never exceeds what is left to add", () => {
    const old = rs("old", 8, "2026-01-01T08:00:00Z", { "deployment.kubernetes.io/max-replicas": "13" });
    const deploy = d(15, { maxSurge: 3, maxUnavailable: 2 });
    expect(getProportion(old, deploy, 5, 0)).toBe(3);
    expect(getProportion(old, deploy, 5, 4)).toBe(1);
    expect(getProportion(old, d(0), -8, 0)).toBe(-8);
  });

  it("FindActiveOrLatest: the only active one, else the newest, else none when several are active", () => {
    const older = rs("a", 0, "2026-01-01T08:00:00Z");
    const newer = rs("b", 0, "2026-01-01T08:30:00Z");
    expect(findActiveOrLatest(undefined, [older, newer])?.metadata.name).toBe("b");
    expect(findActiveOrLatest(undefined, [rs("c", 2, "2026-01-01T07:00:00Z"), newer])?.metadata.name).toBe(
      "c",
    );
    expect(
      findActiveOrLatest(rs("n", 1, "2026-01-01T09:00:00Z"), [rs("c", 2, "2026-01-01T07:00:00Z")]),
    ).toBeUndefined();
  });
});
