import { describe, expect, it } from "vitest";
import { History, type HistoryStore } from "./history";
import { PAUSED_NOTE, TerminalSession } from "./terminalSession";

const plain = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r+\n/g, "\n");

function setup(saved: string[] = [], cols = 80) {
  let screen = "";
  let clears = 0;
  const runs: string[] = [];
  const cancels: number[] = [];
  const completes: { line: string; cursor: number }[] = [];
  let candidates: readonly string[] = [];
  const stored: string[][] = [];
  const store: HistoryStore = { load: () => [...saved], save: (lines) => stored.push([...lines]) };
  const session = new TerminalSession(
    { write: (t) => (screen += t), cols: () => cols, clear: () => clears++ },
    {
      run: (line) => runs.push(line),
      cancel: (id) => cancels.push(id),
      complete: (line, cursor) => {
        completes.push({ line, cursor });
        return Promise.resolve(candidates);
      },
    },
    new History(store),
  );
  session.start();
  return {
    session,
    runs,
    cancels,
    completes,
    stored,
    screen: () => plain(screen),
    raw: () => screen,
    clears: () => clears,
    offer: (c: readonly string[]) => (candidates = c),
    reset: () => (screen = ""),
  };
}

describe("TerminalSession", () => {
  it("runs kubectl and its alias k as kubectl lines, and prints their output before the next prompt", () => {
    const t = setup();
    t.session.input("k get po -o wide");
    t.reset();
    t.session.input("\r");
    expect(t.runs).toEqual(["kubectl get po -o wide"]);
    expect(t.session.busy).toBe(true);
    t.session.output(1, "NAME   READY\nweb    1/1\n");
    t.session.done(1);
    expect(t.screen()).toMatch(/k get po -o wide\nNAME {3}READY\nweb {4}1\/1\n\$ $/);
    expect(t.session.busy).toBe(false);
  });

  it("answers other commands as a shell would, and `clear` clears the screen", () => {
    const t = setup();
    t.session.input("ls\r");
    expect(t.screen()).toContain("ls: command not found\n");
    expect(t.runs).toEqual([]);
    t.session.input("clear\r");
    expect(t.clears()).toBe(1);
  });

  it("edits the line: cursor keys, backspace, delete, Home/End, Ctrl+U/K/W", () => {
    const t = setup();
    t.session.input("kubectl get pods");
    t.session.input("\x1b[D\x1b[D\x1b[D\x1b[D\x7f"); // left ×4, backspace: removes the space before "pods"
    expect(t.session.currentLine).toBe("kubectl getpods");
    t.session.input(" \x1b[H\x1b[3~");
    expect(t.session.currentLine).toBe("ubectl get pods");
    t.session.input("k\x1b[F\x17");
    expect(t.session.currentLine).toBe("kubectl get ");
    t.session.input("\x01\x0b");
    expect(t.session.currentLine).toBe("");
    t.session.input("abc\x1b[D\x15");
    expect(t.session.currentLine).toBe("c");
    expect(t.session.cursorPosition).toBe(0);
  });

  it("keeps history across sessions: ↑/↓ browse it, the typed draft comes back, repeats are stored once", () => {
    const t = setup(["kubectl version"]);
    t.session.input("k get ns\r");
    t.session.done(1);
    t.session.input("k get ns\r");
    t.session.done(2);
    expect(t.stored.at(-1)).toEqual(["kubectl version", "k get ns"]);
    t.session.input("draft");
    t.session.input("\x1b[A");
    expect(t.session.currentLine).toBe("k get ns");
    t.session.input("\x1b[A\x1b[A");
    expect(t.session.currentLine).toBe("kubectl version");
    t.session.input("\x1b[B\x1b[B");
    expect(t.session.currentLine).toBe("draft");
  });

  it("Ctrl+C cancels the running command and clears the line; typing during a command waits for the prompt", () => {
    const t = setup();
    t.session.input("k get pods -w\r");
    t.session.input("k get no");
    expect(t.session.currentLine).toBe("");
    t.session.input("\x03");
    expect(t.cancels).toEqual([1]);
    expect(t.session.busy).toBe(false);
    t.session.output(1, "watch event\n");
    expect(t.screen()).not.toContain("watch event");
    expect(t.screen()).toContain("^C\n$ ");
    t.session.input("half typed\x03");
    expect(t.session.currentLine).toBe("");

    t.session.input("k get pods\r");
    t.session.input("k get nodes\r");
    expect(t.runs).toEqual(["kubectl get pods -w", "kubectl get pods"]);
    t.session.done(2);
    expect(t.runs).toEqual(["kubectl get pods -w", "kubectl get pods", "kubectl get nodes"]);
  });

  it("shows a command typed while paused as waiting until it is done", () => {
    const t = setup();
    t.session.setPaused(true);
    t.session.input("k get pods");
    t.reset();
    t.session.input("\r");
    expect(t.screen()).toMatch(/k get pods\n\(waiting: simulation paused — press Play or Step\)\n$/);
    expect(t.screen()).toContain(PAUSED_NOTE);
    t.session.setPaused(false);
    t.session.output(1, "No resources found in default namespace.\n");
    t.session.done(1);
    expect(t.screen()).toContain(`${PAUSED_NOTE}\nNo resources found in default namespace.\n$ `);
  });

  it("prompt is dimmed, output is written as is (kubectl prints plain text)", () => {
    const t = setup();
    t.session.input("k get podz\r");
    t.reset();
    t.session.output(1, 'error: the server doesn\'t have a resource type "podz"\n');
    expect(t.raw()).toBe('error: the server doesn\'t have a resource type "podz"\r\n');
    t.session.done(1);
    expect(t.raw()).toContain("\x1b[2m$ \x1b[0m");
  });

  it("Tab completes the word at the cursor: one candidate with a space, a common prefix, or a list", async () => {
    const t = setup();
    t.session.input("ku\t");
    expect(t.session.currentLine).toBe("kubectl ");
    t.session.input("\x15");
    t.offer(["get"]);
    t.session.input("k g\t");
    await Promise.resolve();
    expect(t.completes.at(-1)).toEqual({ line: "kubectl g", cursor: 9 });
    expect(t.session.currentLine).toBe("k get ");
    t.offer(["deployments.apps", "daemonsets.apps"]);
    t.session.input("d\t");
    await Promise.resolve();
    expect(t.session.currentLine).toBe("k get d");
    expect(t.screen()).toMatch(/daemonsets\.apps {3}deployments\.apps\n\r\$ k get d/);
    t.offer(["deployments.apps", "deployments.apps/v1"]);
    t.session.input("\t");
    await Promise.resolve();
    expect(t.session.currentLine).toBe("k get deployments.apps");
  });

  it("redraws a line that wraps past the right margin without leaving stale rows", () => {
    const t = setup([], 10);
    t.session.input("k get pods -A");
    t.reset();
    t.session.input("\x1b[H");
    // The cursor was on row 1 (after 15 columns): up one row, rewrite, then back to column 2 of row 0.
    expect(t.raw()).toBe("\x1b[1A\r\x1b[J\x1b[2m$ \x1b[0mk get pods -A\x1b[1A\r\x1b[2C");
  });
});
