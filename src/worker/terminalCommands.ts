// The Terminal panel's commands, as the worker runs them: each line goes to the cluster's kubectl
// shell (`cluster.shell`, src/engine/kubectl/cli/shell.ts) at the current simulated instant and is
// recorded as a `kubectl` scenario step, so share links and step-back replay it. Only live
// commands stream to the terminal; a replay re-runs the step with its output discarded.

import type { Cluster } from "../engine/cluster/cluster";
import type { KubectlIO, RunningCommand } from "../engine/kubectl/cli/command";
import type { ShellRunOptions } from "../engine/kubectl/cli/shell";
import type { ScenarioStep } from "../engine/scenario/scenario";
import type { WorkerMessage } from "../protocol/messages";

/** What the terminal passes through to kubectl: the editor's documents (`-f NAME`, `edit`). */
export type TerminalCommandOptions = ShellRunOptions;

export type TerminalMessage = Extract<
  WorkerMessage,
  { type: "kubectlOutput" } | { type: "kubectlDone" } | { type: "completion" }
>;

/** Exit code for a command ended by Ctrl+C or cut short by a rebuild of the run (as a shell's 128+SIGINT). */
export const CANCELLED_EXIT = 130;

/** The scenario step that replays a terminal line (its output then goes nowhere). */
export function kubectlStep(at: number, line: string): ScenarioStep {
  return { at, kubectl: line };
}

/** Live terminal commands and the messages they owe the UI. */
export class TerminalCommands {
  private readonly running = new Map<number, RunningCommand | undefined>();
  private outbox: TerminalMessage[] = [];

  /** Runs `line` against `cluster` now, streaming its output under `id`. */
  run(cluster: Cluster, id: number, line: string, options: TerminalCommandOptions): void {
    const shell = cluster.shell;
    const io: KubectlIO = {
      out: (text) => this.output(id, "stdout", text),
      err: (text) => this.output(id, "stderr", text),
    };
    let finished = false;
    this.running.set(id, undefined);
    const handle = shell.run(
      line,
      io,
      (exitCode) => {
        if (finished || !this.running.has(id)) return;
        finished = true;
        this.running.delete(id);
        this.push({ type: "kubectlDone", id, exitCode });
      },
      options,
    );
    if (!finished && handle) this.running.set(id, handle);
  }

  isRunning(id: number): boolean {
    return this.running.has(id);
  }

  /** Ctrl+C: the command stops streaming; a command that does not stream is cut off where it is. */
  cancel(id: number): void {
    if (!this.running.has(id)) return;
    const handle = this.running.get(id);
    this.running.delete(id);
    handle?.cancel();
    this.push({ type: "kubectlDone", id, exitCode: CANCELLED_EXIT });
  }

  /** The run was rebuilt (step back, reset, load): live commands belong to the old cluster. */
  abandonAll(): void {
    for (const [id, handle] of [...this.running]) {
      this.running.delete(id);
      handle?.cancel();
      this.push({ type: "kubectlDone", id, exitCode: CANCELLED_EXIT });
    }
  }

  complete(cluster: Cluster, id: number, line: string, cursor: number): void {
    this.push({ type: "completion", id, candidates: cluster.shell.complete(line, cursor) });
  }

  /** Messages since the last call, consecutive output of one stream merged. */
  take(): TerminalMessage[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  get pending(): boolean {
    return this.outbox.length > 0;
  }

  private output(id: number, stream: "stdout" | "stderr", text: string): void {
    // After done or Ctrl+C the terminal has moved on: late writes are dropped.
    if (text === "" || !this.running.has(id)) return;
    const last = this.outbox[this.outbox.length - 1];
    if (last?.type === "kubectlOutput" && last.id === id && last.stream === stream)
      this.outbox[this.outbox.length - 1] = { ...last, text: last.text + text };
    else this.push({ type: "kubectlOutput", id, stream, text });
  }

  private push(message: TerminalMessage): void {
    this.outbox.push(message);
  }
}
