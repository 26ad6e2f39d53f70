// kubectl's imperative commands as CommandSpecs: scale (pkg/cmd/scale), set image
// (pkg/cmd/set/set_image.go), cordon/uncordon/drain (pkg/cmd/drain), edit (pkg/cmd/edit, which in
// the browser opens the object as an editor document), plus the generators (imperativeCreate.ts,
// expose.ts) and label/annotate/taint (metadata.ts). The API work reuses kubectl/imperative.ts and
// kubectl/nodeMaintenance.ts. Simplified: scale and set image take one object; no -l/--all.

import type { KubeObject } from "../../../api/objects";
import { formatKubectlError } from "../../errors";
import { setImage, scale } from "../../imperative";
import { asStatus } from "../../kubectl";
import { type MaintenanceResult, cordon, drain, uncordon } from "../../nodeMaintenance";
import { marshalYaml } from "../../printers/goYaml";
import type { CommandSpec, KubectlIO } from "../command";
import { autoscaleCommand, exposeCommand } from "./expose";
import { createCommands } from "./imperativeCreate";
import { metadataCommands } from "./metadata";
import { flagBool, flagInt, kindName, nsFor, printResult, resolveArgs } from "./shared";
import { scaleHelp } from "./upstreamHelp/scale";
import { setImageHelp } from "./upstreamHelp/set-image";
import { drainHelp } from "./upstreamHelp/drain";
import { editHelp } from "./upstreamHelp/edit";
import { cordonHelp } from "./upstreamHelp/cordon";

const scaleCommand: CommandSpec = {
  path: ["scale"],
  use: "scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)",
  short: "Set a new size for a deployment, replica set, or replication controller",
  ...scaleHelp,
  run(env, command, io, done) {
    const replicas = flagInt(command.flags, "replicas");
    if (replicas === undefined || Number.isNaN(replicas) || replicas < 0) {
      io.err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n");
      return done(1);
    }
    const resolved = resolveArgs(command.args);
    if (!resolved.ok) {
      io.err(`${resolved.error}\n`);
      return done(1);
    }
    const ref = resolved.refs[0];
    if (!ref) {
      io.err("error: resource(s) were provided, but no name was specified\n");
      return done(1);
    }
    const doScale = (): void =>
      scale(env.client, ref.info.resource, ref.name, env.namespace, replicas, (r) => {
        printResult(io, r);
        done(r.ok ? 0 : 1);
      });
    const current = flagInt(command.flags, "current-replicas") ?? -1;
    if (current < 0) return doScale();
    // ScalePrecondition: the current size must match before kubectl scales.
    env.client.request(
      { verb: "get", resource: ref.info.resource, name: ref.name, namespace: env.namespace },
      (got) => {
        if (got.code !== 200) {
          io.err(formatKubectlError(asStatus(got)));
          return done(1);
        }
        const was = (got.body as { spec?: { replicas?: number } }).spec?.replicas ?? 1;
        if (was !== current) {
          io.err(`error: Expected replicas to be ${current}, was ${was}\n`);
          return done(1);
        }
        doScale();
      },
    );
  },
};

const setImageCommand: CommandSpec = {
  path: ["set", "image"],
  use: "image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N",
  short: "Update the image of a pod template",
  ...setImageHelp,
  run(env, command, io, done) {
    const i = command.args.findIndex((a) => a.includes("="));
    const objects = i < 0 ? command.args : command.args.slice(0, i);
    const pairs = i < 0 ? [] : command.args.slice(i);
    const resolved = resolveArgs(objects);
    if (!resolved.ok) {
      io.err(`${resolved.error}\n`);
      return done(1);
    }
    const ref = resolved.refs[0];
    if (!ref || pairs.length === 0) {
      io.err("error: at least one image update is required\n");
      return done(1);
    }
    if (ref.info.kind !== "Deployment") {
      io.err(
        `error: ${kindName(ref.info, ref.name)} is not supported here: only deployments can be updated\n`,
      );
      return done(1);
    }
    const next = (j: number): void => {
      const pair = pairs[j];
      if (pair === undefined) return done(0);
      const eq = pair.indexOf("=");
      const container = pair.slice(0, eq);
      setImage(
        env.client,
        ref.name,
        env.namespace,
        container === "*" ? undefined : container,
        pair.slice(eq + 1),
        (r) => {
          if (!r.ok) {
            printResult(io, r);
            return done(1);
          }
          if (j === pairs.length - 1) printResult(io, r);
          next(j + 1);
        },
      );
    };
    next(0);
  },
};

/** Maintenance results: errors and warnings on stderr, the rest on stdout. */
function printLines(io: KubectlIO, result: MaintenanceResult): void {
  for (const line of result.lines) {
    if (/^(error|Warning|There are pending| )/.test(line) || line.startsWith("cannot delete"))
      io.err(`${line}\n`);
    else io.out(`${line}\n`);
  }
}

function nodeArg(args: readonly string[]): { name: string } | { error: string } {
  const arg = args[0];
  if (arg === undefined) return { error: "error: USAGE: cordon NODE [flags]" };
  const name = arg.startsWith("node/") ? arg.slice(5) : arg.startsWith("nodes/") ? arg.slice(6) : arg;
  return { name };
}

function nodeCommand(verb: "cordon" | "uncordon"): CommandSpec {
  return {
    path: [verb],
    use: `${verb} NODE`,
    short: verb === "cordon" ? "Mark node as unschedulable" : "Mark node as schedulable",
    ...(verb === "cordon" ? cordonHelp : { flags: [] }),
    run(env, command, io, done) {
      const node = nodeArg(command.args);
      if ("error" in node) {
        io.err(`${node.error.replace("cordon", verb)}\n`);
        return done(1);
      }
      (verb === "cordon" ? cordon : uncordon)(env.client, node.name, (r) => {
        printLines(io, r);
        done(r.ok ? 0 : 1);
      });
    },
  };
}

const drainCommand: CommandSpec = {
  path: ["drain"],
  use: "drain NODE",
  short: "Drain node in preparation for maintenance",
  ...drainHelp,
  run(env, command, io, done) {
    const node = nodeArg(command.args);
    if ("error" in node) {
      io.err(`${node.error.replace("cordon", "drain")}\n`);
      return done(1);
    }
    const grace = flagInt(command.flags, "grace-period") ?? -1;
    drain(
      env.client,
      node.name,
      {
        ignoreDaemonsets: flagBool(command.flags, "ignore-daemonsets"),
        deleteEmptydirData: flagBool(command.flags, "delete-emptydir-data"),
        force: flagBool(command.flags, "force"),
        ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
      },
      (r) => {
        printLines(io, r);
        done(r.ok ? 0 : 1);
      },
    );
  },
};

const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  "# and an empty file will abort the edit. If an error occurs while saving this file will be\n" +
  "# reopened with the relevant failures.\n#\n";

const editCommand: CommandSpec = {
  path: ["edit"],
  use: "edit (RESOURCE/NAME | -f FILENAME)",
  short: "Edit a resource on the server",
  ...editHelp,
  run(env, command, io, done) {
    const open = env.openInEditor;
    if (!open) {
      io.err("error: edit is only available in the browser terminal\n");
      return done(1);
    }
    const resolved = resolveArgs(command.args);
    if (!resolved.ok) {
      io.err(`${resolved.error}\n`);
      return done(1);
    }
    const ref = resolved.refs[0];
    if (!ref) {
      io.err("error: resource(s) were provided, but no name was specified\n");
      return done(1);
    }
    const namespace = nsFor(ref.info, env.namespace);
    env.client.request(
      { verb: "get", resource: ref.info.resource, name: ref.name, ...(namespace ? { namespace } : {}) },
      (got) => {
        if (got.code !== 200) {
          io.err(formatKubectlError(asStatus(got)));
          return done(1);
        }
        // Nothing is printed until the document is applied, as kubectl waits for the editor.
        open(kindName(ref.info, ref.name), EDIT_HEADER + marshalYaml(got.body as KubeObject));
        done(0);
      },
    );
  },
};

export const imperativeCommands: readonly CommandSpec[] = [
  ...createCommands,
  exposeCommand,
  autoscaleCommand,
  ...metadataCommands,
  scaleCommand,
  setImageCommand,
  nodeCommand("cordon"),
  nodeCommand("uncordon"),
  drainCommand,
  editCommand,
];
