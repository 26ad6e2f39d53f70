// Scenario documents: a cluster shape, a seed and timed steps. Share links, lessons, tests and the
// CLI all use this format (docs/scenario-format.md). Validation reports every problem with the
// path to it, in the style of Kubernetes field errors.

import { parseDocument } from "yaml";
import { parseDuration } from "../sim/time";
import {
  type KubectlAction,
  type ScenarioAction,
  STEP_KINDS,
  type StepKind,
  actionKind,
  checkAction,
  kubectlDocument,
} from "./scenarioSteps";

export * from "./scenarioSteps";

export const SCENARIO_API_VERSION = "pilothouse.dev/v1alpha1";
export const SCENARIO_KIND = "Scenario";
export const MAX_WORKERS = 5000;

/** An action at a simulated time (ms since the start). */
export type ScenarioStep = ScenarioAction & { readonly at: number };
export type ApplyStep = Extract<ScenarioStep, { apply: string }>;
export type DeleteStep = Extract<ScenarioStep, { delete: unknown }>;

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  readonly workers: number;
  readonly steps: readonly ScenarioStep[];
}

export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly string[] };

export function isScenarioDocument(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    v["kind"] === SCENARIO_KIND &&
    typeof v["apiVersion"] === "string" &&
    v["apiVersion"].startsWith("pilothouse.dev/")
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function durationOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.round(value * 1000);
  if (typeof value !== "string") return undefined;
  const ms = parseDuration(value);
  return ms !== undefined && ms >= 0 ? ms : undefined;
}

/** Validates a parsed Scenario document. */
export function validateScenario(value: unknown): ScenarioResult {
  const errors: string[] = [];
  if (!isRecord(value)) return { ok: false, errors: ["a Scenario must be a YAML mapping"] };
  if (value["apiVersion"] !== SCENARIO_API_VERSION) {
    errors.push(
      `apiVersion: Unsupported value: ${JSON.stringify(value["apiVersion"] ?? "")}: supported values: "${SCENARIO_API_VERSION}"`,
    );
  }
  if (value["kind"] !== SCENARIO_KIND)
    errors.push(
      `kind: Unsupported value: ${JSON.stringify(value["kind"] ?? "")}: supported values: "Scenario"`,
    );
  const metadata = isRecord(value["metadata"]) ? value["metadata"] : {};
  const name = typeof metadata["name"] === "string" ? metadata["name"] : "";
  if (!name) errors.push("metadata.name: Required value");
  const spec = value["spec"];
  if (!isRecord(spec)) {
    errors.push("spec: Required value");
    return { ok: false, errors };
  }
  for (const key of Object.keys(spec))
    if (!["seed", "workers", "steps"].includes(key)) errors.push(`spec: unknown field "spec.${key}"`);
  const seed = spec["seed"] ?? 1;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    errors.push(
      `spec.seed: Invalid value: ${JSON.stringify(seed)}: must be an integer between 0 and 4294967295`,
    );
  }
  const workers = spec["workers"] ?? 3;
  if (typeof workers !== "number" || !Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS) {
    errors.push(
      `spec.workers: Invalid value: ${JSON.stringify(workers)}: must be an integer between 0 and ${MAX_WORKERS}`,
    );
  }
  const rawSteps = spec["steps"] ?? [];
  const steps: ScenarioStep[] = [];
  if (!Array.isArray(rawSteps)) errors.push("spec.steps: Invalid value: must be a list");
  else {
    let previous = 0;
    rawSteps.forEach((raw: unknown, i: number) => {
      const path = `spec.steps[${i}]`;
      if (!isRecord(raw)) return errors.push(`${path}: Invalid value: must be a mapping`);
      const at = raw["at"] === undefined ? previous : durationOf(raw["at"]);
      if (at === undefined)
        errors.push(
          `${path}.at: Invalid value: ${JSON.stringify(raw["at"])}: must be a duration such as 0s, 90s, 1m30s or 2h`,
        );
      else if (at < previous)
        errors.push(`${path}.at: Invalid value: ${JSON.stringify(raw["at"])}: steps must be in time order`);
      const kinds = Object.keys(raw).filter((k) => k !== "at");
      const unknown = kinds.filter((k) => !(STEP_KINDS as readonly string[]).includes(k));
      for (const k of unknown)
        errors.push(`${path}: unknown step kind "${k}" (supported: ${STEP_KINDS.join(", ")})`);
      const known = kinds.filter((k) => (STEP_KINDS as readonly string[]).includes(k));
      if (known.length === 0 && unknown.length === 0)
        errors.push(`${path}: Required value: one of ${STEP_KINDS.join(", ")}`);
      if (known.length > 1)
        errors.push(`${path}: Invalid value: a step does exactly one thing, found ${known.join(" and ")}`);
      const time = at ?? previous;
      previous = time;
      if (known.length !== 1 || unknown.length) return;
      const kind = known[0] as StepKind;
      const checked = checkAction(kind, raw[kind], `${path}.${kind}`);
      if (!checked.ok) return errors.push(checked.error);
      steps.push({ at: time, ...checked.action } as ScenarioStep);
      return undefined;
    });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, scenario: { name, seed: seed as number, workers: workers as number, steps } };
}

/** Parses and validates a Scenario from YAML text. */
export function parseScenario(text: string): ScenarioResult {
  const doc = parseDocument(text, { uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    return {
      ok: false,
      errors: [`line ${pos?.line ?? 1}, column ${pos?.col ?? 1}: ${problem.message.split("\n")[0] ?? ""}`],
    };
  }
  return validateScenario(doc.toJS({ maxAliasCount: 100 }));
}

/** One step as a Scenario document writes it; `at` as given (a duration). */
export function stepDocument(step: ScenarioStep, at: string): Record<string, unknown> {
  const kind = actionKind(step);
  if (kind === "kubectl") return { at, kubectl: kubectlDocument(step as KubectlAction) };
  return { at, [kind]: (step as unknown as Record<string, unknown>)[kind] };
}

/** Serialises a scenario back to a Scenario document (the inverse of validateScenario). */
export function scenarioDocument(scenario: Scenario): Record<string, unknown> {
  const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))}s`;
  return {
    apiVersion: SCENARIO_API_VERSION,
    kind: SCENARIO_KIND,
    metadata: { name: scenario.name },
    spec: {
      seed: scenario.seed,
      workers: scenario.workers,
      steps: scenario.steps.map((s) => stepDocument(s, seconds(s.at))),
    },
  };
}
