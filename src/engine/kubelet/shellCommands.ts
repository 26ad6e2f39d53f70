// The shell's builtins (echo, printf, test/[, exit, break, continue, export, cd, exec...) and the
// shell programs themselves (sh/ash/bash: `-c script`, a script file, or an empty stdin), plus
// the busybox applets: every program a busybox-based image can run.

import { BUSYBOX_APPLETS, sync } from "./busyboxApplets";
import { type CommandFn, type CommandGen, type Io, Shell, ShellExit } from "./shell";

export { sleepSeconds, strftime } from "./busyboxApplets";

type SyncFn = (sh: Shell, args: readonly string[], io: Io) => number;

/** Backslash escapes of `echo -e` and `printf`; `\\c` stops the output there. */
function escapes(text: string): { text: string; stop: boolean } {
  const cut = text.indexOf("\\c");
  const body = cut >= 0 ? text.slice(0, cut) : text;
  const names: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", r: "\r", a: "\x07" };
  const out = body.replace(
    /\\(n|t|\\|r|a|0[0-7]{0,3})/g,
    (_all, c: string) => names[c] ?? String.fromCharCode(parseInt(c, 8)),
  );
  return { text: out, stop: cut >= 0 };
}

const echo: SyncFn = (_sh, args, io) => {
  let newline = true;
  let interpret = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] as string); i++) {
    for (const c of (args[i] as string).slice(1)) {
      if (c === "n") newline = false;
      else interpret = c === "e";
    }
  }
  let text = args.slice(i).join(" ");
  if (interpret) {
    const e = escapes(text);
    text = e.text;
    if (e.stop) newline = false;
  }
  io.write(1, newline ? `${text}\n` : text);
  return 0;
};

const printf: SyncFn = (_sh, args, io) => {
  const [format = "", ...values] = args;
  let out = "";
  let k = 0;
  do {
    out += format.replace(/%([-0-9.]*)([sdiuc%])/g, (_all, _w: string, conv: string) => {
      if (conv === "%") return "%";
      const v = values[k++] ?? "";
      return conv === "s" || conv === "c" ? v : String(Math.trunc(Number(v)) || 0);
    });
  } while (k > 0 && k < values.length);
  io.write(1, escapes(out).text);
  return 0;
};

function test(sh: Shell, args: readonly string[]): number {
  const fs = sh.host.fs;
  const a = [...args];
  if (a[0] === "!") return test(sh, a.slice(1)) === 0 ? 1 : 0;
  if (a.length === 0) return 1;
  if (a.length === 1) return a[0] === "" ? 1 : 0;
  if (a.length === 2) {
    const [op, v = ""] = a;
    const p = sh.path(v);
    const ok: Record<string, boolean> = {
      "-e": fs.exists(p),
      "-f": fs.isFile(p),
      "-d": fs.isDir(p),
      "-s": (fs.read(p) ?? "") !== "",
      "-r": fs.exists(p),
      "-w": fs.exists(p),
      "-x": fs.isDir(p),
      "-z": v === "",
      "-n": v !== "",
    };
    return ok[op as string] ? 0 : 1;
  }
  const [l = "", op, r = ""] = a;
  const n = (x: string): number => Number(x);
  const ok: Record<string, boolean> = {
    "=": l === r,
    "==": l === r,
    "!=": l !== r,
    "-eq": n(l) === n(r),
    "-ne": n(l) !== n(r),
    "-lt": n(l) < n(r),
    "-le": n(l) <= n(r),
    "-gt": n(l) > n(r),
    "-ge": n(l) >= n(r),
  };
  return ok[op as string] ? 0 : 1;
}

function* shellProgram(sh: Shell, argv: readonly string[], io: Io): CommandGen {
  const args = argv.slice(1).filter((a) => a !== "-e" && a !== "-x" && a !== "-eu" && a !== "-ex");
  const name = (argv[0] ?? "sh").replace(/^.*\//, "");
  if (args[0] === "-c") {
    if (args[1] === undefined) {
      io.write(2, `${name}: -c requires an argument\n`);
      return 2;
    }
    const child = new Shell(sh.host, sh.vars.clone(), args[2] ?? name, args.slice(3));
    child.cwd = sh.cwd;
    return yield* child.runScript(args[1], io);
  }
  if (args[0] !== undefined) {
    const script = sh.host.fs.read(sh.path(args[0]));
    if (script === undefined) {
      io.write(2, `${name}: can't open '${args[0]}': No such file or directory\n`);
      return 2;
    }
    const child = new Shell(sh.host, sh.vars.clone(), args[0], args.slice(1));
    return yield* child.runScript(script, io);
  }
  // No script and no terminal: the shell reads end of file from stdin and exits at once.
  return 0;
}

function* exec(sh: Shell, argv: readonly string[], io: Io): CommandGen {
  if (argv.length < 2) return 0;
  throw new ShellExit(yield* sh.exec(argv.slice(1), io));
}

export const SHELL_PROGRAMS: Readonly<Record<string, CommandFn>> = {
  ...BUSYBOX_APPLETS,
  ":": sync(() => 0),
  true: sync(() => 0),
  false: sync(() => 1),
  echo: sync(echo),
  printf: sync(printf),
  test: sync(test),
  "[": sync((sh, args, io) => {
    if (args.at(-1) !== "]") {
      io.write(2, "sh: missing ]\n");
      return 2;
    }
    return test(sh, args.slice(0, -1));
  }),
  exit: sync((sh, args) => {
    throw new ShellExit(args[0] === undefined ? sh.status : Number(args[0]) & 255 || 0);
  }),
  break: sync((sh, args) => sh.loopControl("break", Number(args[0] ?? 1) || 1)),
  continue: sync((sh, args) => sh.loopControl("continue", Number(args[0] ?? 1) || 1)),
  export: sync((sh, args) => {
    for (const a of args) {
      const i = a.indexOf("=");
      if (i > 0) sh.vars.set(a.slice(0, i), a.slice(i + 1));
    }
    return 0;
  }),
  unset: sync((sh, args) => {
    for (const a of args) sh.vars.delete(a);
    return 0;
  }),
  shift: sync((sh, args) => {
    sh.positional = sh.positional.slice(Number(args[0] ?? 1) || 1);
    return 0;
  }),
  cd: sync((sh, args, io) => {
    const p = sh.path(args[0] ?? "/root");
    if (!sh.host.fs.isDir(p)) {
      io.write(2, `sh: cd: can't cd to ${args[0] ?? ""}: No such file or directory\n`);
      return 2;
    }
    sh.cwd = p;
    return 0;
  }),
  pwd: sync((sh, _args, io) => (io.write(1, `${sh.cwd}\n`), 0)),
  set: sync(() => 0),
  trap: sync(() => 0),
  wait: sync(() => 0),
  read: sync(() => 1),
  exec,
  sh: shellProgram,
  ash: shellProgram,
  bash: shellProgram,
};
