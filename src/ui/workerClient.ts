// The UI's end of the worker protocol: starts the engine's worker, sends commands, and folds the
// worker's batches into the cluster store. The main thread never runs simulation code.

import type { ScenarioAction } from "../engine/scenario/scenario";
import { PROTOCOL_VERSION, type UiCommand, type WorkerEnvelope } from "../protocol/messages";
import { openInEditor } from "./documents/documentStore";
import { clusterStore, receive } from "./store/clusterStore";
import { isTerminalReply, receiveTerminal } from "./terminal/terminalBus";

let worker: Worker | undefined;
let nextId = 1;

export function startWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("../worker/engineWorker.ts", import.meta.url), {
    type: "module",
    name: "pilothouse-engine",
  });
  worker.onmessage = (event: MessageEvent<WorkerEnvelope>) => {
    if (event.data?.v !== PROTOCOL_VERSION) return;
    const message = event.data.message;
    if (message.type === "openDocument") openInEditor(message.name, message.text);
    else if (isTerminalReply(message)) receiveTerminal(message);
    else receive(message);
  };
  worker.onerror = (event) =>
    clusterStore.setState({ workerError: event.message || "the engine worker failed" });
  return worker;
}

export function send(command: UiCommand): void {
  startWorker().postMessage({ v: PROTOCOL_VERSION, command });
}

/** `kubectl apply -f` of the editor's text; the outcome arrives in clusterStore.lastApply. */
export function applyManifest(text: string, source = "manifest.yaml"): number {
  const id = nextId++;
  clusterStore.setState({ lastApply: { id, pending: true, results: [] } });
  send({ type: "apply", id, text, source });
  return id;
}

/** `kubectl delete <kind> <name> -n <namespace>`; the outcome arrives in clusterStore.lastApply. */
export function deleteObject(kind: string, name: string, namespace: string | undefined): number {
  const id = nextId++;
  clusterStore.setState({ lastApply: { id, pending: true, results: [] } });
  send({ type: "delete", id, kind, name, ...(namespace ? { namespace } : {}) });
  return id;
}

/** Any other learner action (scale, set image, rollback, node stop/start, load); the outcome arrives in clusterStore.lastApply. */
export function act(action: ScenarioAction): number {
  const id = nextId++;
  clusterStore.setState({ lastApply: { id, pending: true, results: [] } });
  send({ type: "act", id, action });
  return id;
}
