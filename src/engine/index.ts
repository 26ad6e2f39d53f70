// The engine's public surface: what the CLI, the Web Worker and tests use.

export { Cluster, type ClusterOptions } from "./cluster/cluster";
export type { KubeObject, Pod, Node, Event } from "./api/objects";
export type { TraceEvent, TraceDetail, ComponentName, ObjectRef } from "./trace/traceEvent";
export { formatTraceLine, formatSimTime } from "./trace/format";
export { type CommandResult } from "./kubectl/kubectl";
export { printTable, tableFor } from "./kubectl/printers/resourcePrinters";
export { printObject } from "./kubectl/printers/yamlPrinter";
export {
  parseScenario,
  validateScenario,
  isScenarioDocument,
  scenarioDocument,
  type Scenario,
  type ScenarioStep,
} from "./scenario/scenario";
export { playScenario, runStep, type StepResult } from "./scenario/runner";
