// `kubectl delete` (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go): objects from -f, by
// `TYPE NAME...` / `TYPE/NAME`, or every object of a type matching -l / --all. Each DELETE
// carries DeleteOptions (gracePeriodSeconds, propagationPolicy from --cascade); with --wait (the
// default) kubectl then waits until every deleted object is gone, here by a watch on the virtual
// clock. Grace-period rules as upstream: --grace-period=0 without --force becomes 1; --force alone
// means 0, with the "Immediate deletion" warning. Simplified: no --field-selector, --dry-run,
// --timeout, --interactive, -o name.

import type { KubeList, KubeObject } from "../../../api/objects";
import { type ResourceInfo, resourceForKind } from "../../../api/resources";
import { formatKubectlError } from "../../errors";
import { asStatus } from "../../kubectl";
import { parseManifests } from "../../manifest";
import type { CommandSpec, RunningCommand } from "../command";
import { readFiles } from "./objects";
import { flagBool, flagInt, flagString, nsFor, resolveArgs, sequence, waitForDeletion } from "./shared";
import { deleteHelp } from "./upstreamHelp/delete";

interface Target {
  readonly info: ResourceInfo;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly source?: string;
}

const cascades = {
  background: "background",
  foreground: "foreground",
  orphan: "orphan",
  true: "background",
  false: "orphan",
} as const;

const noResources =
  "error: You must provide one or more resources by argument or filename.\n" +
  "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

export const deleteCommand: CommandSpec = {
  path: ["delete"],
  use: "delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])",
  short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
  ...deleteHelp,
  run(env, command, io, done): RunningCommand {
    const flags = command.flags;
    const cancels: (() => void)[] = [];
    const handle: RunningCommand = { cancel: () => cancels.forEach((c) => c()) };
    const cascadeText = flagString(flags, "cascade") ?? "background";
    const cascade = (cascades as Record<string, "background" | "foreground" | "orphan">)[cascadeText];
    if (cascade === undefined) {
      io.err(
        `error: invalid cascade value (${cascadeText}). Must be "background", "foreground", or "orphan".\n`,
      );
      done(1);
      return handle;
    }
    const force = flagBool(flags, "force");
    let grace = flagInt(flags, "grace-period") ?? -1;
    if (flagBool(flags, "now")) grace = 1;
    if (grace === 0 && !force) grace = 1;
    if (force && grace < 0) grace = 0;
    const all = flagBool(flags, "all");
    const selector = flagString(flags, "selector");
    const ignoreNotFound = flagBool(flags, "ignore-not-found", all);
    const wait = flagBool(flags, "wait", true);

    const targets: Target[] = [];
    let listType: ResourceInfo | undefined;
    if (flags["filename"] !== undefined) {
      const files = readFiles(env, command, io);
      if (!files) {
        done(1);
        return handle;
      }
      for (const file of files) {
        const parsed = parseManifests(file.text, file.name);
        if (!parsed.ok) {
          io.err(formatKubectlError(parsed.error));
          done(1);
          return handle;
        }
        for (const { object } of parsed.objects) {
          const o = object as unknown as KubeObject;
          const info = resourceForKind(String(o.apiVersion), String(o.kind));
          if (!info) continue;
          const namespace = nsFor(info, o.metadata?.namespace ?? env.namespace);
          targets.push({ info, name: o.metadata?.name ?? "", namespace, source: file.name });
        }
      }
    } else {
      if (command.args.length === 0) {
        io.err(noResources);
        done(1);
        return handle;
      }
      const resolved = resolveArgs(command.args);
      if (!resolved.ok) {
        io.err(`${resolved.error}\n`);
        done(1);
        return handle;
      }
      if (resolved.refs.length === 0) {
        const type = command.args[0] ?? "";
        const info = resolveArgs([type, "x"]);
        if (!(all || selector !== undefined) || !info.ok) {
          io.err("error: resource(s) were provided, but no name was specified\n");
          done(1);
          return handle;
        }
        listType = info.refs[0]?.info;
      } else if (all || selector !== undefined) {
        io.err("error: name cannot be provided when a selector is specified\n");
        done(1);
        return handle;
      }
      for (const ref of resolved.refs)
        targets.push({ info: ref.info, name: ref.name, namespace: nsFor(ref.info, env.namespace) });
    }

    if (grace === 0 && force)
      io.err(
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
      );

    let failed = false;
    let found = 0;
    const deleted: { target: Target; uid: string | undefined }[] = [];
    const deleteAll = (list: readonly Target[]): void =>
      sequence(
        list,
        (t, next) =>
          env.cluster.kubectl.delete(
            t.info.resource,
            t.name,
            t.namespace,
            (result) => {
              if (result.ok) {
                found++;
                io.out(`${result.message}\n`);
              } else if (!(ignoreNotFound && result.message.startsWith("Error from server (NotFound)"))) {
                failed = true;
                io.err(`${result.message}\n`);
              }
              next();
            },
            {
              client: env.client,
              cascade,
              ...(t.source !== undefined ? { source: t.source } : {}),
              ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
              onDeleted: (object) => deleted.push({ target: t, uid: object.metadata?.uid }),
            },
          ),
        () => finish(),
      );
    const finish = (): void => {
      if (found === 0 && listType !== undefined) io.out("No resources found\n");
      if (!wait || deleted.length === 0) return done(failed ? 1 : 0);
      let remaining = deleted.length;
      for (const d of deleted)
        cancels.push(
          waitForDeletion(env.client, d.target.info, d.target.namespace, d.target.name, d.uid, () => {
            if (--remaining === 0) done(failed ? 1 : 0);
          }),
        );
    };
    if (listType === undefined) {
      deleteAll(targets);
      return handle;
    }
    const info = listType;
    env.client.request(
      {
        verb: "list",
        resource: info.resource,
        ...(info.namespaced ? { namespace: env.namespace } : {}),
        ...(selector !== undefined ? { labelSelector: selector } : {}),
      },
      (listed) => {
        if (listed.code !== 200) {
          io.err(formatKubectlError(asStatus(listed)));
          return done(1);
        }
        const items = (listed.body as KubeList).items;
        deleteAll(
          items.map((o) => ({ info, name: o.metadata.name ?? "", namespace: nsFor(info, env.namespace) })),
        );
      },
    );
    return handle;
  },
};
