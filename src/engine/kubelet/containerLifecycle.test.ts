// Containers that run scripts, crash, finish and log, in a whole cluster: what `kubectl get pods`,
// `kubectl logs` and the events show, on the virtual clock.

import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { printTable } from "../kubectl/printers/resourcePrinters";
import { apply, events, pod, pods, testCluster } from "../testing/harness";
import type { LogsResult } from "./podLogs";

function mustGet(cluster: Cluster, name: string): Pod {
  const p = pod(cluster, name);
  if (!p) throw new Error(`pod ${name} not found`);
  return p;
}

function logs(cluster: Cluster, name: string, container: string, previous = false): LogsResult {
  const p = mustGet(cluster, name);
  const w = cluster.kubelets.get(p.spec?.nodeName ?? "")?.workers.get(p.metadata?.uid ?? "");
  if (!w) throw new Error(`no pod worker for ${name}`);
  return w.logs(container, previous);
}

const lines = (r: LogsResult): string[] =>
  "lines" in r ? r.lines.map((l) => l.line) : [`error: ${r.error}`];

function manifest(name: string, command: string[], restartPolicy = "Always", image = "busybox:1.36"): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${restartPolicy}
  containers:
  - name: ${name}
    image: ${image}
    command: ${JSON.stringify(command)}
`;
}

const getPods = (cluster: Cluster, ...names: string[]) =>
  printTable("Pod", names.map((n) => mustGet(cluster, n)) as never, {
    nowMs: cluster.sim.epochMs + cluster.sim.now,
  });

describe("a crashing container: `echo hello; sleep 10; exit 1`", () => {
  it("restarts it with CrashLoopBackOff back-offs of 10 s, 20 s, 40 s, each run lasting 10 s", () => {
    const cluster = testCluster();
    apply(cluster, manifest("crash", ["sh", "-c", "echo hello; sleep 10; exit 1"]));
    cluster.sim.runFor(160_000);
    const trace = cluster.sim.trace.filter(
      (e) => e.object?.name === "crash" || e.summary.startsWith("ContainerStopped crash"),
    );
    const starts = trace.filter((e) => e.summary === "container crash started").map((e) => e.time);
    const exits = trace
      .filter((e) => e.summary === "ContainerStopped crash: exited with code 1")
      .map((e) => e.time);
    const creates = trace
      .filter((e) => e.kind === "request" && e.summary === "CreateContainer crash")
      .map((e) => e.time);
    expect(exits.slice(0, 5).map((t, i) => t - (starts[i] ?? 0))).toEqual([
      10_000, 10_000, 10_000, 10_000, 10_000,
    ]);
    // The first restart is immediate; then the kubelet waits 10 s, 20 s, 40 s after each exit.
    expect(exits.slice(0, 4).map((t, i) => (creates[i + 1] ?? 0) - t)).toEqual([0, 10_000, 20_000, 40_000]);
    const backOffs = events(cluster, "crash").filter((e) => e.reason === "BackOff");
    expect(backOffs).toHaveLength(1);
    expect(backOffs[0]?.count).toBe(4);
    const uid = mustGet(cluster, "crash").metadata?.uid ?? "";

    // In back-off after the 5th exit: the kubelet waits 80 s, and says so.
    const status = mustGet(cluster, "crash").status?.containerStatuses?.[0];
    expect(status).toMatchObject({
      restartCount: 4,
      ready: false,
      started: false,
      state: {
        waiting: {
          reason: "CrashLoopBackOff",
          message: `back-off 1m20s restarting failed container=crash pod=crash_default(${uid})`,
        },
      },
      lastState: { terminated: { exitCode: 1, reason: "Error" } },
    });
    expect(getPods(cluster, "crash")).toMatch(
      /^crash {3}0\/1 {5}CrashLoopBackOff {3}4 \(\d+s ago\) {3}2m\d+s$/m,
    );
    // `kubectl logs` in CrashLoopBackOff shows the run that just ended, as --previous does.
    expect(lines(logs(cluster, "crash", "crash"))).toEqual(["hello"]);
    expect(lines(logs(cluster, "crash", "crash", true))).toEqual(["hello"]);
  });

  it("forgets the back-off once a container ran for 10 minutes: the next restart is immediate", () => {
    const cluster = testCluster();
    // Crashes at once during the first minute (2026-01-01T09:01:00Z), then runs for 700 s.
    const until = Math.floor(cluster.sim.epochMs / 1000) + 60;
    apply(
      cluster,
      manifest("late", ["sh", "-c", `if [ $(date +%s) -lt ${until} ]; then exit 1; fi; sleep 700; exit 1`]),
    );
    cluster.sim.runFor(1_600_000);
    const exits = cluster.sim.trace
      .filter((e) => e.summary === "ContainerStopped late: exited with code 1")
      .map((e) => e.time);
    const creates = cluster.sim.trace
      .filter((e) => e.kind === "request" && e.summary === "CreateContainer late")
      .map((e) => e.time);
    const waits = exits.map((t, i) => (creates[i + 1] ?? 0) - t);
    // 0, 10 s, 20 s, 40 s while crashing; after each 700 s run, 0 again instead of 80 s, 160 s.
    expect(waits.slice(0, 6)).toEqual([0, 10_000, 20_000, 40_000, 0, 0]);
    expect(events(cluster, "late").find((e) => e.reason === "BackOff")?.count).toBe(3);
  });

  it("logs each run's lines with the time they were written", () => {
    const cluster = testCluster();
    apply(cluster, manifest("crash", ["sh", "-c", "echo hello; sleep 10; echo bye >&2; exit 1"]));
    cluster.sim.runFor(5_000);
    const r = logs(cluster, "crash", "crash");
    if (!("lines" in r)) throw new Error(r.error);
    expect(r.lines).toEqual([
      { time: expect.stringMatching(/^2026-01-01T09:00:0\d\.\d{9}Z$/), stream: "stdout", line: "hello" },
    ]);
    expect(logs(cluster, "crash", "crash", true)).toEqual({
      error: 'previous terminated container "crash" in pod "crash" not found',
    });
    cluster.sim.runFor(10_000);
    expect(lines(logs(cluster, "crash", "crash"))).toEqual(["hello"]);
    expect(lines(logs(cluster, "crash", "crash", true))).toEqual(["hello", "bye"]);
    const runtime = cluster.kubelets.get(mustGet(cluster, "crash").spec?.nodeName ?? "")?.runtime;
    const uid = mustGet(cluster, "crash").metadata?.uid ?? "";
    expect(runtime?.logs(uid, "crash", { previous: true })?.map((l) => `${l.stream}: ${l.line}`)).toEqual([
      "stdout: hello",
      "stderr: bye",
    ]);
  });
});

describe("a looping container: `while true; do echo tick; sleep 5; done`", () => {
  it("logs a tick every 5 s and keeps running", () => {
    const cluster = testCluster();
    apply(cluster, manifest("ticker", ["sh", "-c", "while true; do echo tick; sleep 5; done"]));
    cluster.sim.runFor(300);
    expect(logs(cluster, "ticker", "ticker")).toEqual({
      error: 'container "ticker" in pod "ticker" is waiting to start: ContainerCreating',
    });
    // The loop's sleeps are background work: the cluster is idle while it runs.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    cluster.sim.runFor(60_000);
    const r = logs(cluster, "ticker", "ticker");
    if (!("lines" in r)) throw new Error(r.error);
    expect(r.lines.length).toBeGreaterThanOrEqual(12);
    expect(new Set(r.lines.map((l) => l.line))).toEqual(new Set(["tick"]));
    const times = r.lines.map((l) => Date.parse(l.time));
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual(times.slice(1).map(() => 5000));
    expect(mustGet(cluster, "ticker").status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 0,
      state: { running: {} },
    });
    expect(logs(cluster, "ticker", "nope")).toEqual({
      error: 'container "nope" in pod "ticker" is not available',
    });
  });

  it("expands the container's env and $(VAR) references, and knows its hostname", () => {
    const cluster = testCluster();
    apply(
      cluster,
      `apiVersion: v1
kind: Pod
metadata:
  name: env-demo
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    env:
    - name: GREETING
      value: Hello
    - name: MESSAGE
      value: $(GREETING) from Kubernetes
    - name: MY_POD_IP
      valueFrom:
        fieldRef:
          fieldPath: status.podIP
    command: ["sh", "-c", "echo \\"$MESSAGE on $HOSTNAME at $MY_POD_IP\\"; echo $(GREETING) again; date +%Y"]
`,
    );
    cluster.sim.runFor(10_000);
    const ip = mustGet(cluster, "env-demo").status?.podIP ?? "";
    expect(lines(logs(cluster, "env-demo", "app"))).toEqual([
      `Hello from Kubernetes on env-demo at ${ip}`,
      "Hello again",
      "2026",
    ]);
  });
});

describe("containers that finish", () => {
  it("shows Completed and Error as `kubectl get pods` does for pods that will not restart", () => {
    const cluster = testCluster();
    apply(
      cluster,
      [
        manifest("done", ["sh", "-c", "echo working; sleep 2; echo done"], "Never"),
        manifest("broken", ["sh", "-c", "echo oops >&2; exit 3"], "Never"),
        manifest("retry", ["sh", "-c", "exit 1"], "OnFailure"),
      ].join("---\n"),
    );
    cluster.sim.runFor(20_000);
    expect(mustGet(cluster, "done").status?.phase).toBe("Succeeded");
    expect(mustGet(cluster, "done").status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
    expect(mustGet(cluster, "broken").status?.phase).toBe("Failed");
    expect(mustGet(cluster, "broken").status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      reason: "Error",
    });
    // OnFailure restarts a failing container (with back-off), and the pod stays Running.
    expect(mustGet(cluster, "retry").status?.phase).toBe("Running");
    expect(mustGet(cluster, "retry").status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(2);
    expect(getPods(cluster, "done", "broken")).toMatch(
      /^NAME {5}READY {3}STATUS {6}RESTARTS {3}AGE\ndone {5}0\/1 {5}Completed {3}0 {10}\d+s\nbroken {3}0\/1 {5}Error {7}0 {10}\d+s\n$/,
    );
    expect(lines(logs(cluster, "done", "done"))).toEqual(["working", "done"]);
    expect(lines(logs(cluster, "broken", "broken"))).toEqual(["oops"]);
  });

  it("ends a Job's pods Completed or Error, with their phase", () => {
    const cluster = testCluster();
    const job = (name: string, script: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: ${name}
        image: busybox:1.36
        command: ["sh", "-c", "${script}"]
`;
    apply(
      cluster,
      job("pi", "echo computing; sleep 3; echo 3.14159") + "---\n" + job("bad", "echo oops; exit 2"),
    );
    cluster.sim.runFor(30_000);
    const jobPods = pods(cluster).filter((p) => p.metadata?.namespace === "default");
    const byJob = (name: string) => jobPods.find((p) => p.metadata?.labels?.["job-name"] === name);
    expect(byJob("pi")?.status?.phase).toBe("Succeeded");
    expect(byJob("bad")?.status?.phase).toBe("Failed");
    const names = [byJob("bad"), byJob("pi")].map((p) => p?.metadata?.name ?? "");
    expect(getPods(cluster, ...names)).toMatch(
      /^NAME {8}READY {3}STATUS {6}RESTARTS {3}AGE\nbad-\w{5} {3}0\/1 {5}Error {7}0 {10}\d+s\npi-\w{5} {4}0\/1 {5}Completed {3}0 {10}\d+s\n$/,
    );
    expect(lines(logs(cluster, names[1] ?? "", "pi"))).toEqual(["computing", "3.14159"]);
  });

  it("fails to start a program the image does not have: StartError, exit code 128", () => {
    const cluster = testCluster();
    apply(cluster, manifest("typo", ["slep", "10"]));
    cluster.sim.runFor(15_000);
    const message =
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "slep": executable file not found in $PATH: unknown';
    expect(events(cluster, "typo").find((e) => e.reason === "Failed")).toMatchObject({
      type: "Warning",
      message: `Error: ${message}`,
    });
    expect(mustGet(cluster, "typo").status?.containerStatuses?.[0]).toMatchObject({
      lastState: { terminated: { exitCode: 128, reason: "StartError", message } },
    });
    expect(mustGet(cluster, "typo").status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
  });

  it("tells a shell's unknown command apart: `sh: slep: not found`, exit 127", () => {
    const cluster = testCluster();
    apply(cluster, manifest("typo", ["sh", "-c", "slep 10"], "Never"));
    cluster.sim.runFor(10_000);
    expect(mustGet(cluster, "typo").status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 127,
      reason: "Error",
    });
    expect(lines(logs(cluster, "typo", "typo"))).toEqual(["sh: slep: not found"]);
  });

  it("runs nginx's entrypoint and logs its start-up; busybox with no command exits at once", () => {
    const cluster = testCluster();
    apply(
      cluster,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    );
    apply(
      cluster,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  restartPolicy: Never\n  containers:\n  - name: bare\n    image: busybox:1.36\n",
    );
    cluster.sim.runFor(10_000);
    const web = lines(logs(cluster, "web", "web"));
    expect(web[0]).toBe(
      "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    );
    expect(web).toContain("/docker-entrypoint.sh: Configuration complete; ready for start up");
    expect(web).toContainEqual(
      expect.stringMatching(/^2026\/01\/01 09:00:0\d \[notice\] 1#1: nginx\/1\.27\.5$/),
    );
    expect(mustGet(cluster, "bare").status?.phase).toBe("Succeeded");
    expect(lines(logs(cluster, "bare", "bare"))).toEqual([]);
  });
});
