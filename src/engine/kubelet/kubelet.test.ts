// The kubelet and its container runtime inside a whole cluster: what a learner sees in
// `kubectl get/describe` and in the trace when pods start, crash, finish and are deleted.

import { describe, expect, it } from "vitest";
import type { Lease, Node, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { apply, events, kubectlDelete, pod, testCluster } from "../testing/harness";
import type { CriDetail, TraceEvent } from "../trace/traceEvent";
import { ipToInt } from "./containerRuntime";
import { durationText } from "./podWorker";

interface PodOptions {
  readonly image?: string;
  readonly node?: string;
  readonly command?: readonly string[];
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
  readonly pullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly grace?: number;
}

function manifest(name: string, o: PodOptions = {}): string {
  return [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    ...(o.node ? [`  nodeName: ${o.node}`] : []),
    ...(o.restartPolicy ? [`  restartPolicy: ${o.restartPolicy}`] : []),
    ...(o.grace !== undefined ? [`  terminationGracePeriodSeconds: ${o.grace}`] : []),
    "  containers:",
    `  - name: ${name}`,
    `    image: ${o.image ?? "nginx:1.27"}`,
    ...(o.pullPolicy ? [`    imagePullPolicy: ${o.pullPolicy}`] : []),
    ...(o.command ? [`    command: ${JSON.stringify(o.command)}`] : []),
    "",
  ].join("\n");
}

function create(cluster: Cluster, name: string, o: PodOptions = {}): Pod {
  expect(apply(cluster, manifest(name, o))).toEqual([{ ok: true, message: `pod/${name} created` }]);
  return mustGet(cluster, name);
}

function mustGet(cluster: Cluster, name: string): Pod {
  const p = pod(cluster, name);
  if (!p) throw new Error(`pod ${name} not found`);
  return p;
}

function node(cluster: Cluster, name: string): Node {
  return cluster.apiserver.storage.peek(`/registry/minions/${name}`)?.object as unknown as Node;
}

function lease(cluster: Cluster, name: string): Lease {
  return cluster.apiserver.storage.peek(`/registry/leases/kube-node-lease/${name}`)
    ?.object as unknown as Lease;
}

const kubeletEvents = (cluster: Cluster, name: string) =>
  events(cluster, name)
    .filter((e) => e.source?.component === "kubelet")
    .map((e) => [e.type, e.reason, e.message]);

/** CRI traffic for one pod: [from, to, kind, call]. */
function criCalls(cluster: Cluster, name: string): TraceEvent[] {
  return cluster.sim.trace.filter((e) => e.detail?.type === "cri" && e.object?.name === name);
}

const call = (e: TraceEvent): string => (e.detail as CriDetail).call;

/** Runs until `done` holds (or `maxMs` of simulated time pass); returns the simulated time taken. */
function runUntil(cluster: Cluster, done: () => boolean, maxMs = 120_000): number {
  const start = cluster.sim.now;
  while (!done()) {
    const next = cluster.sim.nextTime;
    if (next === undefined || next > start + maxMs) throw new Error(`condition not met within ${maxMs} ms`);
    cluster.sim.step();
  }
  return cluster.sim.now - start;
}

describe("durationText", () => {
  it("prints durations as Go's time.Duration does in kubelet messages", () => {
    expect(
      [0, 7, 384, 1000, 3047, 10_000, 59_999, 80_000, 90_500, 300_000, 3_605_000].map(durationText),
    ).toEqual(["0s", "7ms", "384ms", "1s", "3.047s", "10s", "59.999s", "1m20s", "1m30.5s", "5m0s", "1h0m5s"]);
  });
});

describe("kubelet: starting a pod", () => {
  it("runs the pod on its node: IP from the node's pod CIDR, events and CRI calls in order", () => {
    const cluster = testCluster();
    create(cluster, "web");
    expect(cluster.sim.runUntilIdle()).toBe(true);

    const web = mustGet(cluster, "web");
    const nodeName = web.spec?.nodeName ?? "";
    expect(nodeName).toMatch(/^node-\d$/);
    const n = node(cluster, nodeName);
    expect(web.status?.phase).toBe("Running");
    expect(web.status?.hostIP).toBe(n.status?.addresses?.find((a) => a.type === "InternalIP")?.address);
    const cidr = n.spec?.podCIDR ?? "";
    const base = ipToInt(cidr.split("/")[0] ?? "");
    const ip = ipToInt(web.status?.podIP ?? "0.0.0.0");
    expect(ip - base).toBe(2);
    expect(web.status?.podIPs).toEqual([{ ip: web.status?.podIP }]);
    expect(web.status?.containerStatuses?.[0]).toMatchObject({
      name: "web",
      ready: true,
      started: true,
      restartCount: 0,
      image: "docker.io/library/nginx:1.27",
      containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
      imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
    });
    // Conditions that became True lost the reason and message they had while not ready.
    for (const c of web.status?.conditions ?? []) {
      expect(c.status).toBe("True");
      expect(c.reason).toBeUndefined();
      expect(c.message).toBeUndefined();
    }

    const all = events(cluster, "web");
    expect(all.map((e) => [e.type, e.reason, e.message])).toEqual([
      ["Normal", "Scheduled", `Successfully assigned default/web to ${nodeName}`],
      ["Normal", "Pulling", 'Pulling image "nginx:1.27"'],
      [
        "Normal",
        "Pulled",
        'Successfully pulled image "nginx:1.27" in 3.047s (3.047s including waiting). Image size: 72000000 bytes.',
      ],
      ["Normal", "Created", "Created container web"],
      ["Normal", "Started", "Started container web"],
    ]);
    for (const e of all.slice(1)) {
      expect(e.source).toEqual({ component: "kubelet", host: nodeName });
      expect(e.involvedObject.fieldPath).toBe("spec.containers{web}");
      expect(e.involvedObject.uid).toBe(web.metadata?.uid);
    }

    const kubelet = `kubelet/${nodeName}`;
    const runtime = `container-runtime/${nodeName}`;
    const cri = criCalls(cluster, "web");
    expect(cri.map((e) => [e.from, e.to, e.kind, call(e)])).toEqual(
      ["RunPodSandbox", "PullImage", "CreateContainer", "StartContainer"].flatMap((c) => [
        [kubelet, runtime, "request", c],
        [runtime, kubelet, "response", c],
      ]),
    );
    // Each call is answered after its simulated duration.
    expect(cri.filter((e) => e.kind === "response").map((e) => (e.detail as CriDetail).durationMs)).toEqual([
      400,
      3047,
      100,
      expect.any(Number),
    ]);
  });

  it("does not pull an IfNotPresent image the node already has", () => {
    const cluster = testCluster();
    create(cluster, "first", { node: "node-1" });
    cluster.sim.runUntilIdle();
    create(cluster, "second", { node: "node-1" });
    cluster.sim.runUntilIdle();
    expect(mustGet(cluster, "second").status?.phase).toBe("Running");
    expect(mustGet(cluster, "second").status?.podIP).toBe("10.244.1.3");
    expect(kubeletEvents(cluster, "second")).toEqual([
      ["Normal", "Pulled", 'Container image "nginx:1.27" already present on machine'],
      ["Normal", "Created", "Created container second"],
      ["Normal", "Started", "Started container second"],
    ]);
    expect(criCalls(cluster, "second").map(call)).not.toContain("PullImage");
  });

  it("pulls again with imagePullPolicy Always, quickly when the layers are cached", () => {
    const cluster = testCluster();
    create(cluster, "first", { node: "node-1" });
    cluster.sim.runUntilIdle();
    create(cluster, "again", { node: "node-1", pullPolicy: "Always" });
    cluster.sim.runUntilIdle();
    expect(kubeletEvents(cluster, "again").slice(0, 2)).toEqual([
      ["Normal", "Pulling", 'Pulling image "nginx:1.27"'],
      [
        "Normal",
        "Pulled",
        'Successfully pulled image "nginx:1.27" in 400ms (400ms including waiting). Image size: 72000000 bytes.',
      ],
    ]);
    expect(mustGet(cluster, "again").status?.phase).toBe("Running");
  });

  it("refuses to pull with imagePullPolicy Never: ErrImageNeverPull", () => {
    const cluster = testCluster();
    create(cluster, "never", { node: "node-2", image: "redis:7", pullPolicy: "Never" });
    cluster.sim.runUntilIdle();
    const never = mustGet(cluster, "never");
    expect(never.status?.phase).toBe("Pending");
    expect(never.status?.containerStatuses?.[0]?.state).toEqual({
      waiting: {
        reason: "ErrImageNeverPull",
        message: 'Container image "redis:7" is not present with pull policy of Never',
      },
    });
    expect(kubeletEvents(cluster, "never")).toEqual([
      ["Warning", "ErrImageNeverPull", 'Container image "redis:7" is not present with pull policy of Never'],
      ["Warning", "Failed", "Error: ErrImageNeverPull"],
    ]);
    expect(criCalls(cluster, "never").map(call)).toEqual(["RunPodSandbox", "RunPodSandbox"]);
  });

  it("reports pulled images in node.status.images at the next status sync", () => {
    const cluster = testCluster();
    const names = () => (node(cluster, "node-2").status?.images ?? []).flatMap((i) => i.names ?? []);
    expect(names()).not.toContain("docker.io/library/redis:7");
    create(cluster, "cache", { node: "node-2", image: "redis:7" });
    cluster.sim.runUntilIdle();
    cluster.sim.runFor(10_000);
    const images = node(cluster, "node-2").status?.images ?? [];
    expect(images).toContainEqual({
      names: [
        expect.stringMatching(/^docker\.io\/library\/redis@sha256:[0-9a-f]{64}$/),
        "docker.io/library/redis:7",
      ],
      sizeBytes: 45_000_000,
    });
    // Biggest first, as the kubelet sorts them.
    const sizes = images.map((i) => i.sizeBytes ?? 0);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const patch = cluster.sim.trace.find((e) => e.summary === "PATCH /api/v1/nodes/node-2/status");
    expect(patch?.from).toBe("kubelet/node-2");
    expect(patch?.background).toBe(true);
  });
});

describe("kubelet: graceful deletion", () => {
  it("stops nginx at once on SIGTERM, then removes the pod", () => {
    const cluster = testCluster();
    const created = create(cluster, "web", { node: "node-1" });
    cluster.sim.runUntilIdle();
    expect(kubectlDelete(cluster, "pod", "web")).toEqual({ ok: true, message: 'pod "web" deleted' });
    const deleting = mustGet(cluster, "web");
    expect(deleting.metadata?.deletionTimestamp).toBeDefined();
    expect(deleting.metadata?.deletionGracePeriodSeconds).toBe(30);
    const took = runUntil(cluster, () => pod(cluster, "web") === undefined);
    expect(took).toBeLessThan(1000);
    expect(kubeletEvents(cluster, "web").at(-1)).toEqual(["Normal", "Killing", "Stopping container web"]);
    expect(
      criCalls(cluster, "web")
        .filter((e) => e.kind === "request")
        .map(call)
        .slice(-2),
    ).toEqual(["StopContainer", "StopPodSandbox"]);
    // The kubelet deleted it for good, pinned to its uid.
    const finalDelete = cluster.sim.trace.find(
      (e) => e.from === "kubelet/node-1" && e.summary === "DELETE /api/v1/namespaces/default/pods/web",
    );
    expect(finalDelete).toBeDefined();
    // Once the DELETED watch event reaches it, the kubelet forgets the pod.
    cluster.sim.runUntilIdle();
    expect(cluster.kubelets.get("node-1")?.workers.has(created.metadata?.uid ?? "")).toBe(false);
    expect(cluster.kubelets.get("node-1")?.runtime.sandboxes.size).toBe(0);
  });

  it("waits the whole grace period for a process that ignores SIGTERM", () => {
    const cluster = testCluster();
    create(cluster, "sleeper", {
      node: "node-1",
      image: "busybox:1.36",
      command: ["sleep", "3600"],
      grace: 5,
    });
    // The sleeping process is no work in flight: the cluster goes idle with the pod Running.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    expect(cluster.sim.now).toBeLessThan(5000);
    expect(mustGet(cluster, "sleeper").status?.phase).toBe("Running");

    const start = cluster.sim.now;
    kubectlDelete(cluster, "pod", "sleeper");
    expect(mustGet(cluster, "sleeper").metadata?.deletionGracePeriodSeconds).toBe(5);
    cluster.sim.runUntil(start + 4900);
    expect(pod(cluster, "sleeper")).toBeDefined();
    expect(kubeletEvents(cluster, "sleeper").at(-1)).toEqual([
      "Normal",
      "Killing",
      "Stopping container sleeper",
    ]);
    const took = runUntil(cluster, () => pod(cluster, "sleeper") === undefined) + 4900;
    expect(took).toBeGreaterThanOrEqual(5000);
    expect(took).toBeLessThan(5500);
    const stopped = criCalls(cluster, "sleeper").find(
      (e) => e.kind === "response" && call(e) === "StopContainer",
    );
    expect(stopped?.summary).toBe("container sleeper stopped (exit code 137, killed after grace period)");
  });

  it("abandons a pod deleted while its image is being pulled", () => {
    const cluster = testCluster();
    create(cluster, "big", { node: "node-3", image: "python:3.12" });
    runUntil(cluster, () => kubeletEvents(cluster, "big").some((e) => e[1] === "Pulling"));
    kubectlDelete(cluster, "pod", "big");
    runUntil(cluster, () => pod(cluster, "big") === undefined);
    cluster.sim.runFor(30_000);
    // The pull runs to its end, but nothing is created from it.
    expect(kubeletEvents(cluster, "big").map((e) => e[1])).toEqual(["Pulling", "Pulled"]);
    expect(
      criCalls(cluster, "big")
        .filter((e) => e.kind === "request")
        .map(call),
    ).toEqual(["RunPodSandbox", "PullImage", "StopPodSandbox"]);
    expect(cluster.kubelets.get("node-3")?.runtime.containers.size).toBe(0);
  });
});

describe("kubelet: containers that exit", () => {
  it("restarts a crashing container with CrashLoopBackOff: 10s, 20s, 40s", () => {
    const cluster = testCluster();
    const created = create(cluster, "crash", {
      node: "node-1",
      image: "busybox:1.36",
      command: ["sh", "-c", "exit 1"],
    });
    const uid = created.metadata?.uid ?? "";
    const exits = () =>
      cluster.sim.trace.filter((e) => e.summary === "ContainerStopped crash: exited with code 1");

    // Exits come at about 1.3 s, 2 s, 13 s and 34 s: after the 4th, it waits out 40 s.
    cluster.sim.runFor(36_000);
    expect(exits()).toHaveLength(4);
    const status = mustGet(cluster, "crash").status;
    expect(status?.phase).toBe("Running");
    expect(status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 3,
      ready: false,
      started: false,
      state: {
        waiting: {
          reason: "CrashLoopBackOff",
          message: `back-off 40s restarting failed container=crash pod=crash_default(${uid})`,
        },
      },
      lastState: { terminated: { exitCode: 1, reason: "Error" } },
    });

    cluster.sim.runFor(54_000);
    const stopped = exits();
    const creates = criCalls(cluster, "crash").filter(
      (e) => e.kind === "request" && call(e) === "CreateContainer",
    );
    expect(stopped).toHaveLength(5);
    // The first restart is immediate; then the kubelet waits 10 s, 20 s, 40 s after each exit.
    const waits = stopped.slice(0, 4).map((s, i) => (creates[i + 1]?.time ?? 0) - s.time);
    expect(waits).toEqual([0, 10_000, 20_000, 40_000]);
    expect(mustGet(cluster, "crash").status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(
      `back-off 1m20s restarting failed container=crash pod=crash_default(${uid})`,
    );

    // One BackOff event, its count raised at every exit but the first.
    const backOffs = events(cluster, "crash").filter((e) => e.reason === "BackOff");
    expect(backOffs).toHaveLength(1);
    expect(backOffs[0]).toMatchObject({
      type: "Warning",
      message: `Back-off restarting failed container crash in pod crash_default(${uid})`,
      count: 4,
      source: { component: "kubelet", host: "node-1" },
      involvedObject: { fieldPath: "spec.containers{crash}" },
    });
  });

  it("counts a restart when the new container is created", () => {
    const cluster = testCluster();
    create(cluster, "crash", { node: "node-1", image: "busybox:1.36", command: ["sh", "-c", "exit 1"] });
    const restartCounts: number[] = [];
    const seen = new Set<string>();
    runUntil(cluster, () => {
      const s = mustGet(cluster, "crash").status?.containerStatuses?.[0];
      const state =
        s?.state?.waiting?.reason ??
        (s?.state?.running ? "running" : s?.state?.terminated ? "terminated" : "");
      const key = `${state}:${s?.restartCount ?? -1}`;
      if (s && !seen.has(key)) {
        seen.add(key);
        restartCounts.push(s.restartCount);
      }
      return (s?.restartCount ?? 0) >= 3;
    });
    expect([...seen]).toEqual([
      "ContainerCreating:0",
      "running:0",
      "terminated:0",
      "running:1",
      "CrashLoopBackOff:1",
      "running:2",
      "CrashLoopBackOff:2",
      "running:3",
    ]);
    expect(restartCounts).toEqual([0, 0, 0, 1, 1, 2, 2, 3]);
  });

  it("restarts at once, with the back-off reset, a container that ran for more than 10 minutes", () => {
    const cluster = testCluster();
    create(cluster, "long", { node: "node-1", image: "busybox:1.36", command: ["sleep", "700"] });
    cluster.sim.runFor(2_200_000);
    const stopped = cluster.sim.trace.filter(
      (e) => e.summary === "ContainerStopped long: exited with code 0",
    );
    const creates = criCalls(cluster, "long").filter(
      (e) => e.kind === "request" && call(e) === "CreateContainer",
    );
    expect(stopped).toHaveLength(3);
    expect(stopped.map((s, i) => (creates[i + 1]?.time ?? 0) - s.time)).toEqual([0, 0, 0]);
    expect(events(cluster, "long").filter((e) => e.reason === "BackOff")).toEqual([]);
    expect(mustGet(cluster, "long").status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 3,
      state: { running: {} },
      lastState: { terminated: { exitCode: 0, reason: "Completed" } },
    });
  });

  it("restarts a container whose image changed", () => {
    const cluster = testCluster();
    create(cluster, "web", { node: "node-1" });
    cluster.sim.runUntilIdle();
    expect(apply(cluster, manifest("web", { node: "node-1", image: "nginx:1.26" }))).toEqual([
      { ok: true, message: "pod/web configured" },
    ]);
    cluster.sim.runUntilIdle();
    expect(kubeletEvents(cluster, "web").slice(4)).toEqual([
      ["Normal", "Killing", "Container web definition changed, will be restarted"],
      ["Normal", "Pulling", 'Pulling image "nginx:1.26"'],
      ["Normal", "Pulled", expect.stringMatching(/^Successfully pulled image "nginx:1\.26" in /)],
    ]);
    // The same Created and Started events again: the recorder counts them on the first ones.
    const counts = events(cluster, "web").map((e) => [e.reason, e.count]);
    expect(counts.filter(([r]) => r === "Created" || r === "Started")).toEqual([
      ["Created", 2],
      ["Started", 2],
    ]);
    expect(mustGet(cluster, "web").status?.containerStatuses?.[0]).toMatchObject({
      image: "docker.io/library/nginx:1.26",
      restartCount: 1,
      ready: true,
      state: { running: {} },
      lastState: { terminated: { exitCode: 0, reason: "Completed" } },
    });
  });

  it("marks a failed container with restartPolicy Never as Failed and tears down its sandbox", () => {
    const cluster = testCluster();
    create(cluster, "fail", {
      node: "node-1",
      image: "busybox:1.36",
      command: ["sh", "-c", "exit 1"],
      restartPolicy: "Never",
    });
    cluster.sim.runUntilIdle();
    cluster.sim.runFor(5_000);
    const status = mustGet(cluster, "fail").status;
    expect(status?.phase).toBe("Failed");
    expect(status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 1, reason: "Error" } },
    });
    expect(status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      "PodReadyToStartContainers=False",
      "Initialized=True",
      "Ready=False",
      "ContainersReady=False",
      "PodScheduled=True",
    ]);
    expect(status?.podIP).toBe("10.244.1.2");
    expect(
      criCalls(cluster, "fail")
        .filter((e) => e.kind === "request")
        .map(call),
    ).toEqual(["RunPodSandbox", "PullImage", "CreateContainer", "StartContainer", "StopPodSandbox"]);
    // Deleting a finished pod needs no grace period.
    kubectlDelete(cluster, "pod", "fail");
    expect(runUntil(cluster, () => pod(cluster, "fail") === undefined)).toBeLessThan(100);
  });

  it("completes `sleep 2` with restartPolicy Never: Succeeded about 2 s after it started", () => {
    const cluster = testCluster();
    create(cluster, "job", {
      node: "node-2",
      image: "busybox:1.36",
      command: ["sleep", "2"],
      restartPolicy: "Never",
    });
    cluster.sim.runUntilIdle();
    const started = criCalls(cluster, "job").find(
      (e) => e.kind === "response" && call(e) === "StartContainer",
    );
    const startedAt = started?.time ?? 0;
    expect(mustGet(cluster, "job").status?.phase).toBe("Running");
    cluster.sim.runUntil(startedAt + 1900);
    expect(mustGet(cluster, "job").status?.phase).toBe("Running");
    cluster.sim.runUntil(startedAt + 2100);
    const status = mustGet(cluster, "job").status;
    expect(status?.phase).toBe("Succeeded");
    expect(status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
    // Then the kubelet stops the finished pod's sandbox.
    cluster.sim.runUntilIdle();
    expect(criCalls(cluster, "job").at(-1)?.summary).toMatch(/^sandbox [0-9a-f]{13} stopped and removed/);
    expect(
      mustGet(cluster, "job").status?.conditions?.map(
        (c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ""}`,
      ),
    ).toEqual([
      "PodReadyToStartContainers=False",
      "Initialized=True/PodCompleted",
      "Ready=False/PodCompleted",
      "ContainersReady=False/PodCompleted",
      "PodScheduled=True",
    ]);
    // No restarts, no BackOff.
    cluster.sim.runFor(60_000);
    expect(mustGet(cluster, "job").status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(kubeletEvents(cluster, "job").map((e) => e[1])).toEqual([
      "Pulling",
      "Pulled",
      "Created",
      "Started",
    ]);
  });
});

describe("kubelet: heartbeats", () => {
  it("renews its Lease every 10 s, as background work", () => {
    const cluster = testCluster();
    const before = lease(cluster, "node-1").spec?.renewTime ?? "";
    const renewals = () =>
      cluster.sim.trace.filter(
        (e) =>
          e.from === "kubelet/node-1" &&
          e.summary === "PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
      );
    // Idle: nothing but heartbeats is pending, so running until idle does not move the clock.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    expect(cluster.sim.now).toBe(0);
    cluster.sim.runFor(10_000);
    const first = lease(cluster, "node-1").spec?.renewTime ?? "";
    expect(Date.parse(first)).toBeGreaterThan(Date.parse(before));
    cluster.sim.runFor(10_000);
    const second = lease(cluster, "node-1").spec?.renewTime ?? "";
    expect(Date.parse(second) - Date.parse(first)).toBe(10_000);
    cluster.sim.runFor(30_000);
    const times = renewals().map((e) => e.time);
    expect(times.length).toBe(5);
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual([10_000, 10_000, 10_000, 10_000]);
    for (const e of renewals()) expect(e.background).toBe(true);
    expect(lease(cluster, "node-1").spec?.holderIdentity).toBe("node-1");
  });
});
