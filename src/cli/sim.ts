// Headless Pilothouse: run manifests or scenarios against a simulated cluster and print what
// kubectl would print, the trace, and the final pods — or everything as one JSON document.
//
//   npm run sim -- [--nodes N] [--seed S] [--for 10m | --until-idle] [--trace] [--trace-all] [--json] FILE...

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseAllDocuments } from "yaml";
import {
  Cluster,
  type CommandResult,
  type KubeObject,
  formatTraceLine,
  isScenarioDocument,
  playScenario,
  printTable,
  runStep,
  validateScenario,
  type ScenarioStep,
} from "../engine/index";
import { parseDuration } from "../engine/sim/time";

interface Options {
  nodes?: number;
  seed?: number;
  forMs?: number;
  trace: boolean;
  traceAll: boolean;
  json: boolean;
  files: string[];
}

const usage = `Usage: npm run sim -- [--nodes N] [--seed S] [--for 10m | --until-idle] [--trace] [--trace-all] [--json] FILE...

Each FILE is a Kubernetes manifest (one or more YAML documents) or a Pilothouse Scenario.
Manifests are applied in order at time 0, as 'kubectl apply -f FILE' would; a Scenario's steps
run at their own times. Then the simulation runs until the cluster is idle (default) or for the
given simulated duration.

  --nodes N      worker nodes (default 3, or the scenario's spec.workers)
  --seed S       random seed (default 1, or the scenario's spec.seed)
  --for D        run for a simulated duration such as 90s or 10m
  --until-idle   run until only heartbeats are left (default; at most 1h of simulated time)
  --trace        print every message between components (heartbeats hidden)
  --trace-all    print every message, heartbeats included
  --json         print one JSON document: results, trace, objects, events`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = { trace: false, traceAll: false, json: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`error: ${arg} needs a value\n\n${usage}`);
      return v;
    };
    const integer = (name: string, text: string, max: number): number => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0 || n > max)
        fail(`error: ${name} must be an integer between 0 and ${max}, got "${text}"`);
      return n;
    };
    switch (arg) {
      case "--nodes":
        options.nodes = integer("--nodes", value(), 5000);
        break;
      case "--seed":
        options.seed = integer("--seed", value(), 0xffffffff);
        break;
      case "--for": {
        const text = value();
        const ms = parseDuration(text);
        if (ms === undefined) fail(`error: --for needs a duration such as 90s or 10m, got "${text}"`);
        options.forMs = ms;
        break;
      }
      case "--until-idle":
        delete options.forMs;
        break;
      case "--trace":
        options.trace = true;
        break;
      case "--trace-all":
        options.trace = true;
        options.traceAll = true;
        break;
      case "--json":
        options.json = true;
        break;
      case "-h":
      case "--help":
        process.stdout.write(`${usage}\n`);
        process.exit(0);
        break;
      default:
        if (arg.startsWith("-")) fail(`error: unknown flag ${arg}\n\n${usage}`);
        options.files.push(arg);
    }
  }
  if (options.files.length === 0) fail(usage);
  return options;
}

interface Input {
  readonly source: string;
  readonly steps: ScenarioStep[];
  readonly seed?: number;
  readonly workers?: number;
  readonly error?: string;
}

/** A file is a Scenario when its first document says so; otherwise it is a manifest applied at 0s. */
function readInput(file: string): Input {
  const source = basename(file) === file ? file : file;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return {
      source,
      steps: [],
      error: `error: the path "${file}" does not exist (${(error as Error).message})`,
    };
  }
  const first = parseAllDocuments(text)[0];
  let value: unknown;
  try {
    value = first && !("errors" in first && first.errors.length) ? first.toJS() : undefined;
  } catch {
    value = undefined;
  }
  if (isScenarioDocument(value)) {
    const result = validateScenario(value);
    if (!result.ok)
      return {
        source,
        steps: [],
        error: `error: invalid Scenario "${file}":\n${result.errors.map((e) => `* ${e}`).join("\n")}`,
      };
    return {
      source,
      steps: [...result.scenario.steps],
      seed: result.scenario.seed,
      workers: result.scenario.workers,
    };
  }
  return { source, steps: [{ at: 0, apply: text }] };
}

const WORKLOAD_TABLES = [
  ["Deployment", "deployments"],
  ["ReplicaSet", "replicasets"],
  ["DaemonSet", "daemonsets"],
  ["StatefulSet", "statefulsets"],
  ["Job", "jobs"],
  ["CronJob", "cronjobs"],
  ["HorizontalPodAutoscaler", "hpa"],
] as const;

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const inputs = options.files.map(readInput);
  const scenario = inputs.find((i) => i.seed !== undefined);
  const cluster = new Cluster({
    seed: options.seed ?? scenario?.seed ?? 1,
    workers: options.nodes ?? scenario?.workers ?? 3,
  });

  // Manifest files are one `kubectl apply -f a.yaml -f b.yaml` at 0s: applied one after another.
  // A Scenario's steps run at their own times.
  const results: { file: string; result: CommandResult }[] = [];
  const out: string[] = [];
  const record = (file: string, result: CommandResult): void => {
    results.push({ file, result });
    if (!options.json) out.push(result.message);
  };
  for (const input of inputs) if (input.error) record(input.source, { ok: false, message: input.error });
  const manifests = inputs.filter((i) => !i.error && i.seed === undefined);
  const scenarioSteps = inputs
    .filter((i) => !i.error && i.seed !== undefined)
    .flatMap((i) => i.steps.map((step) => ({ step, source: i.source })));
  let pending = manifests.length + scenarioSteps.length;
  const applyNext = (i: number): void => {
    const input = manifests[i];
    if (!input) return;
    runStep(cluster, input.steps[0] as ScenarioStep, input.source, (rs) => {
      for (const r of rs) record(input.source, r);
      pending--;
      applyNext(i + 1);
    });
  };
  if (manifests.length) cluster.sim.scheduleInput(0, () => applyNext(0));
  playScenario(
    cluster,
    { steps: scenarioSteps.map((s) => s.step) },
    (i) => scenarioSteps[i]?.source ?? "",
    (r) => {
      for (const result of r.results) record(scenarioSteps[r.index]?.source ?? "", result);
      pending--;
    },
  );
  if (options.forMs !== undefined) cluster.sim.runFor(options.forMs);
  else cluster.sim.runUntilIdle();

  const objects = cluster.objects();
  const nowMs = cluster.sim.epochMs + cluster.sim.now;
  if (options.json) {
    const document = {
      results: results.map((r) => ({ ok: r.result.ok, message: r.result.message, file: r.file })),
      trace: cluster.sim.trace,
      objects,
      events: objects.filter((o) => o.kind === "Event"),
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    if (out.length) process.stdout.write(`${out.join("\n")}\n`);
    if (options.trace) {
      process.stdout.write("\n# trace\n");
      for (const event of cluster.sim.trace) {
        if (event.background && !options.traceAll) continue;
        process.stdout.write(`${formatTraceLine(event)}\n`);
      }
    }
    const at = `(at ${(cluster.sim.now / 1000).toFixed(3)}s)`;
    // Workloads the run created (kube-system's add-ons are always there, so they are left out).
    for (const [kind, resource] of WORKLOAD_TABLES) {
      const items = objects.filter((o) => o.kind === kind && o.metadata.namespace !== "kube-system");
      if (items.length === 0) continue;
      process.stdout.write(`\n# kubectl get ${resource} -A   ${at}\n`);
      process.stdout.write(printTable(kind, items, { nowMs, allNamespaces: true }));
    }
    const pods = objects.filter((o): o is KubeObject => o.kind === "Pod");
    process.stdout.write(`\n# kubectl get pods -A -o wide   ${at}\n`);
    process.stdout.write(printTable("Pod", pods, { nowMs, wide: true, allNamespaces: true }));
    const nodes = objects.filter((o) => o.kind === "Node");
    process.stdout.write(`\n# kubectl get nodes   ${at}\n`);
    process.stdout.write(printTable("Node", nodes, { nowMs }));
    if (pending > 0) process.stdout.write("\n(some steps had not run when the simulation stopped)\n");
  }
  process.exitCode = results.some((r) => !r.result.ok) ? 1 : 0;
}

main();
