// `kubectl label`, `kubectl annotate` (pkg/cmd/label/label.go, pkg/cmd/annotate/annotate.go) and
// `kubectl taint` (pkg/cmd/taint/taint.go, utils.go). Each GETs the object, computes the new map
// or list as upstream (refusing to overwrite without --overwrite, `key-` removing), and PATCHes the
// difference: a JSON merge patch of metadata for label/annotate, a strategic merge patch of
// spec.taints for taint. Simplified: no -l/--all/--list/--resource-version/-f for these commands.

import type { KubeObject } from "../../../api/objects";
import { formatKubectlError } from "../../errors";
import { asStatus } from "../../kubectl";
import type { CommandSpec } from "../command";
import { type ObjectRef, flagBool, kindName, nsFor, resolveArgs } from "./shared";
import { taintHelp } from "./upstreamHelp/taint";
import { labelHelp } from "./upstreamHelp/label";
import { annotateHelp } from "./upstreamHelp/annotate";

/** Splits `TYPE NAME... KEY=VAL KEY-` into the objects and the changes (label.go parseLabels). */
function splitArgs(args: readonly string[]): { objects: string[]; changes: string[] } {
  const i = args.findIndex((a, idx) => idx > 0 && (a.includes("=") || a.endsWith("-")));
  return i < 0 ? { objects: [...args], changes: [] } : { objects: args.slice(0, i), changes: args.slice(i) };
}

function metadataCommand(which: "label" | "annotate"): CommandSpec {
  const field = which === "label" ? "labels" : "annotations";
  const noun = which === "label" ? "label" : "annotation";
  return {
    path: [which],
    use:
      which === "label"
        ? "label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]"
        : "annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
    short: which === "label" ? "Update the labels on a resource" : "Update the annotations on a resource",
    ...(which === "label" ? labelHelp : annotateHelp),
    run(env, command, io, done) {
      const { objects, changes } = splitArgs(command.args);
      if (changes.length === 0) {
        io.err(`error: at least one ${noun} update is required\n`);
        return done(1);
      }
      const add: Record<string, string> = {};
      const remove: string[] = [];
      for (const c of changes) {
        if (c.endsWith("-") && !c.includes("=")) remove.push(c.slice(0, -1));
        else {
          const i = c.indexOf("=");
          add[c.slice(0, i)] = c.slice(i + 1);
        }
      }
      const resolved = resolveArgs(objects);
      if (!resolved.ok) {
        io.err(`${resolved.error}\n`);
        return done(1);
      }
      const overwrite = flagBool(command.flags, "overwrite");
      let failed = false;
      const next = (i: number): void => {
        const ref = resolved.refs[i];
        if (!ref) return done(failed ? 1 : 0);
        update(ref, (ok) => {
          if (!ok) failed = true;
          next(i + 1);
        });
      };
      const update = (ref: ObjectRef, then: (ok: boolean) => void): void => {
        const namespace = nsFor(ref.info, env.namespace);
        const where = { resource: ref.info.resource, name: ref.name, ...(namespace ? { namespace } : {}) };
        env.client.request({ verb: "get", ...where }, (got) => {
          if (got.code !== 200) {
            io.err(formatKubectlError(asStatus(got)));
            return then(false);
          }
          const current = (got.body as KubeObject).metadata[field] ?? {};
          const clashes = Object.keys(add).filter((k) => current[k] !== undefined);
          if (!overwrite && clashes.length > 0) {
            const texts = clashes.map((k) => `'${k}' already has a value (${current[k] ?? ""})`);
            io.err(
              which === "label"
                ? `error: ${texts[0] ?? ""}, and --overwrite is false\n`
                : `error: --overwrite is false but found the following declared annotation(s): ${texts.join(", ")}\n`,
            );
            return then(false);
          }
          const patch: Record<string, string | null> = {};
          for (const key of remove) {
            if (current[key] === undefined) io.out(`${noun} "${key}" not found.\n`);
            else patch[key] = null;
          }
          for (const [k, v] of Object.entries(add)) if (current[k] !== v) patch[k] = v;
          const changed = Object.keys(patch).length > 0;
          const verb = which === "label" ? (changed ? "labeled" : "not labeled") : "annotated";
          if (!changed) {
            io.out(`${kindName(ref.info, ref.name)} ${verb}\n`);
            return then(true);
          }
          env.client.request(
            {
              verb: "patch",
              ...where,
              patchType: "application/merge-patch+json",
              body: { metadata: { [field]: patch } },
            },
            (res) => {
              if (res.code !== 200) {
                io.err(formatKubectlError(asStatus(res)));
                return then(false);
              }
              io.out(`${kindName(ref.info, ref.name)} ${verb}\n`);
              then(true);
            },
          );
        });
      };
      next(0);
    },
  };
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** utils.go parseTaints: `key=value:Effect` to add, `key:Effect-` or `key-` to remove. */
function parseTaint(
  spec: string,
): { add?: Taint; remove?: { key: string; effect?: string } } | { error: string } {
  if (spec.endsWith("-")) {
    const body = spec.slice(0, -1);
    const [key = "", effect] = body.split(":");
    if (effect !== undefined && !effects.includes(effect))
      return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
    return { remove: { key, ...(effect !== undefined ? { effect } : {}) } };
  }
  const colon = spec.lastIndexOf(":");
  if (colon < 0) return { error: `invalid taint spec: ${spec}` };
  const effect = spec.slice(colon + 1);
  if (!effects.includes(effect))
    return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
  const [key = "", value] = spec.slice(0, colon).split("=");
  return { add: { key, ...(value !== undefined && value !== "" ? { value } : {}), effect } };
}

const taint: CommandSpec = {
  path: ["taint"],
  use: "taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N",
  short: "Update the taints on one or more nodes",
  ...taintHelp,
  run(env, command, io, done) {
    const i = command.args.findIndex(
      (a, idx) => idx > 0 && (a.includes(":") || a.endsWith("-") || a.includes("=")),
    );
    const objects = i < 0 ? command.args : command.args.slice(0, i);
    const specs = i < 0 ? [] : command.args.slice(i);
    const resolved = resolveArgs(objects);
    if (!resolved.ok) {
      io.err(`${resolved.error}\n`);
      return done(1);
    }
    const ref = resolved.refs[0];
    if (!ref || ref.info.kind !== "Node") {
      io.err(`error: invalid resource type ${ref?.info.resource ?? ""}, only node types are supported\n`);
      return done(1);
    }
    if (specs.length === 0) {
      io.err("error: at least one taint update is required\n");
      return done(1);
    }
    const adds: Taint[] = [];
    const removes: { key: string; effect?: string }[] = [];
    for (const s of specs) {
      const p = parseTaint(s);
      if ("error" in p) {
        io.err(`error: ${p.error}\n`);
        return done(1);
      }
      if (p.add) adds.push(p.add);
      if (p.remove) removes.push(p.remove);
    }
    const overwrite = flagBool(command.flags, "overwrite");
    env.client.request({ verb: "get", resource: "nodes", name: ref.name }, (got) => {
      if (got.code !== 200) {
        io.err(formatKubectlError(asStatus(got)));
        return done(1);
      }
      let taints = [...(((got.body as { spec?: { taints?: Taint[] } }).spec?.taints ?? []) as Taint[])];
      let operation = "tainted";
      for (const r of removes) {
        const before = taints.length;
        taints = taints.filter(
          (t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)),
        );
        if (taints.length === before) {
          io.err(`error: taint ${JSON.stringify(r.effect ? `${r.key}:${r.effect}` : r.key)} not found\n`);
          return done(1);
        }
        operation = "untainted";
      }
      for (const a of adds) {
        const existing = taints.findIndex((t) => t.key === a.key && t.effect === a.effect);
        if (existing >= 0 && !overwrite) {
          io.err(
            `error: node ${ref.name} already has ${a.key} taint(s) with same effect(s) and --overwrite is false\n`,
          );
          return done(1);
        }
        const added = a.effect === "NoExecute" ? { ...a, timeAdded: env.client.sim.timestamp() } : a;
        if (existing >= 0) {
          taints[existing] = added;
          operation = "modified";
        } else {
          taints.push(added);
          operation = "tainted";
        }
      }
      env.client.patch(
        "nodes",
        undefined,
        ref.name,
        { spec: { taints: taints.length > 0 ? taints : null } },
        { strategic: true },
        (res) => {
          if (res.code !== 200) {
            io.err(formatKubectlError(asStatus(res)));
            return done(1);
          }
          io.out(`node/${ref.name} ${operation}\n`);
          done(0);
        },
      );
    });
  },
};

export const metadataCommands: readonly CommandSpec[] = [
  metadataCommand("label"),
  metadataCommand("annotate"),
  taint,
];
