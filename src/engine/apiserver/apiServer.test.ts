import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../api/objects";
import type { Status } from "../api/status";
import { ApiClient } from "../client/apiClient";
import { pod, request, testCluster } from "../testing/harness";
import { Users } from "./handlerChain";

const podBody = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
  ...extra,
});

/** A pod no scheduler picks up, so the test alone changes it. */
const idlePod = (name: string, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { app: name }, ...metadata },
  spec: { schedulerName: "none", containers: [{ name: "c", image: "nginx:1.27" }] },
});

const status = (body: unknown): Status => body as Status;

describe("kube-apiserver", () => {
  it("creates with uid, creationTimestamp, resourceVersion = etcd mod revision, and defaults", () => {
    const cluster = testCluster();
    const res = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: podBody("web"),
    });
    expect(res.code).toBe(201);
    const created = res.body as unknown as Pod;
    const kv = cluster.etcd.store.get("/registry/pods/default/web");
    expect(created.metadata?.resourceVersion).toBe(String(kv?.modRevision));
    expect(created.metadata?.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.metadata?.creationTimestamp).toBe("2026-01-01T09:00:00Z");
    expect(created.spec?.restartPolicy).toBe("Always");
    expect(created.spec?.dnsPolicy).toBe("ClusterFirst");
    expect(created.spec?.schedulerName).toBe("default-scheduler");
    expect(created.spec?.terminationGracePeriodSeconds).toBe(30);
    expect(created.spec?.serviceAccountName).toBe("default");
    expect(created.spec?.containers[0]?.imagePullPolicy).toBe("IfNotPresent");
    expect(created.spec?.tolerations).toEqual([
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
    ]);
    expect(created.spec?.volumes?.[0]?.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    // etcd stores no resourceVersion: it is the key's revision.
    expect(kv?.value.metadata.resourceVersion).toBeUndefined();
  });

  it("generateName gets a random suffix", () => {
    const cluster = testCluster();
    const res = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: { ...podBody(""), metadata: { generateName: "web-" } },
    });
    expect((res.body as KubeObject).metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("answers with Kubernetes Status errors", () => {
    const cluster = testCluster();
    request(cluster, { verb: "create", resource: "pods", namespace: "default", body: podBody("web") });
    const exists = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: podBody("web"),
    });
    expect(exists.code).toBe(409);
    expect(status(exists.body)).toMatchObject({
      reason: "AlreadyExists",
      message: 'pods "web" already exists',
    });

    const missing = request(cluster, { verb: "get", resource: "pods", namespace: "default", name: "nope" });
    expect(status(missing.body)).toMatchObject({
      code: 404,
      reason: "NotFound",
      message: 'pods "nope" not found',
    });

    const invalid = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: { ...podBody("broken"), spec: { containers: [{ name: "web" }] } },
    });
    expect(invalid.code).toBe(422);
    expect(status(invalid.body)).toMatchObject({
      reason: "Invalid",
      message: 'Pod "broken" is invalid: spec.containers[0].image: Required value',
      details: {
        name: "broken",
        kind: "Pod",
        causes: [
          { reason: "FieldValueRequired", message: "Required value", field: "spec.containers[0].image" },
        ],
      },
    });

    const noNamespace = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "nowhere",
      body: podBody("x"),
    });
    expect(status(noNamespace.body)).toMatchObject({
      code: 404,
      reason: "NotFound",
      message: 'namespaces "nowhere" not found',
    });

    const strict = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      fieldValidation: "Strict",
      body: { ...podBody("s"), spec: { containers: [{ name: "c", image: "nginx", imagee: "x" }] } },
    });
    expect(status(strict.body)).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
    });

    const kubelet = new ApiClient(cluster.sim, "kubelet/node-1", Users.node("node-1"), cluster.apiserver);
    const denied = request(cluster, { verb: "delete", resource: "nodes", name: "node-2" }, kubelet);
    expect(status(denied.body)).toMatchObject({
      code: 403,
      reason: "Forbidden",
      message:
        'nodes "node-2" is forbidden: User "system:node:node-1" cannot delete resource "nodes" in API group "" at the cluster scope',
    });
  });

  it("rejects a stale resourceVersion with 409 Conflict, and accepts the current one", () => {
    const cluster = testCluster();
    const created = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: podBody("web"),
    }).body as KubeObject;
    const labelled = { ...created, metadata: { ...created.metadata, labels: { app: "web", tier: "front" } } };
    const first = request(cluster, {
      verb: "update",
      resource: "pods",
      namespace: "default",
      name: "web",
      body: labelled,
    });
    expect(first.code).toBe(200);
    expect(Number((first.body as KubeObject).metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const stale = request(cluster, {
      verb: "update",
      resource: "pods",
      namespace: "default",
      name: "web",
      body: labelled,
    });
    expect(stale.code).toBe(409);
    expect(status(stale.body).message).toBe(
      'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("merge patch changes what it names; a no-op write does not bump resourceVersion", () => {
    const cluster = testCluster();
    const created = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: idlePod("web"),
    }).body as KubeObject;
    const patched = request(cluster, {
      verb: "patch",
      resource: "pods",
      namespace: "default",
      name: "web",
      patchType: "application/merge-patch+json",
      body: { metadata: { labels: { tier: "front" } } },
    });
    expect((patched.body as KubeObject).metadata.labels).toEqual({ app: "web", tier: "front" });
    const again = request(cluster, {
      verb: "patch",
      resource: "pods",
      namespace: "default",
      name: "web",
      patchType: "application/merge-patch+json",
      body: { metadata: { labels: { tier: "front" } } },
    });
    expect((again.body as KubeObject).metadata.resourceVersion).toBe(
      (patched.body as KubeObject).metadata.resourceVersion,
    );
    expect(created.metadata.resourceVersion).not.toBe((patched.body as KubeObject).metadata.resourceVersion);
    // Immutable pod fields are refused with the upstream message.
    const forbidden = request(cluster, {
      verb: "patch",
      resource: "pods",
      namespace: "default",
      name: "web",
      patchType: "application/merge-patch+json",
      body: { spec: { restartPolicy: "Never" } },
    });
    expect(forbidden.code).toBe(422);
    expect(status(forbidden.body).message).toMatch(
      /^Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
    );
  });

  it("deletes unscheduled pods at once, scheduled ones gracefully, and honours finalizers", () => {
    const cluster = testCluster();
    request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: idlePod("held", { finalizers: ["example.com/hold"] }),
    });
    const gone = request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: idlePod("quick"),
    });
    expect(gone.code).toBe(201);
    // An unscheduled pod has nothing to stop: it is removed at once.
    const del = request(cluster, { verb: "delete", resource: "pods", namespace: "default", name: "quick" });
    expect(del.code).toBe(200);
    expect(pod(cluster, "quick")).toBeUndefined();
    // A finalizer keeps the object, marked for deletion, until it is removed.
    request(cluster, { verb: "delete", resource: "pods", namespace: "default", name: "held" });
    expect(pod(cluster, "held")?.metadata?.deletionTimestamp).toBeDefined();
    request(cluster, {
      verb: "patch",
      resource: "pods",
      namespace: "default",
      name: "held",
      patchType: "application/merge-patch+json",
      body: { metadata: { finalizers: null } },
    });
    expect(pod(cluster, "held")).toBeUndefined();
    // A bound pod gets deletionTimestamp = now + grace period.
    const bound = {
      ...podBody("bound"),
      spec: {
        nodeName: "node-1",
        terminationGracePeriodSeconds: 20,
        containers: [{ name: "c", image: "nginx" }],
      },
    };
    request(cluster, { verb: "create", resource: "pods", namespace: "default", body: bound });
    const graceful = request(cluster, {
      verb: "delete",
      resource: "pods",
      namespace: "default",
      name: "bound",
    });
    const meta = (graceful.body as KubeObject).metadata;
    expect(meta.deletionGracePeriodSeconds).toBe(20);
    expect(
      Date.parse(meta.deletionTimestamp ?? "") - Date.parse("2026-01-01T09:00:00Z"),
    ).toBeGreaterThanOrEqual(20_000);
  });

  it("lists with label and field selectors", () => {
    const cluster = testCluster();
    for (const name of ["a", "b"])
      request(cluster, { verb: "create", resource: "pods", namespace: "default", body: podBody(name) });
    const byLabel = request(cluster, {
      verb: "list",
      resource: "pods",
      namespace: "default",
      labelSelector: "app=b",
    });
    expect((byLabel.body as { items: KubeObject[] }).items.map((p) => p.metadata.name)).toEqual(["b"]);
    const system = request(cluster, {
      verb: "list",
      resource: "pods",
      fieldSelector: "spec.nodeName=control-plane",
    });
    expect((system.body as { items: KubeObject[] }).items).toHaveLength(4);
    const bad = request(cluster, { verb: "list", resource: "pods", labelSelector: "app in (" });
    expect(bad.code).toBe(400);
  });

  it("indexes watches: a kubelet's watch sees only its node's pods", () => {
    const cluster = testCluster({ workers: 3 });
    request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: { ...podBody("on1"), spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx" }] } },
    });
    request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: { ...podBody("on2"), spec: { nodeName: "node-2", containers: [{ name: "c", image: "nginx" }] } },
    });
    cluster.sim.runFor(100);
    const watchEventsTo = (component: string) =>
      cluster.sim.trace
        .filter((e) => e.kind === "watch" && e.to === component && e.object?.kind === "Pod")
        .map((e) => e.object?.name);
    expect(new Set(watchEventsTo("kubelet/node-1"))).toEqual(new Set(["on1"]));
    expect(new Set(watchEventsTo("kubelet/node-2"))).toEqual(new Set(["on2"]));
    expect(watchEventsTo("kubelet/node-3")).toEqual([]);
    // The scheduler watches every pod.
    expect(new Set(watchEventsTo("kube-scheduler"))).toEqual(new Set(["on1", "on2"]));
  });
});

describe("watch with selectors", () => {
  it("delivers ADDED/MODIFIED/DELETED as objects enter, change in and leave the selection", () => {
    const cluster = testCluster();
    const seen: string[] = [];
    const watch = cluster.apiserver.watchWithSelectors(
      "pods",
      {
        component: "kubectl",
        namespace: "default",
        labelSelector: "app=web",
        fieldSelector: "status.phase!=Failed",
      },
      (e) => seen.push(`${e.type} ${e.object.metadata.name ?? ""}`),
    );
    expect(watch.ok).toBe(true);
    const idle = (name: string, labels: Record<string, string>): KubeObject => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, labels },
      spec: { schedulerName: "none", containers: [{ name: "c", image: "nginx" }] },
    });
    request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: idle("a", { app: "web" }),
    });
    request(cluster, {
      verb: "create",
      resource: "pods",
      namespace: "default",
      body: idle("b", { app: "db" }),
    });
    const patch = (name: string, body: unknown) =>
      request(cluster, {
        verb: "patch",
        resource: "pods",
        namespace: "default",
        name,
        patchType: "application/merge-patch+json",
        body,
      });
    patch("a", { metadata: { annotations: { note: "x" } } });
    patch("b", { metadata: { labels: { app: "web" } } });
    patch("a", { metadata: { labels: { app: "api" } } });
    cluster.sim.runFor(50);
    expect(seen).toEqual(["ADDED a", "MODIFIED a", "ADDED b", "DELETED a"]);
    expect(
      cluster.apiserver.watchWithSelectors(
        "pods",
        { component: "kubectl", labelSelector: "app in (" },
        () => {},
      ).ok,
    ).toBe(false);
  });
});
