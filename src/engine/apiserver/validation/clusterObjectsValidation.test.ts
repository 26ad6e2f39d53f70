import { describe, expect, it } from "vitest";
import type { Lease, Namespace, Node } from "../../api/objects";
import { formatFieldError, invalid, type FieldError } from "../../api/status";
import {
  validateBinding,
  validateEvent,
  validateLease,
  validateLeaseUpdate,
  validateNamespace,
  validateNamespaceUpdate,
  validateNodeCreate,
  validateNodeUpdate,
} from "./clusterObjectsValidation";

const LABEL_REGEX =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const messages = (errs: readonly FieldError[]): string[] => errs.map(formatFieldError);

describe("validateNodeCreate / validateNodeUpdate", () => {
  const node = (spec: Node["spec"] = {}): Node => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "node-1", resourceVersion: "1" },
    spec,
  });

  it("checks taints under metadata.taints, as upstream does", () => {
    const errs = validateNodeCreate(
      node({
        taints: [
          { key: "dedicated", value: "gpu", effect: "NoWay" },
          { key: "dedicated", value: "x", effect: "NoSchedule" },
          { key: "dedicated", value: "y", effect: "NoSchedule" },
          { key: "zone", effect: "" },
        ],
      }),
    );
    expect(messages(errs)).toEqual([
      'metadata.taints[0].effect: Unsupported value: "NoWay": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[2]: Duplicate value: core.Taint{Key:"dedicated", Value:"y", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
      "metadata.taints[3].effect: Required value",
    ]);
  });

  it("is cluster-scoped and checks capacity", () => {
    const n: Node = {
      ...node(),
      metadata: { name: "node-1", namespace: "default" },
      status: { capacity: { cpu: "-2" } },
    };
    expect(messages(validateNodeCreate(n))).toEqual([
      "metadata.namespace: Forbidden: not allowed on this type",
      'status.capacity.cpu: Invalid value: "-2": must be greater than or equal to 0',
    ]);
  });

  it("keeps podCIDRs and providerID once set", () => {
    const old = node({ podCIDRs: ["10.244.1.0/24"], providerID: "kind://node-1" });
    expect(messages(validateNodeUpdate(node({ podCIDRs: ["10.244.2.0/24"], providerID: "x" }), old))).toEqual(
      [
        'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
        'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
      ],
    );
    expect(validateNodeUpdate(node({ unschedulable: true }), node())).toEqual([]);
  });
});

describe("validateNamespace", () => {
  const ns = (name: string): Namespace => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, resourceVersion: "1" },
  });

  it("needs a DNS label name", () => {
    expect(invalid("Namespace", "my.team", validateNamespace(ns("my.team"))).message).toBe(
      `Namespace "my.team" is invalid: metadata.name: Invalid value: "my.team": ${LABEL_REGEX}`,
    );
    expect(validateNamespace(ns("team-a"))).toEqual([]);
  });

  it("checks spec.finalizers", () => {
    const n = ns("team-a");
    n.spec = { finalizers: ["kubernetes", "cleanup"] };
    expect(messages(validateNamespace(n))).toEqual([
      'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it("keeps the name on update", () => {
    expect(messages(validateNamespaceUpdate(ns("b"), ns("a")))).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
    ]);
  });
});

describe("validateEvent", () => {
  const event = (namespace: string, involvedNamespace?: string) => ({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web.17c3", namespace },
    involvedObject: {
      kind: "Pod",
      name: "web",
      ...(involvedNamespace === undefined ? {} : { namespace: involvedNamespace }),
    },
    reason: "Scheduled",
  });

  it("requires the event namespace to match the involved object's", () => {
    expect(validateEvent(event("default", "default"))).toEqual([]);
    expect(validateEvent(event("default"))).toEqual([]);
    expect(messages(validateEvent(event("default", "prod")))).toEqual([
      'involvedObject.namespace: Invalid value: "prod": does not match event.namespace',
    ]);
  });

  it("then checks metadata as the generic registry does", () => {
    const e = event("default", "default");
    e.metadata.name = "a/b";
    expect(messages(validateEvent(e))).toEqual([
      "metadata.name: Invalid value: \"a/b\": may not contain '/'",
    ]);
  });
});

describe("validateLease", () => {
  const lease = (spec: Lease["spec"]): Lease => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "node-1", namespace: "kube-node-lease", resourceVersion: "1" },
    ...(spec ? { spec } : {}),
  });

  it("checks durations and transitions", () => {
    expect(validateLease(lease({ holderIdentity: "node-1", leaseDurationSeconds: 40 }))).toEqual([]);
    expect(messages(validateLease(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 })))).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
      "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    ]);
    expect(validateLeaseUpdate(lease({ leaseDurationSeconds: 40 }), lease(undefined))).toEqual([]);
  });
});

describe("validateBinding", () => {
  it("needs a named Node target", () => {
    expect(validateBinding({ target: { kind: "Node", name: "node-1" } })).toEqual([]);
    expect(validateBinding({ target: { name: "node-1" } })).toEqual([]);
    expect(invalid("Binding", "web", validateBinding({ target: { kind: "Pod" } })).message).toBe(
      'Binding "web" is invalid: [target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]',
    );
  });
});
