import { describe, expect, it } from "vitest";
import { ContainerFs } from "./containerFs";
import { Shell, evalArith } from "./shell";
import { ShellVars } from "./shellVars";
import { SHELL_PROGRAMS, sleepSeconds, strftime } from "./shellCommands";
import { parseScript } from "./shellParse";

const EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);

interface Run {
  status: number | undefined;
  /** [simulated ms, stream, line] in the order written. */
  lines: [number, "out" | "err", string][];
  out: string;
  err: string;
  /** Simulated time when the run ended (or was abandoned while blocked). */
  ms: number;
  blocked: boolean;
  fs: ContainerFs;
}

/** Runs argv as a container's main process would, advancing a fake clock through its sleeps. */
function run(
  argv: string[],
  options: { fs?: ContainerFs; env?: Record<string, string>; maxMs?: number } = {},
): Run {
  const fs = options.fs ?? new ContainerFs();
  let ms = 0;
  const lines: Run["lines"] = [];
  const partial = { out: "", err: "" };
  const sh = new Shell(
    { fs, hostname: "web-0", epochNow: () => EPOCH + ms, program: (n) => SHELL_PROGRAMS[n] },
    new ShellVars([["HOSTNAME", "web-0"], ...Object.entries(options.env ?? {})]),
  );
  const io = {
    write(fd: 1 | 2, text: string) {
      const key = fd === 1 ? "out" : "err";
      const parts = (partial[key] + text).split("\n");
      partial[key] = parts.pop() ?? "";
      for (const p of parts) lines.push([ms, key, p]);
    },
  };
  const gen = sh.exec(argv, io);
  let status: number | undefined;
  let blocked = false;
  for (;;) {
    const r = gen.next();
    if (r.done) {
      status = r.value;
      break;
    }
    if (r.value === Infinity || ms + r.value > (options.maxMs ?? 3_600_000)) {
      blocked = true;
      break;
    }
    ms += r.value;
  }
  const text = (k: "out" | "err") =>
    lines
      .filter((l) => l[1] === k)
      .map((l) => `${l[2]}\n`)
      .join("") + partial[k];
  return { status, lines, out: text("out"), err: text("err"), ms, blocked, fs };
}

const sh = (script: string, options?: Parameters<typeof run>[1]) => run(["sh", "-c", script], options);

describe("shell: sequencing and exit codes", () => {
  it("runs `echo hello; sleep 10; exit 1` on the clock", () => {
    const r = sh("echo hello; sleep 10; exit 1");
    expect(r.lines).toEqual([[0, "out", "hello"]]);
    expect(r.status).toBe(1);
    expect(r.ms).toBe(10_000);
  });

  it("accepts /bin/sh, bash and ash, and args after -c as $0 $1", () => {
    expect(run(["/bin/sh", "-c", "echo a"]).out).toBe("a\n");
    expect(run(["bash", "-c", "echo b && exit 3"]).status).toBe(3);
    expect(run(["ash", "-c", 'echo "$0 $1"', "me", "x"]).out).toBe("me x\n");
  });

  it("short-circuits && and ||, and returns the last status", () => {
    expect(sh("false && echo no || echo yes").out).toBe("yes\n");
    expect(sh("true || echo no; echo $?").out).toBe("0\n");
    expect(sh("false; echo $?").out).toBe("1\n");
    expect(sh("true; false").status).toBe(1);
    expect(sh("! false").status).toBe(0);
    expect(sh("exit 300").status).toBe(44);
  });

  it("sleeps decimals, suffixes and forever", () => {
    expect(sh("sleep 1.5").ms).toBe(1500);
    expect(sh("sleep 1m").ms).toBe(60_000);
    expect(run(["sleep", "2", "3"]).ms).toBe(5000);
    const forever = sh("echo up; sleep infinity; echo never");
    expect(forever).toMatchObject({ blocked: true, out: "up\n", status: undefined });
    expect(run(["sleep", "inf"]).blocked).toBe(true);
    expect(sh("sleep abc").err).toBe("sleep: invalid number 'abc'\n");
    expect([sleepSeconds("2h"), sleepSeconds("0.25"), sleepSeconds("x")]).toEqual([7200, 0.25, undefined]);
  });

  it("reports unknown commands as ash does: `sh: foo: not found`, 127", () => {
    const r = sh("foo --bar; echo after");
    expect(r.err).toBe("sh: foo: not found\n");
    expect(r.out).toBe("after\n");
    expect(sh("foo").status).toBe(127);
    expect(run(["/bin/sleep", "1"]).ms).toBe(1000);
  });

  it("reports syntax errors with exit code 2", () => {
    expect(sh('echo "unterminated')).toMatchObject({
      status: 2,
      err: "sh: syntax error: unterminated quoted string\n",
    });
    expect(sh("while true; do echo x")).toMatchObject({
      status: 2,
      err: 'sh: syntax error: unexpected end of file (expecting "done")\n',
    });
    expect(sh("echo a; done").err).toBe('sh: syntax error: unexpected "done"\n');
  });
});

describe("shell: quoting and expansion", () => {
  it("expands $VAR, ${VAR}, ${VAR:-default} and $HOSTNAME, not inside single quotes", () => {
    const env = { GREETING: "hi there", EMPTY: "" };
    expect(sh("echo $GREETING \"${GREETING}!\" '$GREETING' $HOSTNAME", { env }).out).toBe(
      "hi there hi there! $GREETING web-0\n",
    );
    expect(sh("echo ${MISSING:-fallback} ${EMPTY:-e} [$MISSING]", { env }).out).toBe("fallback e []\n");
  });

  it("splits unquoted expansions into words and keeps quoted ones whole", () => {
    const env = { LIST: "a  b c" };
    expect(sh('for x in $LIST; do echo "<$x>"; done', { env }).out).toBe("<a>\n<b>\n<c>\n");
    expect(sh('for x in "$LIST"; do echo "<$x>"; done', { env }).out).toBe("<a  b c>\n");
  });

  it("handles backslashes, adjacent quotes, and escapes in double quotes", () => {
    expect(sh(`echo a\\ b "c\\"d" 'e'"f" \\$HOME`).out).toBe('a b c"d ef $HOME\n');
  });

  it("substitutes $(cmd), `cmd` and $((arithmetic))", () => {
    expect(sh('echo "[$(echo inner)]" `hostname` $((2 + 3 * 4)) $(( (7 - 1) / 4 ))').out).toBe(
      "[inner] web-0 14 1\n",
    );
    expect(sh("i=0; i=$((i+1)); i=$(($i+1)); echo $i").out).toBe("2\n");
    expect(evalArith("10 % 3 == 1 && 2 > 1", () => undefined)).toBe(1);
  });

  it("sets variables for one command only when they prefix it", () => {
    expect(sh("A=1; A=2 printenv A; echo $A").out).toBe("2\n1\n");
  });
});

describe("shell: loops and conditionals", () => {
  it("runs `while true; do echo tick; sleep 5; done` at 5 s intervals, forever", () => {
    const r = sh("while true; do echo tick; sleep 5; done", { maxMs: 22_000 });
    expect(r.blocked).toBe(true);
    expect(r.lines).toEqual([0, 5000, 10_000, 15_000, 20_000].map((t) => [t, "out", "tick"]));
  });

  it("runs until loops, for loops, break and continue", () => {
    expect(sh("n=0; until [ $n -ge 3 ]; do n=$((n+1)); echo $n; done").out).toBe("1\n2\n3\n");
    expect(sh("for i in 1 2 3; do echo $i; sleep 1; done").ms).toBe(3000);
    expect(sh("for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done").out).toBe(
      "1\n3\n",
    );
    expect(sh("for i in $(seq 3); do echo -n $i; done").out).toBe("123");
  });

  it("charges time to a loop that never sleeps, so it cannot hang the simulation", () => {
    const r = sh("while true; do :; done", { maxMs: 1000 });
    expect(r.blocked).toBe(true);
    expect(r.ms).toBeGreaterThan(0);
  });

  it("runs if/elif/else with test and [ ]", () => {
    const fs = new ContainerFs();
    fs.write("/tmp/ready", "");
    const script =
      "if [ -f /tmp/ready ]; then echo ready; elif test -d /tmp; then echo dir; else echo none; fi";
    expect(sh(script, { fs }).out).toBe("ready\n");
    fs.remove("/tmp/ready");
    expect(sh(script, { fs }).out).toBe("dir\n");
    expect(sh('[ "a" = "b" ] || echo differ; [ 3 -gt 2 ] && echo bigger; [ -z "" ] && echo empty').out).toBe(
      "differ\nbigger\nempty\n",
    );
    expect(sh("[ 1 -eq 1").err).toBe("sh: missing ]\n");
  });

  it("groups with { } and ( ), and keeps a subshell's variables and exit inside it", () => {
    expect(sh("x=1; (x=2; exit 3); echo $? $x").out).toBe("3 1\n");
    expect(sh("{ echo a; echo b; } > /tmp/f; cat /tmp/f").out).toBe("a\nb\n");
  });
});

describe("shell: files", () => {
  it("touches, removes and cats files with busybox's messages", () => {
    const r = sh("touch /tmp/healthy; cat /tmp/healthy; rm /tmp/healthy; cat /tmp/healthy");
    expect(r.err).toBe("cat: can't open '/tmp/healthy': No such file or directory\n");
    expect(r.status).toBe(1);
    expect(sh("rm /tmp/nope").err).toBe("rm: can't remove '/tmp/nope': No such file or directory\n");
    expect(sh("rm -f /tmp/nope").status).toBe(0);
    expect(sh("touch /nodir/x")).toMatchObject({
      status: 1,
      err: "touch: /nodir/x: No such file or directory\n",
    });
    expect(sh("cat /tmp")).toMatchObject({ status: 1, err: "cat: read error: Is a directory\n" });
  });

  it("applies each step when it runs: the docs' liveness script", () => {
    const fs = new ContainerFs();
    const gen = new Shell(
      { fs, hostname: "liveness-exec", epochNow: () => EPOCH, program: (n) => SHELL_PROGRAMS[n] },
      new ShellVars([]),
    ).exec(["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"], {
      write: () => {},
    });
    expect(gen.next().value).toBe(30_000);
    expect(fs.isFile("/tmp/healthy")).toBe(true);
    expect(gen.next().value).toBe(600_000);
    expect(fs.isFile("/tmp/healthy")).toBe(false);
    expect(gen.next()).toEqual({ done: true, value: 0 });
  });

  it("redirects output to files, appends, and discards to /dev/null", () => {
    const r = sh("echo one > /tmp/log; echo two >> /tmp/log; echo gone > /dev/null; cat /tmp/log");
    expect(r.out).toBe("one\ntwo\n");
    expect(sh("cat /missing 2>/dev/null; echo $?").out).toBe("1\n");
    expect(sh("cat /missing 2>&1").out).toBe("cat: can't open '/missing': No such file or directory\n");
    expect(sh("echo x > /no/such/file")).toMatchObject({
      status: 1,
      err: "sh: can't create /no/such/file: nonexistent directory\n",
    });
    expect(sh("echo to-stdout > /proc/1/fd/1").out).toBe("to-stdout\n");
  });

  it("makes directories with and without -p, lists them, copies and moves", () => {
    expect(sh("mkdir /a/b").err).toBe("mkdir: can't create directory '/a/b': No such file or directory\n");
    const r = sh("mkdir -p /a/b && touch /a/b/f /a/g && ls /a; mkdir /a");
    expect(r.out).toBe("b\ng\n");
    expect(r.err).toBe("mkdir: can't create directory '/a': File exists\n");
    expect(sh("echo hi > /tmp/x; cp /tmp/x /tmp/y; mv /tmp/y /root; cat /root/y; ls /tmp").out).toBe(
      "hi\nx\n",
    );
  });

  it("greps files quietly or not", () => {
    const fs = new ContainerFs();
    fs.write("/tmp/status", "starting\nok\n");
    expect(sh("grep -q ok /tmp/status && echo found; grep ok /tmp/status", { fs }).out).toBe("found\nok\n");
    expect(sh("grep -q nope /tmp/status", { fs }).status).toBe(1);
  });
});

describe("shell: other commands", () => {
  it("prints the date as busybox does, in UTC", () => {
    expect(sh("date").out).toBe("Thu Jan  1 09:00:00 UTC 2026\n");
    expect(sh("sleep 65; date +%H:%M:%S").out).toBe("09:01:05\n");
    expect(strftime("%F %T %s", EPOCH)).toBe(`2026-01-01 09:00:00 ${EPOCH / 1000}`);
  });

  it("prints env, printf and echo -e/-n", () => {
    expect(sh("printenv A B", { env: { A: "1" } })).toMatchObject({ out: "1\n", status: 1 });
    expect(sh('printf "%s=%d\\n" a 1 b 2').out).toBe("a=1\nb=2\n");
    expect(sh('echo -e "a\\tb"; echo -n x; echo y').out).toBe("a\tb\nxy\n");
  });

  it("parses pipelines (the last command's status counts) and comments", () => {
    expect(sh("echo hidden | cat; echo shown # comment").out).toBe("shown\n");
    expect(sh("true | false").status).toBe(1);
    expect(parseScript("a && b || c; d\n e &")).toHaveLength(3);
  });
});
