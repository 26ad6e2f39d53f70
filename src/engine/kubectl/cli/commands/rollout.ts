// `kubectl rollout status|history|undo|restart|pause|resume` (staging/src/k8s.io/kubectl/pkg/cmd/
// rollout). The mutations reuse kubectl/rollout.ts. `status` GETs the Deployment, then watches it
// (metadata.name=NAME) and prints DeploymentStatusViewer's message (polymorphichelpers/
// rollout_status.go) for the current object and for every change, until it is rolled out, the
// progress deadline is exceeded, or the command is cancelled. Simplified: Deployments only (no
// DaemonSet/StatefulSet status viewers), no --revision or --timeout.

import type { ResourceInfo } from "../../../api/resources";
import type { DeploymentObject } from "../../../controllers/deploymentUtil";
import { formatKubectlError } from "../../errors";
import type { CommandResult } from "../../kubectl";
import { asStatus } from "../../kubectl";
import { rolloutHistory, rolloutPause, rolloutRestart, rolloutResume, rolloutUndo } from "../../rollout";
import type { ApiClient } from "../../../client/apiClient";
import type { CommandSpec, KubectlIO, RunningCommand } from "../command";
import { flagBool, flagInt, printResult, resolveArgs } from "./shared";
import { rolloutStatusHelp } from "./upstreamHelp/rollout-status";
import { rolloutUndoHelp } from "./upstreamHelp/rollout-undo";

/** The one Deployment a rollout command names, or the error kubectl prints. */
function deploymentArg(args: readonly string[]): { name: string } | { error: string } {
  const resolved = resolveArgs(args);
  if (!resolved.ok) return { error: resolved.error };
  const ref = resolved.refs[0] as { info: ResourceInfo; name: string } | undefined;
  if (!ref) return { error: "error: required resource not specified" };
  if (ref.info.kind !== "Deployment")
    return { error: `error: no status viewer has been implemented for ${ref.info.kind}` };
  return { name: ref.name };
}

/** DeploymentStatusViewer.Status: the message and whether the rollout is done, or an error. */
export function deploymentStatus(
  d: DeploymentObject,
): { message: string; done: boolean } | { error: string } {
  const name = d.metadata.name ?? "";
  const status = (d.status ?? {}) as {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; reason?: string }[];
  };
  if ((d.metadata.generation ?? 0) > (status.observedGeneration ?? 0))
    return { message: "Waiting for deployment spec update to be observed...\n", done: false };
  const progressing = status.conditions?.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded")
    return { error: `deployment ${JSON.stringify(name)} exceeded its progress deadline` };
  const replicas = d.spec?.replicas;
  const updated = status.updatedReplicas ?? 0;
  const waiting = `Waiting for deployment ${JSON.stringify(name)} rollout to finish: `;
  if (replicas !== undefined && updated < replicas)
    return {
      message: `${waiting}${updated} out of ${replicas} new replicas have been updated...\n`,
      done: false,
    };
  if ((status.replicas ?? 0) > updated)
    return {
      message: `${waiting}${(status.replicas ?? 0) - updated} old replicas are pending termination...\n`,
      done: false,
    };
  if ((status.availableReplicas ?? 0) < updated)
    return {
      message: `${waiting}${status.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
      done: false,
    };
  return { message: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true };
}

const statusCommand: CommandSpec = {
  path: ["rollout", "status"],
  use: "status (TYPE NAME | TYPE/NAME) [flags]",
  short: "Show the status of the rollout",
  ...rolloutStatusHelp,
  run(env, command, io, done): RunningCommand {
    let stop = (): void => {};
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      stop();
      done(code);
    };
    const handle: RunningCommand = { cancel: () => finish(130) };
    const target = deploymentArg(command.args);
    if ("error" in target) {
      io.err(`${target.error}\n`);
      finish(1);
      return handle;
    }
    const watch = flagBool(command.flags, "watch", true);
    const check = (d: DeploymentObject): void => {
      if (finished) return;
      const s = deploymentStatus(d);
      if ("error" in s) {
        io.err(`error: ${s.error}\n`);
        return finish(1);
      }
      io.out(s.message);
      if (s.done || !watch) finish(0);
    };
    env.client.request(
      { verb: "get", resource: "deployments", name: target.name, namespace: env.namespace },
      (got) => {
        if (got.code !== 200) {
          io.err(formatKubectlError(asStatus(got)));
          return finish(1);
        }
        if (watch && !finished)
          stop = env.client.watch("deployments", {
            namespace: env.namespace,
            name: target.name,
            handler: (event) => {
              if (event.type === "DELETED") {
                io.err(`error: object has been deleted\n`);
                return finish(1);
              }
              check(event.object as DeploymentObject);
            },
          });
        check(got.body as DeploymentObject);
      },
    );
    return handle;
  },
};

type Op = (
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  done: (r: CommandResult) => void,
) => void;

function simple(verb: string, short: string, op: Op, flags: CommandSpec["flags"] = []): CommandSpec {
  return {
    path: ["rollout", verb],
    use: `${verb} RESOURCE`,
    short,
    flags,
    run(env, command, io, done) {
      const target = deploymentArg(command.args);
      if ("error" in target) {
        io.err(
          `${target.error.replace("no status viewer", verb === "history" ? "no history viewer" : "no status viewer")}\n`,
        );
        return done(1);
      }
      op(env.client, env.namespace, target.name, (r) => finishWith(io, r, done));
      void command;
    },
  };
}

function finishWith(io: KubectlIO, r: CommandResult, done: (code: number) => void): void {
  printResult(io, r);
  done(r.ok ? 0 : 1);
}

const undo: CommandSpec = {
  path: ["rollout", "undo"],
  use: "undo (TYPE NAME | TYPE/NAME) [flags]",
  short: "Undo a previous rollout",
  ...rolloutUndoHelp,
  run(env, command, io, done) {
    const target = deploymentArg(command.args);
    if ("error" in target) {
      io.err(`${target.error}\n`);
      return done(1);
    }
    const revision = flagInt(command.flags, "to-revision");
    rolloutUndo(env.client, env.namespace, target.name, revision, (r) => finishWith(io, r, done));
  },
};

export const rolloutCommands: readonly CommandSpec[] = [
  statusCommand,
  simple("history", "View rollout history", rolloutHistory),
  undo,
  simple("restart", "Restart a resource", rolloutRestart),
  simple("pause", "Mark the provided resource as paused", rolloutPause),
  simple("resume", "Resume a paused resource", rolloutResume),
];
