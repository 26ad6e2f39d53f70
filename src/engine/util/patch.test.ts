import { describe, it, expect } from "vitest";
import {
  applyMergePatch,
  applyStrategicMergePatch,
  createMergePatch,
  createThreeWayStrategicPatch,
  createTwoWayStrategicPatch,
  patchSchemaForKind,
  PatchError,
} from "./patch";
import { deepFreeze } from "../api/objects";

const POD = patchSchemaForKind("Pod");
const DEPLOYMENT = patchSchemaForKind("Deployment");

describe("JSON merge patch (RFC 7386)", () => {
  it("applies the RFC 7386 examples", () => {
    const target = deepFreeze({ a: "b", c: { d: "e", f: "g" } });
    expect(applyMergePatch(target, { a: "z", c: { f: null } })).toEqual({ a: "z", c: { d: "e" } });
    expect(applyMergePatch({ a: ["b"] }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(applyMergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch(["a", "b"], ["c", "d"])).toEqual(["c", "d"]);
    expect(applyMergePatch({ a: "foo" }, "bar")).toEqual("bar");
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([1, 2], { a: "b", c: null })).toEqual({ a: "b" });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it("never mutates its inputs", () => {
    const target = deepFreeze({ metadata: { labels: { a: "1" } } });
    const patch = deepFreeze({ metadata: { labels: { b: "2" } } });
    expect(applyMergePatch(target, patch)).toEqual({ metadata: { labels: { a: "1", b: "2" } } });
  });

  it("creates minimal patches, {} when nothing changed", () => {
    const original = { metadata: { labels: { a: "1", b: "2" } }, spec: { replicas: 1, list: [1, 2] } };
    expect(createMergePatch(original, original)).toEqual({});
    expect(
      createMergePatch(original, {
        metadata: { labels: { a: "1", c: "3" } },
        spec: { replicas: 2, list: [1] },
      }),
    ).toEqual({ metadata: { labels: { b: null, c: "3" } }, spec: { replicas: 2, list: [1] } });
    expect(createMergePatch({ a: 1 }, {})).toEqual({ a: null });
  });
});

describe("strategic merge patch: apply", () => {
  const pod = deepFreeze({
    metadata: { name: "p", finalizers: ["a", "b"], labels: { app: "web" } },
    spec: {
      containers: [
        { name: "app", image: "nginx:1", env: [{ name: "A", value: "1" }], ports: [{ containerPort: 80 }] },
        { name: "sidecar", image: "envoy" },
      ],
      tolerations: [{ key: "x", operator: "Exists" }],
      volumes: [{ name: "data", emptyDir: {} }],
    },
  });

  it("merges containers by name, env by name and ports by containerPort", () => {
    const out = applyStrategicMergePatch(
      pod,
      {
        spec: {
          containers: [
            {
              name: "app",
              image: "nginx:2",
              env: [{ name: "B", value: "2" }],
              ports: [{ containerPort: 443 }],
            },
          ],
        },
      },
      POD,
    );
    expect(out.spec).toMatchObject({
      containers: [
        {
          name: "app",
          image: "nginx:2",
          // Without $setElementOrder upstream puts items new to the list first (mergeSortedSlice).
          env: [
            { name: "B", value: "2" },
            { name: "A", value: "1" },
          ],
          ports: [{ containerPort: 443 }, { containerPort: 80 }],
        },
        { name: "sidecar", image: "envoy" },
      ],
    });
  });

  it("replaces untagged lists such as tolerations and args", () => {
    const out = applyStrategicMergePatch(
      pod,
      { spec: { tolerations: [{ key: "y", operator: "Exists" }] } },
      POD,
    );
    expect((out.spec as { tolerations: unknown }).tolerations).toEqual([{ key: "y", operator: "Exists" }]);
  });

  it("honours $patch: delete and $patch: replace in lists, and null for fields", () => {
    const deleted = applyStrategicMergePatch(
      pod,
      { metadata: { labels: null }, spec: { containers: [{ name: "sidecar", $patch: "delete" }] } },
      POD,
    );
    expect(
      (deleted.spec as { containers: unknown[] }).containers.map((c) => (c as { name: string }).name),
    ).toEqual(["app"]);
    expect((deleted.metadata as Record<string, unknown>).labels).toBeUndefined();

    const replaced = applyStrategicMergePatch(
      pod,
      { spec: { containers: [{ name: "only", image: "x" }, { $patch: "replace" }] } },
      POD,
    );
    expect((replaced.spec as { containers: unknown }).containers).toEqual([{ name: "only", image: "x" }]);

    const wholeMap = applyStrategicMergePatch(
      pod,
      { metadata: { labels: { $patch: "replace", b: "2" } } },
      POD,
    );
    expect((wholeMap.metadata as { labels: unknown }).labels).toEqual({ b: "2" });
  });

  it("merges finalizers as a set and deletes through $deleteFromPrimitiveList", () => {
    const added = applyStrategicMergePatch(pod, { metadata: { finalizers: ["b", "c"] } }, POD);
    expect((added.metadata as { finalizers: unknown }).finalizers).toEqual(["a", "b", "c"]);
    const removed = applyStrategicMergePatch(
      pod,
      { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } },
      POD,
    );
    expect((removed.metadata as { finalizers: unknown }).finalizers).toEqual(["b"]);
  });

  it("orders a merged list by $setElementOrder", () => {
    const out = applyStrategicMergePatch(
      pod,
      {
        spec: {
          "$setElementOrder/containers": [{ name: "new" }, { name: "sidecar" }, { name: "app" }],
          containers: [{ name: "new", image: "redis" }],
        },
      },
      POD,
    );
    expect((out.spec as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual([
      "new",
      "sidecar",
      "app",
    ]);
  });

  it("clears keys outside $retainKeys (volumes, Deployment strategy)", () => {
    const out = applyStrategicMergePatch(
      pod,
      {
        spec: { volumes: [{ name: "data", configMap: { name: "cm" }, $retainKeys: ["configMap", "name"] }] },
      },
      POD,
    );
    expect((out.spec as { volumes: unknown }).volumes).toEqual([{ name: "data", configMap: { name: "cm" } }]);
  });

  it("drops nulls and directives inside newly added values", () => {
    const out = applyStrategicMergePatch(
      { metadata: { name: "p" } },
      { spec: { nodeName: null, a: { b: null, c: 1 } } },
      POD,
    );
    expect(out).toEqual({ metadata: { name: "p" }, spec: { a: { c: 1 } } });
  });

  it("rejects malformed patches", () => {
    expect(() => applyStrategicMergePatch(pod, { spec: { containers: [{ image: "x" }] } }, POD)).toThrow(
      PatchError,
    );
    expect(() => applyStrategicMergePatch(pod, { metadata: { $patch: "bogus" } }, POD)).toThrow(
      /Unknown patch type: bogus/,
    );
  });
});

describe("strategic merge patch: kubectl apply three-way", () => {
  const lastApplied = deepFreeze({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web", tier: "fe" } },
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [
            {
              name: "a",
              image: "nginx:1",
              env: [
                { name: "X", value: "1" },
                { name: "Y", value: "2" },
              ],
            },
            { name: "b", image: "busybox" },
          ],
        },
      },
    },
  });
  // The live object: what was applied plus what the server filled in.
  const current = deepFreeze({
    ...structuredClone(lastApplied),
    metadata: { ...structuredClone(lastApplied.metadata), uid: "u1", finalizers: ["keep"] },
    spec: {
      ...structuredClone(lastApplied.spec),
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } },
      template: {
        spec: {
          dnsPolicy: "ClusterFirst",
          containers: [
            {
              ...structuredClone(lastApplied.spec.template.spec.containers[0]),
              imagePullPolicy: "IfNotPresent",
            },
            structuredClone(lastApplied.spec.template.spec.containers[1]),
          ],
        },
      },
    },
  });

  it("is {} when the manifest did not change", () => {
    expect(createThreeWayStrategicPatch(lastApplied, lastApplied, current, DEPLOYMENT)).toEqual({});
  });

  it("sets changes, deletes what left the manifest, and keeps server-set fields", () => {
    const modified = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 3,
        strategy: { type: "Recreate" },
        template: {
          spec: {
            containers: [
              { name: "c", image: "redis" },
              { name: "a", image: "nginx:2", env: [{ name: "X", value: "1" }] },
            ],
          },
        },
      },
    };
    const patch = createThreeWayStrategicPatch(lastApplied, modified, current, DEPLOYMENT);
    expect(patch).toEqual({
      metadata: { labels: { tier: null } },
      spec: {
        replicas: 3,
        strategy: { type: "Recreate", $retainKeys: ["type"] },
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "c" }, { name: "a" }],
            containers: [
              { name: "c", image: "redis" },
              {
                name: "a",
                image: "nginx:2",
                "$setElementOrder/env": [{ name: "X" }],
                env: [{ $patch: "delete", name: "Y" }],
              },
              { $patch: "delete", name: "b" },
            ],
          },
        },
      },
    });

    const result = applyStrategicMergePatch(current, patch, DEPLOYMENT);
    expect(result).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" }, uid: "u1", finalizers: ["keep"] },
      spec: {
        replicas: 3,
        strategy: { type: "Recreate" },
        template: {
          spec: {
            dnsPolicy: "ClusterFirst",
            containers: [
              { name: "c", image: "redis" },
              {
                name: "a",
                image: "nginx:2",
                env: [{ name: "X", value: "1" }],
                imagePullPolicy: "IfNotPresent",
              },
            ],
          },
        },
      },
    });
  });

  it("can omit $setElementOrder", () => {
    const modified = structuredClone(lastApplied) as {
      spec: { template: { spec: { containers: unknown[] } } };
    };
    modified.spec.template.spec.containers = modified.spec.template.spec.containers.slice(0, 1);
    const patch = createThreeWayStrategicPatch(lastApplied, modified, current, DEPLOYMENT, {
      setElementOrder: false,
    });
    expect(patch).toEqual({
      spec: { template: { spec: { containers: [{ $patch: "delete", name: "b" }] } } },
    });
  });

  it("reverts a drifted live value to the manifest", () => {
    const drifted = structuredClone(current) as { spec: { replicas: number } };
    drifted.spec.replicas = 7;
    expect(createThreeWayStrategicPatch(lastApplied, lastApplied, drifted, DEPLOYMENT)).toEqual({
      spec: { replicas: 2 },
    });
  });

  it("adds and removes merged scalars (finalizers) with a parallel deletion list", () => {
    const schema = patchSchemaForKind("Pod");
    const last = { metadata: { finalizers: ["a", "b"] } };
    const live = { metadata: { finalizers: ["a", "b", "server"] } };
    const next = { metadata: { finalizers: ["a", "c"] } };
    const patch = createThreeWayStrategicPatch(last, next, live, schema);
    expect(patch).toEqual({
      metadata: {
        finalizers: ["c"],
        "$deleteFromPrimitiveList/finalizers": ["b"],
        "$setElementOrder/finalizers": ["a", "c"],
      },
    });
    expect(applyStrategicMergePatch(live, patch, schema)).toEqual({
      metadata: { finalizers: ["a", "c", "server"] },
    });
  });

  it("works without a last-applied configuration", () => {
    const patch = createThreeWayStrategicPatch(
      undefined,
      { metadata: { labels: { a: "1" } } },
      current,
      DEPLOYMENT,
    );
    // Nothing is deleted: without a record of what was applied, only additions and changes count.
    expect(patch).toEqual({ metadata: { labels: { a: "1" } } });
  });
});

describe("strategic merge patch: two-way", () => {
  it("diffs two objects with deletions", () => {
    const patch = createTwoWayStrategicPatch(
      { metadata: { labels: { a: "1" } }, spec: { containers: [{ name: "x", image: "1" }] } },
      { metadata: {}, spec: { containers: [{ name: "x", image: "2" }] } },
      POD,
    );
    expect(patch).toEqual({
      metadata: { labels: null },
      spec: { "$setElementOrder/containers": [{ name: "x" }], containers: [{ name: "x", image: "2" }] },
    });
  });
});
