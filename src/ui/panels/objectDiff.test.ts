import { describe, expect, it } from "vitest";
import { diffObjects, formatValue, stepChange } from "./objectDiff";

const pending = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", resourceVersion: "22", labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
  status: { phase: "Pending", qosClass: "Burstable" },
};

const bound = {
  ...pending,
  metadata: { ...pending.metadata, resourceVersion: "23" },
  spec: { ...pending.spec, nodeName: "node-1" },
  status: {
    phase: "Pending",
    qosClass: "Burstable",
    conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: "2026-01-01T09:00:00Z" }],
  },
};

describe("formatValue", () => {
  it("prints strings bare, other values as compact JSON, and cuts long ones", () => {
    expect(formatValue("node-1")).toBe("node-1");
    expect(formatValue("")).toBe('""');
    expect(formatValue(3)).toBe("3");
    expect(formatValue(false)).toBe("false");
    expect(formatValue(null)).toBe("null");
    expect(formatValue(undefined)).toBe("(none)");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue("x".repeat(200))).toHaveLength(80);
    expect(formatValue("line one\n  line two")).toBe("line one line two");
  });
});

describe("diffObjects", () => {
  it("lists changed, added and removed leaves with their paths", () => {
    expect(diffObjects(pending, bound)).toEqual([
      { path: "metadata.resourceVersion", op: "changed", before: "22", after: "23" },
      { path: "spec.nodeName", op: "added", after: "node-1" },
      { path: "status.conditions[PodScheduled].type", op: "added", after: "PodScheduled" },
      { path: "status.conditions[PodScheduled].status", op: "added", after: "True" },
      {
        path: "status.conditions[PodScheduled].lastTransitionTime",
        op: "added",
        after: "2026-01-01T09:00:00Z",
      },
    ]);
    expect(diffObjects(bound, pending).map((c) => [c.path, c.op])).toEqual([
      ["metadata.resourceVersion", "changed"],
      ["spec.nodeName", "removed"],
      ["status.conditions[PodScheduled].type", "removed"],
      ["status.conditions[PodScheduled].status", "removed"],
      ["status.conditions[PodScheduled].lastTransitionTime", "removed"],
    ]);
  });

  it("matches list elements by name or type, not by position", () => {
    const before = {
      status: {
        conditions: [
          { type: "Initialized", status: "True" },
          { type: "Ready", status: "False", reason: "ContainersNotReady" },
        ],
        containerStatuses: [
          { name: "web", ready: false, state: { waiting: { reason: "ContainerCreating" } } },
        ],
      },
    };
    const after = {
      status: {
        conditions: [
          { type: "Ready", status: "True" },
          { type: "Initialized", status: "True" },
        ],
        containerStatuses: [
          { name: "web", ready: true, state: { running: { startedAt: "2026-01-01T09:00:04Z" } } },
        ],
      },
    };
    expect(diffObjects(before, after)).toEqual([
      { path: "status.conditions[Ready].status", op: "changed", before: "False", after: "True" },
      { path: "status.conditions[Ready].reason", op: "removed", before: "ContainersNotReady" },
      { path: "status.containerStatuses[web].ready", op: "changed", before: "false", after: "true" },
      {
        path: "status.containerStatuses[web].state.running.startedAt",
        op: "added",
        after: "2026-01-01T09:00:04Z",
      },
      {
        path: "status.containerStatuses[web].state.waiting.reason",
        op: "removed",
        before: "ContainerCreating",
      },
    ]);
  });

  it("falls back to positions for lists without distinct keys, and shows scalar lists whole", () => {
    expect(diffObjects({ a: [{ x: 1 }, { x: 2 }] }, { a: [{ x: 1 }, { x: 3 }] })).toEqual([
      { path: "a[1].x", op: "changed", before: "2", after: "3" },
    ]);
    expect(
      diffObjects({ metadata: { finalizers: ["a"] } }, { metadata: { finalizers: ["a", "b"] } }),
    ).toEqual([{ path: "metadata.finalizers", op: "changed", before: '["a"]', after: '["a","b"]' }]);
    expect(diffObjects({ args: [] }, { args: ["sleep", "5"] })).toEqual([
      { path: "args", op: "changed", before: "[]", after: '["sleep","5"]' },
    ]);
  });

  it("quotes keys that are not identifiers, and shows empty objects as values", () => {
    expect(
      diffObjects(
        { metadata: { annotations: {} } },
        {
          metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" } },
          status: {},
        },
      ),
    ).toEqual([
      {
        path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
        op: "added",
        after: "{}",
      },
      { path: "status", op: "added", after: "{}" },
    ]);
  });

  it("finds nothing between equal objects", () => {
    expect(diffObjects(pending, structuredClone(pending))).toEqual([]);
  });
});

describe("stepChange", () => {
  it("tells creation, deletion, change and unknown history apart", () => {
    expect(stepChange(undefined, pending, 22, true, false)).toEqual({ type: "created", revision: 22 });
    expect(stepChange(undefined, pending, 22, false, true)).toEqual({ type: "created", revision: 22 });
    expect(stepChange(undefined, pending, 22, false, false)).toEqual({ type: "first-seen", revision: 22 });
    expect(stepChange(bound, undefined, 30, false, true)).toEqual({ type: "deleted", revision: 30 });
    expect(stepChange(undefined, undefined, 30, false, false)).toEqual({ type: "absent", revision: 30 });
    const changed = stepChange(pending, bound, 23, false, true);
    expect(changed.type).toBe("changed");
    expect(changed.type === "changed" && changed.changes.map((c) => c.path)).toContain("spec.nodeName");
  });
});
