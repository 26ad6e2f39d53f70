// Plays a scenario's steps on a cluster. Each step is an outside input at its `at` time: it runs
// after everything else due at that instant, like a command typed while the cluster runs. Steps
// at the same time run in order; a step does not wait for an earlier step's kubectl to finish.

import type { Cluster } from "../cluster/cluster";
import type { CommandResult } from "../kubectl/kubectl";
import { scale, setImage } from "../kubectl/imperative";
import { type MaintenanceResult, cordon, drain, uncordon } from "../kubectl/nodeMaintenance";
import { rolloutRestart, rolloutUndo } from "../kubectl/rollout";
import type { KubectlAction, NodeAction, Scenario, ScenarioAction } from "./scenario";

export interface StepResult {
  readonly index: number;
  /** Simulated ms when the step started. */
  readonly startedAt: number;
  readonly results: readonly CommandResult[];
}

export interface ScenarioRun {
  readonly results: StepResult[];
  /** True once every step has answered. */
  done: boolean;
}

export function runStep(
  cluster: Cluster,
  step: ScenarioAction,
  source: string,
  done: (results: CommandResult[]) => void,
): void {
  const client = cluster.kubectl.client;
  const one = (r: CommandResult): void => done([r]);
  if ("apply" in step) return cluster.kubectl.apply(step.apply, source, done);
  if ("delete" in step) {
    const d = step.delete;
    return cluster.kubectl.delete(d.kind, d.name, d.namespace, one, {
      ...(d.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: d.gracePeriodSeconds } : {}),
      ...(d.cascade !== undefined ? { cascade: d.cascade } : {}),
    });
  }
  if ("scale" in step) {
    const s = step.scale;
    return scale(client, s.kind, s.name, s.namespace, s.replicas, one);
  }
  if ("setImage" in step) {
    const s = step.setImage;
    return setImage(client, s.deployment, s.namespace, s.container, s.image, one);
  }
  if ("rollback" in step) {
    const r = step.rollback;
    return rolloutUndo(client, r.namespace, r.deployment, r.toRevision, one);
  }
  if ("restart" in step) return rolloutRestart(client, step.restart.namespace, step.restart.deployment, one);
  if ("node" in step) return nodeAction(cluster, step.node.name, step.node.action, done);
  if ("kubectl" in step) return kubectlLine(cluster, step, done);
  const { deployment, namespace, cpuPercent } = step.load;
  const ns = namespace ?? "default";
  if (!cluster.apiserver.storage.peek(`/registry/deployments/${ns}/${deployment}`))
    return one({
      ok: false,
      message: `Error from server (NotFound): deployments.apps "${deployment}" not found`,
    });
  const millicores = cluster.metrics.setLoad({ namespace: ns, deployment }, cpuPercent);
  one({
    ok: true,
    message: `deployment.apps/${deployment}: CPU load set to ${cpuPercent}% of its pods' requests (${millicores}m in all)`,
  });
}

/** ANSI colour codes (cluster-info's) do not belong in a step's result lines. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * A `kubectl` step: the line runs in the cluster's shell (`kubectl ` is added when missing); its
 * results are the output lines, stderr lines not ok. A streaming command (`-w`, `logs -f`) answers
 * only when it ends.
 */
function kubectlLine(cluster: Cluster, step: KubectlAction, done: (results: CommandResult[]) => void): void {
  const line = step.kubectl;
  const files = step.files ?? {};
  // Chunks need not end at line ends: keep each stream's text and split it when the command ends.
  const chunks: { ok: boolean; text: string }[] = [];
  const collect =
    (ok: boolean) =>
    (text: string): void => {
      const last = chunks[chunks.length - 1];
      if (last && last.ok === ok) last.text += text;
      else chunks.push({ ok, text });
    };
  const first = line.trim().split(/\s+/)[0];
  const full = first === "kubectl" || first === "k" ? line : `kubectl ${line}`;
  const handle = cluster.shell.run(
    full,
    { out: collect(true), err: collect(false) },
    (exitCode) => {
      const results = chunks.flatMap(({ ok, text }) =>
        text
          .replace(ANSI, "")
          .replace(/\n$/, "")
          .split("\n")
          .map((message) => ({ ok, message })),
      );
      done(results.length || exitCode === 0 ? results : [{ ok: false, message: `exit status ${exitCode}` }]);
    },
    { readFile: (name) => (Object.hasOwn(files, name) ? files[name] : undefined) },
  );
  // Ctrl+C, at the instant the learner pressed it (after everything else due then, as live).
  if (handle && step.cancelAt !== undefined) cluster.sim.scheduleInput(step.cancelAt, () => handle.cancel());
}

/** A node fault (the machine powers off or on) or maintenance (kubectl cordon, uncordon, drain). */
function nodeAction(
  cluster: Cluster,
  name: string,
  action: NodeAction,
  done: (results: CommandResult[]) => void,
): void {
  const kubelet = cluster.kubelets.get(name);
  if (!kubelet)
    return done([{ ok: false, message: `Error from server (NotFound): nodes "${name}" not found` }]);
  const lines = (r: MaintenanceResult): void => done(r.lines.map((message) => ({ ok: r.ok, message })));
  const client = cluster.kubectl.client;
  switch (action) {
    case "stop":
      if (!kubelet.running) return done([{ ok: true, message: `node/${name} is already powered off` }]);
      kubelet.stop();
      return done([{ ok: true, message: `node/${name} powered off: its kubelet stopped heartbeating` }]);
    case "start":
      if (kubelet.running) return done([{ ok: true, message: `node/${name} is already running` }]);
      kubelet.start();
      return done([{ ok: true, message: `node/${name} powered on: its kubelet is starting` }]);
    case "cordon":
      return cordon(client, name, lines);
    case "uncordon":
      return uncordon(client, name, lines);
    case "drain":
      return drain(client, name, { ignoreDaemonsets: true, deleteEmptydirData: true }, lines);
  }
}

/** Schedules every step at its time; results fill in as the simulation runs. */
export function playScenario(
  cluster: Cluster,
  scenario: Pick<Scenario, "steps">,
  source: (index: number) => string,
  onStep?: (result: StepResult) => void,
): ScenarioRun {
  const run: ScenarioRun = { results: [], done: scenario.steps.length === 0 };
  let answered = 0;
  scenario.steps.forEach((step, index) => {
    cluster.sim.scheduleInput(step.at, () => {
      const startedAt = cluster.sim.now;
      runStep(cluster, step, source(index), (results) => {
        const result = { index, startedAt, results };
        run.results.push(result);
        onStep?.(result);
        if (++answered === scenario.steps.length) run.done = true;
      });
    });
  });
  return run;
}
