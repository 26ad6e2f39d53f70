// Plays a scenario's steps on a cluster. Steps run one after another, like commands typed in a
// terminal: a step starts at its `at` time, or when the previous step's kubectl has finished if
// that is later.

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
  /** True once every step has finished. */
  done: boolean;
}

export function runStep(cluster: Cluster, step: ScenarioStep, source: string, done: (results: CommandResult[]) => void): void {
  if ("apply" in step) {
    cluster.kubectl.apply(step.apply, source, done);
  } else {
    const d = step.delete;
    cluster.kubectl.delete(d.kind, d.name, d.namespace, (r) => done([r]), {
      ...(d.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: d.gracePeriodSeconds } : {}),
    });
  }
}

/** Schedules the steps; results fill in as the simulation runs. */
export function playScenario(
  cluster: Cluster,
  scenario: Pick<Scenario, "steps">,
  source: (index: number) => string,
  onStep?: (result: StepResult) => void,
): ScenarioRun {
  const run: ScenarioRun = { results: [], done: scenario.steps.length === 0 };
  const sim = cluster.sim;
  const start = (index: number): void => {
    const step = scenario.steps[index];
    if (!step) {
      run.done = true;
      return;
    }
    sim.schedule(Math.max(0, step.at - sim.now), () => {
      const startedAt = sim.now;
      runStep(cluster, step, source(index), (results) => {
        const result = { index, startedAt, results };
        run.results.push(result);
        onStep?.(result);
        start(index + 1);
      });
    });
  };
  start(0);
  return run;
}
