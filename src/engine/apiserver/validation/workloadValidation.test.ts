import { describe, expect, it } from "vitest";
import { apply, testCluster } from "../../testing/harness";

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${spec}`;

const template = (labels = "app: web", extra = "") => `  template:
    metadata:
      labels:
        ${labels}
    spec:
${extra}      containers:
      - name: web
        image: nginx:1.27
`;

describe("workload defaults and validation", () => {
  it("defaults a Deployment as the apiserver does and counts generations", () => {
    const cluster = testCluster();
    const manifest = deployment(`  selector:\n    matchLabels:\n      app: web\n${template()}`);
    expect(apply(cluster, manifest)[0]?.message).toBe("deployment.apps/web created");
    const stored = cluster.apiserver.storage.peek("/registry/deployments/default/web")?.object;
    expect(stored?.metadata.generation).toBe(1);
    expect(stored?.["spec"]).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        spec: { restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler" },
      },
    });
    expect(stored?.["status"]).toBeUndefined();
    apply(cluster, manifest.replace("nginx:1.27", "nginx:1.28"));
    expect(
      cluster.apiserver.storage.peek("/registry/deployments/default/web")?.object.metadata.generation,
    ).toBe(2);
  });

  it("rejects a template whose labels the selector does not match, in kubectl's words", () => {
    const cluster = testCluster();
    const [result] = apply(
      cluster,
      deployment(`  selector:\n    matchLabels:\n      app: api\n${template()}`),
    );
    expect(result?.message).toBe(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it("rejects a missing selector, a Never restart policy and zero budgets", () => {
    const cluster = testCluster();
    const [result] = apply(
      cluster,
      deployment(
        `  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n${template("app: web", "      restartPolicy: Never\n")}`,
      ),
    );
    expect(result?.message).toBe(
      'The Deployment "web" is invalid: \n' +
        "* spec.selector: Required value\n" +
        '* spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"\n' +
        '* spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    );
  });

  it("keeps a Deployment's selector immutable", () => {
    const cluster = testCluster();
    apply(cluster, deployment(`  selector:\n    matchLabels:\n      app: web\n${template()}`));
    const [result] = apply(
      cluster,
      deployment(`  selector:\n    matchLabels:\n      app: web2\n${template("app: web2")}`),
    );
    expect(result?.message).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it("generates a Job's selector and rejects restartPolicy Always", () => {
    const cluster = testCluster();
    const job = (policy: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
${policy}      containers:
      - name: pi
        image: busybox:1.36
        command: ["sh", "-c", "echo 3.14"]
`;
    expect(apply(cluster, job(""))[0]?.message).toBe(
      'The Job "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
    expect(apply(cluster, job("      restartPolicy: Never\n"))[0]?.message).toBe("job.batch/pi created");
    const stored = cluster.apiserver.storage.peek("/registry/jobs/default/pi")?.object;
    const uid = stored?.metadata.uid ?? "";
    expect(stored?.["spec"]).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": uid } },
      template: { metadata: { labels: { "job-name": "pi", "controller-uid": uid } } },
    });
    expect(stored?.metadata.labels?.["batch.kubernetes.io/job-name"]).toBe("pi");
  });
});
