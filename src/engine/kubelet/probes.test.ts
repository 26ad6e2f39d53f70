// Probes in a whole cluster: the Kubernetes docs' examples (exec liveness, HTTP liveness with
// agnhost, TCP), readiness keeping a pod out of Ready, startup probes, and what a learner sees
// in events, container statuses, `kubectl get pods` and the trace.

import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { printTable } from "../kubectl/printers/resourcePrinters";
import { apply, events, pod, testCluster } from "../testing/harness";
import type { TraceEvent } from "../trace/traceEvent";
import type { PodWorker } from "./podWorker";

function mustGet(cluster: Cluster, name: string): Pod {
  const p = pod(cluster, name);
  if (!p) throw new Error(`pod ${name} not found`);
  return p;
}

function worker(cluster: Cluster, name: string): PodWorker {
  const p = mustGet(cluster, name);
  const w = cluster.kubelets.get(p.spec?.nodeName ?? "")?.workers.get(p.metadata?.uid ?? "");
  if (!w) throw new Error(`no pod worker for ${name}`);
  return w;
}

const kubeletEvents = (cluster: Cluster, name: string) =>
  events(cluster, name)
    .filter((e) => e.source?.component === "kubelet")
    .map((e) => [e.type, e.reason, e.message, e.count]);

/** Simulated ms of the response saying a container started (the nth start, from 0). */
function startedAt(cluster: Cluster, pod: string, container: string, nth = 0): number {
  const starts = cluster.sim.trace.filter(
    (e) => e.object?.name === pod && e.summary === `container ${container} started`,
  );
  const e = starts[nth];
  if (!e) throw new Error(`start ${nth} of ${container} not found`);
  return e.time;
}

function runUntil(cluster: Cluster, done: () => boolean, maxMs = 300_000): void {
  const start = cluster.sim.now;
  while (!done()) {
    const next = cluster.sim.nextTime;
    if (next === undefined || next > start + maxMs) throw new Error(`condition not met within ${maxMs} ms`);
    cluster.sim.step();
  }
}

const getPods = (cluster: Cluster, ...names: string[]) =>
  printTable("Pod", names.map((n) => mustGet(cluster, n)) as never, {
    nowMs: cluster.sim.epochMs + cluster.sim.now,
  });

const conditions = (p: Pod) =>
  p.status?.conditions?.map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ""}`);

/** https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/ */
const LIVENESS_EXEC = `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
`;

describe("liveness: the docs' exec example", () => {
  it("fails three times after /tmp/healthy is removed, kills the container and restarts it", () => {
    const cluster = testCluster();
    apply(cluster, LIVENESS_EXEC);
    // Probing is background work: the cluster settles once the container runs.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    const start = startedAt(cluster, "liveness-exec", "liveness");
    expect(mustGet(cluster, "liveness-exec").status?.containerStatuses?.[0]).toMatchObject({
      ready: true,
      started: true,
      restartCount: 0,
    });

    const failed = "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n";
    runUntil(cluster, () => kubeletEvents(cluster, "liveness-exec").some((e) => e[1] === "Killing"));
    const killedAt = cluster.sim.now;
    const unhealthy = events(cluster, "liveness-exec").find((e) => e.reason === "Unhealthy");
    expect(unhealthy).toMatchObject({ type: "Warning", message: failed, count: 3 });
    expect(unhealthy?.involvedObject.fieldPath).toBe("spec.containers{liveness}");
    // The file goes at 30 s; probes every 5 s see it missing from the first one after that, and
    // the third failure in a row (failureThreshold 3) kills the container, 10 s later.
    const firstFailure = Date.parse(unhealthy?.firstTimestamp ?? "") - cluster.sim.epochMs;
    expect(firstFailure - start).toBeGreaterThan(30_000);
    expect(firstFailure - start).toBeLessThanOrEqual(36_000);
    expect(killedAt - start).toBeGreaterThan(40_000);
    expect(killedAt - start).toBeLessThanOrEqual(46_000);
    expect(kubeletEvents(cluster, "liveness-exec").slice(-2)).toEqual([
      ["Warning", "Unhealthy", failed, 3],
      ["Normal", "Killing", "Container liveness failed liveness probe, will be restarted", 1],
    ]);

    // `sh` as PID 1 ignores SIGTERM: the kubelet waits out the 30 s grace period, then starts a new one.
    runUntil(
      cluster,
      () => (mustGet(cluster, "liveness-exec").status?.containerStatuses?.[0]?.restartCount ?? 0) > 0,
    );
    expect(cluster.sim.now - killedAt).toBeGreaterThanOrEqual(30_000);
    expect(cluster.sim.now - killedAt).toBeLessThan(32_000);
    cluster.sim.runFor(2_000);
    expect(mustGet(cluster, "liveness-exec").status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 1,
      ready: true,
      state: { running: {} },
      lastState: { terminated: { exitCode: 137, reason: "Error" } },
    });
    expect(getPods(cluster, "liveness-exec")).toMatch(
      /^liveness-exec {3}1\/1 {5}Running {3}1 \(\d+s ago\) {3}\d+s\n$/m,
    );

    // The new container is healthy for 30 s again, then fails the same way.
    const restart = startedAt(cluster, "liveness-exec", "liveness", 1);
    runUntil(
      cluster,
      () => (events(cluster, "liveness-exec").find((e) => e.reason === "Killing")?.count ?? 0) === 2,
    );
    expect(cluster.sim.now - restart).toBeGreaterThan(40_000);
    expect(cluster.sim.now - restart).toBeLessThanOrEqual(46_000);
  });

  it("traces each exec probe as a background ExecSync CRI call", () => {
    const cluster = testCluster();
    apply(cluster, LIVENESS_EXEC);
    cluster.sim.runFor(50_000);
    const execs = cluster.sim.trace.filter(
      (e) => e.detail?.type === "cri" && e.detail.call === "ExecSync" && e.object?.name === "liveness-exec",
    );
    const requests = execs.filter((e) => e.kind === "request");
    expect(requests.length).toBeGreaterThanOrEqual(7);
    expect(requests.every((e) => e.background && e.summary === "ExecSync liveness: cat /tmp/healthy")).toBe(
      true,
    );
    const times = requests.map((e) => e.time);
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual(times.slice(1).map(() => 5000));
    const replies = execs.filter((e) => e.kind === "response").map((e) => e.summary);
    expect(replies).toContain("exec in liveness exited with code 0");
    expect(replies.at(-1)).toBe("exec in liveness exited with code 1");
    // What the failures changed (events, the kill) is foreground work the learner sees.
    const kill = cluster.sim.trace.find((e) => e.summary === "StopContainer liveness (timeout 30s)");
    expect(kill?.background).toBeUndefined();
  });
});

describe("readiness", () => {
  const web = (name: string, path: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: ${path}
        port: 80
`;

  it("keeps a pod whose readiness probe gets 404 out of Ready, and a pod serving / Ready", () => {
    const cluster = testCluster();
    apply(cluster, web("broken", "/healthz") + "---\n" + web("fine", "/"));
    expect(cluster.sim.runUntilIdle()).toBe(true);
    cluster.sim.runFor(60_000);
    const broken = mustGet(cluster, "broken");
    expect(conditions(broken)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=False/ContainersNotReady",
      "ContainersReady=False/ContainersNotReady",
      "PodScheduled=True",
    ]);
    expect(broken.status?.conditions?.[2]?.message).toBe("containers with unready status: [web]");
    expect(broken.status?.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: true,
      restartCount: 0,
    });
    const unhealthy = events(cluster, "broken").filter((e) => e.reason === "Unhealthy");
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]?.message).toBe("Readiness probe failed: HTTP probe failed with statuscode: 404");
    // One probe at start, then one every periodSeconds (10 s): no kill, no restart.
    expect(unhealthy[0]?.count).toBeGreaterThanOrEqual(6);
    expect(events(cluster, "broken").some((e) => e.reason === "Killing")).toBe(false);

    const fine = mustGet(cluster, "fine");
    expect(conditions(fine)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ]);
    expect(events(cluster, "fine").some((e) => e.reason === "Unhealthy")).toBe(false);
    expect(getPods(cluster, "broken", "fine")).toMatch(
      /^NAME {5}READY {3}STATUS {4}RESTARTS {3}AGE\nbroken {3}0\/1 {5}Running {3}0 {10}\d+s\nfine {5}1\/1 {5}Running {3}0 {10}\d+s\n$/,
    );
  });

  it("marks the pod Ready as soon as the probe passes, and nginx logs the kubelet's requests", () => {
    const cluster = testCluster();
    apply(cluster, web("fine", "/"));
    expect(cluster.sim.runUntilIdle()).toBe(true);
    const start = startedAt(cluster, "fine", "web");
    const ready = mustGet(cluster, "fine").status?.conditions?.find((c) => c.type === "Ready");
    expect(ready?.status).toBe("True");
    expect(Date.parse(ready?.lastTransitionTime ?? "") - cluster.sim.epochMs - start).toBeLessThan(1000);
    const ip = mustGet(cluster, "fine").status?.podIP ?? "";
    const gateway = ip.replace(/\.\d+$/, ".1");
    cluster.sim.runFor(25_000);
    const logs = worker(cluster, "fine").logs("web");
    if (!("lines" in logs)) throw new Error(logs.error);
    const access = logs.lines.filter((l) => l.line.includes("kube-probe"));
    expect(access.length).toBeGreaterThanOrEqual(3);
    expect(access[0]?.line).toMatch(
      new RegExp(
        `^${gateway.replaceAll(".", "\\.")} - - \\[01/Jan/2026:09:00:\\d\\d \\+0000\\] "GET / HTTP/1\\.1" 200 615 "-" "kube-probe/1\\.32" "-"$`,
      ),
    );
    // The probe itself is an internal kubelet step, background so "run until idle" settles.
    const pokes = cluster.sim.trace.filter(
      (e) => e.object?.name === "fine" && e.kind === "internal" && e.from.startsWith("kubelet/"),
    );
    expect(pokes.at(-1)).toMatchObject({
      summary: `Readiness probe GET http://${ip}:80/: 200`,
      background: true,
      detail: { type: "http", method: "GET", path: `http://${ip}:80/`, code: 200 },
    });
  });

  it("waits for an exec readiness probe to find its file: ready only after the script creates it", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo warming up; sleep 20; touch /tmp/ready; echo ready; sleep 3600"]
    readinessProbe:
      exec:
        command: ["test", "-f", "/tmp/ready"]
      periodSeconds: 5
`,
    );
    cluster.sim.runUntilIdle();
    const start = startedAt(cluster, "slow", "app");
    expect(mustGet(cluster, "slow").status?.containerStatuses?.[0]?.ready).toBe(false);
    runUntil(cluster, () => mustGet(cluster, "slow").status?.containerStatuses?.[0]?.ready === true);
    expect(cluster.sim.now - start).toBeGreaterThanOrEqual(20_000);
    expect(cluster.sim.now - start).toBeLessThan(26_000);
    // A failing test prints nothing: the event says so with an empty output.
    const unhealthy = kubeletEvents(cluster, "slow").find((e) => e[1] === "Unhealthy");
    expect(unhealthy?.slice(0, 3)).toEqual(["Warning", "Unhealthy", "Readiness probe failed: "]);
    // At start, then every 5 s until the file is there (20 s).
    expect(unhealthy?.[3]).toBeGreaterThanOrEqual(4);
    expect(unhealthy?.[3]).toBeLessThanOrEqual(5);
  });
});

describe("startup probes", () => {
  const manifest = (script: string, failureThreshold: number) => `apiVersion: v1
kind: Pod
metadata:
  name: boot
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "${script}"]
    startupProbe:
      exec:
        command: ["cat", "/tmp/started"]
      periodSeconds: 5
      failureThreshold: ${failureThreshold}
    livenessProbe:
      exec:
        command: ["cat", "/tmp/started"]
`;

  it("holds liveness and readiness back until the startup probe passes", () => {
    const cluster = testCluster();
    apply(cluster, manifest("sleep 12; touch /tmp/started; sleep 3600", 10));
    cluster.sim.runUntilIdle();
    const start = startedAt(cluster, "boot", "app");
    expect(mustGet(cluster, "boot").status?.containerStatuses?.[0]).toMatchObject({
      started: false,
      ready: false,
    });
    runUntil(cluster, () => mustGet(cluster, "boot").status?.containerStatuses?.[0]?.started === true);
    expect(cluster.sim.now - start).toBeGreaterThanOrEqual(12_000);
    expect(cluster.sim.now - start).toBeLessThan(18_000);
    expect(mustGet(cluster, "boot").status?.containerStatuses?.[0]?.ready).toBe(true);
    const execs = cluster.sim.trace.filter(
      (e) => e.kind === "request" && e.summary === "ExecSync app: cat /tmp/started",
    );
    // Only the startup probe ran while the container was starting (every 5 s), none for liveness.
    expect(execs.length).toBeGreaterThanOrEqual(2);
    expect(execs.length).toBeLessThanOrEqual(4);
    expect(kubeletEvents(cluster, "boot").filter((e) => e[1] === "Unhealthy")).toEqual([
      [
        "Warning",
        "Unhealthy",
        "Startup probe failed: cat: can't open '/tmp/started': No such file or directory\n",
        execs.length - 1,
      ],
    ]);
  });

  it("kills a container whose startup probe never passes", () => {
    const cluster = testCluster();
    apply(cluster, manifest("sleep 3600", 2));
    runUntil(cluster, () => kubeletEvents(cluster, "boot").some((e) => e[1] === "Killing"));
    expect(kubeletEvents(cluster, "boot").find((e) => e[1] === "Killing")).toEqual([
      "Normal",
      "Killing",
      "Container app failed startup probe, will be restarted",
      1,
    ]);
  });
});

describe("HTTP and TCP probes: the docs' agnhost and goproxy examples", () => {
  it("restarts agnhost once /healthz starts answering 500 after 10 s", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-http
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args:
    - liveness
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders:
        - name: Custom-Header
          value: Awesome
      initialDelaySeconds: 3
      periodSeconds: 3
`,
    );
    runUntil(
      cluster,
      () => (mustGet(cluster, "liveness-http").status?.containerStatuses?.[0]?.restartCount ?? 0) > 0,
    );
    expect(
      kubeletEvents(cluster, "liveness-http").filter((e) => e[1] === "Unhealthy" || e[1] === "Killing"),
    ).toEqual([
      ["Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500", 3],
      ["Normal", "Killing", "Container liveness failed liveness probe, will be restarted", 1],
    ]);
    // agnhost is a Go program: SIGTERM, ignored by PID 1, makes the Go runtime exit with 2.
    cluster.sim.runFor(1000);
    expect(
      mustGet(cluster, "liveness-http").status?.containerStatuses?.[0]?.lastState?.terminated,
    ).toMatchObject({
      exitCode: 2,
      reason: "Error",
    });
  });

  it("dials TCP ports: goproxy listens on 8080, nothing on 8081", () => {
    const cluster = testCluster();
    const probe = (port: number) => `apiVersion: v1
kind: Pod
metadata:
  name: goproxy-${port}
spec:
  containers:
  - name: goproxy
    image: registry.k8s.io/goproxy:0.1
    ports:
    - containerPort: 8080
    readinessProbe:
      tcpSocket:
        port: ${port}
      initialDelaySeconds: 15
      periodSeconds: 10
`;
    apply(cluster, probe(8080) + "---\n" + probe(8081));
    // The first probe (after initialDelaySeconds) is awaited: "run until idle" ends after it.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    expect(cluster.sim.now).toBeGreaterThan(15_000);
    expect(mustGet(cluster, "goproxy-8080").status?.containerStatuses?.[0]?.ready).toBe(true);
    expect(mustGet(cluster, "goproxy-8081").status?.containerStatuses?.[0]?.ready).toBe(false);
    const ip = mustGet(cluster, "goproxy-8081").status?.podIP ?? "";
    expect(kubeletEvents(cluster, "goproxy-8081").find((e) => e[1] === "Unhealthy")?.[2]).toBe(
      `Readiness probe failed: dial tcp ${ip}:8081: connect: connection refused`,
    );
  });

  it("reports connection refused for an HTTP port nothing listens on, and a port name it cannot find", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 80
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
    readinessProbe:
      httpGet:
        path: /
        port: metrics
`,
    );
    cluster.sim.runFor(35_000);
    const ip = mustGet(cluster, "web").status?.podIP ?? "";
    const messages = kubeletEvents(cluster, "web").map((e) => e[2]);
    expect(messages).toContain(
      `Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`,
    );
    expect(messages).toContain(
      'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "metrics": invalid syntax',
    );
    expect(messages).toContain("Container web failed liveness probe, will be restarted");
    // nginx shuts down on its stop signal at once and cleanly.
    expect(mustGet(cluster, "web").status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
  });
});

describe("the add-ons' probes", () => {
  it("passes kubeadm's CoreDNS liveness (/health on 8080) and readiness (/ready on 8181) probes", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  name: dns
spec:
  containers:
  - name: coredns
    image: registry.k8s.io/coredns/coredns:v1.11.3
    args: ["-conf", "/etc/coredns/Corefile"]
    ports:
    - {containerPort: 53, name: dns, protocol: UDP}
    - {containerPort: 53, name: dns-tcp, protocol: TCP}
    - {containerPort: 9153, name: metrics, protocol: TCP}
    livenessProbe:
      httpGet: {path: /health, port: 8080, scheme: HTTP}
      initialDelaySeconds: 60
      timeoutSeconds: 5
      failureThreshold: 5
    readinessProbe:
      httpGet: {path: /ready, port: 8181, scheme: HTTP}
`,
    );
    cluster.sim.runFor(180_000);
    expect(mustGet(cluster, "dns").status?.containerStatuses?.[0]).toMatchObject({
      ready: true,
      restartCount: 0,
    });
    expect(kubeletEvents(cluster, "dns").map((e) => e[1])).toEqual([
      "Pulling",
      "Pulled",
      "Created",
      "Started",
    ]);
  });
});

describe("probes and restart policies", () => {
  it("does not restart a container that failed liveness with restartPolicy Never: the pod fails", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      failureThreshold: 1
`,
    );
    runUntil(cluster, () => mustGet(cluster, "once").status?.phase === "Failed");
    expect(kubeletEvents(cluster, "once").find((e) => e[1] === "Killing")?.[2]).toBe(
      "Container app failed liveness probe",
    );
    expect(mustGet(cluster, "once").status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 137, reason: "Error" } },
    });
    expect(getPods(cluster, "once")).toMatch(/^once {3}0\/1 {5}Error {4}0 {10}\d+s$/m);
  });

  it("costs nothing for a pod without probes: no probe traffic at all", () => {
    const cluster = testCluster();
    apply(
      cluster,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: plain\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    );
    cluster.sim.runFor(120_000);
    const probeTraffic = (e: TraceEvent) =>
      e.object?.name === "plain" && (e.summary.includes("probe") || e.summary.startsWith("ExecSync"));
    expect(cluster.sim.trace.filter(probeTraffic)).toEqual([]);
    expect(mustGet(cluster, "plain").status?.containerStatuses?.[0]).toMatchObject({
      ready: true,
      started: true,
    });
  });
});
