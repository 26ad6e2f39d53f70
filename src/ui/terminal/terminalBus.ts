// The UI's end of the terminal protocol: sends kubectl lines, Ctrl+C and Tab to the worker and
// routes its replies to whoever listens (the terminal view, loaded lazily). No xterm here.

import type { WorkerMessage } from "../../protocol/messages";

export type TerminalReply = Extract<
  WorkerMessage,
  { type: "kubectlOutput" } | { type: "kubectlDone" } | { type: "completion" }
>;

const listeners = new Set<(message: TerminalReply) => void>();

export function isTerminalReply(message: WorkerMessage): message is TerminalReply {
  return message.type === "kubectlOutput" || message.type === "kubectlDone" || message.type === "completion";
}

/** Called by workerClient for every terminal reply. */
export function receiveTerminal(message: TerminalReply): void {
  for (const listener of listeners) listener(message);
}

export function onTerminalReply(listener: (message: TerminalReply) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
