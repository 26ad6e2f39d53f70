// The Web Worker that owns the engine. It paces simulated time against wall time (paused, stepped,
// 0.25×–64×, or "run until idle"), executes the UI's commands, and posts at most one batch of
// changes per animation frame. The engine itself never sees a timer: this file is the only
// place that reads the wall clock.

import { PROTOCOL_VERSION, type UiCommand, type UiEnvelope, type WorkerMessage } from "../protocol/messages";
import { Session } from "./session";

const FRAME_MS = 16;
/** Wall time the engine may use per frame before it lets simulated time lag behind. */
const WORK_BUDGET_MS = 12;

/** The worker's global scope (typed here: the DOM and WebWorker libraries cannot be combined). */
const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<UiEnvelope>) => void) | null;
};
const session = new Session();
session.playing = true;
session.onOpenDocument = (name, text) => post({ type: "openDocument", name, text });
let lastWall = performance.now();

function post(message: WorkerMessage): void {
  scope.postMessage({ v: PROTOCOL_VERSION, message });
}

function flush(force = false): void {
  // While playing the clock moves every frame, so a batch goes out even without new events; after
  // a command one always does, so the UI sees e.g. Pause take effect although nothing changed.
  if (force || session.dirty || session.playing) post(session.takeBatch());
  // Terminal output after the batch, so the objects a command printed about are already shown.
  for (const message of session.terminal.take()) post(message);
}

function tick(): void {
  const now = performance.now();
  if (session.playing) {
    const target = session.cluster.sim.now + (now - lastWall) * session.speed;
    const deadline = now + WORK_BUDGET_MS;
    session.advanceTo(target, () => performance.now() > deadline);
  }
  lastWall = now;
  flush();
}

function handle(command: UiCommand): void {
  switch (command.type) {
    case "apply":
      session.act({ apply: command.text }, command.source, (results) =>
        post({ type: "result", id: command.id, results }),
      );
      break;
    case "delete":
      session.act(
        {
          delete: {
            kind: command.kind,
            name: command.name,
            ...(command.namespace ? { namespace: command.namespace } : {}),
          },
        },
        "",
        (results) => post({ type: "result", id: command.id, results }),
      );
      break;
    case "act":
      session.act(command.action, "", (results) => post({ type: "result", id: command.id, results }));
      break;
    case "setDocuments":
      session.documents = command.files;
      break;
    case "kubectl":
      // `-f NAME` reads the editor documents and `edit` opens one: Session.kubectl passes those on.
      session.kubectl(command.id, command.line);
      break;
    case "kubectlCancel":
      session.cancelKubectl(command.id);
      break;
    case "complete":
      session.terminal.complete(session.cluster, command.id, command.line, command.cursor);
      break;
    case "play":
      session.playing = true;
      break;
    case "pause":
      session.playing = false;
      break;
    case "step":
      session.playing = false;
      session.step(command.skipBackground);
      break;
    case "stepBack":
      session.playing = false;
      session.stepBack(command.skipBackground);
      break;
    case "setSpeed":
      session.speed = command.speed;
      break;
    case "runUntilIdle":
      session.runUntilIdle();
      break;
    case "reset":
      session.load({
        seed: command.seed ?? session.scenario.seed,
        workers: command.workers ?? session.scenario.workers,
        steps: [],
      });
      break;
    case "loadScenario":
      session.restore(command.scenario, command.untilTime, command.traceCount);
      break;
  }
}

scope.onmessage = (event: MessageEvent<UiEnvelope>) => {
  const envelope = event.data;
  if (envelope?.v !== PROTOCOL_VERSION) {
    post({
      type: "error",
      message: `protocol version ${String(envelope?.v)} is not supported (expected ${PROTOCOL_VERSION})`,
    });
    return;
  }
  try {
    handle(envelope.command);
  } catch (error) {
    // A bug must not take the worker down: report it and carry on with the cluster as it is.
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
  lastWall = performance.now();
  flush(true);
};

setInterval(tick, FRAME_MS);
