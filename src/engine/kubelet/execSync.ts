// The CRI ExecSync call an exec probe makes: the kubelet asks the runtime to run a command in
// a running container and waits for its exit code and combined output, at most timeoutSeconds.

import type { Simulation } from "../sim/simulation";
import type { ComponentName, ObjectRef } from "../trace/traceEvent";
import type { ExecResult } from "./containerProcess";
import type { RuntimeContainer } from "./containerRuntime";

/** ExecSync's own cost on top of the command's run time (containerd's exec setup). */
export const EXEC_SYNC_MS = 10;

/**
 * Runs `argv` in container `c` when the request arrives (its effects land then); the reply
 * comes after the command's run time. Replies undefined if the container is not running.
 */
export function execSyncCall(
  sim: Simulation,
  kubelet: ComponentName,
  runtime: ComponentName,
  c: RuntimeContainer | undefined,
  id: string,
  argv: readonly string[],
  timeoutSeconds: number,
  object: ObjectRef,
  reply: (result: ExecResult | undefined) => void,
): void {
  const name = c?.name ?? id.slice(0, 13);
  sim.send(
    {
      from: kubelet,
      to: runtime,
      kind: "request",
      summary: `ExecSync ${name}: ${argv.join(" ")}`,
      object,
      detail: { type: "cri", call: "ExecSync", container: name },
    },
    0,
    () => {
      const process = c?.state === "running" ? c.process : undefined;
      const result = process?.exec(argv, timeoutSeconds * 1000);
      const duration = EXEC_SYNC_MS + (result?.durationMs ?? 0);
      const summary = !result
        ? `container ${name} is not running`
        : result.timedOut
          ? `exec in ${name} timed out after ${timeoutSeconds}s`
          : `exec in ${name} exited with code ${result.exitCode}`;
      sim.send(
        {
          from: runtime,
          to: kubelet,
          kind: "response",
          summary,
          object,
          detail: {
            type: "cri",
            call: "ExecSync",
            container: name,
            durationMs: duration,
            ...(result && result.exitCode === 0 ? {} : { error: summary }),
          },
        },
        duration,
        () => reply(result),
      );
    },
  );
}
