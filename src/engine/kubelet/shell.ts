// The simulated container shell: runs what learners put in `command:`/`args:` (`sh -c "echo
// hello; sleep 10; exit 1"`, `while true; do ...; done`, the probes' `cat /tmp/healthy`) on the
// virtual clock. A running script is a generator: it yields how long it sleeps (Infinity for
// "forever": `sleep infinity`, a server in the foreground) and returns its exit status, so the
// container runtime resumes it when the simulated time has passed. Everything else a command
// does (output, files) happens at the instant it runs. Messages follow busybox ash.
// Simplified: no stdin or pipes carrying data (a pipeline's last command gives the status), no
// job control (`&` runs in the foreground), no globbing, no functions.

import type { ContainerFs } from "./containerFs";
import { resolvePath } from "./containerFs";
import { evalArith } from "./shellArith";
import { type AndOr, type Command, type List, type Redirect, type Word, parseScript } from "./shellParse";
import { applyRedirects } from "./shellRedirect";
import type { ShellVars } from "./shellVars";
import { ShellSyntaxError } from "./shellParse";

/** Output sink: fd 1 (stdout) or 2 (stderr). */
export interface Io {
  write(fd: 1 | 2, text: string): void;
}

/** A running command: yields sleeps in ms (Infinity: blocks forever), returns the exit status. */
export type CommandGen = Generator<number, number, void>;
export type CommandFn = (sh: Shell, argv: readonly string[], io: Io) => CommandGen;

/** What the container around the shell provides. */
export interface ShellHost {
  readonly fs: ContainerFs;
  readonly hostname: string;
  /** Wall-clock time of the simulated instant, ms since the Unix epoch (for `date`). */
  epochNow(): number;
  /** Looks up a program by name (`cat`, `nginx`, `sh`); undefined if the image has none. */
  program(name: string): CommandFn | undefined;
  /** Runs a program the image does not know (an app in an unknown image); undefined: not found. */
  unknownProgram?(argv: readonly string[]): CommandFn | undefined;
}

export class ShellExit {
  constructor(readonly code: number) {}
}
class LoopControl {
  constructor(
    readonly kind: "break" | "continue",
    public levels: number,
  ) {}
}

/** A loop that ran this many times without sleeping is a busy loop: it costs simulated time. */
const BUSY_ITERATIONS = 100;
const BUSY_COST_MS = 1000;
/** Command substitutions and exec probes give up after this many steps (a loop that never ends). */
export const MAX_SYNC_STEPS = 10_000;

/** Parsed scripts, shared: the replicas of a Deployment all run the same one. */
const parsed = new Map<string, List | ShellSyntaxError>();

function parseCached(script: string): List | ShellSyntaxError {
  let result = parsed.get(script);
  if (result === undefined) {
    try {
      result = parseScript(script);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      result = e;
    }
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(script, result);
  }
  return result;
}

export class Shell {
  status = 0;
  cwd = "/";
  /** Sleeps yielded so far; loops compare it to tell a busy loop from one that sleeps. */
  sleeps = 0;

  constructor(
    readonly host: ShellHost,
    readonly vars: ShellVars,
    readonly arg0 = "sh",
    public positional: readonly string[] = [],
  ) {}

  /** A copy for a subshell `( )` or `$( )`: changes to variables do not leak back. */
  fork(): Shell {
    const sh = new Shell(this.host, this.vars.clone(), this.arg0, this.positional);
    sh.status = this.status;
    sh.cwd = this.cwd;
    sh.sleeps = this.sleeps;
    return sh;
  }

  path(p: string): string {
    return resolvePath(p, this.cwd);
  }

  /** Runs a script the way `sh -c` does: syntax errors print and exit 2, `exit N` ends it. */
  *runScript(script: string, io: Io): CommandGen {
    const list = parseCached(script);
    if (list instanceof ShellSyntaxError) {
      io.write(2, `${this.arg0}: ${list.message}\n`);
      return 2;
    }
    try {
      return yield* this.runList(list, io);
    } catch (e) {
      if (e instanceof ShellExit) return e.code;
      if (e instanceof LoopControl) return this.status;
      throw e;
    }
  }

  *runList(list: List, io: Io): CommandGen {
    for (const item of list) this.status = yield* this.runAndOr(item, io);
    return this.status;
  }

  private *runAndOr(item: AndOr, io: Io): CommandGen {
    let status = yield* this.runPipeline(item.first.negate, item.first.commands, io);
    for (const { op, pipeline } of item.rest) {
      if ((op === "&&") !== (status === 0)) continue;
      this.status = status;
      status = yield* this.runPipeline(pipeline.negate, pipeline.commands, io);
    }
    return status;
  }

  private *runPipeline(negate: boolean, commands: readonly Command[], io: Io): CommandGen {
    let status = 0;
    // Without stdin modelling, the commands before the last `|` run for their effects only.
    for (let i = 0; i < commands.length; i++) {
      const last = i === commands.length - 1;
      const stderrOnly: Io = { write: (fd, t) => (fd === 2 ? io.write(2, t) : undefined) };
      status = yield* this.runCommand(commands[i] as Command, last ? io : stderrOnly);
    }
    return negate ? (status === 0 ? 1 : 0) : status;
  }

  private *runCommand(cmd: Command, io: Io): CommandGen {
    switch (cmd.t) {
      case "simple":
        return yield* this.runSimple(cmd, io);
      case "loop":
        return yield* this.runLoop(cmd.until, cmd.cond, cmd.body, io);
      case "for": {
        const items = cmd.items.length ? cmd.items.flatMap((w) => this.expand(w)) : [...this.positional];
        let status = 0;
        for (const item of items) {
          this.vars.set(cmd.name, item);
          const r = yield* this.loopBody(cmd.body, io);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case "if": {
        for (const clause of cmd.clauses) {
          if ((yield* this.runList(clause.cond, io)) === 0) return yield* this.runList(clause.body, io);
        }
        return cmd.otherwise ? yield* this.runList(cmd.otherwise, io) : 0;
      }
      case "group": {
        const redirected = this.redirect(cmd.redirects, io);
        if (typeof redirected === "number") return redirected;
        if (!cmd.subshell) return yield* this.runList(cmd.list, redirected);
        const sub = this.fork();
        try {
          return yield* sub.runList(cmd.list, redirected);
        } catch (e) {
          if (e instanceof ShellExit) return e.code;
          throw e;
        } finally {
          this.sleeps = sub.sleeps;
        }
      }
    }
  }

  /** Runs a loop body; `break`/`continue` arrive as LoopControl throws. */
  private *loopBody(body: List, io: Io): Generator<number, { status: number; stop: boolean }, void> {
    try {
      return { status: yield* this.runList(body, io), stop: false };
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e;
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return { status: 0, stop: e.kind === "break" };
    }
  }

  private *runLoop(until: boolean, cond: List, body: List, io: Io): CommandGen {
    let status = 0;
    let idle = 0;
    for (;;) {
      const before = this.sleeps;
      if (((yield* this.runList(cond, io)) === 0) === until) break;
      const r = yield* this.loopBody(body, io);
      status = r.status;
      if (r.stop) break;
      // A loop that never sleeps would spin forever in no simulated time: charge it some.
      if (this.sleeps === before && ++idle >= BUSY_ITERATIONS) {
        idle = 0;
        yield* this.sleep(BUSY_COST_MS);
      }
    }
    return status;
  }

  *sleep(ms: number): CommandGen {
    this.sleeps++;
    yield ms;
    return 0;
  }

  private *runSimple(cmd: Extract<Command, { t: "simple" }>, io: Io): CommandGen {
    const values = cmd.assigns.map((a) => [a.name, this.expand(a.value, false).join("")] as const);
    const argv = cmd.words.flatMap((w) => this.expand(w));
    const redirected = this.redirect(cmd.redirects, io);
    if (typeof redirected === "number") return redirected;
    if (argv.length === 0) {
      for (const [name, value] of values) this.vars.set(name, value);
      return this.status;
    }
    // `FOO=bar cmd`: the assignments hold for that command only.
    const saved = values.map(([name]) => [name, this.vars.get(name)] as const);
    for (const [name, value] of values) this.vars.set(name, value);
    try {
      return yield* this.exec(argv, redirected);
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) this.vars.delete(name);
        else this.vars.set(name, value);
      }
    }
  }

  /** Runs one command line: a builtin, a program of the image, or `sh: foo: not found`. */
  *exec(argv: readonly string[], io: Io): CommandGen {
    const name = argv[0] ?? "";
    const fn = this.lookup(name);
    if (fn) return yield* fn(this, argv, io);
    const unknown = this.host.unknownProgram?.(argv);
    if (unknown) return yield* unknown(this, argv, io);
    io.write(2, `${this.arg0}: ${name}: not found\n`);
    return 127;
  }

  /** Programs by name or by their path in a bin directory; scripts by path run in a new shell. */
  lookup(name: string): CommandFn | undefined {
    if (!name.includes("/")) return this.host.program(name);
    const path = this.path(name);
    const dir = path.slice(0, path.lastIndexOf("/"));
    const base = path.slice(path.lastIndexOf("/") + 1);
    if (BIN_DIRS.has(dir) || dir === "") {
      const fn = this.host.program(base) ?? this.host.program(path);
      if (fn) return fn;
    }
    const script = this.host.fs.read(path);
    if (script === undefined) return this.host.program(path);
    return function* (sh, argv, io) {
      const child = new Shell(sh.host, sh.vars.clone(), argv[0], argv.slice(1));
      return yield* child.runScript(script.replace(/^#!.*\n/, ""), io);
    };
  }

  /** Applies redirections; a number is the failure status (the command does not run). */
  private redirect(redirects: readonly Redirect[], io: Io): Io | number {
    return applyRedirects(this, redirects, io);
  }

  // ---- expansion ---------------------------------------------------------------------------

  /** Expands a word into fields: unquoted expansions split on whitespace (split = false: one). */
  expand(word: Word, split = true): string[] {
    const fields: string[] = [];
    let cur = "";
    let has = false;
    for (const part of word) {
      const value = this.partValue(part);
      if (part.q || part.t === "lit" || !split) {
        cur += value;
        has ||= part.q || value !== "";
        continue;
      }
      value.split(/[ \t\n]+/).forEach((seg, k) => {
        if (k > 0 && has) {
          fields.push(cur);
          cur = "";
          has = false;
        }
        if (seg !== "") {
          cur += seg;
          has = true;
        }
      });
    }
    if (has) fields.push(cur);
    return split ? fields : [fields.join(" ")];
  }

  private partValue(part: Word[number]): string {
    switch (part.t) {
      case "lit":
        return part.v;
      case "var": {
        const v = this.variable(part.name);
        return v === undefined || v === "" ? (part.def ? this.expand(part.def, false).join("") : "") : v;
      }
      case "sub":
        return this.substitute(part.list);
      case "arith":
        return String(evalArith(this.expand(part.expr, false).join(""), (n) => this.vars.get(n)));
    }
  }

  variable(name: string): string | undefined {
    if (name === "?") return String(this.status);
    if (name === "$") return "1";
    if (name === "!") return "";
    if (name === "#") return String(this.positional.length);
    if (name === "0") return this.arg0;
    if (name === "@" || name === "*") return this.positional.join(" ");
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  /** `$(cmd)`: runs at once (its sleeps take no time), stdout without trailing newlines. */
  private substitute(list: List): string {
    let out = "";
    const sub = this.fork();
    const gen = sub.runList(list, { write: (fd, t) => (fd === 1 ? (out += t) : undefined) });
    try {
      for (let i = 0; i < MAX_SYNC_STEPS; i++) {
        const r = gen.next();
        if (r.done || r.value === Infinity) break;
      }
      this.status = sub.status;
    } catch (e) {
      if (e instanceof ShellExit) this.status = e.code;
      else if (!(e instanceof LoopControl)) throw e;
    }
    return out.replace(/\n+$/, "");
  }

  loopControl(kind: "break" | "continue", levels: number): never {
    throw new LoopControl(kind, levels);
  }
}

export { evalArith };

const BIN_DIRS = new Set(["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]);
