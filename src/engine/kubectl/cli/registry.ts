// Every kubectl command the simulation implements: each commands/*.ts module exports its
// CommandSpecs, and this is the one place that gathers them into the tree kubectl runs.

import type { CommandSpec } from "./command";
import { configCommands } from "./commands/config";
import { describeCommands } from "./commands/describe";
import { getCommands } from "./commands/get";
import { imperativeCommands } from "./commands/imperative";
import { infoCommands } from "./commands/info";
import { logsCommands } from "./commands/logs";
import { objectCommands } from "./commands/objects";
import { rolloutCommands } from "./commands/rollout";
import { type Registry, buildRegistry } from "./tree";

export { GLOBAL_FLAGS, type Registry, buildRegistry } from "./tree";

export const ALL_COMMANDS: readonly CommandSpec[] = [
  ...getCommands,
  ...describeCommands,
  ...objectCommands,
  ...imperativeCommands,
  ...rolloutCommands,
  ...logsCommands,
  ...configCommands,
  ...infoCommands,
];

let shared: Registry | undefined;
/** The registry of every implemented command, built once. */
export function registry(): Registry {
  shared ??= buildRegistry(ALL_COMMANDS);
  return shared;
}
