// The busybox applets learners use in manifests and probes (cat, touch, rm, mkdir, ls, cp, mv,
// grep, seq, expr, sleep, tail, date, hostname, env...), with busybox's messages and exit codes:
// `cat: can't open 'F': No such file or directory`, exit 1.
// Simplified: common flags only; no stdin (an applet that would read it sees end of file).

import { civilFromDays } from "../sim/time";
import { parentOf } from "./containerFs";
import type { CommandFn, CommandGen, Io, Shell } from "./shell";

type SyncFn = (sh: Shell, args: readonly string[], io: Io) => number;

// eslint-disable-next-line require-yield -- a command that never sleeps is still a CommandGen
function* done(status: number): CommandGen {
  return status;
}

/** A command that finishes at once. */
export const sync =
  (fn: SyncFn): CommandFn =>
  (sh, argv, io) =>
    done(fn(sh, argv.slice(1), io));

/** Splits `-abc` flags from operands (`--` ends the flags). */
export function flags(args: readonly string[]): { flags: Set<string>; rest: string[] } {
  const set = new Set<string>();
  const rest: string[] = [];
  let ended = false;
  for (const a of args) {
    if (!ended && a === "--") ended = true;
    else if (!ended && /^-[A-Za-z]+$/.test(a)) for (const c of a.slice(1)) set.add(c);
    else rest.push(a);
  }
  return { flags: set, rest };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2, c = "0"): string => String(n).padStart(w, c);

/** strftime for the conversions `date` users write; UTC (containers have no TZ set). */
export function strftime(format: string, epochMs: number): string {
  const secs = Math.floor(epochMs / 1000);
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const H = Math.floor(sod / 3600);
  const M = Math.floor((sod % 3600) / 60);
  const S = sod % 60;
  const map: Record<string, string> = {
    a: DAYS[(((days + 4) % 7) + 7) % 7] ?? "",
    b: MONTHS[m - 1] ?? "",
    d: pad(d),
    e: pad(d, 2, " "),
    F: `${y}-${pad(m)}-${pad(d)}`,
    H: pad(H),
    M: pad(M),
    m: pad(m),
    S: pad(S),
    s: String(secs),
    T: `${pad(H)}:${pad(M)}:${pad(S)}`,
    Y: String(y),
    Z: "UTC",
    z: "+0000",
    "%": "%",
  };
  return format.replace(/%(.)/g, (all, c: string) => map[c] ?? all);
}

/** Seconds as `sleep` reads them: decimals, an s/m/h/d suffix, `inf`/`infinity`; undefined if invalid. */
export function sleepSeconds(arg: string): number | undefined {
  if (/^inf(inity)?$/i.test(arg)) return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

const cat: SyncFn = (sh, args, io) => {
  let status = 0;
  for (const f of flags(args).rest) {
    const p = sh.path(f);
    const content = sh.host.fs.read(p);
    if (content !== undefined) io.write(1, content);
    else if (sh.host.fs.isDir(p)) {
      io.write(2, "cat: read error: Is a directory\n");
      status = 1;
    } else {
      io.write(2, `cat: can't open '${f}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const touch: SyncFn = (sh, args, io) => {
  let status = 0;
  for (const f of flags(args).rest) {
    const p = sh.path(f);
    if (sh.host.fs.exists(p)) continue;
    if (!sh.host.fs.write(p, "")) {
      io.write(2, `touch: ${f}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const rm: SyncFn = (sh, args, io) => {
  const { flags: f, rest } = flags(args);
  let status = 0;
  for (const name of rest) {
    const p = sh.path(name);
    const fs = sh.host.fs;
    if (fs.isDir(p) && !f.has("r") && !f.has("R")) {
      io.write(2, `rm: '${name}' is a directory\n`);
      status = 1;
    } else if (!fs.remove(p) && !f.has("f")) {
      io.write(2, `rm: can't remove '${name}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const mkdir: SyncFn = (sh, args, io) => {
  const { flags: f, rest } = flags(args);
  let status = 0;
  for (const name of rest) {
    const p = sh.path(name);
    const fs = sh.host.fs;
    if (f.has("p") ? fs.mkdirAll(p) : fs.mkdir(p)) continue;
    const why = fs.exists(p) ? "File exists" : "No such file or directory";
    io.write(2, `mkdir: can't create directory '${name}': ${why}\n`);
    status = 1;
  }
  return status;
};

const ls: SyncFn = (sh, args, io) => {
  const targets = flags(args).rest;
  let status = 0;
  for (const t of targets.length ? targets : ["."]) {
    const p = sh.path(t);
    if (sh.host.fs.isDir(p)) {
      const names = sh.host.fs.list(p);
      if (targets.length > 1) io.write(1, `${t}:\n`);
      if (names.length) io.write(1, `${names.join("\n")}\n`);
    } else if (sh.host.fs.isFile(p)) io.write(1, `${t}\n`);
    else {
      io.write(2, `ls: ${t}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const cpOrMv =
  (move: boolean): SyncFn =>
  (sh, args, io) => {
    const rest = flags(args).rest;
    const name = move ? "mv" : "cp";
    const [from, to] = rest;
    if (from === undefined || to === undefined) {
      io.write(2, `${name}: missing file operand\n`);
      return 1;
    }
    const fs = sh.host.fs;
    const content = fs.read(sh.path(from));
    if (content === undefined) {
      io.write(2, `${name}: can't stat '${from}': No such file or directory\n`);
      return 1;
    }
    let dest = sh.path(to);
    if (fs.isDir(dest))
      dest = `${dest === "/" ? "" : dest}/${sh.path(from).slice(parentOf(sh.path(from)).length + 1)}`;
    if (!fs.write(dest, content)) {
      io.write(2, `${name}: can't create '${to}': No such file or directory\n`);
      return 1;
    }
    if (move) fs.remove(sh.path(from));
    return 0;
  };

const grep: SyncFn = (sh, args, io) => {
  const { flags: f, rest } = flags(args);
  const [pattern = "", ...files] = rest;
  let re: RegExp;
  try {
    re = new RegExp(pattern, f.has("i") ? "i" : "");
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
  let matched = false;
  let status = 0;
  for (const file of files) {
    const content = sh.host.fs.read(sh.path(file));
    if (content === undefined) {
      if (!f.has("s")) io.write(2, `grep: ${file}: No such file or directory\n`);
      status = 2;
      continue;
    }
    for (const line of content.split("\n").slice(0, content.endsWith("\n") ? -1 : undefined)) {
      if (re.test(line) === f.has("v")) continue;
      matched = true;
      if (!f.has("q")) io.write(1, `${files.length > 1 ? `${file}:` : ""}${line}\n`);
    }
  }
  return matched ? 0 : status || 1;
};

const seq: SyncFn = (_sh, args, io) => {
  const nums = args.map(Number);
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0] ?? 0] : nums.length === 2 ? [nums[0] ?? 1, 1, nums[1] ?? 0] : nums;
  let out = "";
  for (let v = first ?? 1, n = 0; (step ?? 1) > 0 ? v <= (last ?? 0) : v >= (last ?? 0); v += step ?? 1) {
    out += `${v}\n`;
    if (++n > 100_000 || step === 0) break;
  }
  io.write(1, out);
  return 0;
};

const expr: SyncFn = (_sh, args, io) => {
  const [a = "", op, b = ""] = args;
  const x = Number(a);
  const y = Number(b);
  const v: Record<string, number | string> = {
    "+": x + y,
    "-": x - y,
    "*": x * y,
    "/": y === 0 ? 0 : Math.trunc(x / y),
    "%": y === 0 ? 0 : x % y,
    "=": Number(a === b),
    "!=": Number(a !== b),
    "<": Number(x < y),
    ">": Number(x > y),
  };
  const result = op === undefined ? a : (v[op] ?? 0);
  io.write(1, `${result}\n`);
  return result === 0 || result === "" || result === "0" ? 1 : 0;
};

function* sleep(sh: Shell, argv: readonly string[], io: Io): CommandGen {
  const args = argv.slice(1);
  if (args.length === 0) {
    io.write(2, "sleep: missing operand\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const s = sleepSeconds(a);
    if (s === undefined) {
      io.write(2, `sleep: invalid number '${a}'\n`);
      return 1;
    }
    total += s;
  }
  return yield* sh.sleep(total === Infinity ? Infinity : Math.round(total * 1000));
}

/** `tail -f FILE` never ends; plain `tail` prints the last 10 lines. */
function* tail(sh: Shell, argv: readonly string[], io: Io): CommandGen {
  const { flags: f, rest } = flags(argv.slice(1).filter((a) => !/^-n$|^\d+$/.test(a)));
  if (f.has("f") || f.has("F")) return yield* sh.sleep(Infinity);
  for (const file of rest) {
    const content = sh.host.fs.read(sh.path(file));
    if (content === undefined) {
      io.write(2, `tail: can't open '${file}': No such file or directory\n`);
      return 1;
    }
    const lines = content.split("\n");
    if (lines.at(-1) === "") lines.pop();
    io.write(
      1,
      lines
        .slice(-10)
        .map((l) => `${l}\n`)
        .join(""),
    );
  }
  return 0;
}

/** `sh -c 'script' [arg0 [args...]]`, `sh script.sh`, or `sh` reading an empty stdin. */

export const BUSYBOX_APPLETS: Readonly<Record<string, CommandFn>> = {
  sleep,
  tail,
  cat: sync(cat),
  touch: sync(touch),
  rm: sync(rm),
  mkdir: sync(mkdir),
  ls: sync(ls),
  cp: sync(cpOrMv(false)),
  mv: sync(cpOrMv(true)),
  grep: sync(grep),
  seq: sync(seq),
  expr: sync(expr),
  date: sync((sh, args, io) => {
    const format = args.find((a) => a.startsWith("+"));
    io.write(1, `${strftime(format ? format.slice(1) : "%a %b %e %H:%M:%S %Z %Y", sh.host.epochNow())}\n`);
    return 0;
  }),
  hostname: sync((sh, _args, io) => (io.write(1, `${sh.host.hostname}\n`), 0)),
  whoami: sync((_sh, _args, io) => (io.write(1, "root\n"), 0)),
  uname: sync((_sh, args, io) => (io.write(1, args.includes("-r") ? "6.8.0-49-generic\n" : "Linux\n"), 0)),
  env: sync((sh, _args, io) => {
    io.write(
      1,
      sh.vars
        .entries()
        .map(([k, v]) => `${k}=${v}\n`)
        .join(""),
    );
    return 0;
  }),
  printenv: sync((sh, args, io) => {
    if (args.length === 0)
      io.write(
        1,
        sh.vars
          .entries()
          .map(([k, v]) => `${k}=${v}\n`)
          .join(""),
      );
    const values = args.map((a) => sh.vars.get(a));
    for (const v of values) if (v !== undefined) io.write(1, `${v}\n`);
    return values.every((v) => v !== undefined) ? 0 : 1;
  }),
};
