import { describe, expect, it } from "vitest";
import type { Container, Pod, PodSpec } from "../../api/objects";
import { formatFieldError, invalid, type FieldError } from "../../api/status";
import { POD_UPDATE_FORBIDDEN_MESSAGE, validatePodCreate, validatePodUpdate } from "./podValidation";

const LABEL_REGEX =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function pod(spec: Partial<PodSpec>, name = "web"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: "u1", resourceVersion: "7" },
    spec: { containers: [{ name: "web", image: "nginx:1.27" }], ...spec },
  };
}

function withContainer(c: Partial<Container>): Pod {
  return pod({ containers: [{ name: "web", image: "nginx:1.27", ...c }] });
}

const messages = (errs: readonly FieldError[]): string[] => errs.map(formatFieldError);

describe("validatePodCreate", () => {
  it("accepts a minimal pod", () => {
    expect(validatePodCreate(pod({}))).toEqual([]);
  });

  it("builds upstream's Invalid status", () => {
    const broken = pod({ containers: [{ name: "web" }] }, "broken");
    expect(invalid("Pod", "broken", validatePodCreate(broken))).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Pod "broken" is invalid: spec.containers[0].image: Required value',
      reason: "Invalid",
      details: {
        name: "broken",
        group: "",
        kind: "Pod",
        causes: [
          { reason: "FieldValueRequired", message: "Required value", field: "spec.containers[0].image" },
        ],
      },
      code: 422,
    });
  });

  it("requires containers, and container names and images", () => {
    expect(messages(validatePodCreate(pod({ containers: [] })))).toEqual(["spec.containers: Required value"]);
    expect(invalid("Pod", "web", validatePodCreate(pod({ containers: [{ name: "" }] }))).message).toBe(
      'Pod "web" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
  });

  it("checks container names: DNS labels, unique across containers and init containers", () => {
    const errs = validatePodCreate(
      pod({
        containers: [
          { name: "Web_1", image: "a" },
          { name: "db", image: "b" },
          { name: "db", image: "c" },
        ],
        initContainers: [{ name: "db", image: "d" }],
      }),
    );
    expect(messages(errs)).toEqual([
      `spec.containers[0].name: Invalid value: "Web_1": ${LABEL_REGEX}`,
      'spec.containers[2].name: Duplicate value: "db"',
      'spec.initContainers[0].name: Duplicate value: "db"',
    ]);
  });

  it("lists the supported values of enumerations", () => {
    expect(messages(validatePodCreate(pod({ restartPolicy: "Sometimes", dnsPolicy: "Google" })))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
    expect(messages(validatePodCreate(withContainer({ imagePullPolicy: "Sometimes" })))).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });

  it("treats fields the apiserver defaults as defaulted", () => {
    expect(validatePodCreate(pod({ restartPolicy: "", dnsPolicy: "" }))).toEqual([]);
    expect(
      validatePodCreate(withContainer({ imagePullPolicy: "", ports: [{ containerPort: 80, protocol: "" }] })),
    ).toEqual([]);
  });

  it("checks ports", () => {
    const errs = validatePodCreate(
      withContainer({
        ports: [
          { name: "http", containerPort: 70000 },
          { name: "http", containerPort: 8080, protocol: "HTTP" },
          { name: "HTTP_PORT", containerPort: 0, hostPort: 80 },
        ],
      }),
    );
    expect(messages(errs)).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Invalid value: "HTTP_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[2].name: Invalid value: "HTTP_PORT": must contain at least one letter (a-z)',
      "spec.containers[0].ports[2].containerPort: Required value",
    ]);
  });

  it("checks host port conflicts across containers", () => {
    const errs = validatePodCreate(
      pod({
        containers: [
          { name: "a", image: "a", ports: [{ containerPort: 80, hostPort: 8080 }] },
          { name: "b", image: "b", ports: [{ containerPort: 81, hostPort: 8080 }] },
        ],
      }),
    );
    expect(messages(errs)).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  it("checks resources: requests at most limits, non-negative, known names", () => {
    const errs = validatePodCreate(
      withContainer({
        resources: {
          limits: { cpu: "500m", memory: "-1Gi", cpus: "1" },
          requests: { cpu: "1", memory: "128Mi" },
        },
      }),
    );
    expect(messages(errs)).toEqual([
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
      'spec.containers[0].resources.requests: Invalid value: "128Mi": must be less than or equal to memory limit of -1Gi',
    ]);
    // Quantities are compared by value and printed canonically.
    expect(
      messages(
        // YAML's `cpu: 1` arrives as a number, which the Quantity type does not admit.
        validatePodCreate(
          withContainer({
            resources: { limits: { cpu: 1 as unknown as string }, requests: { cpu: "1500m" } },
          }),
        ),
      ),
    ).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1500m": must be less than or equal to cpu limit of 1',
    ]);
    expect(
      validatePodCreate(withContainer({ resources: { limits: { cpu: "1" }, requests: { cpu: "1000m" } } })),
    ).toEqual([]);
  });

  it("checks extended resources: requests must equal limits", () => {
    expect(
      messages(validatePodCreate(withContainer({ resources: { requests: { "example.com/gpu": "1" } } }))),
    ).toEqual([
      "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
    ]);
  });

  it("checks nodeSelector labels", () => {
    expect(messages(validatePodCreate(pod({ nodeSelector: { disktype: "ssd fast" } })))).toEqual([
      `spec.nodeSelector: Invalid value: "ssd fast": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });

  it("checks tolerations", () => {
    const errs = validatePodCreate(
      pod({
        tolerations: [
          { key: "dedicated", operator: "Exists", value: "gpu", effect: "NoSchedule" },
          { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoWay" },
          { operator: "Equal", value: "x" },
          {
            key: "node.kubernetes.io/not-ready",
            operator: "In",
            tolerationSeconds: 30,
            effect: "NoSchedule",
          },
        ],
      }),
    );
    expect(messages(errs)).toEqual([
      "spec.tolerations[0].operator: Invalid value: \"gpu\": value must be empty when `operator` is 'Exists'",
      'spec.tolerations[1].effect: Unsupported value: "NoWay": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.tolerations[2].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[3].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.tolerations[3].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
    ]);
  });

  it("checks env var names (relaxed in 1.32) and sources", () => {
    const errs = validatePodCreate(
      withContainer({
        env: [
          { name: "GREETING", value: "hi" },
          { name: "1.bad-but-ok" },
          { name: "A=B" },
          { name: "" },
          { name: "POD", valueFrom: { fieldRef: { fieldPath: "status.phase" } } },
          { name: "CM", valueFrom: { configMapKeyRef: { name: "cfg", key: "" } } },
        ],
      }),
    );
    expect(messages(errs)).toEqual([
      "spec.containers[0].env[2].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      "spec.containers[0].env[3].name: Required value",
      'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      "spec.containers[0].env[5].valueFrom.configMapKeyRef.key: Required value",
    ]);
  });

  it("checks volumes and mounts", () => {
    const errs = validatePodCreate(
      pod({
        volumes: [
          { name: "data", emptyDir: {} },
          { name: "data", emptyDir: {} },
          { name: "Conf", configMap: { name: "cfg" }, secret: { secretName: "s" } },
        ],
        containers: [
          {
            name: "web",
            image: "nginx",
            volumeMounts: [
              { name: "data", mountPath: "/data" },
              { name: "logs", mountPath: "/data" },
            ],
          },
        ],
      }),
    );
    expect(messages(errs)).toEqual([
      'spec.volumes[1].name: Duplicate value: "data"',
      "spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type",
      `spec.volumes[2].name: Invalid value: "Conf": ${LABEL_REGEX}`,
      'spec.containers[0].volumeMounts[1].name: Not found: "logs"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });

  it("checks probes", () => {
    const errs = validatePodCreate(
      withContainer({
        livenessProbe: {
          successThreshold: 2,
          periodSeconds: -1,
          httpGet: { port: 70000 },
          exec: { command: ["true"] },
        },
        readinessProbe: { terminationGracePeriodSeconds: 10 },
      }),
    );
    expect(messages(errs)).toEqual([
      "spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
      "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
      "spec.containers[0].readinessProbe: Required value: must specify a handler type",
      "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes",
    ]);
  });

  it("checks names that must be DNS names, and activeDeadlineSeconds", () => {
    const errs = validatePodCreate(
      pod({ nodeName: "Node_1", hostname: "my.host", activeDeadlineSeconds: 0 }),
    );
    expect(messages(errs)).toEqual([
      `spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
      `spec.hostname: Invalid value: "my.host": ${LABEL_REGEX}`,
    ]);
  });

  it("validates metadata first", () => {
    const p = pod({ containers: [] });
    p.metadata = { name: "Web", namespace: "default" };
    expect(messages(validatePodCreate(p))).toEqual([
      `metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      "spec.containers: Required value",
    ]);
  });

  it("forbids ephemeral containers and a nodeName with scheduling gates on create", () => {
    const errs = validatePodCreate(
      pod({
        nodeName: "node-1",
        schedulingGates: [{ name: "example.com/wait" }],
        ephemeralContainers: [{ name: "debug" }],
      }),
    );
    expect(messages(errs)).toEqual([
      "spec.ephemeralContainers: Forbidden: cannot be set on create",
      "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared",
    ]);
  });
});

describe("validatePodUpdate", () => {
  const old = pod({
    tolerations: [{ key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }],
  });

  it("allows image changes, toleration additions and tolerationSeconds changes", () => {
    const updated = pod({
      containers: [{ name: "web", image: "nginx:1.28" }],
      tolerations: [
        { key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
        { key: "b", operator: "Exists" },
      ],
    });
    expect(validatePodUpdate(updated, old)).toEqual([]);
  });

  it("forbids other spec changes with upstream's message (without its diff)", () => {
    const updated = pod({
      containers: [{ name: "web", image: "nginx:1.27", env: [{ name: "A", value: "1" }] }],
      tolerations: old.spec?.tolerations ?? [],
    });
    const errs = validatePodUpdate(updated, old);
    expect(invalid("Pod", "web", errs).message).toBe(
      'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(errs[0]?.detail).toBe(POD_UPDATE_FORBIDDEN_MESSAGE);
  });

  it("forbids changing or removing existing tolerations", () => {
    const updated = pod({ tolerations: [{ key: "a", operator: "Exists", effect: "NoSchedule" }] });
    expect(messages(validatePodUpdate(updated, old))).toEqual([
      "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
    ]);
  });

  it("forbids adding or removing containers, and stops there", () => {
    const updated = pod({
      containers: [
        { name: "web", image: "nginx" },
        { name: "sidecar", image: "busybox" },
      ],
      tolerations: old.spec?.tolerations ?? [],
    });
    expect(messages(validatePodUpdate(updated, old))).toEqual([
      "spec.containers: Forbidden: pod updates may not add or remove containers",
    ]);
  });

  it("lets activeDeadlineSeconds only be set or lowered", () => {
    const withDeadline = pod({ activeDeadlineSeconds: 60 });
    expect(validatePodUpdate(pod({ activeDeadlineSeconds: 30 }), withDeadline)).toEqual([]);
    expect(messages(validatePodUpdate(pod({ activeDeadlineSeconds: 90 }), withDeadline))).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value",
    ]);
    expect(messages(validatePodUpdate(pod({}), withDeadline))).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value',
    ]);
  });

  it("keeps metadata identity", () => {
    const renamed = pod({}, "web2");
    expect(messages(validatePodUpdate(renamed, pod({})))).toEqual([
      'metadata.name: Invalid value: "web2": field is immutable',
    ]);
  });

  it("treats empty and unset lists alike", () => {
    expect(validatePodUpdate(pod({ volumes: [] }), pod({}))).toEqual([]);
  });
});
