import { describe, expect, it } from "vitest";
import { testCluster } from "../../../testing/harness";
import { imperativeCommands } from "./imperative";
import { logsCommands } from "./logs";
import { find, runCommand, start, testEnv } from "./testEnv";

const logs = find(logsCommands, "logs");
const run = find(imperativeCommands, "run");
const createDeployment = find(imperativeCommands, "create", "deployment");

describe("kubectl logs", () => {
  it("prints the container's log from the kubelet, after a traced GET .../log", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, run, "web --image=nginx:1.27");
    cluster.sim.runFor(30_000);
    cluster.sim.resetTrace();
    const result = runCommand(env, logs, "web");
    expect(result.code).toBe(0);
    expect(result.out).toContain("start worker processes");
    expect(
      cluster.sim.trace.filter((e) => e.from === "kubectl" && e.kind === "request").map((e) => e.summary),
    ).toEqual(["GET /api/v1/namespaces/default/pods/web", "GET /api/v1/namespaces/default/pods/web/log"]);
    const tail = runCommand(env, logs, "web --tail=2 --timestamps").out.trimEnd().split("\n");
    expect(tail).toHaveLength(2);
    expect(tail[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  });

  it("errors as kubectl does", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    expect(runCommand(env, logs, "nope").err).toBe('Error from server (NotFound): pods "nope" not found\n');
    runCommand(env, run, "web --image=nginx:1.27");
    cluster.sim.runFor(30_000);
    expect(runCommand(env, logs, "web --previous").err).toBe(
      'Error from server (BadRequest): previous terminated container "web" in pod "web" not found\n',
    );
  });

  it("deployment/NAME picks a pod and says which", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, createDeployment, "web --image=nginx:1.27 --replicas=2");
    cluster.sim.runFor(30_000);
    const result = runCommand(env, logs, "deployment/web");
    expect(result.err).toMatch(/^Found 2 pods, using pod\/web-[a-z0-9]+-[a-z0-9]+\n$/);
    expect(result.out).toContain("start worker processes");
  });

  it("-f streams new lines until the container is gone, or until cancelled", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, run, "web --image=nginx:1.27");
    runCommand(env, run, "other --image=nginx:1.27");
    cluster.sim.runFor(30_000);
    const following = start(env, logs, "web -f");
    cluster.sim.runFor(5_000);
    expect(following.code).toBeUndefined();
    const before = following.out;
    expect(before).toContain("start worker processes");
    // Deleting the pod stops nginx, which logs its shutdown: the stream shows it, then ends.
    env.client.request({ verb: "delete", resource: "pods", namespace: "default", name: "web" });
    cluster.sim.runFor(10_000);
    expect(following.out.slice(before.length)).toMatch(
      /signal 3 \(SIGQUIT\) received, shutting down\n.*exit\n$/,
    );
    expect(following.code).toBe(0);

    const other = start(env, logs, "other -f");
    cluster.sim.runFor(5_000);
    other.handle?.cancel();
    expect(other.code).toBe(130);
  });
});
