// `kubectl describe` against a whole simulated cluster: the objects come from the apiserver, every
// call kubectl makes is a traced request (builder GET, describer GET, events LIST with the
// involvedObject field selector, ...), and errors read as kubectl prints them.

import { describe, expect, it } from "vitest";
import type { Cluster } from "../../cluster/cluster";
import { MINUTE, SECOND } from "../../sim/time";
import { apply, pods, testCluster } from "../../testing/harness";
import type { CommandSpec, KubectlEnv, ParsedCommand } from "../cli/command";
import { describeCommands } from "../cli/commands/describe";

const spec = describeCommands[0] as CommandSpec;

interface Run {
  readonly out: string;
  readonly err: string;
  readonly code: number;
  /** The requests kubectl sent, as the trace summarises them (`GET /api/v1/...`). */
  readonly requests: string[];
}

function run(
  cluster: Cluster,
  args: string[],
  flags: ParsedCommand["flags"] = {},
  files: Record<string, string> = {},
): Run {
  const env: KubectlEnv = {
    client: cluster.kubectl.client,
    cluster,
    namespace: "default",
    readFile: (name) => files[name],
    nowMs: () => cluster.sim.epochMs + cluster.sim.now,
  };
  let out = "";
  let err = "";
  let code: number | undefined;
  const before = cluster.sim.trace.length;
  spec.run(
    env,
    { path: ["describe"], args, flags, line: `kubectl describe ${args.join(" ")}` },
    { out: (t) => (out += t), err: (t) => (err += t) },
    (c) => (code = c),
  );
  while (code === undefined && cluster.sim.step()) {
    /* run until kubectl has finished */
  }
  if (code === undefined) throw new Error("describe never finished");
  const requests = cluster.sim.trace
    .slice(before)
    .filter((e) => e.from === "kubectl" && e.kind === "request")
    .map((e) => e.summary);
  return { out, err, code, requests };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

function clusterWithDeployment(): Cluster {
  const cluster = testCluster();
  cluster.sim.runFor(5 * SECOND);
  apply(cluster, deployment);
  cluster.sim.runFor(2 * MINUTE);
  return cluster;
}

describe("kubectl describe", () => {
  it("describes a pod with the builder GET, the describer GET and the events LIST", () => {
    const cluster = clusterWithDeployment();
    const pod = pods(cluster).find((p) => p.metadata?.name?.startsWith("web-"));
    const name = pod?.metadata?.name ?? "";
    const uid = pod?.metadata?.uid ?? "";
    const r = run(cluster, ["pod", name]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      `GET /api/v1/namespaces/default/pods/${name}`,
      `GET /api/v1/namespaces/default/pods/${name}`,
      `GET /api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(
        `involvedObject.name=${name},involvedObject.namespace=default,involvedObject.uid=${uid}`,
      )}`,
    ]);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^Name:\\s+${name}$`));
    expect(r.out).toMatch(/\nStatus:\s+Running\n/);
    expect(r.out).toMatch(/\nControlled By:\s+ReplicaSet\/web-[a-z0-9]+\n/);
    expect(r.out).toContain("\nContainers:\n  nginx:\n");
    expect(r.out).toMatch(/\n {4}Port:\s+80\/TCP\n/);
    expect(r.out).toMatch(/\n {4}State:\s+Running\n {6}Started:\s+\w{3}, \d\d \w{3} \d{4} /);
    expect(r.out).toContain("\nEvents:\n  Type    Reason     Age   From               Message\n");
    expect(r.out).toMatch(
      new RegExp(
        `\\n  Normal  Scheduled  \\S+\\s+default-scheduler  Successfully assigned default/${name} to \\S+\\n`,
      ),
    );
    expect(r.out).toMatch(/\n {2}Normal {2}Started {4}\d+s\s+kubelet\s+Started container nginx\n$/);
  });

  it("describes a deployment: ReplicaSets listed by its selector, NewReplicaSet and the ScalingReplicaSet event", () => {
    const cluster = clusterWithDeployment();
    const r = run(cluster, ["deployment/web"]);
    expect(r.code).toBe(0);
    expect(r.requests[0]).toBe("GET /apis/apps/v1/namespaces/default/deployments/web");
    expect(r.requests[1]).toBe("GET /apis/apps/v1/namespaces/default/deployments/web");
    expect(r.requests[2]).toMatch(
      /^GET \/api\/v1\/namespaces\/default\/events\?fieldSelector=involvedObject\.kind%3DDeployment/,
    );
    expect(r.requests[3]).toBe("GET /apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb");
    expect(r.out).toMatch(
      /\nReplicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable\n/,
    );
    expect(r.out).toMatch(/\nStrategyType:\s+RollingUpdate\n/);
    expect(r.out).toMatch(/\nRollingUpdateStrategy:\s+25% max unavailable, 25% max surge\n/);
    expect(r.out).toMatch(
      /\nOldReplicaSets:\s+<none>\nNewReplicaSet:\s+web-[a-z0-9]+ \(2\/2 replicas created\)\n/,
    );
    expect(r.out).toMatch(
      /Normal {2}ScalingReplicaSet {2}\S+ +deployment-controller {2}Scaled up replica set web-[a-z0-9]+ from 0 to 2\n$/,
    );
  });

  it("separates several objects by two blank lines and describes by label selector", () => {
    const cluster = clusterWithDeployment();
    const r = run(cluster, ["pods"], { selector: "app=web" });
    expect(r.code).toBe(0);
    expect(r.requests[0]).toBe("GET /api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
    expect(r.out.match(/^Name: /gm)).toHaveLength(2);
    expect(r.out).toMatch(/\n\n\nName: {13}web-/);
  });

  it("falls back to describing every object whose name starts with NAME", () => {
    const cluster = clusterWithDeployment();
    const r = run(cluster, ["pods", "web"]);
    expect(r.code).toBe(0);
    expect(r.requests[0]).toBe("GET /api/v1/namespaces/default/pods/web");
    expect(r.requests[1]).toBe("GET /api/v1/namespaces/default/pods");
    expect(r.out.match(/^Name: /gm)).toHaveLength(2);
  });

  it("prints kubectl's errors", () => {
    const cluster = testCluster();
    cluster.sim.runFor(5 * SECOND);
    expect(run(cluster, ["pod", "nope"])).toMatchObject({
      out: "",
      err: 'Error from server (NotFound): pods "nope" not found\n',
      code: 1,
    });
    expect(run(cluster, ["podz"])).toMatchObject({
      err: 'error: the server doesn\'t have a resource type "podz"\n',
      code: 1,
    });
    expect(run(cluster, [])).toMatchObject({
      err: 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      code: 1,
    });
    expect(run(cluster, ["pods"])).toMatchObject({
      out: "",
      err: "No resources found in default namespace.\n",
      code: 0,
    });
    expect(run(cluster, ["pods", "x"], { selector: "a=b" })).toMatchObject({
      err: "error: name cannot be provided when a selector is specified\n",
      code: 1,
    });
  });

  it("describes a namespace and a node with its lease, pods and events", () => {
    const cluster = clusterWithDeployment();
    const ns = run(cluster, ["ns", "default"]);
    expect(ns.out).toMatch(
      /^Name: {9}default\nLabels: {7}kubernetes.io\/metadata.name=default\nAnnotations: {2}<none>\nStatus: {7}Active\n\nNo resource quota.\n\nNo LimitRange resource.\n$/,
    );
    const node = pods(cluster).find((p) => p.metadata?.name?.startsWith("web-"))?.spec?.nodeName ?? "";
    const r = run(cluster, ["node", node]);
    expect(r.code).toBe(0);
    expect(r.requests).toContain(
      `GET /api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node},status.phase!=Succeeded,status.phase!=Failed`)}`,
    );
    expect(r.requests).toContain(
      `GET /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`,
    );
    expect(r.out).toMatch(new RegExp(`\\nLease:\\n  HolderIdentity:  ${node}\\n`));
    expect(r.out).toMatch(/\nNon-terminated Pods: +\(\d+ in total\)\n/);
    expect(r.out).toMatch(/\n {2}default +web-\S+ +0 \(0%\) +0 \(0%\) +0 \(0%\) +0 \(0%\) +\d+[sm]/);
  });

  it("describes the objects of a document with -f and leaves events out with --show-events=false", () => {
    const cluster = clusterWithDeployment();
    const r = run(
      cluster,
      [],
      { filename: ["web.yaml"], "show-events": "false" },
      { "web.yaml": deployment },
    );
    expect(r.code).toBe(0);
    expect(r.requests.filter((q) => q.includes("/events"))).toEqual([]);
    expect(r.out).toMatch(/^Name: +web\n/);
    expect(r.out).not.toContain("Events:");
  });
});

describe("kubectl describe through the shell", () => {
  it("parses -l, -n and --show-events=false as kubectl does", () => {
    const cluster = clusterWithDeployment();
    let out = "";
    let err = "";
    let code = -1;
    cluster.shell.run(
      "k describe po -n default -l app=web --show-events=false",
      { out: (t) => (out += t), err: (t) => (err += t) },
      (c) => (code = c),
    );
    cluster.sim.runFor(5 * SECOND);
    expect({ err, code }).toEqual({ err: "", code: 0 });
    expect(out.match(/^Name: /gm)).toHaveLength(2);
    expect(out).not.toContain("Events:");
  });
});
