// `kubectl apply|create|replace -f` and `kubectl delete` (staging/src/k8s.io/kubectl/pkg/cmd/apply,
// create, replace, delete). Apply reuses Kubectl.apply (client-side three-way merge); create POSTs
// each manifest object; replace PUTs it over the live one (taking its resourceVersion, as
// helper.Replace with overwrite does); delete sends DeleteOptions and, with --wait (the default),
// watches until each object is gone. Simplified: no -o, --dry-run, --prune, -R or URLs for -f.

import type { KubeObject } from "../../../api/objects";
import { resourceForKind } from "../../../api/resources";
import { formatKubectlError } from "../../errors";
import { type CommandResult, asStatus } from "../../kubectl";
import { parseManifests } from "../../manifest";
import type { CommandSpec, KubectlEnv, KubectlIO, ParsedCommand } from "../command";
import { deleteCommand } from "./delete";
import { errorLine, filenameFlag, flagStrings, kindName, printResult, sequence } from "./shared";
import { applyHelp } from "./upstreamHelp/apply";
import { createHelp } from "./upstreamHelp/create";

/** The documents named by -f, or the error kubectl prints for a missing one. */
export function readFiles(
  env: KubectlEnv,
  command: ParsedCommand,
  io: KubectlIO,
): { name: string; text: string }[] | undefined {
  const names = flagStrings(command.flags, "filename");
  if (names.length === 0) {
    io.err("error: must specify one of -f and -k\n");
    return undefined;
  }
  const files: { name: string; text: string }[] = [];
  for (const name of names) {
    const text = env.readFile(name);
    if (text === undefined) {
      io.err(`error: the path "${name}" does not exist\n`);
      return undefined;
    }
    files.push({ name, text });
  }
  return files;
}

const apply: CommandSpec = {
  path: ["apply"],
  use: "apply (-f FILENAME | -k DIRECTORY)",
  short: "Apply a configuration to a resource by file name or stdin",
  ...applyHelp,
  run(env, command, io, done) {
    const files = readFiles(env, command, io);
    if (!files) return done(1);
    let failed = false;
    sequence(
      files,
      (file, next) =>
        env.cluster.kubectl.apply(
          file.text,
          file.name,
          (results) => {
            for (const r of results) printResult(io, r);
            if (results.some((r) => !r.ok)) failed = true;
            next();
          },
          { client: env.client, namespace: env.namespace },
        ),
      () => done(failed ? 1 : 0),
    );
  },
};

/** Each object of each -f document, sent by `send`; results printed in order. */
function eachObject(
  env: KubectlEnv,
  command: ParsedCommand,
  io: KubectlIO,
  done: (code: number) => void,
  send: (object: KubeObject, source: string, finish: (r: CommandResult) => void) => void,
): void {
  const files = readFiles(env, command, io);
  if (!files) return done(1);
  const objects: { object: KubeObject; source: string }[] = [];
  for (const file of files) {
    const parsed = parseManifests(file.text, file.name);
    if (!parsed.ok) {
      io.err(formatKubectlError(parsed.error));
      return done(1);
    }
    for (const o of parsed.objects)
      objects.push({ object: o.object as unknown as KubeObject, source: file.name });
  }
  let failed = false;
  sequence(
    objects,
    (o, next) =>
      send(o.object, o.source, (r) => {
        printResult(io, r);
        if (!r.ok) failed = true;
        next();
      }),
    () => done(failed ? 1 : 0),
  );
}

function target(env: KubectlEnv, object: KubeObject, source: string) {
  const info = resourceForKind(String(object.apiVersion), String(object.kind));
  if (!info)
    return {
      error: errorLine(
        `resource mapping not found for name: "${object.metadata?.name ?? ""}" namespace: "${object.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      ).trimEnd(),
    };
  const namespace = info.namespaced ? (object.metadata?.namespace ?? env.namespace) : undefined;
  const body = {
    ...object,
    metadata: { ...object.metadata, ...(namespace !== undefined ? { namespace } : {}) },
  } as KubeObject;
  return { info, namespace, body, name: object.metadata?.name ?? "" };
}

const create: CommandSpec = {
  path: ["create"],
  use: "create -f FILENAME",
  short: "Create a resource from a file or from stdin",
  ...createHelp,
  run(env, command, io, done) {
    eachObject(env, command, io, done, (object, source, finish) => {
      const t = target(env, object, source);
      if ("error" in t) return finish({ ok: false, message: t.error ?? "" });
      env.client.request(
        {
          verb: "create",
          resource: t.info.resource,
          ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
          body: t.body,
          fieldValidation: "Strict",
        },
        (res) =>
          res.code === 201
            ? finish({
                ok: true,
                message: `${kindName(t.info, t.name || ((res.body as KubeObject).metadata.name ?? ""))} created`,
              })
            : finish({
                ok: false,
                message: formatKubectlError(asStatus(res), { verb: "creating", source }).trimEnd(),
              }),
      );
    });
  },
};

const replace: CommandSpec = {
  path: ["replace"],
  use: "replace -f FILENAME",
  short: "Replace a resource by file name or stdin",
  flags: [filenameFlag],
  run(env, command, io, done) {
    eachObject(env, command, io, done, (object, source, finish) => {
      const t = target(env, object, source);
      if ("error" in t) return finish({ ok: false, message: t.error ?? "" });
      const ns = t.namespace !== undefined ? { namespace: t.namespace } : {};
      const fail = (res: Parameters<typeof asStatus>[0]): void =>
        finish({
          ok: false,
          message: formatKubectlError(asStatus(res), { verb: "replacing", source }).trimEnd(),
        });
      const put = (body: KubeObject): void =>
        env.client.request(
          { verb: "update", resource: t.info.resource, name: t.name, ...ns, body, fieldValidation: "Strict" },
          (res) =>
            res.code === 200
              ? finish({ ok: true, message: `${kindName(t.info, t.name)} replaced` })
              : fail(res),
        );
      if (t.body.metadata.resourceVersion) return put(t.body);
      // helper.Replace(overwrite=true): take the live object's resourceVersion.
      env.client.request({ verb: "get", resource: t.info.resource, name: t.name, ...ns }, (got) => {
        if (got.code !== 200) return fail(got);
        const rv = (got.body as KubeObject).metadata.resourceVersion;
        put({
          ...t.body,
          metadata: { ...t.body.metadata, ...(rv !== undefined ? { resourceVersion: rv } : {}) },
        });
      });
    });
  },
};

export const objectCommands: readonly CommandSpec[] = [apply, create, replace, deleteCommand];
