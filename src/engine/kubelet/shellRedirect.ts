// Redirections of the simulated shell: `> f`, `>> f`, `2> f`, `2>&1`, `&> f`, `< f`, with
// /dev/null, /dev/stdout, /dev/stderr and /proc/1/fd/1 (the container's own output), and ash's
// messages when a file cannot be created.

import type { Io, Shell } from "./shell";
import type { Redirect } from "./shellParse";

/** Applies redirections; a number is the failure status (the command does not run). */
export function applyRedirects(sh: Shell, redirects: readonly Redirect[], io: Io): Io | number {
  if (redirects.length === 0) return io;
  const targets: Record<1 | 2, (text: string) => void> = {
    1: (t) => io.write(1, t),
    2: (t) => io.write(2, t),
  };
  for (const r of redirects) {
    const target = sh.expand(r.target, false).join("");
    if (r.op === "<") {
      const path = sh.path(target);
      if (!sh.host.fs.exists(path)) {
        io.write(2, `${sh.arg0}: can't open '${target}': No such file or directory\n`);
        return 1;
      }
      continue;
    }
    if (r.op === ">&") {
      const from = r.fd === 2 ? 2 : 1;
      if (target === "1" || target === "2") targets[from] = targets[Number(target) as 1 | 2];
      continue;
    }
    const sink = fileSink(sh, target, r.op === ">>", io);
    if (typeof sink === "number") return sink;
    if (r.op === "&>") {
      targets[1] = sink;
      targets[2] = sink;
    } else if (r.fd === 1 || r.fd === 2) targets[r.fd] = sink;
  }
  return { write: (fd, text) => targets[fd](text) };
}

function fileSink(sh: Shell, target: string, append: boolean, io: Io): ((text: string) => void) | number {
  const path = sh.path(target);
  if (path === "/dev/null") return () => {};
  if (path === "/dev/stdout" || path === "/proc/1/fd/1" || path === "/proc/self/fd/1")
    return (t) => io.write(1, t);
  if (path === "/dev/stderr" || path === "/proc/1/fd/2" || path === "/proc/self/fd/2")
    return (t) => io.write(2, t);
  const fs = sh.host.fs;
  // Appending nothing creates the file if its directory exists; `>` then truncates it.
  if (!fs.write(path, "", true)) {
    const why = fs.isDir(path) ? "Is a directory" : "nonexistent directory";
    io.write(2, `${sh.arg0}: can't create ${target}: ${why}\n`);
    return 1;
  }
  if (!append) fs.write(path, "");
  return (t) => fs.write(path, t, true);
}
