// The terminal itself: xterm.js (loaded lazily with this module, like Monaco) driving a
// TerminalSession whose kubectl runs in the engine's worker. This folder is the only place that
// imports xterm.

import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import { clusterStore } from "../store/clusterStore";
import { send } from "../workerClient";
import { History, localHistory } from "./history";
import { onTerminalReply } from "./terminalBus";
import { TerminalSession } from "./terminalSession";

let nextId = 1;

export default function XtermView() {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({
      fontFamily:
        'ui-monospace, "SFMono-Regular", "JetBrains Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: {
        background: "#10161f",
        foreground: "#e6edf3",
        cursor: "#e6edf3",
        selectionBackground: "#2f4a6d",
      },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    const refit = (): void => {
      // A hidden or zero-sized pane has no geometry to fit to.
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    refit();
    const completions = new Map<number, (candidates: readonly string[]) => void>();
    const session = new TerminalSession(
      { write: (text) => term.write(text), cols: () => term.cols, clear: () => term.clear() },
      {
        run(line) {
          const id = nextId++;
          send({ type: "kubectl", id, line });
          return id;
        },
        cancel: (id) => send({ type: "kubectlCancel", id }),
        complete: (line, cursor) =>
          new Promise((resolve) => {
            const id = nextId++;
            completions.set(id, resolve);
            send({ type: "complete", id, line, cursor });
          }),
      },
      new History(localHistory),
    );
    const offReply = onTerminalReply((message) => {
      if (message.type === "kubectlOutput") session.output(message.id, message.text);
      else if (message.type === "kubectlDone") session.done(message.id);
      else {
        completions.get(message.id)?.(message.candidates);
        completions.delete(message.id);
      }
    });
    session.setPaused(!clusterStore.getState().clock.playing);
    const offClock = clusterStore.subscribe((state, previous) => {
      if (state.clock.playing !== previous.clock.playing) session.setPaused(!state.clock.playing);
    });
    const onData = term.onData((data) => session.input(data));
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    session.start();
    return () => {
      observer.disconnect();
      onData.dispose();
      offClock();
      offReply();
      term.dispose();
    };
  }, []);
  return <div className="terminal-host" ref={host} data-testid="terminal" />;
}
