import { describe, expect, it } from "vitest";
import type { Container, Pod, PodStatus } from "../api/objects";
import { DEFAULT_EPOCH_MS, formatRfc3339 } from "../sim/time";
import type { RuntimeContainer, Sandbox } from "./containerRuntime";
import { imageInfo } from "./imageCatalog";
import { type ContainerRecord, type WorkerView, generatePodStatus } from "./podStatus";

const EPOCH = DEFAULT_EPOCH_MS;
const at = (ms: number): string => formatRfc3339(EPOCH + ms);
const ID = "a".repeat(64);
const OLD_ID = "b".repeat(64);

const sandbox: Sandbox = { id: "s".repeat(64), podUid: "uid-1", ip: "10.244.1.7", state: "ready" };

function podWith(
  restartPolicy: "Always" | "OnFailure" | "Never",
  containers: Container[],
  inits: Container[] = [],
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", uid: "uid-1" },
    spec: { restartPolicy, containers, ...(inits.length ? { initContainers: inits } : {}) },
    status: { phase: "Pending", qosClass: "BestEffort" },
  };
}

function running(name: string, startedAtMs = 1000, id = ID): RuntimeContainer {
  return { id, name, sandboxId: sandbox.id, image: imageInfo("nginx:1.27"), state: "running", startedAtMs };
}

function exited(name: string, exitCode: number, id = ID, image = "busybox:1.36"): RuntimeContainer {
  return {
    id,
    name,
    sandboxId: sandbox.id,
    image: imageInfo(image),
    state: "exited",
    startedAtMs: 1000,
    finishedAtMs: 3000,
    exitCode,
    reason: exitCode === 0 ? "Completed" : "Error",
  };
}

function record(spec: Container, fields: Partial<ContainerRecord> = {}, init = false): ContainerRecord {
  return { spec, init, restartCount: 0, ready: false, ...fields };
}

const web: Container = { name: "web", image: "nginx:1.27" };
const job: Container = { name: "job", image: "busybox:1.36" };

function view(
  pod: Pod,
  containers: ContainerRecord[],
  extra: Partial<Omit<WorkerView, "pod" | "containers">> = {},
): WorkerView {
  return {
    pod,
    hostIP: "172.18.0.3",
    startTime: at(0),
    sandbox,
    containers,
    previous: undefined,
    epochMs: EPOCH,
    now: at(5000),
    terminal: false,
    ...extra,
  };
}

const summary = (s: PodStatus) =>
  s.conditions?.map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ""}`);

describe("generatePodStatus: phase", () => {
  it("is Pending while containers are being created", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { waiting: { reason: "ContainerCreating" } })]),
    );
    expect(s.phase).toBe("Pending");
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: "ContainerCreating" } });
  });

  it("is Running once a container runs", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { runtime: running("web"), ready: true })]),
    );
    expect(s.phase).toBe("Running");
  });

  it("stays Running with restartPolicy Always when a container exited (it will be restarted)", () => {
    for (const code of [0, 1]) {
      const s = generatePodStatus(
        view(podWith("Always", [job]), [record(job, { runtime: exited("job", code) })]),
      );
      expect(s.phase).toBe("Running");
    }
  });

  it("stays Running in CrashLoopBackOff: the last termination counts", () => {
    const s = generatePodStatus(
      view(podWith("Always", [job]), [
        record(job, {
          runtime: exited("job", 1),
          lastTerminated: exited("job", 1),
          restartCount: 1,
          waiting: {
            reason: "CrashLoopBackOff",
            message: "back-off 10s restarting failed container=job pod=web_default(uid-1)",
          },
        }),
      ]),
    );
    expect(s.phase).toBe("Running");
  });

  it("is Succeeded when every container exited 0 and will not restart", () => {
    for (const policy of ["Never", "OnFailure"] as const) {
      const s = generatePodStatus(view(podWith(policy, [job]), [record(job, { runtime: exited("job", 0) })]));
      expect(s.phase).toBe("Succeeded");
    }
  });

  it("is Failed with restartPolicy Never when a container failed; OnFailure keeps it Running", () => {
    const failed = [record(job, { runtime: exited("job", 2) })];
    expect(generatePodStatus(view(podWith("Never", [job]), failed)).phase).toBe("Failed");
    expect(generatePodStatus(view(podWith("OnFailure", [job]), failed)).phase).toBe("Running");
  });

  it("stays Running while one container still runs next to one that finished", () => {
    const s = generatePodStatus(
      view(podWith("Never", [web, job]), [
        record(web, { runtime: running("web"), ready: true }),
        record(job, { runtime: exited("job", 1, OLD_ID) }),
      ]),
    );
    expect(s.phase).toBe("Running");
  });

  it("is Pending while init containers have not all succeeded", () => {
    const init: Container = { name: "setup", image: "busybox:1.36" };
    const s = generatePodStatus(
      view(podWith("Always", [web], [init]), [
        record(init, { runtime: running("setup", 1000, OLD_ID) }, true),
        record(web, { waiting: { reason: "PodInitializing" } }),
      ]),
    );
    expect(s.phase).toBe("Pending");
    expect(summary(s)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=False/ContainersNotInitialized",
      "Ready=False/ContainersNotReady",
      "ContainersReady=False/ContainersNotReady",
      "PodScheduled=True",
    ]);
    expect(s.conditions?.[1]?.message).toBe("containers with incomplete status: [setup]");
    expect(s.initContainerStatuses?.map((c) => c.name)).toEqual(["setup"]);
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: "PodInitializing" } });
  });

  it("is Failed when an init container failed and restartPolicy is Never", () => {
    const init: Container = { name: "setup", image: "busybox:1.36" };
    const containers = () => [
      record(init, { runtime: exited("setup", 2, OLD_ID) }, true),
      record(web, { waiting: { reason: "PodInitializing" } }),
    ];
    const failed = generatePodStatus(view(podWith("Never", [web], [init]), containers()));
    expect(failed.phase).toBe("Failed");
    expect(failed.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 2,
      reason: "Error",
    });
    expect(summary(failed)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=False/ContainersNotInitialized",
      "Ready=False/ContainersNotReady",
      "ContainersReady=False/ContainersNotReady",
      "PodScheduled=True",
    ]);
    // With any other policy the init container is retried: still Pending.
    expect(generatePodStatus(view(podWith("OnFailure", [web], [init]), containers())).phase).toBe("Pending");
  });

  it("ends a deleted pod Succeeded or Failed by its containers' exit codes", () => {
    const stoppedOk = [record(web, { runtime: exited("web", 0, ID, "nginx:1.27") })];
    const killed = [record(job, { runtime: exited("job", 137) })];
    expect(generatePodStatus(view(podWith("Always", [web]), stoppedOk, { terminal: true })).phase).toBe(
      "Succeeded",
    );
    expect(generatePodStatus(view(podWith("Always", [job]), killed, { terminal: true })).phase).toBe(
      "Failed",
    );
  });
});

describe("generatePodStatus: conditions", () => {
  it("lists the kubelet's conditions in upstream order", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { runtime: running("web"), ready: true })]),
    );
    expect(s.conditions?.map((c) => c.type)).toEqual([
      "PodReadyToStartContainers",
      "Initialized",
      "Ready",
      "ContainersReady",
      "PodScheduled",
    ]);
    expect(summary(s)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ]);
    // A condition that is True carries no reason or message.
    for (const c of s.conditions ?? []) {
      expect(c.reason).toBeUndefined();
      expect(c.message).toBeUndefined();
      expect(c.lastTransitionTime).toBe(at(5000));
    }
  });

  it("names the unready containers as `containers with unready status: [a b]`", () => {
    const side: Container = { name: "sidecar", image: "busybox:1.36" };
    const s = generatePodStatus(
      view(podWith("Always", [web, side]), [
        record(web, { waiting: { reason: "ContainerCreating" } }),
        record(side, { waiting: { reason: "ContainerCreating" } }),
      ]),
    );
    const ready = s.conditions?.find((c) => c.type === "Ready");
    const containersReady = s.conditions?.find((c) => c.type === "ContainersReady");
    expect(ready).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [web sidecar]",
    });
    expect(containersReady).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [web sidecar]",
    });
  });

  it("uses ContainersNotReady for one container too", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { waiting: { reason: "ContainerCreating" } })]),
    );
    expect(s.conditions?.find((c) => c.type === "Ready")?.message).toBe(
      "containers with unready status: [web]",
    );
  });

  it("keeps lastTransitionTime while a condition's status does not change, and moves it when it does", () => {
    const pod = podWith("Always", [web]);
    const first = generatePodStatus(
      view(pod, [record(web, { waiting: { reason: "ContainerCreating" } })], { now: at(100) }),
    );
    const second = generatePodStatus(
      view(pod, [record(web, { runtime: running("web"), ready: true })], { previous: first, now: at(4000) }),
    );
    const third = generatePodStatus(
      view(pod, [record(web, { runtime: running("web"), ready: true })], { previous: second, now: at(9000) }),
    );
    const times = (s: PodStatus) =>
      Object.fromEntries((s.conditions ?? []).map((c) => [c.type, c.lastTransitionTime]));
    expect(times(first)).toEqual({
      PodReadyToStartContainers: at(100),
      Initialized: at(100),
      Ready: at(100),
      ContainersReady: at(100),
      PodScheduled: at(100),
    });
    expect(times(second)).toEqual({
      PodReadyToStartContainers: at(100),
      Initialized: at(100),
      Ready: at(4000),
      ContainersReady: at(4000),
      PodScheduled: at(100),
    });
    expect(third).toEqual(second);
  });

  it("keeps the scheduler's PodScheduled transition time", () => {
    const previous: PodStatus = {
      conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: "2026-01-01T08:59:59Z" }],
    };
    const s = generatePodStatus(view(podWith("Always", [web]), [record(web)], { previous }));
    expect(s.conditions?.find((c) => c.type === "PodScheduled")?.lastTransitionTime).toBe(
      "2026-01-01T08:59:59Z",
    );
  });

  it("says PodCompleted, without a message, once the pod Succeeded", () => {
    const s = generatePodStatus(view(podWith("Never", [job]), [record(job, { runtime: exited("job", 0) })]));
    expect(summary(s)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True/PodCompleted",
      "Ready=False/PodCompleted",
      "ContainersReady=False/PodCompleted",
      "PodScheduled=True",
    ]);
    for (const c of s.conditions ?? []) expect(c.message).toBeUndefined();
  });

  it("reports a Failed pod's containers as not ready", () => {
    const s = generatePodStatus(view(podWith("Never", [job]), [record(job, { runtime: exited("job", 1) })]));
    expect(s.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [job]",
    });
  });

  it("drops PodReadyToStartContainers when the sandbox is gone", () => {
    const stopped: Sandbox = { ...sandbox, state: "notready" };
    const s = generatePodStatus(
      view(podWith("Never", [job]), [record(job, { runtime: exited("job", 0) })], { sandbox: stopped }),
    );
    expect(s.conditions?.[0]).toMatchObject({ type: "PodReadyToStartContainers", status: "False" });
    // The pod keeps the IP it had.
    expect(s.podIP).toBe("10.244.1.7");
  });
});

describe("generatePodStatus: containerStatuses", () => {
  it("describes a running container as the API does", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { runtime: running("web", 1234), ready: true })]),
    );
    expect(s.containerStatuses).toEqual([
      {
        containerID: `containerd://${ID}`,
        image: "docker.io/library/nginx:1.27",
        imageID: imageInfo("nginx:1.27").digestRef,
        lastState: {},
        name: "web",
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: at(1234) } },
      },
    ]);
    expect(s.containerStatuses?.[0]?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });

  it("shows the spec's image until the runtime has created the container", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { waiting: { reason: "ContainerCreating" } })]),
    );
    expect(s.containerStatuses?.[0]).toEqual({
      image: "nginx:1.27",
      imageID: "",
      lastState: {},
      name: "web",
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: "ContainerCreating" } },
    });
  });

  it("describes a terminated container with its exit code, reason and times", () => {
    const s = generatePodStatus(view(podWith("Never", [job]), [record(job, { runtime: exited("job", 3) })]));
    expect(s.containerStatuses?.[0]).toMatchObject({
      containerID: `containerd://${ID}`,
      image: "docker.io/library/busybox:1.36",
      started: false,
      ready: false,
      state: {
        terminated: {
          containerID: `containerd://${ID}`,
          exitCode: 3,
          reason: "Error",
          startedAt: at(1000),
          finishedAt: at(3000),
        },
      },
    });
  });

  it("shows CrashLoopBackOff as waiting, with the previous run in lastState and the restart count", () => {
    const last = exited("job", 1, OLD_ID);
    const s = generatePodStatus(
      view(podWith("Always", [job]), [
        record(job, {
          runtime: last,
          lastTerminated: last,
          restartCount: 2,
          waiting: {
            reason: "CrashLoopBackOff",
            message: "back-off 20s restarting failed container=job pod=web_default(uid-1)",
          },
        }),
      ]),
    );
    expect(s.containerStatuses?.[0]).toMatchObject({
      containerID: `containerd://${OLD_ID}`,
      restartCount: 2,
      started: false,
      state: {
        waiting: {
          reason: "CrashLoopBackOff",
          message: "back-off 20s restarting failed container=job pod=web_default(uid-1)",
        },
      },
      lastState: {
        terminated: { containerID: `containerd://${OLD_ID}`, exitCode: 1, reason: "Error" },
      },
    });
  });

  it("reports host and pod IPs, start time and QoS class", () => {
    const s = generatePodStatus(
      view(podWith("Always", [web]), [record(web, { runtime: running("web"), ready: true })]),
    );
    expect(s).toMatchObject({
      hostIP: "172.18.0.3",
      hostIPs: [{ ip: "172.18.0.3" }],
      podIP: "10.244.1.7",
      podIPs: [{ ip: "10.244.1.7" }],
      startTime: at(0),
      qosClass: "BestEffort",
    });
    const noSandbox = generatePodStatus(
      view(podWith("Always", [web]), [record(web)], { sandbox: undefined }),
    );
    expect(noSandbox.podIP).toBeUndefined();
    expect(noSandbox.podIPs).toBeUndefined();
  });
});
