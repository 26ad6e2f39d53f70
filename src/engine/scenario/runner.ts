// Plays a scenario's steps on a cluster. Each step is an outside input at its `at` time: it runs
// after everything else due at that instant, like a command typed while the cluster runs. Steps
// at the same time run in order; a step does not wait for an earlier step's kubectl to finish.

import type { Cluster } from "../cluster/cluster";
import type { CommandResult } from "../kubectl/kubectl";
import type { Scenario, ScenarioStep } from "./scenario";

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
  step: ScenarioStep,
  source: string,
  done: (results: CommandResult[]) => void,
): void {
  if ("apply" in step) {
    cluster.kubectl.apply(step.apply, source, done);
  } else {
    const d = step.delete;
    cluster.kubectl.delete(d.kind, d.name, d.namespace, (r) => done([r]), {
      ...(d.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: d.gracePeriodSeconds } : {}),
    });
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
