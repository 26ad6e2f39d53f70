// Start-up: open a share link if the URL has one (or say why it cannot be opened), else restore
// the last session from this browser, else start the default cluster with the example Pod.

import { validateScenario } from "../engine/scenario/scenario";
import { dataOf, selectedIndex } from "./documents/documents";
import { replaceDocuments, syncDocumentsToWorker } from "./documents/documentStore";
import { loadSession, saveSession, savedDocuments } from "./persistence";
import { decodeShare } from "./share/shareLink";
import { clusterStore } from "./store/clusterStore";
import { uiStore } from "./store/uiStore";
import { send, startWorker } from "./workerClient";

const SAVE_EVERY_MS = 1000;

export function boot(): void {
  startWorker();
  syncDocumentsToWorker(send);
  // The worker answers a fresh start with one reset batch, and a restore with a second one; saving
  // before the restored run has arrived would overwrite it with an empty cluster.
  let expectedGeneration = 1;
  const shared = decodeShare(window.location.hash);
  if (shared.ok === true) {
    // A link made from an empty editor keeps the example Pod.
    const only = shared.state.documents.length === 1 ? shared.state.documents[0] : undefined;
    if (!only || only.text !== "") replaceDocuments(shared.state.documents, shared.state.selected);
    send({
      type: "loadScenario",
      scenario: shared.state.scenario,
      untilTime: shared.state.until,
      ...(shared.state.count !== undefined ? { traceCount: shared.state.count } : {}),
    });
    send({ type: "pause" });
    expectedGeneration = 2;
  } else {
    if (shared.ok === false) uiStore.setState({ notice: shared.error });
    const saved = loadSession();
    const valid =
      saved &&
      validateScenario({
        apiVersion: "pilothouse.dev/v1alpha1",
        kind: "Scenario",
        metadata: { name: "saved" },
        spec: { seed: saved.scenario.seed, workers: saved.scenario.workers, steps: [] },
      }).ok;
    if (saved && valid) {
      const restored = savedDocuments(saved);
      replaceDocuments(restored.documents, restored.selected);
      send({
        type: "loadScenario",
        scenario: saved.scenario,
        untilTime: saved.now,
        ...(saved.traceCount !== undefined ? { traceCount: saved.traceCount } : {}),
      });
      send({ type: "setSpeed", speed: saved.speed });
      send({ type: saved.playing ? "play" : "pause" });
      expectedGeneration = 2;
    }
  }
  if (shared.ok !== "none") history.replaceState(null, "", window.location.pathname + window.location.search);

  let lastSave = 0;
  const save = (): void => {
    const { scenario, clock, generation } = clusterStore.getState();
    if (generation < expectedGeneration) return;
    saveSession({
      documents: dataOf(uiStore.getState()),
      selectedDocument: selectedIndex(uiStore.getState()),
      scenario,
      now: clock.now,
      traceCount: clock.traceCount,
      playing: clock.playing,
      speed: clock.speed,
    });
    lastSave = performance.now();
  };
  clusterStore.subscribe(() => {
    if (performance.now() - lastSave > SAVE_EVERY_MS) save();
  });
  uiStore.subscribe((s, prev) => {
    if (s.documents !== prev.documents || s.selectedDocument !== prev.selectedDocument) save();
  });
  window.addEventListener("pagehide", save);
}
