import { describe, expect, it } from "vitest";
import type { Event, KubeObject, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import type { CommandResult } from "../kubectl/kubectl";
import { rolloutPause, rolloutRestart, rolloutResume, rolloutUndo } from "../kubectl/rollout";
import { SECOND, parseRfc3339 } from "../sim/time";
import { apply, events, pods, testCluster } from "../testing/harness";
import { findInOrder } from "../testing/subsequence";
import { controllerOf, isPodActive, isPodReady } from "./controllerUtils";
import type { DeploymentObject, ReplicaSetObject } from "./deploymentUtil";

function manifest(
  image: string,
  options: { strategy?: string; extra?: string; resources?: string } = {},
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
${options.strategy ?? ""}${options.extra ?? ""}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
${options.resources ?? ""}`;
}

const SURGE_1 = "  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n";
const RECREATE = "  strategy:\n    type: Recreate\n";

const theDeployment = (c: Cluster) =>
  c.objects().find((o) => o.kind === "Deployment" && o.metadata.name === "web") as DeploymentObject;
const replicaSets = (c: Cluster) =>
  (c.objects().filter((o) => o.kind === "ReplicaSet") as ReplicaSetObject[]).sort(
    (a, b) =>
      Number(a.metadata.annotations?.["deployment.kubernetes.io/revision"]) -
      Number(b.metadata.annotations?.["deployment.kubernetes.io/revision"]),
  );
/** Pods controlled by one of the Deployment's ReplicaSets. */
const ownedPods = (c: Cluster): Pod[] => {
  const uids = new Set(replicaSets(c).map((rs) => rs.metadata.uid));
  return pods(c).filter((p) => uids.has(controllerOf(p)?.uid));
};
const imageOf = (p: Pod) => p.spec?.containers[0]?.image;
const eventsInOrder = (c: Cluster, name?: string): Event[] =>
  events(c, name).sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion));
const scalingEvents = (c: Cluster) =>
  eventsInOrder(c, "web")
    .filter((e) => e.reason === "ScalingReplicaSet")
    .map((e) => e.message);

function kubectl(c: Cluster, command: (done: (r: CommandResult) => void) => void): CommandResult {
  let result: CommandResult | undefined;
  command((r) => (result = r));
  while (result === undefined && c.sim.step()) {
    /* run until answered */
  }
  if (!result) throw new Error("kubectl never answered");
  return result;
}

/** Steps until the rollout of `image` is complete (or 10 minutes pass), calling `sample` after each step. */
function runRollout(c: Cluster, image: string, sample: () => void = () => {}): void {
  const deadline = c.sim.now + 600 * SECOND;
  const complete = (): boolean => {
    const d = theDeployment(c);
    const live = ownedPods(c).filter(isPodActive);
    return (
      live.length === 3 &&
      live.every((p) => imageOf(p) === image && isPodReady(p)) &&
      ownedPods(c).length === 3 &&
      d.status?.updatedReplicas === 3 &&
      d.status.availableReplicas === 3 &&
      d.status.replicas === 3
    );
  };
  while (!complete() && c.sim.now < deadline && c.sim.step()) sample();
  expect(complete()).toBe(true);
}

function deployed(image = "nginx:1.27", options: Parameters<typeof manifest>[1] = {}): Cluster {
  const c = testCluster();
  expect(apply(c, manifest(image, options))[0]?.message).toBe("deployment.apps/web created");
  runRollout(c, image);
  return c;
}

describe("Deployment in a whole cluster", () => {
  it("apply: a ReplicaSet named by the template hash, 3 Running pods, events in causal order", () => {
    const c = deployed();
    const [rs] = replicaSets(c);
    const name = rs?.metadata.name ?? "";
    expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(ownedPods(c).map((p) => p.status?.phase)).toEqual(["Running", "Running", "Running"]);
    for (const p of ownedPods(c)) expect(p.metadata?.labels?.["pod-template-hash"]).toBe(name.slice(4));
    const d = theDeployment(c);
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    expect(d.status?.conditions?.map((x) => `${x.type} ${x.status} ${x.reason}: ${x.message}`)).toEqual([
      "Available True MinimumReplicasAvailable: Deployment has minimum availability.",
      `Progressing True NewReplicaSetAvailable: ReplicaSet "${name}" has successfully progressed.`,
    ]);
    const all = eventsInOrder(c).map((e) => `${e.involvedObject.kind} ${e.reason} ${e.source?.component}`);
    // Each controller acts on what the previous one wrote: the first of each kind comes in this order.
    const firsts = [
      "Deployment ScalingReplicaSet deployment-controller",
      "ReplicaSet SuccessfulCreate replicaset-controller",
      "Pod Scheduled default-scheduler",
      "Pod Pulling kubelet",
      "Pod Started kubelet",
    ].map((s) => all.indexOf(s));
    expect(firsts.every((i) => i >= 0)).toBe(true);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
    expect(scalingEvents(c)).toEqual([`Scaled up replica set ${name} from 0 to 3`]);
    expect(events(c, name).filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(3);
    findInOrder(c.sim.trace, [
      { from: "kubectl", summary: "POST /apis/apps/v1/namespaces/default/deployments" },
      { from: "kube-controller-manager", summary: "POST /apis/apps/v1/namespaces/default/replicasets" },
      { from: "kube-controller-manager", summary: "POST /api/v1/namespaces/default/pods" },
      { from: "kube-scheduler", summary: "/binding" },
    ]);
  });

  it("rolling update with maxSurge 1 / maxUnavailable 0 never drops below 3 available nor exceeds 4 pods", () => {
    const c = deployed("nginx:1.27", { strategy: SURGE_1 });
    const [old] = replicaSets(c);
    expect(apply(c, manifest("nginx:1.28", { strategy: SURGE_1 }))[0]?.message).toBe(
      "deployment.apps/web configured",
    );
    let minAvailable = Infinity;
    let maxPods = 0;
    let samples = 0;
    runRollout(c, "nginx:1.28", () => {
      const live = ownedPods(c).filter(isPodActive);
      minAvailable = Math.min(minAvailable, live.filter(isPodReady).length);
      maxPods = Math.max(maxPods, live.length);
      samples++;
    });
    expect(samples).toBeGreaterThan(100);
    expect(minAvailable).toBe(3);
    expect(maxPods).toBe(4);
    const [oldRS, newRS] = replicaSets(c);
    expect(oldRS?.metadata.uid).toBe(old?.metadata.uid);
    expect([oldRS?.spec?.replicas, newRS?.spec?.replicas]).toEqual([0, 3]);
    const [o, n] = [oldRS?.metadata.name, newRS?.metadata.name];
    expect(scalingEvents(c)).toEqual([
      `Scaled up replica set ${o} from 0 to 3`,
      `Scaled up replica set ${n} from 0 to 1`,
      `Scaled down replica set ${o} from 3 to 2`,
      `Scaled up replica set ${n} from 1 to 2`,
      `Scaled down replica set ${o} from 2 to 1`,
      `Scaled up replica set ${n} from 2 to 3`,
      `Scaled down replica set ${o} from 1 to 0`,
    ]);
    expect(theDeployment(c).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
  });

  it("rollout undo returns to the first template as revision 3", () => {
    const c = deployed("nginx:1.27", { strategy: SURGE_1 });
    apply(c, manifest("nginx:1.28", { strategy: SURGE_1 }));
    runRollout(c, "nginx:1.28");
    const first = replicaSets(c)[0];
    expect(
      kubectl(c, (done) => rolloutUndo(c.kubectl.client, "default", "web", undefined, done)).message,
    ).toBe("deployment.apps/web rolled back");
    runRollout(c, "nginx:1.27");
    const d = theDeployment(c);
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("nginx:1.27");
    const back = replicaSets(c).find((rs) => rs.metadata.uid === first?.metadata.uid);
    expect(back?.metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "3",
      "deployment.kubernetes.io/revision-history": "1",
    });
    expect(back?.spec?.replicas).toBe(3);
    expect(replicaSets(c)).toHaveLength(2);
    expect(kubectl(c, (done) => rolloutUndo(c.kubectl.client, "default", "web", 5, done)).message).toBe(
      "error: unable to find specified revision 5 in history",
    );
  });

  it("Recreate: the old pods are all gone before any new pod is created", () => {
    const c = deployed("nginx:1.27", { strategy: RECREATE });
    const oldUid = replicaSets(c)[0]?.metadata.uid;
    apply(c, manifest("nginx:1.28", { strategy: RECREATE }));
    let overlap = 0;
    let sawNone = false;
    runRollout(c, "nginx:1.28", () => {
      const mine = ownedPods(c);
      const old = mine.filter((p) => controllerOf(p)?.uid === oldUid).length;
      if (old > 0 && mine.length > old) overlap++;
      if (mine.length === 0) sawNone = true;
    });
    expect(overlap).toBe(0);
    expect(sawNone).toBe(true);
    const [o, n] = replicaSets(c).map((rs) => rs.metadata.name);
    expect(scalingEvents(c)).toEqual([
      `Scaled up replica set ${o} from 0 to 3`,
      `Scaled down replica set ${o} from 3 to 0`,
      `Scaled up replica set ${n} from 0 to 3`,
    ]);
  });

  it("progressDeadlineSeconds: a rollout whose pods never schedule times out on the virtual clock", () => {
    const c = testCluster();
    const resources = '        resources:\n          requests:\n            cpu: "64"\n';
    apply(c, manifest("nginx:1.27", { extra: "  progressDeadlineSeconds: 30\n", resources }));
    const progressing = () => theDeployment(c).status?.conditions?.find((x) => x.type === "Progressing");
    c.sim.runFor(20 * SECOND);
    expect(progressing()?.status).toBe("True");
    const lastUpdate = parseRfc3339(progressing()?.lastUpdateTime ?? "") ?? 0;
    c.sim.runUntil(lastUpdate - c.sim.epochMs + 29 * SECOND);
    expect(progressing()?.status).toBe("True");
    c.sim.runFor(5 * SECOND);
    const name = replicaSets(c)[0]?.metadata.name;
    expect(progressing()).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${name}" has timed out progressing.`,
    });
    expect(
      pods(c)
        .filter((p) => p.metadata?.name?.startsWith("web-"))
        .map((p) => p.status?.phase),
    ).toEqual(["Pending", "Pending", "Pending"]);
  });

  it("pause holds a template change back while scaling still applies; resume and restart roll out", () => {
    const c = deployed();
    expect(kubectl(c, (done) => rolloutPause(c.kubectl.client, "default", "web", done)).message).toBe(
      "deployment.apps/web paused",
    );
    apply(c, manifest("nginx:1.28").replace("replicas: 3", "replicas: 4"));
    c.sim.runFor(30 * SECOND);
    expect(replicaSets(c)).toHaveLength(1);
    expect(replicaSets(c)[0]?.spec?.replicas).toBe(4);
    expect(theDeployment(c).status?.conditions?.find((x) => x.type === "Progressing")?.reason).toBe(
      "DeploymentPaused",
    );
    expect(kubectl(c, (done) => rolloutResume(c.kubectl.client, "default", "web", done)).message).toBe(
      "deployment.apps/web resumed",
    );
    c.sim.runFor(120 * SECOND);
    expect(replicaSets(c).map((rs) => rs.spec?.replicas)).toEqual([0, 4]);
    expect(kubectl(c, (done) => rolloutRestart(c.kubectl.client, "default", "web", done)).message).toBe(
      "deployment.apps/web restarted",
    );
    c.sim.runFor(120 * SECOND);
    expect(replicaSets(c).map((rs) => rs.spec?.replicas)).toEqual([0, 0, 4]);
    const latest = replicaSets(c)[2] as KubeObject & ReplicaSetObject;
    expect(latest.spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBeDefined();
  });
});
