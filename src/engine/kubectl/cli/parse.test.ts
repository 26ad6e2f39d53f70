import { describe, expect, it } from "vitest";
import type { CommandSpec, FlagSpec, KubectlEnv, ParsedCommand } from "./command";
import { parseFlags, splitLine } from "./parse";
import { dispatchKubectl } from "./dispatch";
import { buildRegistry } from "./tree";

const flags: FlagSpec[] = [
  { name: "namespace", shorthand: "n", type: "string", usage: "" },
  { name: "stdin", shorthand: "i", type: "bool", usage: "" },
  { name: "tty", shorthand: "t", type: "bool", usage: "" },
  { name: "output", shorthand: "o", type: "string", usage: "" },
  { name: "replicas", type: "int", usage: "" },
  { name: "filename", shorthand: "f", type: "stringArray", usage: "" },
  { name: "follow", shorthand: "f", type: "bool", usage: "" },
  { name: "timeout", type: "duration", usage: "" },
];

describe("splitLine", () => {
  it("splits like a shell: quotes, escapes, runs of spaces", () => {
    expect(splitLine(`get  pods -l 'app in (web, api)' -o "jsonpath={.items[*].metadata.name}"`)).toEqual({
      ok: true,
      words: ["get", "pods", "-l", "app in (web, api)", "-o", "jsonpath={.items[*].metadata.name}"],
    });
    expect(splitLine(`annotate pod x a="b c"\\ d 'it''s' "say \\"hi\\""`)).toEqual({
      ok: true,
      words: ["annotate", "pod", "x", "a=b c d", "its", 'say "hi"'],
    });
    expect(splitLine(`run x -- sh -c ''`)).toEqual({ ok: true, words: ["run", "x", "--", "sh", "-c", ""] });
  });

  it("reports an unterminated quote", () => {
    expect(splitLine(`get pods -l 'app=web`)).toEqual({
      ok: false,
      error: "unexpected EOF while looking for matching `''",
    });
  });
});

describe("parseFlags (pflag)", () => {
  const parse = (...args: string[]) =>
    parseFlags(
      args,
      flags.filter((f) => f.name !== "follow"),
    );

  it("reads --flag=value, --flag value, -nNS, -n NS and -n=NS", () => {
    expect(parse("pods", "--namespace=kube-system")).toMatchObject({
      flags: { namespace: "kube-system" },
      args: ["pods"],
    });
    expect(parse("--namespace", "kube-system", "pods")).toMatchObject({
      flags: { namespace: "kube-system" },
      args: ["pods"],
    });
    expect(parse("-nkube-system", "pods")).toMatchObject({ flags: { namespace: "kube-system" } });
    expect(parse("-n", "kube-system", "pods")).toMatchObject({ flags: { namespace: "kube-system" } });
    expect(parse("-n=kube-system")).toMatchObject({ flags: { namespace: "kube-system" } });
  });

  it("reads combined short booleans and a trailing valued shorthand", () => {
    expect(parse("-it", "web")).toMatchObject({ flags: { stdin: true, tty: true }, args: ["web"] });
    expect(parse("-itn", "dev", "web")).toMatchObject({
      flags: { stdin: true, tty: true, namespace: "dev" },
    });
    expect(parse("-itoyaml")).toMatchObject({ flags: { stdin: true, tty: true, output: "yaml" } });
    expect(parse("--tty=false", "-i=false")).toMatchObject({ flags: { tty: false, stdin: false } });
  });

  it("keeps every value of a repeatable flag and the last of a plain one", () => {
    expect(parse("-f", "a.yaml", "--filename=b.yaml", "-o", "json", "-oyaml")).toMatchObject({
      flags: { filename: ["a.yaml", "b.yaml"], output: "yaml" },
    });
  });

  it("stops at -- and records ArgsLenAtDash", () => {
    expect(parse("web", "-n", "dev", "--", "sh", "-c", "--namespace")).toEqual({
      ok: true,
      flags: { namespace: "dev" },
      args: ["web", "sh", "-c", "--namespace"],
      argsLenAtDash: 1,
      help: false,
    });
  });

  it("fails as pflag does", () => {
    expect(parse("--foo")).toEqual({ ok: false, error: "unknown flag: --foo" });
    expect(parse("-z")).toEqual({ ok: false, error: "unknown shorthand flag: 'z' in -z" });
    expect(parse("-iz")).toEqual({ ok: false, error: "unknown shorthand flag: 'z' in -z" });
    expect(parse("-n")).toEqual({ ok: false, error: "flag needs an argument: 'n' in -n" });
    expect(parse("--namespace")).toEqual({ ok: false, error: "flag needs an argument: --namespace" });
    expect(parse("--replicas=abc")).toEqual({
      ok: false,
      error: 'invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    });
    expect(parse("--tty=maybe")).toEqual({
      ok: false,
      error:
        'invalid argument "maybe" for "-t, --tty" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    });
    expect(parse("--timeout=soon")).toEqual({
      ok: false,
      error: 'invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"',
    });
    expect(parse("--timeout=1m30s")).toMatchObject({ ok: true, flags: { timeout: "1m30s" } });
    expect(parse("---x")).toEqual({ ok: false, error: "bad flag syntax: ---x" });
  });

  it("treats -h/--help as help, even without a declared flag", () => {
    expect(parse("pods", "-h")).toMatchObject({ ok: true, help: true });
    expect(parse("--help")).toMatchObject({ ok: true, help: true });
  });
});

describe("dispatchKubectl (command lookup and errors)", () => {
  const seen: ParsedCommand[] = [];
  const spec = (path: string[], extra: Partial<CommandSpec> = {}): CommandSpec => ({
    path,
    use: path[path.length - 1] ?? "",
    short: `Do ${path.join(" ")}`,
    flags: [],
    run: (env, command, io, done) => {
      seen.push(command);
      io.out(`ran ${command.path.join(" ")} in ${env.namespace}\n`);
      done(0);
    },
    ...extra,
  });
  const reg = buildRegistry([
    spec(["get"], {
      aliases: [],
      flags: [{ name: "output", shorthand: "o", type: "string", usage: "Output format." }],
    }),
    spec(["exec"], { flags: flags.filter((f) => f.name === "stdin" || f.name === "tty") }),
    spec(["rollout", "undo"]),
    spec(["rollout"], { group: true, long: "Manage the rollout of one or many resources." }),
  ]);
  const env = { namespace: "default" } as unknown as KubectlEnv;
  const run = (line: string) => {
    let out = "";
    let err = "";
    let code = -1;
    seen.length = 0;
    dispatchKubectl(reg, line, env, { out: (t) => (out += t), err: (t) => (err += t) }, (c) => (code = c));
    return { out, err, code, command: seen[0] };
  };

  it("finds the command among flags, with or without the kubectl/k prefix", () => {
    expect(run("kubectl -n kube-system get pods -o wide")).toMatchObject({
      out: "ran get in kube-system\n",
      code: 0,
      command: { path: ["get"], args: ["pods"], flags: { namespace: "kube-system", output: "wide" } },
    });
    expect(run("k get po").command).toMatchObject({ path: ["get"], args: ["po"], line: "kubectl get po" });
    expect(run("rollout undo deploy/web --namespace=dev").out).toBe("ran rollout undo in dev\n");
    expect(run("kubectl exec -it web -- sh -c 'echo hi'").command).toMatchObject({
      args: ["web", "sh", "-c", "echo hi"],
      flags: { stdin: true, tty: true },
      argsLenAtDash: 1,
    });
  });

  it("prints unknown flags as kubectl does", () => {
    expect(run("kubectl get pods --foo")).toEqual({
      out: "",
      err: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
      code: 1,
      command: undefined,
    });
    expect(run("kubectl rollout undo -z").err).toBe(
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl rollout undo --help' for usage.\n",
    );
    expect(run("kubectl --foo").err).toBe("error: unknown flag: --foo\nSee 'kubectl --help' for usage.\n");
  });

  it("prints unknown commands with cobra's suggestions", () => {
    expect(run("kubectl gte pods")).toMatchObject({
      err: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n',
      code: 1,
    });
    expect(run("kubectl ge").err).toBe(
      'error: unknown command "ge" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n',
    );
    expect(run("kubectl k").err).toBe(
      'error: unknown command "k" for "kubectl"\n\nDid you mean this?\n\tcp\n\tkustomize\n',
    );
    expect(run("kubectl foo").err).toBe(
      'error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n',
    );
    expect(run("kubectl xyz").err).toBe('error: unknown command "xyz" for "kubectl"\n');
  });

  it("runs groups as DefaultSubCommandRun: help with exit 1, or unknown subcommand", () => {
    const bare = run("kubectl rollout");
    expect(bare.code).toBe(1);
    expect(bare.out).toContain(
      "Manage the rollout of one or many resources.\n\nAvailable Commands:\n  undo   Do rollout undo\n",
    );
    expect(run("kubectl rollout foo")).toMatchObject({
      err: "error: unknown command \"foo\"\nSee 'kubectl rollout -h' for help and examples\n",
      code: 1,
    });
  });

  it("prints help for --help, -h and `help <command>`", () => {
    const help = run("kubectl get --help");
    expect(help.code).toBe(0);
    expect(help.out).toBe(
      "Do get\n\nOptions:\n    -o, --output='':\n\tOutput format.\n\nUsage:\n  kubectl get [options]\n\n" +
        'Use "kubectl options" for a list of global command-line options (applies to all commands).\n',
    );
    expect(run("kubectl help get").out).toBe(help.out);
    expect(run("k get pods -h").out).toBe(help.out);
    expect(run("kubectl").out).toMatch(/^kubectl controls the Kubernetes cluster manager\.\n/);
    expect(run("kubectl help nope").out).toMatch(
      /^Unknown help topic \[`nope`\]\n\n\nBasic Commands \(Beginner\):\n/,
    );
  });

  it("says plainly when an upstream command is not simulated", () => {
    expect(run("kubectl port-forward web 8080").err).toBe(
      'error: "kubectl port-forward" is not available in this simulated cluster\n',
    );
  });
});
