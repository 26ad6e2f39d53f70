import { describe, expect, it } from "vitest";
import {
  POST_EVENTS,
  POST_RS,
  PUT_D_STATUS,
  at,
  conditionsOf,
  deployment,
  eventsOf,
  putRS,
  reconcile,
  replicaSet,
  rsName,
  setup,
  storedDeployment,
  storedRS,
} from "./deploymentTestFixtures";

const OLD = "nginx:1.27";
const NEW = "nginx:1.28";
const surge1 = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };

describe("Deployment controller: a new Deployment", () => {
  it("creates <name>-<pod-template-hash> with revision 1, records the event, then its status", () => {
    const { tb, dc } = setup([deployment({ image: OLD })]);
    // Like upstream, the second status write of the pass uses the resourceVersion read at its start: 409.
    expect(reconcile(tb, dc)).toBe("error");
    expect(tb.client.calls()).toEqual([POST_RS, POST_EVENTS, PUT_D_STATUS, PUT_D_STATUS]);
    const name = rsName(OLD);
    const hash = name.slice("web-".length);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    const rs = storedRS(tb, name);
    expect(rs?.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs?.metadata.annotations).toEqual({
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      // maxSurge 25% of 3 rounds up to 1.
      "deployment.kubernetes.io/max-replicas": "4",
    });
    expect(rs?.metadata.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: "uid-deployments-web",
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs?.spec?.replicas).toBe(3);
    expect(rs?.spec?.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs?.spec?.template?.metadata?.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(eventsOf(tb)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${name} from 0 to 3 (deployment-controller)`,
    ]);
    expect(storedDeployment(tb).metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    expect(conditionsOf(tb)).toEqual([
      `Progressing True NewReplicaSetCreated: Created new replica set "${name}"`,
    ]);

    // The retry sees the ReplicaSet (no pods yet): counts and Available=False.
    tb.client.clear();
    expect(reconcile(tb, dc)).toBeUndefined();
    expect(tb.client.calls()).toEqual([PUT_D_STATUS]);
    expect(storedDeployment(tb).status).toMatchObject({ observedGeneration: 1, unavailableReplicas: 3 });
    expect(conditionsOf(tb)).toEqual([
      `Progressing True NewReplicaSetCreated: Created new replica set "${name}"`,
      "Available False MinimumReplicasUnavailable: Deployment does not have minimum availability.",
    ]);

    // Nothing changed: no write, but a look again once progressDeadlineSeconds (600) has passed.
    tb.client.clear();
    const now = tb.sim.now;
    expect(reconcile(tb, dc)).toBe(601_000 - now);
    expect(tb.client.calls({ includeReads: true })).toEqual([]);
  });

  it("adopts an existing matching ReplicaSet as the new one (FoundNewReplicaSet), then completes", () => {
    const { tb, dc } = setup([
      deployment({ image: OLD, revision: 1 }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 4 }),
    ]);
    // Two status writes with one resourceVersion, as upstream: the second is refused and retried.
    expect(reconcile(tb, dc)).toBe("error");
    expect(tb.client.calls()).toEqual([PUT_D_STATUS, PUT_D_STATUS]);
    expect(conditionsOf(tb)).toEqual([
      `Progressing True FoundNewReplicaSet: Found new replica set "${rsName(OLD)}"`,
    ]);
    tb.client.clear();
    expect(reconcile(tb, dc)).toBeUndefined();
    expect(tb.client.calls()).toEqual([PUT_D_STATUS]);
    expect(storedDeployment(tb).status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(conditionsOf(tb)).toEqual([
      "Available True MinimumReplicasAvailable: Deployment has minimum availability.",
      `Progressing True NewReplicaSetAvailable: ReplicaSet "${rsName(OLD)}" has successfully progressed.`,
    ]);
  });
});

const progressing = {
  conditions: [
    {
      type: "Progressing",
      status: "True",
      lastUpdateTime: at(-5),
      lastTransitionTime: at(-5),
      reason: "ReplicaSetUpdated",
      message: "ReplicaSet is progressing.",
    },
  ],
};

describe("Deployment controller: rolling update", () => {
  it("maxSurge 1 / maxUnavailable 0: the new ReplicaSet starts at 1 with revision 2", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, strategy: surge1, revision: 1 }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 4 }),
    ]);
    reconcile(tb, dc);
    expect(tb.client.calls().slice(0, 3)).toEqual([POST_RS, POST_EVENTS, PUT_D_STATUS]);
    expect(storedRS(tb, rsName(NEW))?.spec?.replicas).toBe(1);
    expect(storedRS(tb, rsName(NEW))?.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(storedRS(tb, rsName(OLD))?.spec?.replicas).toBe(3);
    expect(storedDeployment(tb).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(eventsOf(tb)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${rsName(NEW)} from 0 to 1 (deployment-controller)`,
    ]);
  });

  it("scales the old ReplicaSet down only as far as available pods allow", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, strategy: surge1, revision: 2, status: progressing }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 4 }),
      replicaSet(NEW, { replicas: 1, revision: 2, desired: 3, max: 4, created: -10 }),
    ]);
    reconcile(tb, dc);
    expect(tb.client.calls()).toEqual([putRS(rsName(OLD)), POST_EVENTS, PUT_D_STATUS]);
    expect(storedRS(tb, rsName(OLD))?.spec?.replicas).toBe(2);
    expect(eventsOf(tb)).toEqual([
      `Normal ScalingReplicaSet Scaled down replica set ${rsName(OLD)} from 3 to 2 (deployment-controller)`,
    ]);
    expect(conditionsOf(tb)).toContain(
      `Progressing True ReplicaSetUpdated: ReplicaSet "${rsName(NEW)}" is progressing.`,
    );
  });

  it("does not scale down while the new pod is not available yet (maxUnavailable 0)", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, strategy: surge1, revision: 2 }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 4 }),
      replicaSet(NEW, { replicas: 1, revision: 2, desired: 3, max: 4, created: -10, available: 0 }),
    ]);
    reconcile(tb, dc);
    expect(tb.client.calls().filter((c) => c.includes("/replicasets"))).toEqual([]);
  });

  it("scales proportionally when replicas change mid-rollout (larger ReplicaSet first)", () => {
    const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    const { tb, dc } = setup([
      deployment({ image: NEW, replicas: 15, strategy, revision: 2 }),
      replicaSet(OLD, { replicas: 8, revision: 1, desired: 10, max: 13 }),
      replicaSet(NEW, { replicas: 5, revision: 2, desired: 10, max: 13, created: -10, available: 0 }),
    ]);
    reconcile(tb, dc);
    // 5 more allowed (15 + 3 - 13): 8/13 of 18 rounds to 11, the new one takes the rest.
    expect(storedRS(tb, rsName(OLD))?.spec?.replicas).toBe(11);
    expect(storedRS(tb, rsName(NEW))?.spec?.replicas).toBe(7);
    expect(storedRS(tb, rsName(NEW))?.metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/desired-replicas": "15",
      "deployment.kubernetes.io/max-replicas": "18",
    });
    expect(eventsOf(tb)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${rsName(OLD)} from 8 to 11 (deployment-controller)`,
      `Normal ScalingReplicaSet Scaled up replica set ${rsName(NEW)} from 5 to 7 (deployment-controller)`,
    ]);
  });

  it("deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit", () => {
    const done = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 };
    const { tb, dc } = setup([
      deployment({ image: NEW, revision: 4, revisionHistoryLimit: 1, status: done }),
      replicaSet("nginx:1.25", { replicas: 0, revision: 1, created: -300 }),
      replicaSet("nginx:1.26", { replicas: 0, revision: 2, created: -200 }),
      replicaSet(OLD, { replicas: 0, revision: 3, created: -100 }),
      replicaSet(NEW, { replicas: 3, revision: 4, desired: 3, max: 4, created: -10 }),
    ]);
    reconcile(tb, dc);
    const del = (image: string): string =>
      `DELETE /apis/apps/v1/namespaces/default/replicasets/${rsName(image)}`;
    expect(tb.client.calls().filter((c) => c.startsWith("DELETE"))).toEqual([
      del("nginx:1.25"),
      del("nginx:1.26"),
    ]);
    expect(storedRS(tb, rsName(OLD))).toBeDefined();
  });
});

describe("Deployment controller: Recreate", () => {
  const recreate = { type: "Recreate" };

  it("scales every old ReplicaSet to 0 first and creates nothing yet", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, strategy: recreate, revision: 1 }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 3 }),
    ]);
    reconcile(tb, dc);
    expect(tb.client.calls()).toEqual([putRS(rsName(OLD)), POST_EVENTS, PUT_D_STATUS]);
    expect(eventsOf(tb)).toEqual([
      `Normal ScalingReplicaSet Scaled down replica set ${rsName(OLD)} from 3 to 0 (deployment-controller)`,
    ]);
  });

  it("waits while old pods are still reported, then creates the new ReplicaSet at full size", () => {
    const waiting = setup([
      deployment({ image: NEW, strategy: recreate, revision: 1 }),
      replicaSet(OLD, { replicas: 0, current: 2, revision: 1, desired: 3, max: 3 }),
    ]);
    reconcile(waiting.tb, waiting.dc);
    expect(waiting.tb.client.calls().filter((c) => c !== PUT_D_STATUS)).toEqual([]);

    const gone = setup([
      deployment({ image: NEW, strategy: recreate, revision: 1 }),
      replicaSet(OLD, { replicas: 0, revision: 1, desired: 3, max: 3 }),
    ]);
    reconcile(gone.tb, gone.dc);
    expect(gone.tb.client.calls().slice(0, 2)).toEqual([POST_RS, POST_EVENTS]);
    expect(storedRS(gone.tb, rsName(NEW))?.spec?.replicas).toBe(3);
    expect(eventsOf(gone.tb)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${rsName(NEW)} from 0 to 3 (deployment-controller)`,
    ]);
  });
});

describe("Deployment controller: pause, progress deadline, adoption", () => {
  it("while paused: no new ReplicaSet, the DeploymentPaused condition, but scaling still happens", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, replicas: 5, paused: true, revision: 1 }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 4 }),
    ]);
    reconcile(tb, dc);
    expect(tb.client.calls().filter((c) => c === POST_RS)).toEqual([]);
    expect(storedRS(tb, rsName(OLD))?.spec?.replicas).toBe(5);
    expect(eventsOf(tb)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${rsName(OLD)} from 3 to 5 (deployment-controller)`,
    ]);
    expect(conditionsOf(tb)[0]).toBe("Progressing Unknown DeploymentPaused: Deployment is paused");
  });

  const stuck = (lastUpdate: string) => ({
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 3,
    unavailableReplicas: 3,
    conditions: [
      {
        type: "Available",
        status: "False",
        lastUpdateTime: at(-700),
        lastTransitionTime: at(-700),
        reason: "MinimumReplicasUnavailable",
        message: "Deployment does not have minimum availability.",
      },
      {
        type: "Progressing",
        status: "True",
        lastUpdateTime: lastUpdate,
        lastTransitionTime: at(-700),
        reason: "ReplicaSetUpdated",
        message: `ReplicaSet "${rsName(NEW)}" is progressing.`,
      },
    ],
  });

  it("reports ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, revision: 1, status: stuck(at(-601)) }),
      replicaSet(NEW, { replicas: 3, revision: 1, desired: 3, max: 4, available: 0 }),
    ]);
    expect(reconcile(tb, dc)).toBeUndefined();
    expect(tb.client.calls()).toEqual([PUT_D_STATUS]);
    expect(conditionsOf(tb)[1]).toBe(
      `Progressing False ProgressDeadlineExceeded: ReplicaSet "${rsName(NEW)}" has timed out progressing.`,
    );
  });

  it("before the deadline, asks to be queued again when it will have passed", () => {
    const { tb, dc } = setup([
      deployment({ image: NEW, revision: 1, status: stuck(at(-100)) }),
      replicaSet(NEW, { replicas: 3, revision: 1, desired: 3, max: 4, available: 0 }),
    ]);
    const now = tb.sim.now;
    expect(reconcile(tb, dc)).toBe(501_000 - now);
    expect(tb.client.calls()).toEqual([]);
  });

  it("adopts a matching orphan ReplicaSet after re-reading the Deployment", () => {
    const { tb, dc } = setup([
      deployment({ image: OLD, revision: 1 }),
      replicaSet(OLD, { replicas: 3, revision: 1, desired: 3, max: 4, owner: null }),
    ]);
    reconcile(tb, dc);
    expect(tb.client.calls({ includeReads: true }).slice(0, 2)).toEqual([
      "GET /apis/apps/v1/namespaces/default/deployments/web",
      `PATCH /apis/apps/v1/namespaces/default/replicasets/${rsName(OLD)}`,
    ]);
    expect(storedRS(tb, rsName(OLD))?.metadata.ownerReferences?.[0]?.uid).toBe("uid-deployments-web");
    expect(tb.client.calls().filter((c) => c === POST_RS)).toEqual([]);
  });

  it("warns about a selector that selects everything and only records the generation", () => {
    const { tb, dc } = setup([deployment({ selector: {}, generation: 2 })]);
    reconcile(tb, dc);
    expect(tb.client.calls()).toEqual([POST_EVENTS, PUT_D_STATUS]);
    expect(eventsOf(tb)).toEqual([
      "Warning SelectingAll This deployment is selecting all pods. A non-empty selector is required. (deployment-controller)",
    ]);
    expect(storedDeployment(tb).status?.observedGeneration).toBe(2);
  });

  it("on a hash collision bumps status.collisionCount and retries with a new name", () => {
    // Another Deployment's ReplicaSet, with another template, already has the name ours hashes to.
    const squatter = replicaSet(OLD, { replicas: 1, revision: 1, owner: "uid-other" });
    const spec = squatter["spec"] as { template: object };
    const busybox = { containers: [{ name: "x", image: "busybox" }] };
    const other = { ...squatter, spec: { ...spec, template: { ...spec.template, spec: busybox } } };
    const { tb, dc } = setup([deployment({ image: OLD }), other]);
    expect(reconcile(tb, dc)).toBe("error");
    expect(tb.client.calls()).toEqual([POST_RS, PUT_D_STATUS]);
    expect(storedDeployment(tb).status?.collisionCount).toBe(1);
    tb.client.clear();
    reconcile(tb, dc);
    expect(tb.client.calls()[0]).toBe(POST_RS);
    const names = tb.list("replicasets", "default").map((rs) => rs.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).toContain(rsName(OLD));
  });
});
