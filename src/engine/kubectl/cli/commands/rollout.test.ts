import { describe, expect, it } from "vitest";
import { testCluster } from "../../../testing/harness";
import { imperativeCommands } from "./imperative";
import { rolloutCommands } from "./rollout";
import { find, runCommand, start, testEnv } from "./testEnv";

const rollout = (verb: string) => find(rolloutCommands, "rollout", verb);
const createDeployment = find(imperativeCommands, "create", "deployment");
const setImage = find(imperativeCommands, "set", "image");

describe("kubectl rollout", () => {
  it("status watches until the rollout is done, printing kubectl's progress lines", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, createDeployment, "web --image=nginx:1.27 --replicas=3");
    const result = runCommand(env, rollout("status"), "deployment/web");
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(
        /^(Waiting for deployment spec update to be observed\.\.\.|Waiting for deployment "web" rollout to finish: (\d+ out of 3 new replicas have been updated|\d+ old replicas are pending termination|\d+ of \d+ updated replicas are available)\.\.\.)$/,
      );
    expect(result.out).toContain(
      'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n',
    );
    // Once rolled out, it answers at once.
    expect(runCommand(env, rollout("status"), "deploy web").out).toBe(
      'deployment "web" successfully rolled out\n',
    );
  });

  it("status is cancellable and reports NotFound", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    expect(runCommand(env, rollout("status"), "deployment nope").err).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    runCommand(env, createDeployment, "web --image=nginx:1.27 --replicas=2");
    const running = start(env, rollout("status"), "deployment/web");
    cluster.sim.runFor(100);
    running.handle?.cancel();
    expect(running.code).toBe(130);
    const printed = running.out;
    cluster.sim.runFor(60_000);
    expect(running.out).toBe(printed);
  });

  it("history, undo, pause, resume, restart", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, createDeployment, "web --image=nginx:1.27");
    runCommand(env, rollout("status"), "deployment/web");
    runCommand(env, setImage, "deployment/web nginx=nginx:1.28");
    runCommand(env, rollout("status"), "deployment/web");
    expect(runCommand(env, rollout("history"), "deployment/web").out).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
    );
    expect(runCommand(env, rollout("undo"), "deployment/web --to-revision=1").out).toBe(
      "deployment.apps/web rolled back\n",
    );
    expect(runCommand(env, rollout("pause"), "deployment/web").out).toBe("deployment.apps/web paused\n");
    expect(runCommand(env, rollout("pause"), "deployment/web").err).toBe(
      'error: deployments.apps "web" is already paused\n',
    );
    expect(runCommand(env, rollout("resume"), "deployment/web").out).toBe("deployment.apps/web resumed\n");
    expect(runCommand(env, rollout("restart"), "deployment/web").out).toBe("deployment.apps/web restarted\n");
    expect(runCommand(env, rollout("undo"), "pod/web").err).toBe(
      "error: no status viewer has been implemented for Pod\n",
    );
  });
});
