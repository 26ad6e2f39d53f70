// The entry point for one kubectl command line against every implemented command.

import type { KubectlEnv, KubectlIO, RunningCommand } from "./command";
import { type RunOptions, dispatchKubectl } from "./dispatch";
import { registry } from "./registry";

export { type RunOptions, expandAlias, helpFor } from "./dispatch";

/**
 * Runs one kubectl command line (with or without the leading `kubectl`/`k`). Calls `done` once
 * with the exit code; returns a handle when the command streams (`-w`, `logs -f`, Ctrl+C cancels).
 */
export function runKubectl(
  line: string,
  env: KubectlEnv,
  io: KubectlIO,
  done: (exitCode: number) => void,
  options: RunOptions = {},
): RunningCommand | undefined {
  return dispatchKubectl(registry(), line, env, io, done, options);
}
