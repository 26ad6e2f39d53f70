import { describe, expect, it } from "vitest";
import type { FilterDetail, TraceEvent } from "../../engine/trace/traceEvent";
import { simTime } from "../../engine/sim/time";
import { podManifest } from "../../engine/testing/harness";
import { Session } from "../../worker/session";
import {
  describeEvent,
  explainEvent,
  filterRows,
  describeParts,
  formatSimTime,
  httpAction,
  isCreation,
  isFailure,
  objectLabel,
  parseApiPath,
  scoreRows,
} from "./narrate";
import { eventBySeq } from "./timelineModel";

const pod = { kind: "Pod", namespace: "default", name: "web" } as const;

function ev(partial: Partial<TraceEvent> & Pick<TraceEvent, "from" | "to" | "kind" | "summary">): TraceEvent {
  return { seq: 1, time: simTime(0), ...partial };
}

const score: TraceEvent = ev({
  seq: 19,
  from: "kube-scheduler",
  to: "kube-scheduler",
  kind: "internal",
  summary: "Score default/web: node-2 scores highest (496) of 3 nodes",
  object: pod,
  detail: {
    type: "score",
    pod: "default/web",
    nodes: ["node-1", "node-2", "node-3"],
    plugins: [
      { plugin: "TaintToleration", weight: 3, scores: [100, 100, 100] },
      { plugin: "NodeResourcesFit", weight: 1, scores: [90, 98, 98] },
      { plugin: "ImageLocality", weight: 1, scores: [0, 0, 0] },
    ],
    totals: [390, 398, 398],
    selected: "node-2",
  },
});

const filter: TraceEvent = ev({
  seq: 18,
  from: "kube-scheduler",
  to: "kube-scheduler",
  kind: "internal",
  summary: "Filter default/web: 3 of 4 nodes fit",
  object: pod,
  detail: {
    type: "filter",
    pod: "default/web",
    totalNodes: 4,
    nodes: ["control-plane", "node-1", "node-2", "node-3"],
    rejections: [
      {
        plugin: "TaintToleration",
        reason: "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
      },
      undefined,
      undefined,
      undefined,
    ],
    feasible: 3,
  },
});

describe("paths and labels", () => {
  it("parses REST paths, core and grouped, with subresources and queries", () => {
    expect(parseApiPath("/api/v1/namespaces/default/pods/web/binding")).toEqual({
      resource: "pods",
      namespace: "default",
      name: "web",
      subresource: "binding",
      query: "",
    });
    expect(
      parseApiPath("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1"),
    ).toMatchObject({
      resource: "leases",
      namespace: "kube-node-lease",
      name: "node-1",
    });
    expect(parseApiPath("/api/v1/nodes/node-1/status")).toMatchObject({
      resource: "nodes",
      name: "node-1",
      subresource: "status",
    });
    expect(parseApiPath("/api/v1/namespaces/default/pods?fieldValidation=Strict")).toEqual({
      resource: "pods",
      namespace: "default",
      query: "fieldValidation=Strict",
    });
    expect(parseApiPath("/api/v1/namespaces/default")).toEqual({
      resource: "namespaces",
      name: "default",
      query: "",
    });
    expect(parseApiPath("/healthz")).toBeUndefined();
  });

  it("names objects and formats simulated time", () => {
    expect(objectLabel(pod)).toBe("pod default/web");
    expect(objectLabel({ kind: "Node", name: "node-1" })).toBe("node node-1");
    expect(formatSimTime(4068)).toBe("4.068 s");
    expect(formatSimTime(62_345)).toBe("1 min 02.345 s");
    expect(formatSimTime(3_723_000)).toBe("1 h 02 min 03 s");
  });

  it("says what each HTTP verb asks for", () => {
    const http = (method: string, path: string) => ({ type: "http" as const, method, path });
    expect(httpAction(http("GET", "/api/v1/namespaces/default/pods/web"), pod)).toBe("get pod default/web");
    expect(httpAction(http("GET", "/api/v1/namespaces/default/pods"), undefined)).toBe(
      "list pods in default",
    );
    expect(httpAction(http("GET", "/api/v1/pods?watch=true"), undefined)).toBe("watch pods");
    expect(httpAction(http("POST", "/api/v1/namespaces/default/pods?fieldValidation=Strict"), pod)).toBe(
      "create pod default/web",
    );
    expect(httpAction(http("POST", "/api/v1/namespaces/default/pods/web/binding"), pod, "node-2")).toBe(
      "bind default/web to node-2",
    );
    expect(httpAction(http("PATCH", "/api/v1/namespaces/default/pods/web/status"), pod)).toBe(
      "update the status of pod default/web",
    );
    expect(httpAction(http("PATCH", "/api/v1/namespaces/default/pods/web"), pod)).toBe(
      "patch pod default/web",
    );
    expect(
      httpAction(
        http("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1"),
        undefined,
      ),
    ).toBe("renew lease kube-node-lease/node-1");
    expect(httpAction(http("PUT", "/api/v1/namespaces/default/pods/web"), pod)).toBe(
      "replace pod default/web",
    );
    expect(httpAction(http("DELETE", "/api/v1/namespaces/default/pods/web"), pod)).toBe(
      "delete pod default/web",
    );
  });
});

describe("describeEvent (one timeline line per detail type)", () => {
  it("http requests, with the bound node taken from the Score step that caused the binding", () => {
    const bind = ev({
      seq: 20,
      cause: 19,
      from: "kube-scheduler",
      to: "kube-apiserver",
      kind: "request",
      summary: "POST /api/v1/namespaces/default/pods/web/binding",
      object: pod,
      detail: {
        type: "http",
        method: "POST",
        path: "/api/v1/namespaces/default/pods/web/binding",
        user: "system:kube-scheduler",
      },
    });
    const lookup = (seq: number) => (seq === 19 ? score : undefined);
    expect(describeEvent(bind, lookup)).toBe("kube-scheduler → kube-apiserver: bind default/web to node-2");
    expect(describeEvent(bind)).toBe("kube-scheduler → kube-apiserver: bind default/web");
  });

  it("http responses: success with the action, failures with the status message", () => {
    const created = ev({
      from: "kube-apiserver",
      to: "kubectl",
      kind: "response",
      summary: "201 Created",
      object: pod,
      detail: { type: "http", method: "POST", path: "/api/v1/namespaces/default/pods", code: 201 },
    });
    expect(describeEvent(created)).toBe("kube-apiserver → kubectl: 201 Created (create pod default/web)");
    const missing = ev({
      from: "kube-apiserver",
      to: "kubectl",
      kind: "response",
      summary: '404 Not Found: pods "web" not found',
      object: pod,
      detail: {
        type: "http",
        method: "GET",
        path: "/api/v1/namespaces/default/pods/web",
        code: 404,
        reason: "NotFound",
      },
    });
    expect(describeEvent(missing)).toBe('kube-apiserver → kubectl: 404 Not Found: pods "web" not found');
  });

  it("handler-chain stages", () => {
    const stage = (stage: string, ok: boolean, notes: string[]): TraceEvent =>
      ev({
        from: "kube-apiserver",
        to: "kube-apiserver",
        kind: "internal",
        summary: `${stage}: ${notes.join("; ")}`,
        detail: { type: "stage", stage: stage as "validation", ok, notes },
      });
    expect(
      describeEvent(
        stage("authentication", true, [
          'user "kubernetes-admin" (groups kubeadm:cluster-admins, system:authenticated) via x509 client certificate (admin.conf)',
        ]),
      ),
    ).toBe("kube-apiserver: authentication — user kubernetes-admin");
    expect(
      describeEvent(
        stage("authorization", true, [
          'RBAC: allowed to create pods in namespace default by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
        ]),
      ),
    ).toBe("kube-apiserver: authorization — RBAC allows it (cluster-admin)");
    expect(
      describeEvent(
        stage("authorization", true, [
          'Node authorizer: allowed system:node:node-1 to patch pods/status "web"',
        ]),
      ),
    ).toBe("kube-apiserver: authorization — Node authorizer allows it");
    expect(describeEvent(stage("mutating-admission", true, ["defaults", "ServiceAccount"]))).toBe(
      "kube-apiserver: mutating admission — defaults; ServiceAccount",
    );
    expect(describeEvent(stage("validation", false, ["spec.containers[0].image: Required value"]))).toBe(
      "kube-apiserver: validation — rejected: spec.containers[0].image: Required value",
    );
  });

  it("etcd transactions, reads, watches and compaction", () => {
    const key = "/registry/pods/default/web";
    expect(
      describeEvent(
        ev({
          from: "kube-apiserver",
          to: "etcd",
          kind: "request",
          summary: `Txn put ${key} (if mod_revision = 22)`,
          detail: { type: "etcd", op: "txn", key },
        }),
      ),
    ).toBe(`kube-apiserver → etcd: write ${key} (if mod_revision = 22)`);
    expect(
      describeEvent(
        ev({
          from: "etcd",
          to: "kube-apiserver",
          kind: "response",
          summary: "Txn succeeded, revision 23",
          detail: { type: "etcd", op: "txn", key, succeeded: true, revision: 23 },
        }),
      ),
    ).toBe(`etcd → kube-apiserver: write of ${key} committed at revision 23`);
    expect(
      describeEvent(
        ev({
          from: "etcd",
          to: "kube-apiserver",
          kind: "response",
          summary: "Txn succeeded, revision 23",
          object: pod,
          detail: { type: "etcd", op: "txn", key, succeeded: true, revision: 23 },
        }),
      ),
    ).toBe("etcd → kube-apiserver: write of pod default/web committed at revision 23");
    expect(
      describeEvent(
        ev({
          from: "etcd",
          to: "kube-apiserver",
          kind: "response",
          summary: "Txn compare failed, revision 24",
          detail: { type: "etcd", op: "txn", key, succeeded: false, revision: 24 },
        }),
      ),
    ).toBe("etcd → kube-apiserver: write compare failed, revision 24");
    expect(
      describeEvent(
        ev({
          from: "etcd",
          to: "kube-apiserver",
          kind: "response",
          summary: "Range: 0 key(s), revision 21",
          detail: { type: "etcd", op: "range", key, revision: 21, count: 0 },
        }),
      ),
    ).toBe("etcd → kube-apiserver: read 0 key(s) at revision 21");
    expect(
      describeEvent(
        ev({
          from: "etcd",
          to: "kube-apiserver",
          kind: "watch",
          summary: `PUT ${key}`,
          revision: 22,
          detail: { type: "etcd", op: "watch", key, eventType: "PUT", revision: 22 },
        }),
      ),
    ).toBe(`etcd ⇢ kube-apiserver: watch PUT ${key}`);
    expect(
      describeEvent(
        ev({
          from: "kube-apiserver",
          to: "etcd",
          kind: "request",
          summary: "Compact revision 100",
          detail: { type: "etcd", op: "compact", key: "", revision: 100 },
        }),
      ),
    ).toBe("kube-apiserver → etcd: compact history before revision 100");
  });

  it("apiserver watch events", () => {
    const watch = ev({
      from: "kube-apiserver",
      to: "kubelet/node-1",
      kind: "watch",
      summary: "ADDED Pod default/web",
      object: pod,
      detail: { type: "watch", eventType: "ADDED", resource: "pods" },
    });
    expect(describeEvent(watch)).toBe("kube-apiserver ⇢ kubelet/node-1: watch ADDED pod default/web");
    expect(explainEvent(watch).why).toMatch(/long-running GET/);
    expect(explainEvent(watch).why).toMatch(/spec\.nodeName/);
  });

  it("scheduler Filter and Score", () => {
    expect(describeEvent(filter)).toBe("kube-scheduler: Filter default/web — 3 of 4 nodes fit");
    expect(describeEvent(score)).toBe("kube-scheduler: Score default/web — node-2 wins with 398");
  });

  it("CRI calls and answers", () => {
    const run = ev({
      from: "kubelet/node-1",
      to: "container-runtime/node-1",
      kind: "request",
      summary: "RunPodSandbox default/web",
      object: pod,
      detail: { type: "cri", call: "RunPodSandbox" },
    });
    expect(describeEvent(run)).toBe("kubelet/node-1 → container-runtime/node-1: RunPodSandbox default/web");
    const done = ev({
      from: "container-runtime/node-1",
      to: "kubelet/node-1",
      kind: "response",
      summary: "sandbox a69cee042fcf7 ready (pause container running, CNI assigned IP 10.244.1.2)",
      detail: { type: "cri", call: "RunPodSandbox", durationMs: 400, podIP: "10.244.1.2" },
    });
    expect(describeEvent(done)).toMatch(
      /^container-runtime\/node-1 → kubelet\/node-1: sandbox a69cee042fcf7 ready/,
    );
    expect(explainEvent(done).what).toMatch(/after 400 ms/);
    expect(explainEvent(done).why).toMatch(/10\.244\.1\.2/);
    const failed = ev({
      from: "container-runtime/node-1",
      to: "kubelet/node-1",
      kind: "response",
      summary: "pull failed",
      detail: { type: "cri", call: "PullImage", error: "ErrImagePull: not found" },
    });
    expect(describeEvent(failed)).toBe(
      "container-runtime/node-1 → kubelet/node-1: PullImage failed: ErrImagePull: not found",
    );
  });

  it("events without detail fall back to the summary", () => {
    expect(
      describeEvent(ev({ from: "coredns", to: "kube-apiserver", kind: "request", summary: "hello" })),
    ).toBe("coredns → kube-apiserver: hello");
  });
});

describe("explainEvent (why, per message type)", () => {
  const http = (from: string, method: string, path: string): TraceEvent =>
    ev({
      from: from as "kubectl",
      to: "kube-apiserver",
      kind: "request",
      summary: `${method} ${path}`,
      object: pod,
      detail: { type: "http", method, path, user: "u" },
    });

  it("explains requests by what they are for", () => {
    expect(explainEvent(http("kubectl", "GET", "/api/v1/namespaces/default/pods/web")).why).toMatch(
      /kubectl apply first reads/,
    );
    expect(
      explainEvent(http("kube-scheduler", "POST", "/api/v1/namespaces/default/pods/web/binding")).why,
    ).toMatch(/binding subresource/);
    expect(
      explainEvent(http("kubelet/node-1", "PATCH", "/api/v1/namespaces/default/pods/web/status")).why,
    ).toMatch(/owns the pod's status/);
    expect(explainEvent(http("kubelet/node-1", "PATCH", "/api/v1/nodes/node-1/status")).why).toMatch(
      /node's conditions/,
    );
    expect(
      explainEvent(
        http(
          "kubelet/node-1",
          "PUT",
          "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
        ),
      ).why,
    ).toMatch(/heartbeat/);
    expect(explainEvent(http("kubelet/node-1", "POST", "/api/v1/namespaces/default/events")).why).toMatch(
      /Event objects/,
    );
    expect(explainEvent(http("kubectl", "POST", "/api/v1/namespaces/default/pods")).why).toMatch(
      /through their watches/,
    );
    expect(explainEvent(http("kubectl", "DELETE", "/api/v1/namespaces/default/pods/web")).why).toMatch(
      /graceful/,
    );
    expect(explainEvent(http("kubectl", "GET", "/api/v1/namespaces/default/pods/web")).what).toBe(
      "kubectl asks kube-apiserver to get pod default/web (GET /api/v1/namespaces/default/pods/web) as user u.",
    );
  });

  it("explains responses by status code", () => {
    const resp = (code: number, reason?: string, to = "kube-scheduler"): TraceEvent =>
      ev({
        from: "kube-apiserver",
        to: to as "kubectl",
        kind: "response",
        summary: `${code}`,
        detail: {
          type: "http",
          method: "GET",
          path: "/api/v1/namespaces/default/pods/web",
          code,
          ...(reason ? { reason } : {}),
        },
      });
    expect(explainEvent(resp(201)).why).toMatch(/^Created/);
    expect(explainEvent(resp(200)).why).toMatch(/^Success/);
    expect(explainEvent(resp(404, "NotFound", "kubectl")).why).toMatch(/kubectl will create it/);
    expect(explainEvent(resp(409, "Conflict")).why).toMatch(/optimistic concurrency/);
    expect(explainEvent(resp(409, "AlreadyExists")).why).toMatch(/AlreadyExists/);
    expect(explainEvent(resp(422, "Invalid")).why).toMatch(/^Invalid/);
    expect(explainEvent(resp(403, "Forbidden")).why).toMatch(/^Forbidden/);
  });

  it("explains every handler-chain stage", () => {
    const expectations: Record<string, RegExp> = {
      authentication: /who sent it/,
      authorization: /RBAC/,
      "mutating-admission": /defaults/,
      validation: /422 Invalid/,
      "validating-admission": /NamespaceLifecycle/,
    };
    for (const [stage, why] of Object.entries(expectations)) {
      const e = ev({
        from: "kube-apiserver",
        to: "kube-apiserver",
        kind: "internal",
        summary: stage,
        detail: { type: "stage", stage: stage as "validation", ok: true, notes: [] },
      });
      expect(explainEvent(e).why).toMatch(why);
      expect(explainEvent(e).what).toMatch(/passed/);
    }
  });

  it("explains etcd operations", () => {
    const key = "/registry/pods/default/web";
    const e = (kind: "request" | "response" | "watch", detail: TraceEvent["detail"]) =>
      ev({ from: "etcd", to: "kube-apiserver", kind, summary: "x", ...(detail ? { detail } : {}) });
    expect(explainEvent(e("request", { type: "etcd", op: "txn", key })).why).toMatch(/if absent/);
    expect(
      explainEvent(e("response", { type: "etcd", op: "txn", key, succeeded: true, revision: 22 })).why,
    ).toMatch(/resourceVersion/);
    expect(explainEvent(e("response", { type: "etcd", op: "txn", key, succeeded: false })).why).toMatch(
      /condition failed/,
    );
    expect(
      explainEvent(e("watch", { type: "etcd", op: "watch", key, eventType: "PUT", revision: 22 })).what,
    ).toMatch(/at revision 22/);
    expect(explainEvent(e("request", { type: "etcd", op: "compact", key: "", revision: 9 })).why).toMatch(
      /410 Gone/,
    );
    expect(explainEvent(e("request", { type: "etcd", op: "range", key })).why).toMatch(/consistent revision/);
  });

  it("explains Filter and Score with counts, partial examination and ties", () => {
    expect(explainEvent(filter).what).toBe(
      "The scheduler checked 4 of 4 nodes for pod default/web: 3 fit, 1 was rejected.",
    );
    const partial: TraceEvent = {
      ...filter,
      detail: { ...(filter.detail as FilterDetail), totalNodes: 500 },
    };
    expect(explainEvent(partial).why).toMatch(/percentageOfNodesToScore/);
    expect(explainEvent(score).what).toMatch(
      /node-2 has the highest total, 398\. 2 nodes share the highest total \(node-2, node-3\)/,
    );
    expect(explainEvent(score).why).toMatch(/weight/);
  });

  it("explains each CRI call", () => {
    for (const [call, why] of [
      ["RunPodSandbox", /pause/],
      ["PullImage", /IfNotPresent/],
      ["CreateContainer", /not yet running/],
      ["StartContainer", /process starts/],
      ["StopContainer", /SIGTERM/],
      ["StopPodSandbox", /CNI/],
      ["ContainerEvent", /CrashLoopBackOff/],
    ] as const) {
      const e = ev({
        from: "kubelet/node-1",
        to: "container-runtime/node-1",
        kind: "request",
        summary: call,
        detail: { type: "cri", call },
      });
      expect(explainEvent(e).why).toMatch(why);
    }
  });
});

describe("failures and creations", () => {
  const key = "/registry/pods/default/web";
  const txnRequest = ev({
    seq: 13,
    from: "kube-apiserver",
    to: "etcd",
    kind: "request",
    summary: `Txn put ${key} (if absent)`,
    detail: { type: "etcd", op: "txn", key },
  });
  const txnResponse = ev({
    seq: 14,
    cause: 13,
    from: "etcd",
    to: "kube-apiserver",
    kind: "response",
    summary: "Txn succeeded, revision 22",
    revision: 22,
    detail: { type: "etcd", op: "txn", key, succeeded: true, revision: 22 },
  });

  it("marks failed steps", () => {
    const http = (code: number): TraceEvent =>
      ev({
        from: "kube-apiserver",
        to: "kubectl",
        kind: "response",
        summary: "",
        detail: { type: "http", method: "GET", path: "/", code },
      });
    expect(isFailure(http(200))).toBe(false);
    expect(isFailure(http(409))).toBe(true);
    expect(isFailure({ ...txnResponse, detail: { type: "etcd", op: "txn", key, succeeded: false } })).toBe(
      true,
    );
    expect(isFailure(txnResponse)).toBe(false);
    expect(isFailure({ ...filter, detail: { ...(filter.detail as FilterDetail), feasible: 0 } })).toBe(true);
    expect(isFailure(filter)).toBe(false);
    expect(
      isFailure(
        ev({
          from: "kube-apiserver",
          to: "kube-apiserver",
          kind: "internal",
          summary: "",
          detail: { type: "stage", stage: "validation", ok: false, notes: [] },
        }),
      ),
    ).toBe(true);
  });

  it("recognises the steps that create an object", () => {
    const lookup = (seq: number) => (seq === 13 ? txnRequest : undefined);
    expect(isCreation(txnRequest)).toBe(true);
    expect(isCreation(txnResponse, lookup)).toBe(true);
    expect(isCreation(txnResponse)).toBe(false);
    expect(isCreation({ ...txnResponse, cause: 99 }, lookup)).toBe(false);
    expect(
      isCreation(
        ev({
          from: "kube-apiserver",
          to: "kube-scheduler",
          kind: "watch",
          summary: "",
          detail: { type: "watch", eventType: "ADDED", resource: "pods" },
        }),
      ),
    ).toBe(true);
    expect(
      isCreation(
        ev({
          from: "kube-apiserver",
          to: "kube-scheduler",
          kind: "watch",
          summary: "",
          detail: { type: "watch", eventType: "MODIFIED", resource: "pods" },
        }),
      ),
    ).toBe(false);
  });

  it("splits a line into who and what", () => {
    expect(describeParts(txnRequest)).toEqual({
      who: "kube-apiserver → etcd",
      text: `write ${key} (if absent)`,
    });
    expect(describeParts(filter).who).toBe("kube-scheduler");
  });
});

describe("scheduler tables", () => {
  it("lists Filter results per node in examination order", () => {
    expect(filterRows(filter.detail as Parameters<typeof filterRows>[0])).toEqual([
      {
        node: "control-plane",
        passed: false,
        plugin: "TaintToleration",
        reason: "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
      },
      { node: "node-1", passed: true },
      { node: "node-2", passed: true },
      { node: "node-3", passed: true },
    ]);
  });

  it("lists Score results with weighted scores, the selected node first", () => {
    const rows = scoreRows(score.detail as Parameters<typeof scoreRows>[0]);
    expect(rows.map((r) => [r.node, r.total, r.selected])).toEqual([
      ["node-2", 398, true],
      ["node-3", 398, false],
      ["node-1", 390, false],
    ]);
    expect(rows[0]?.cells).toEqual([
      { score: 100, weighted: 300 },
      { score: 98, weighted: 98 },
      { score: 0, weighted: 0 },
    ]);
  });
});

describe("a real run", () => {
  it("narrates every event of applying, running and deleting a pod", () => {
    const session = new Session();
    let done = false;
    session.act({ apply: podManifest("web") }, "manifest.yaml", () => (done = true));
    while (!done && session.cluster.sim.step()) {
      /* until kubectl answers */
    }
    session.advanceTo(20_000);
    session.act({ delete: { kind: "pod", name: "web", namespace: "default" } }, "", () => {});
    session.advanceTo(360_000);
    const trace = session.cluster.sim.trace;
    const lookup = (seq: number) => eventBySeq(trace, seq);
    const types = new Set<string>();
    for (const e of trace) {
      types.add(e.detail?.type ?? "none");
      const line = describeEvent(e, lookup);
      const { what, why } = explainEvent(e, lookup);
      for (const text of [line, what, why]) {
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/undefined|\[object Object\]|NaN/);
      }
    }
    expect([...types].sort()).toEqual(["cri", "etcd", "filter", "http", "score", "stage", "watch"]);
    const lines = trace.map((e) => describeEvent(e, lookup));
    expect(lines).toContain("kubectl → kube-apiserver: create pod default/web");
    expect(lines.some((l) => /^kube-scheduler → kube-apiserver: bind default\/web to node-\d$/.test(l))).toBe(
      true,
    );
    expect(lines).toContain("kube-apiserver: authentication — user kubernetes-admin");
    expect(lines).toContain("etcd ⇢ kube-apiserver: watch PUT /registry/pods/default/web");
    expect(lines).toContain("kubectl → kube-apiserver: delete pod default/web");
  });
});
