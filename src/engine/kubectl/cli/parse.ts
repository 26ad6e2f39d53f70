// kubectl's command line as cobra and pflag read it (github.com/spf13/cobra command.go Find /
// stripFlags, github.com/spf13/pflag flag.go parseArgs / parseLongArg / parseSingleShortArg): the
// raw line is split as a shell would (quotes, backslashes), the command path is found among the
// non-flag words, then flags are parsed interspersed with arguments. Error texts are pflag's,
// wrapped as kubectl's flag error func wraps them.

import type { FlagSpec, FlagValue, ParsedCommand } from "./command";

/** Splits a command line as a POSIX shell would: whitespace, '…', "…" (with \ escapes), \x. */
export function splitLine(line: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j] as string;
        const next = line[j + 1];
        if (d === "\\" && next !== undefined && '"\\$`'.includes(next)) {
          word += next;
          j++;
        } else word += d;
      }
      if (j >= line.length) return { ok: false, error: "unexpected EOF while looking for matching `\"'" };
      i = j;
    } else if (c === "\\") {
      const next = line[i + 1];
      if (next !== undefined) word += next;
      inWord = true;
      i++;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

/** A node of the command tree: a command (or a group with no implementation of its own). */
export interface CommandNode {
  readonly name: string;
  readonly path: readonly string[];
  readonly aliases: readonly string[];
  readonly children: CommandNode[];
  /** Local flags; the root's are the global (persistent) ones. */
  readonly flags: readonly FlagSpec[];
}

function lookupLong(flags: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return flags.find((f) => f.name === name);
}
function lookupShort(flags: readonly FlagSpec[], short: string): FlagSpec | undefined {
  return flags.find((f) => f.shorthand === short);
}
/** pflag's NoOptDefVal: only booleans may be given without a value. */
const noOptDefVal = (flag: FlagSpec | undefined): boolean => flag?.type === "bool";

/** The flags a command accepts: its own, then kubectl's global ones. */
export function flagsOf(node: CommandNode, root: CommandNode): FlagSpec[] {
  return node === root ? [...root.flags] : [...node.flags, ...root.flags];
}

/** cobra's stripFlags: the non-flag words, skipping the values of flags that take one. */
function stripFlags(args: readonly string[], flags: readonly FlagSpec[]): string[] {
  const commands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const s = args[i] as string;
    if (s === "--") break;
    const long = s.startsWith("--") && !s.includes("=") && !noOptDefVal(lookupLong(flags, s.slice(2)));
    const short =
      s.startsWith("-") && !s.includes("=") && s.length === 2 && !noOptDefVal(lookupShort(flags, s.slice(1)));
    if (long || short) {
      if (args.length - i - 1 <= 1) break;
      i++;
    } else if (s !== "" && !s.startsWith("-")) commands.push(s);
  }
  return commands;
}

/** Removes the first occurrence of `word` (cobra's argsMinusFirstX, simplified). */
function withoutFirst(args: readonly string[], word: string): string[] {
  const i = args.indexOf(word);
  return i < 0 ? [...args] : [...args.slice(0, i), ...args.slice(i + 1)];
}

export function findChild(node: CommandNode, name: string): CommandNode | undefined {
  return node.children.find((c) => c.name === name || c.aliases.includes(name));
}

/** cobra's Find: walks the tree by the first non-flag word at each level. */
export function findCommand(
  root: CommandNode,
  args: readonly string[],
): { node: CommandNode; rest: string[] } {
  let node = root;
  let rest = [...args];
  for (;;) {
    const words = stripFlags(rest, flagsOf(node, root));
    const next = words[0];
    if (next === undefined) return { node, rest };
    const child = findChild(node, next);
    if (!child) return { node, rest };
    node = child;
    rest = withoutFirst(rest, next);
  }
}

export type FlagParse =
  | {
      readonly ok: true;
      readonly flags: Record<string, FlagValue>;
      readonly args: string[];
      /** cobra's ArgsLenAtDash: how many arguments came before `--` (-1 if none). */
      readonly argsLenAtDash: number;
      readonly help: boolean;
    }
  | { readonly ok: false; readonly error: string };

const BOOL_VALUES: Record<string, boolean> = {
  "1": true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  "0": false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** Go's time.ParseDuration, enough to validate: "5s", "1m30s", "0". */
const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/;

function flagDisplay(flag: FlagSpec): string {
  return flag.shorthand ? `-${flag.shorthand}, --${flag.name}` : `--${flag.name}`;
}

/** Validates and stores one value, as the pflag Value's Set would. */
function setFlag(flags: Record<string, FlagValue>, flag: FlagSpec, value: string): string | undefined {
  const invalid = (why: string): string =>
    `invalid argument ${JSON.stringify(value)} for ${JSON.stringify(flagDisplay(flag))} flag: ${why}`;
  switch (flag.type) {
    case "bool": {
      const b = BOOL_VALUES[value];
      if (b === undefined)
        return invalid(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
      flags[flag.name] = b;
      return undefined;
    }
    case "int": {
      if (!/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|[1-9][0-9]*|0)$/.test(value.replace(/_/g, ""))) {
        return invalid(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
      }
      flags[flag.name] = value;
      return undefined;
    }
    case "duration": {
      if (value !== "0" && !DURATION.test(value))
        return invalid(`time: invalid duration ${JSON.stringify(value)}`);
      flags[flag.name] = value;
      return undefined;
    }
    case "stringArray": {
      const previous = flags[flag.name];
      flags[flag.name] = [...(Array.isArray(previous) ? (previous as readonly string[]) : []), value];
      return undefined;
    }
    case "string":
      flags[flag.name] = value;
      return undefined;
  }
}

/** pflag's parseArgs with interspersed arguments. */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): FlagParse {
  const flags: Record<string, FlagValue> = {};
  const positional: string[] = [];
  let argsLenAtDash = -1;
  let i = 0;
  const fail = (error: string): FlagParse => ({ ok: false, error });
  const helped = (): FlagParse => ({ ok: true, flags, args: positional, argsLenAtDash, help: true });
  while (i < args.length) {
    const s = args[i++] as string;
    if (s.length < 2 || !s.startsWith("-")) {
      positional.push(s);
      continue;
    }
    if (s.startsWith("--")) {
      if (s.length === 2) {
        argsLenAtDash = positional.length;
        positional.push(...args.slice(i));
        break;
      }
      const body = s.slice(2);
      if (body.startsWith("-") || body.startsWith("=")) return fail(`bad flag syntax: ${s}`);
      const eq = body.indexOf("=");
      const name = eq < 0 ? body : body.slice(0, eq);
      const flag = lookupLong(specs, name);
      if (!flag) return name === "help" ? helped() : fail(`unknown flag: --${name}`);
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (noOptDefVal(flag)) value = "true";
      else if (i < args.length) value = args[i++] as string;
      else return fail(`flag needs an argument: ${s}`);
      const error = setFlag(flags, flag, value);
      if (error) return fail(error);
      if (flag.name === "help" && flags.help === true) return helped();
      continue;
    }
    let shorthands = s.slice(1);
    while (shorthands.length > 0) {
      const c = shorthands[0] as string;
      let rest = shorthands.slice(1);
      const flag = lookupShort(specs, c);
      if (!flag) return c === "h" ? helped() : fail(`unknown shorthand flag: '${c}' in -${shorthands}`);
      let value: string;
      if (shorthands.length > 2 && shorthands[1] === "=") {
        value = shorthands.slice(2);
        rest = "";
      } else if (noOptDefVal(flag)) value = "true";
      else if (shorthands.length > 1) {
        value = shorthands.slice(1);
        rest = "";
      } else if (i < args.length) value = args[i++] as string;
      else return fail(`flag needs an argument: '${c}' in -${shorthands}`);
      const error = setFlag(flags, flag, value);
      if (error) return fail(error);
      if (flag.name === "help" && flags.help === true) return helped();
      shorthands = rest;
    }
  }
  return { ok: true, flags, args: positional, argsLenAtDash, help: flags.help === true };
}

// Typed reads of a parsed flag, falling back to the spec's default as pflag would.

export function flagString(command: ParsedCommand, name: string, fallback = ""): string {
  const v = command.flags[name];
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return (v as readonly string[])[(v as readonly string[]).length - 1] ?? fallback;
  return fallback;
}

export function flagBool(command: ParsedCommand, name: string, fallback = false): boolean {
  const v = command.flags[name];
  return typeof v === "boolean" ? v : fallback;
}

export function flagInt(command: ParsedCommand, name: string, fallback: number): number {
  const v = command.flags[name];
  return typeof v === "string" ? Number.parseInt(v.replace(/_/g, ""), undefined) : fallback;
}

export function flagStrings(command: ParsedCommand, name: string): readonly string[] {
  const v = command.flags[name];
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? (v as readonly string[]) : [];
}
