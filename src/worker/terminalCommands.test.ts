import { describe, expect, it } from "vitest";
import { Session } from "./session";
import { CANCELLED_EXIT, type TerminalMessage } from "./terminalCommands";

function drain(session: Session, ms: number): TerminalMessage[] {
  session.advanceTo(session.cluster.sim.now + ms);
  return session.terminal.take();
}

describe("terminal commands in the worker", () => {
  it("streams a command's output merged per stream, then its exit code", () => {
    const session = new Session();
    session.advanceTo(1_000);
    session.kubectl(7, "k get ns");
    expect(drain(session, 1_000)).toEqual([
      {
        type: "kubectlOutput",
        id: 7,
        stream: "stdout",
        text:
          "NAME              STATUS   AGE\n" +
          "default           Active   15m\n" +
          "kube-node-lease   Active   15m\n" +
          "kube-public       Active   15m\n" +
          "kube-system       Active   15m\n",
      },
      { type: "kubectlDone", id: 7, exitCode: 0 },
    ]);
    session.kubectl(8, "kubectl get podz");
    expect(drain(session, 1_000)).toEqual([
      {
        type: "kubectlOutput",
        id: 8,
        stream: "stderr",
        text: 'error: the server doesn\'t have a resource type "podz"\n',
      },
      { type: "kubectlDone", id: 8, exitCode: 1 },
    ]);
  });

  it("while paused the command waits in the simulation queue and answers once time runs", () => {
    const session = new Session();
    session.kubectl(1, "kubectl get ns");
    expect(session.terminal.take()).toEqual([]);
    session.step();
    expect(drain(session, 1_000).at(-1)).toEqual({ type: "kubectlDone", id: 1, exitCode: 0 });
  });

  it("Ctrl+C ends a watch: done with 130, and nothing more is sent for it", () => {
    const session = new Session();
    session.kubectl(3, "kubectl get pods -A -w");
    expect(drain(session, 1_000).some((m) => m.type === "kubectlDone")).toBe(false);
    session.terminal.cancel(3);
    expect(session.terminal.take()).toEqual([{ type: "kubectlDone", id: 3, exitCode: CANCELLED_EXIT }]);
    session.terminal.cancel(3);
    expect(drain(session, 5_000)).toEqual([]);
  });

  it("a rebuild of the run (step back, reset, load) ends the live commands", () => {
    const session = new Session();
    session.kubectl(4, "kubectl get pods -A -w");
    drain(session, 1_000);
    session.load(session.scenario);
    expect(session.terminal.take()).toEqual([{ type: "kubectlDone", id: 4, exitCode: CANCELLED_EXIT }]);
  });

  it("records each command as a kubectl step at its time; a restore replays it without streaming", () => {
    const live = new Session();
    live.advanceTo(2_500);
    live.kubectl(1, "kubectl scale deployment coredns -n kube-system --replicas=3");
    expect(drain(live, 1_000).at(-1)).toEqual({ type: "kubectlDone", id: 1, exitCode: 0 });
    expect(live.scenario.steps).toEqual([
      { at: 2_500, kubectl: "kubectl scale deployment coredns -n kube-system --replicas=3" },
    ]);
    live.advanceTo(10_000);

    const replay = new Session();
    replay.restore(live.scenario, 10_000);
    expect(replay.terminal.take()).toEqual([]);
    expect(JSON.stringify(replay.cluster.sim.trace)).toBe(JSON.stringify(live.cluster.sim.trace));
  });

  it("a replay reads the documents the command read, and stops a watch where Ctrl+C stopped it", () => {
    const live = new Session();
    live.documents = {
      "web.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    };
    live.advanceTo(1_000);
    live.kubectl(1, "kubectl get pods -w");
    live.kubectl(2, "kubectl apply -f web.yaml");
    live.advanceTo(6_000);
    live.cancelKubectl(1);
    // The document changes afterwards; the recorded step keeps what the command read.
    live.documents = { "web.yaml": "garbage" };
    live.kubectl(3, "k delete pod web");
    live.advanceTo(60_000);
    expect(live.scenario.steps).toEqual([
      { at: 1_000, kubectl: "kubectl get pods -w", cancelAt: 6_000 },
      {
        at: 1_000,
        kubectl: "kubectl apply -f web.yaml",
        files: { "web.yaml": expect.stringContaining("kind: Pod") },
      },
      { at: 6_000, kubectl: "k delete pod web" },
    ]);

    const replay = new Session();
    replay.restore(live.scenario, 60_000);
    expect(JSON.stringify(replay.cluster.sim.trace)).toBe(JSON.stringify(live.cluster.sim.trace));
  });

  it("completes with the shell's candidates", () => {
    const session = new Session();
    session.terminal.complete(session.cluster, 9, "kubectl g", 9);
    expect(session.terminal.take()).toEqual([{ type: "completion", id: 9, candidates: ["get"] }]);
  });
});
