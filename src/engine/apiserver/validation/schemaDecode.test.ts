import { describe, expect, it } from "vitest";
import { decodeErrorText, decodeStrict } from "./schemaDecode";

const pod = (spec: unknown, metadata: Record<string, unknown> = { name: "p" }): unknown => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata,
  spec,
});
const podText = (spec: unknown, metadata?: Record<string, unknown>): string | undefined =>
  decodeErrorText("v1", "Pod", pod(spec, metadata));
const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe("decodeStrict", () => {
  it("accepts a valid object, nulls anywhere, and missing required fields", () => {
    expect(decodeStrict("v1", "Pod", pod({ containers: [{ name: "web", image: "nginx" }] }))).toBeUndefined();
    expect(
      podText({ containers: [{ name: "web", image: null, ports: [{ containerPort: null }] }] }),
    ).toBeUndefined();
    expect(podText({ containers: [{ ports: [{}] }] })).toBeUndefined();
    expect(
      podText({ containers: [{ name: "a", resources: { limits: { cpu: 0.5, memory: "1Gi" } } }] }),
    ).toBeUndefined();
    expect(
      podText({ containers: [{ name: "a", livenessProbe: { httpGet: { port: "http" } } }] }),
    ).toBeUndefined();
  });

  it("reports every unknown field, in document order, with upstream's paths", () => {
    const status = decodeStrict("v1", "Pod", pod({ foo: 1, containers: [{ name: "a", imagee: "x" }] }));
    expect(status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee", unknown field "spec.foo"',
      reason: "BadRequest",
      code: 400,
    });
    expect(
      podText(
        { containers: [{ name: "a" }, { name: "b", ports: [{ containerPort: 80, hostport: 1 }] }] },
        {
          name: "p",
          lables: {},
        },
      ),
    ).toBe(
      'strict decoding error: unknown field "metadata.lables", unknown field "spec.containers[1].ports[0].hostport"',
    );
    // Field names are case-sensitive.
    expect(podText({ Containers: [] })).toBe('strict decoding error: unknown field "spec.Containers"');
  });

  it("prints the version without the group", () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { replicas: "3", selector: {}, template: {} },
    };
    expect(decodeStrict("apps/v1", "Deployment", deployment)?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it("reports type mismatches as encoding/json does", () => {
    expect(podText({ containers: [{ name: "a", ports: [{ containerPort: "80" }] }] })).toBe(
      "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    );
    expect(podText({ terminationGracePeriodSeconds: "30", containers: [] })).toBe(
      "json: cannot unmarshal string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64",
    );
    expect(podText({ containers: [{ name: "a", ports: [{ containerPort: 1.5 }] }] })).toBe(
      "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    );
    expect(podText({ containers: [{ name: "a", ports: [{ containerPort: 3000000000 }] }] })).toBe(
      "json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    );
    expect(podText({ containers: [{ name: 5 }] })).toBe(
      "json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string",
    );
    expect(podText({ containers: "nginx" })).toBe(
      "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
    );
    expect(podText({ containers: ["nginx"] })).toBe(
      "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container",
    );
    expect(podText({ containers: [{ name: "a", args: [1] }] })).toBe(
      "json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string",
    );
    expect(podText("nginx")).toBe(
      "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec",
    );
    expect(podText({ hostNetwork: "yes", containers: [] })).toBe(
      "json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool",
    );
    expect(podText({ nodeSelector: [], containers: [] })).toBe(
      "json: cannot unmarshal array into Go struct field PodSpec.spec.nodeSelector of type map[string]string",
    );
    // Map keys are not part of the field path.
    expect(podText({ containers: [] }, { name: "p", labels: { app: 1 } })).toBe(
      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
    );
    expect(decodeErrorText("v1", "ConfigMap", { metadata: { name: "c" }, data: { a: { b: 1 } } })).toBe(
      "json: cannot unmarshal object into Go struct field ConfigMap.data of type string",
    );
  });

  it("checks quantities, int-or-strings and times with their own unmarshalers", () => {
    expect(podText({ containers: [{ name: "a", resources: { limits: { cpu: "1x" } } }] })).toBe(
      QUANTITY_FORMAT,
    );
    expect(podText({ containers: [{ name: "a", resources: { requests: { memory: "1kk" } } }] })).toBe(
      "unable to parse quantity's suffix",
    );
    expect(podText({ containers: [{ name: "a", resources: { limits: { cpu: true } } }] })).toBe(
      QUANTITY_FORMAT,
    );
    expect(podText({ containers: [{ name: "a", livenessProbe: { httpGet: { port: true } } }] })).toBe(
      "json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32",
    );
    expect(podText({ containers: [{ name: "a", readinessProbe: { tcpSocket: { port: 80.5 } } }] })).toBe(
      "json: cannot unmarshal number 80.5 into Go struct field TCPSocketAction.spec.containers.readinessProbe.tcpSocket.port of type int32",
    );
    expect(podText({ containers: [] }, { name: "p", creationTimestamp: 5 })).toBe(
      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string",
    );
    expect(podText({ containers: [] }, { name: "p", creationTimestamp: "yesterday" })).toBe(
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
    const lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "l" },
      spec: { renewTime: "2024-01-01T00:00:00Z" },
    };
    expect(decodeStrict("coordination.k8s.io/v1", "Lease", lease)?.message).toBe(
      'Lease in version "v1" cannot be handled as a Lease: parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
    expect(
      decodeErrorText("coordination.k8s.io/v1", "Lease", {
        ...lease,
        spec: { renewTime: "2024-01-01T00:00:00.000000Z" },
      }),
    ).toBeUndefined();
  });

  it("decodes Secret data as base64", () => {
    const secret = (data: unknown): string | undefined =>
      decodeErrorText("v1", "Secret", { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data });
    expect(secret({ password: "cGFzc3dvcmQ=" })).toBeUndefined();
    expect(secret({ password: "password" })).toBeUndefined();
    expect(secret({ password: "hunter2!" })).toBe("illegal base64 data at input byte 7");
    expect(secret({ password: 5 })).toBe(
      "json: cannot unmarshal number into Go struct field Secret.data of type []uint8",
    );
  });

  it("follows Go's precedence: unmarshaler errors, then the first type error, then unknown fields", () => {
    // The quantity error stops decoding even though a type error came earlier.
    expect(
      podText({ containers: [{ name: "a", args: [1], resources: { limits: { cpu: "lots" } } }], foo: 1 }),
    ).toBe(QUANTITY_FORMAT);
    // The first type error (in key order) wins over unknown fields and later type errors.
    expect(podText({ zzz: 1, restartPolicy: 1, containers: [{ name: 2 }] })).toBe(
      "json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string",
    );
  });

  it("covers every kind of the schema, and ignores kinds it does not know", () => {
    const slice = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "s" },
      addressType: "IPv4",
      endpoints: [],
      ports: [{ port: "80" }],
    };
    expect(decodeStrict("discovery.k8s.io/v1", "EndpointSlice", slice)?.message).toBe(
      'EndpointSlice in version "v1" cannot be handled as a EndpointSlice: json: cannot unmarshal string into Go struct field EndpointPort.ports.port of type int32',
    );
    expect(decodeStrict("v1", "Widget", { spec: { anything: 1 } })).toBeUndefined();
  });
});
