import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Pod } from "../api/objects";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { controllerTestbed } from "../testing/controllerTestbed";
import { StatefulSetController } from "./statefulSetController";
import type { StatefulSetObject } from "./statefulSetUtils";

function statefulSet(spec: Record<string, unknown> = {}): StatefulSetObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      serviceName: "nginx",
      replicas: 3,
      selector: { matchLabels: { app: "nginx" } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx:1.27",
              volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "www" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        },
      ],
      ...spec,
    },
  };
}

/** The set is created through the apiserver, so it carries the apps/v1 defaults. */
function setup(object: StatefulSetObject) {
  const testbed = controllerTestbed([], { controllerName: "statefulset-controller" });
  const controller = new StatefulSetController(testbed.client);
  controller.start();
  // No scheduler or kubelet runs here: the admin writes what they would.
  const admin = new ApiClient(testbed.sim, "kubectl", Users.admin, testbed.apiserver);
  admin.create("statefulsets", "default", object);
  testbed.run();
  const runAndReady = (name: string): void => {
    const target = { apiVersion: "v1", kind: "Node", name: "node-1" };
    admin.request({
      verb: "create",
      resource: "pods",
      namespace: "default",
      name,
      subresource: "binding",
      body: { apiVersion: "v1", kind: "Binding", metadata: { name }, target },
    });
    testbed.run();
    const time = testbed.sim.timestamp();
    admin.patch(
      "pods",
      "default",
      name,
      {
        status: {
          phase: "Running",
          conditions: [{ type: "Ready", status: "True", lastTransitionTime: time }],
        },
      },
      { subresource: "status" },
    );
    testbed.run();
  };
  /** The kubelet's final delete once the containers have stopped. */
  const finishTermination = (name: string): void => {
    admin.request({ verb: "delete", resource: "pods", namespace: "default", name, gracePeriodSeconds: 0 });
    testbed.run();
  };
  return {
    testbed,
    controller,
    admin,
    runAndReady,
    finishTermination,
    podNames: () => (testbed.list("pods", "default") as unknown as Pod[]).map((p) => p.metadata?.name ?? ""),
    pod: (name: string) => testbed.get("pods", "default", name) as unknown as Pod,
    claims: () => testbed.list("persistentvolumeclaims", "default").map((c) => c.metadata.name),
    events: () =>
      (testbed.list("events", "default") as unknown as Event[]).map((e) => `${e.reason} ${e.message}`),
    set: () => testbed.get("statefulsets", "default", "web") as StatefulSetObject,
  };
}

describe("StatefulSet controller", () => {
  it("with OrderedReady, creates web-0 (its claim first) and waits for it to be Running and Ready", () => {
    const { testbed, podNames, pod, claims, events, set, runAndReady } = setup(statefulSet());
    expect(testbed.client.calls()).toEqual([
      "POST /apis/apps/v1/namespaces/default/controllerrevisions",
      "POST /api/v1/namespaces/default/persistentvolumeclaims",
      "POST /api/v1/namespaces/default/events",
      "POST /api/v1/namespaces/default/pods",
      "POST /api/v1/namespaces/default/events",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
    ]);
    expect(podNames()).toEqual(["web-0"]);
    expect(claims()).toEqual(["www-web-0"]);
    expect(events()).toEqual([
      "SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "SuccessfulCreate create Pod web-0 in StatefulSet web successful",
    ]);
    const revision = testbed.list("controllerrevisions", "default")[0] as KubeObject & { revision: number };
    const hash = revision.metadata.labels?.["controller.kubernetes.io/hash"] ?? "";
    expect(revision.metadata.name).toBe(`web-${hash}`);
    expect(revision.metadata.labels).toEqual({ app: "nginx", "controller.kubernetes.io/hash": hash });
    expect(revision.revision).toBe(1);

    const web0 = pod("web-0");
    expect(web0.metadata?.generateName).toBe("web-");
    expect(web0.metadata?.labels).toEqual({
      app: "nginx",
      "statefulset.kubernetes.io/pod-name": "web-0",
      "apps.kubernetes.io/pod-index": "0",
      "controller-revision-hash": revision.metadata.name,
    });
    expect(web0.spec?.hostname).toBe("web-0");
    expect(web0.spec?.subdomain).toBe("nginx");
    expect(web0.spec?.volumes?.[0]).toEqual({
      name: "www",
      persistentVolumeClaim: { claimName: "www-web-0" },
    });
    expect(web0.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: "StatefulSet",
      name: "web",
      controller: true,
    });
    const claim = testbed.get("persistentvolumeclaims", "default", "www-web-0");
    expect(claim?.metadata.labels).toEqual({ app: "nginx" });
    expect(claim?.metadata.ownerReferences).toBeUndefined();
    expect(claim?.["spec"]).toMatchObject({
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "1Gi" } },
    });
    expect(set().status).toEqual({
      observedGeneration: 1,
      replicas: 1,
      currentReplicas: 1,
      updatedReplicas: 1,
      currentRevision: revision.metadata.name,
      updateRevision: revision.metadata.name,
      collisionCount: 0,
      availableReplicas: 0,
    });

    // web-0 stays Pending: nothing more happens. Once it is Running and Ready, web-1 follows.
    testbed.client.clear();
    runAndReady("web-0");
    expect(podNames()).toEqual(["web-0", "web-1"]);
    expect(claims()).toEqual(["www-web-0", "www-web-1"]);
    runAndReady("web-1");
    runAndReady("web-2");
    expect(podNames()).toEqual(["web-0", "web-1", "web-2"]);
    expect(set().status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
    });
  });

  it("with Parallel, creates every pod at once", () => {
    const { testbed, podNames, claims } = setup(statefulSet({ podManagementPolicy: "Parallel" }));
    expect(podNames()).toEqual(["web-0", "web-1", "web-2"]);
    expect(claims()).toEqual(["www-web-0", "www-web-1", "www-web-2"]);
    // Slow start: web-0, then web-1 and web-2 together.
    expect(testbed.client.calls().filter((c) => c.endsWith("/pods"))).toHaveLength(3);
  });

  it("scales down from the highest ordinal, one pod at a time, keeping the claims", () => {
    const { testbed, podNames, claims, events, runAndReady, admin, finishTermination } = setup(statefulSet());
    for (const name of ["web-0", "web-1", "web-2"]) runAndReady(name);
    testbed.client.clear();
    admin.patch("statefulsets", "default", "web", { spec: { replicas: 1 } });
    testbed.run();
    // web-2 is bound, so it terminates gracefully; the controller waits until it is gone. The
    // second status write comes once the informer sees web-2 terminating (no longer current).
    expect(testbed.client.calls()).toEqual([
      "DELETE /api/v1/namespaces/default/pods/web-2",
      "POST /api/v1/namespaces/default/events",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
    ]);
    expect(events()).toContain("SuccessfulDelete delete Pod web-2 in StatefulSet web successful");
    expect(podNames()).toEqual(["web-0", "web-1", "web-2"]);

    // The kubelet finishes web-2; then web-1 goes.
    testbed.client.clear();
    finishTermination("web-2");
    expect(testbed.client.calls()).toEqual([
      "DELETE /api/v1/namespaces/default/pods/web-1",
      "POST /api/v1/namespaces/default/events",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
    ]);
    expect(claims()).toEqual(["www-web-0", "www-web-1", "www-web-2"]);
  });

  it("rolls an update out from the highest ordinal, leaving ordinals below the partition", () => {
    const { testbed, pod, runAndReady, set, admin, finishTermination } = setup(
      statefulSet({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }),
    );
    for (const name of ["web-0", "web-1", "web-2"]) runAndReady(name);
    const oldRevision = pod("web-0").metadata?.labels?.["controller-revision-hash"];
    const current = set();
    const spec = current.spec as NonNullable<StatefulSetObject["spec"]>;
    const containers = [{ name: "nginx", image: "nginx:1.28" }];
    admin.update("statefulsets", "default", {
      ...current,
      spec: { ...spec, template: { ...spec.template, spec: { containers } } },
    });
    testbed.client.clear();
    testbed.run();
    expect(testbed.client.calls()).toEqual([
      "POST /apis/apps/v1/namespaces/default/controllerrevisions",
      "DELETE /api/v1/namespaces/default/pods/web-2",
      "POST /api/v1/namespaces/default/events",
      "PUT /apis/apps/v1/namespaces/default/statefulsets/web/status",
    ]);
    const newRevision = set().status?.updateRevision;
    expect(newRevision).not.toBe(oldRevision);
    finishTermination("web-2");
    expect(pod("web-2").metadata?.labels?.["controller-revision-hash"]).toBe(newRevision);
    expect(pod("web-2").spec?.containers[0]?.image).toBe("nginx:1.28");
    runAndReady("web-2");
    expect(pod("web-1").metadata?.deletionTimestamp).toBeDefined();
    finishTermination("web-1");
    runAndReady("web-1");
    // web-0 is below the partition: it keeps the old revision.
    expect(pod("web-0").metadata?.deletionTimestamp).toBeUndefined();
    expect(pod("web-0").metadata?.labels?.["controller-revision-hash"]).toBe(oldRevision);
    expect(set().status).toMatchObject({
      currentRevision: oldRevision,
      updateRevision: newRevision,
      currentReplicas: 1,
      updatedReplicas: 2,
    });
  });
});
