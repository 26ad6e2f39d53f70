import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/objects";
import { ApiClient } from "../../client/apiClient";
import { controllerTestbed } from "../../testing/controllerTestbed";
import { Users } from "../handlerChain";
import { defaultWorkload } from "../registry/workloadDefaults";
import type { ApiRequest, ApiResponse, UserInfo } from "../request";

const deployment = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", generation: 1, creationTimestamp: "2026-01-01T08:00:00Z" },
  spec: {
    replicas: 2,
    selector: {
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "tier", operator: "In", values: ["front"] }],
    },
    template: {
      metadata: { labels: { app: "web", tier: "front" } },
      spec: { containers: [{ name: "web", image: "nginx" }] },
    },
  },
  status: { replicas: 2, readyReplicas: 2, observedGeneration: 1 },
  ...extra,
});

function setup(objects: KubeObject[] = [deployment()]) {
  // Stored as the apiserver would have stored them: with scheme defaults.
  const defaulted = objects.map((o) => (o.kind === "Deployment" ? defaultWorkload("deployments", o, []) : o));
  const bed = controllerTestbed(defaulted, { controllerName: "horizontal-pod-autoscaler" });
  const send = (request: ApiRequest, user?: UserInfo): ApiResponse => {
    const client = user ? new ApiClient(bed.sim, "kubectl", user, bed.apiserver) : bed.client;
    let response: ApiResponse | undefined;
    client.request(request, (r) => (response = r));
    bed.run();
    if (!response) throw new Error("no response");
    return response;
  };
  const scaleOf = (extra: Partial<ApiRequest> = {}): ApiRequest => ({
    verb: "get",
    resource: "deployments",
    namespace: "default",
    name: "web",
    subresource: "scale",
    ...extra,
  });
  return { bed, send, scaleOf };
}

describe("the scale subresource (ScaleREST)", () => {
  it("GET answers an autoscaling/v1 Scale made from the Deployment", () => {
    const { bed, send, scaleOf } = setup();
    const res = send(scaleOf());
    const stored = bed.get("deployments", "default", "web");
    expect(res.code).toBe(200);
    expect(res.body).toEqual({
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: {
        name: "web",
        namespace: "default",
        uid: "uid-deployments-web",
        resourceVersion: stored?.metadata.resourceVersion,
        creationTimestamp: "2026-01-01T08:00:00Z",
      },
      spec: { replicas: 2 },
      status: { replicas: 2, selector: "app=web,tier in (front)" },
    });
    expect(bed.sim.trace.map((e) => e.summary)).toContain(
      "GET /apis/apps/v1/namespaces/default/deployments/web/scale",
    );
  });

  it("PUT moves spec.replicas onto the Deployment, bumping its generation and keeping its status", () => {
    const { bed, send, scaleOf } = setup();
    const current = send(scaleOf()).body as unknown as { metadata: { resourceVersion: string } };
    const res = send(
      scaleOf({
        verb: "update",
        body: {
          apiVersion: "autoscaling/v1",
          kind: "Scale",
          metadata: { name: "web", resourceVersion: current.metadata.resourceVersion },
          spec: { replicas: 5 },
        },
      }),
    );
    const stored = bed.get("deployments", "default", "web");
    expect(res.code).toBe(200);
    expect((res.body as unknown as { spec: unknown }).spec).toEqual({ replicas: 5 });
    expect((res.body as KubeObject).metadata.resourceVersion).toBe(stored?.metadata.resourceVersion);
    expect(stored?.["spec"]).toMatchObject({ replicas: 5 });
    expect(stored?.metadata.generation).toBe(2);
    expect(stored?.["status"]).toEqual({ replicas: 2, readyReplicas: 2, observedGeneration: 1 });
    expect(bed.sim.trace.map((e) => e.summary)).toContain(
      "PUT /apis/apps/v1/namespaces/default/deployments/web/scale",
    );
  });

  it("PATCH applies a merge patch to the Scale (kubectl scale)", () => {
    const { bed, send, scaleOf } = setup();
    const res = send(
      scaleOf({ verb: "patch", patchType: "application/merge-patch+json", body: { spec: { replicas: 0 } } }),
    );
    expect(res.code).toBe(200);
    // spec.replicas is omitempty in autoscaling/v1.
    expect((res.body as unknown as { spec: unknown }).spec).toEqual({});
    expect(bed.get("deployments", "default", "web")?.["spec"]).toMatchObject({ replicas: 0 });
  });

  it("does not write etcd when the count is unchanged", () => {
    const { bed, send, scaleOf } = setup();
    const before = bed.apiserver.storage.revision;
    const res = send(
      scaleOf({
        verb: "update",
        body: { apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 2 } },
      }),
    );
    expect(res.code).toBe(200);
    expect(bed.apiserver.storage.revision).toBe(before);
    expect(bed.get("deployments", "default", "web")?.metadata.generation).toBe(1);
  });

  it("rejects a stale resourceVersion, a negative count and a wrong kind as upstream does", () => {
    const { send, scaleOf } = setup();
    const scale = (spec: unknown, metadata: Record<string, unknown> = {}) =>
      scaleOf({ verb: "update", body: { apiVersion: "autoscaling/v1", kind: "Scale", metadata, spec } });
    const stale = send(scale({ replicas: 3 }, { resourceVersion: "1" }));
    expect([stale.code, (stale.body as { message: string }).message]).toEqual([
      409,
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ]);
    const negative = send(scale({ replicas: -1 }));
    expect([negative.code, (negative.body as { message: string }).message]).toEqual([
      422,
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const wrongKind = send(
      scaleOf({ verb: "update", body: { apiVersion: "apps/v1", kind: "Deployment", spec: { replicas: 1 } } }),
    );
    expect((wrongKind.body as { message: string }).message).toBe(
      "the API version in the data (apps/v1) does not match the expected API version (autoscaling/v1)",
    );
    const text = send(scale({ replicas: "3" }));
    expect((text.body as { message: string }).message).toBe(
      'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32',
    );
  });

  it("404s for a missing parent and for resources without a scale subresource", () => {
    const { send, scaleOf } = setup();
    const missing = send(scaleOf({ name: "nope" }));
    expect([missing.code, (missing.body as { message: string }).message]).toEqual([
      404,
      'deployments.apps "nope" not found',
    ]);
    const pods = send(scaleOf({ resource: "pods", name: "web" }));
    expect([pods.code, (pods.body as { message: string }).message]).toEqual([
      404,
      "the server could not find the requested resource",
    ]);
  });

  it("serves ReplicaSets, StatefulSets and ReplicationControllers too (an RC's selector is a map)", () => {
    const rs = { ...deployment(), kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default" } };
    const sts = { ...deployment(), kind: "StatefulSet", metadata: { name: "db", namespace: "default" } };
    const rc: KubeObject = {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "old", namespace: "default" },
      spec: { replicas: 3, selector: { b: "2", a: "1" } },
      status: { replicas: 1 },
    };
    const { send, scaleOf } = setup([rs, sts, rc]);
    const get = (resource: string, name: string) =>
      send(scaleOf({ resource, name })).body as unknown as { spec: unknown; status: unknown };
    expect(get("replicasets", "web-1")).toMatchObject({
      spec: { replicas: 2 },
      status: { selector: "app=web,tier in (front)" },
    });
    expect(get("statefulsets", "db")).toMatchObject({ spec: { replicas: 2 } });
    expect(get("replicationcontrollers", "old")).toMatchObject({
      spec: { replicas: 3 },
      status: { replicas: 1, selector: "a=1,b=2" },
    });
  });

  it("authorizes cluster admins and the HPA controller, not kubelets", () => {
    const { send, scaleOf } = setup();
    expect(send(scaleOf(), Users.admin).code).toBe(200);
    expect(send(scaleOf()).code).toBe(200); // system:serviceaccount:kube-system:horizontal-pod-autoscaler
    const denied = send(scaleOf({ verb: "update", body: { spec: { replicas: 1 } } }), Users.node("node-1"));
    expect((denied.body as { message: string }).message).toBe(
      'deployments.apps "web" is forbidden: User "system:node:node-1" cannot update resource "deployments/scale" in API group "apps" in the namespace "default"',
    );
  });
});
