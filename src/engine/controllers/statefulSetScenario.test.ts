import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { apply, events, pod, testCluster } from "../testing/harness";
import type { StatefulSetObject } from "./statefulSetUtils";

const web = (replicas: number, image = "nginx:1.27"): string => `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

const isReady = (p: Pod | undefined): boolean =>
  p?.status?.phase === "Running" &&
  (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** Steps the simulation until `done` holds (one task at a time, so nothing in between is missed). */
function stepUntil(cluster: Cluster, done: () => boolean, limitMs = 120_000): void {
  const deadline = cluster.sim.now + limitMs;
  while (!done()) {
    if (cluster.sim.now > deadline || !cluster.sim.step()) throw new Error("condition never held");
  }
}

const claims = (cluster: Cluster): KubeObject[] =>
  cluster.objects().filter((o) => o.kind === "PersistentVolumeClaim" && o.metadata.namespace === "default");

const statefulSet = (cluster: Cluster): StatefulSetObject =>
  cluster.apiserver.storage.peek("/registry/statefulsets/default/web")?.object as StatefulSetObject;

/** The set's events (a repeat within ten minutes counts on the first, as the event correlator does). */
const setEvents = (cluster: Cluster): string[] =>
  events(cluster, "web").map(
    (e) => `${e.reason} ${e.message}${(e.count ?? 1) > 1 ? ` (x${e.count ?? 1})` : ""}`,
  );

/** The controller's pod creates and deletes, in the order it sent them. */
const podWrites = (cluster: Cluster): string[] =>
  cluster.sim.trace
    .filter(
      (e) =>
        e.from === "kube-controller-manager" &&
        e.kind === "request" &&
        e.object?.kind === "Pod" &&
        /^(POST|DELETE) /.test(e.summary),
    )
    .map((e) => `${e.summary.split(" ")[0] ?? ""} ${e.object?.name ?? ""}`);

describe("StatefulSet in a whole cluster", () => {
  it("creates web-0, web-1, web-2 in order, each once the previous is Running and Ready, with their claims", () => {
    const cluster = testCluster();
    expect(apply(cluster, web(3)).map((r) => r.message)).toEqual([
      "service/nginx created",
      "statefulset.apps/web created",
    ]);
    for (const [previous, next] of [
      ["web-0", "web-1"],
      ["web-1", "web-2"],
    ] as const) {
      stepUntil(cluster, () => pod(cluster, next) !== undefined);
      // The moment the next pod appears, its predecessor is already Running and Ready.
      expect(isReady(pod(cluster, previous))).toBe(true);
    }
    expect(pod(cluster, "web-1")).toBeDefined();
    cluster.sim.runFor(30_000);
    for (const name of ["web-0", "web-1", "web-2"]) {
      const p = pod(cluster, name);
      expect(isReady(p)).toBe(true);
      expect(p?.spec?.hostname).toBe(name);
      expect(p?.spec?.subdomain).toBe("nginx");
      expect(p?.spec?.volumes?.[0]).toEqual({
        name: "www",
        persistentVolumeClaim: { claimName: `www-${name}` },
      });
    }
    // Nothing provisions volumes in the simulation: the claims exist and stay Pending.
    expect(claims(cluster).map((c) => [c.metadata.name, (c["status"] as { phase?: string }).phase])).toEqual([
      ["www-web-0", "Pending"],
      ["www-web-1", "Pending"],
      ["www-web-2", "Pending"],
    ]);
    expect(setEvents(cluster)).toEqual([
      "SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "SuccessfulCreate create Pod web-0 in StatefulSet web successful",
      "SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success",
      "SuccessfulCreate create Pod web-1 in StatefulSet web successful",
      "SuccessfulCreate create Claim www-web-2 Pod web-2 in StatefulSet web success",
      "SuccessfulCreate create Pod web-2 in StatefulSet web successful",
    ]);
    const status = statefulSet(cluster).status;
    expect(status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: status?.updateRevision,
      updateRevision: status?.updateRevision,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(status?.updateRevision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it("scales down to 1 from the highest ordinal, one pod at a time, and keeps every claim", () => {
    const cluster = testCluster();
    apply(cluster, web(3));
    cluster.sim.runFor(60_000);
    expect(apply(cluster, web(1))[1]?.message).toBe("statefulset.apps/web configured");

    stepUntil(cluster, () => pod(cluster, "web-2")?.metadata?.deletionTimestamp !== undefined);
    // web-1 is left alone until web-2 is gone.
    stepUntil(cluster, () => pod(cluster, "web-2") === undefined);
    expect(pod(cluster, "web-1")?.metadata?.deletionTimestamp).toBeUndefined();
    stepUntil(cluster, () => pod(cluster, "web-1") === undefined);
    cluster.sim.runFor(30_000);

    expect(pod(cluster, "web-0")?.metadata?.deletionTimestamp).toBeUndefined();
    expect(setEvents(cluster).slice(6)).toEqual([
      "SuccessfulDelete delete Pod web-2 in StatefulSet web successful",
      "SuccessfulDelete delete Pod web-1 in StatefulSet web successful",
    ]);
    expect(claims(cluster).map((c) => c.metadata.name)).toEqual(["www-web-0", "www-web-1", "www-web-2"]);
    expect(statefulSet(cluster).status).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
    });

    // Scaling up again reuses web-1's claim.
    apply(cluster, web(2));
    cluster.sim.runFor(30_000);
    expect(isReady(pod(cluster, "web-1"))).toBe(true);
    expect(podWrites(cluster)).toEqual([
      "POST web-0",
      "POST web-1",
      "POST web-2",
      "DELETE web-2",
      "DELETE web-1",
      "POST web-1",
    ]);
    // The claim was kept: no second claim event; the pod event counts twice.
    expect(setEvents(cluster)).toContain(
      "SuccessfulCreate create Pod web-1 in StatefulSet web successful (x2)",
    );
    expect(setEvents(cluster)).toContain(
      "SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success",
    );
  });

  it("rolls a new template out from web-2 down to web-0, then makes it the current revision", () => {
    const cluster = testCluster();
    apply(cluster, web(3));
    cluster.sim.runFor(60_000);
    const oldRevision = statefulSet(cluster).status?.currentRevision;
    apply(cluster, web(3, "nginx:1.28"));
    cluster.sim.runFor(120_000);

    // Highest ordinal first; each pod is recreated (at the new revision) before the next goes.
    expect(podWrites(cluster).slice(3)).toEqual([
      "DELETE web-2",
      "POST web-2",
      "DELETE web-1",
      "POST web-1",
      "DELETE web-0",
      "POST web-0",
    ]);
    expect(setEvents(cluster)).toContain(
      "SuccessfulCreate create Pod web-0 in StatefulSet web successful (x2)",
    );
    expect(setEvents(cluster)).toContain("SuccessfulDelete delete Pod web-0 in StatefulSet web successful");
    const status = statefulSet(cluster).status;
    expect(status?.updateRevision).not.toBe(oldRevision);
    expect(status).toMatchObject({
      observedGeneration: 2,
      currentRevision: status?.updateRevision,
      currentReplicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
    });
    for (const name of ["web-0", "web-1", "web-2"]) {
      expect(pod(cluster, name)?.spec?.containers[0]?.image).toBe("nginx:1.28");
      expect(pod(cluster, name)?.metadata?.labels?.["controller-revision-hash"]).toBe(status?.updateRevision);
    }
    const revisions = cluster.objects().filter((o) => o.kind === "ControllerRevision");
    expect(revisions.map((r) => [r.metadata.name, r["revision"]]).sort()).toEqual(
      [
        [oldRevision, 1],
        [status?.updateRevision, 2],
      ].sort(),
    );
  });
});
