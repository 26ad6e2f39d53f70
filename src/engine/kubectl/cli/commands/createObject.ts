// Creating a generated object as kubectl's create/run/expose/autoscale do: POST it (reporting
// `<kind>/<name> <operation>`), or with --dry-run=client print it as the Go struct would marshal.

import type { KubeObject } from "../../../api/objects";
import type { ResourceInfo } from "../../../api/resources";
import { formatKubectlError } from "../../errors";
import { asStatus } from "../../kubectl";
import { marshalYaml } from "../../printers/goYaml";
import { marshalJson } from "../../printers/yamlPrinter";
import type { KubectlEnv, KubectlIO } from "../command";
import { type Flags, flag, flagString, kindName } from "./shared";

/** Creates `object` (or prints it for --dry-run=client); `wrap` turns the server's error text into kubectl's. */
export function createObject(
  env: KubectlEnv,
  io: KubectlIO,
  done: (code: number) => void,
  flags: Flags,
  info: ResourceInfo,
  object: KubeObject,
  operation: string,
  wrap?: (message: string) => string,
): void {
  const name = object.metadata.name ?? "";
  const output = flagString(flags, "output");
  const dryRun = flagString(flags, "dry-run");
  if (dryRun === "client") {
    if (output === "yaml") io.out(marshalYaml(forPrinting(object)));
    else if (output === "json") io.out(marshalJson(forPrinting(object)));
    else if (output === "name") io.out(`${kindName(info, name)}\n`);
    else io.out(`${kindName(info, name)} ${operation} (dry run)\n`);
    return done(0);
  }
  const namespace = info.namespaced ? env.namespace : undefined;
  const body = {
    ...object,
    metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) },
  } as KubeObject;
  env.client.request(
    {
      verb: "create",
      resource: info.resource,
      ...(namespace ? { namespace } : {}),
      body,
      fieldValidation: "Strict",
    },
    (res) => {
      if (res.code !== 201) {
        const status = asStatus(res);
        io.err(wrap ? `error: ${wrap(status.message ?? "")}\n` : formatKubectlError(status));
        return done(1);
      }
      io.out(output === "name" ? `${kindName(info, name)}\n` : `${kindName(info, name)} ${operation}\n`);
      done(0);
    },
  );
}

/** What a Go struct marshals that the plain object lacks: null creationTimestamps, empty status. */
function forPrinting(object: KubeObject): unknown {
  const o = JSON.parse(JSON.stringify(object)) as Record<string, unknown> & KubeObject;
  (o.metadata as Record<string, unknown>)["creationTimestamp"] = null;
  const spec = o["spec"] as { template?: { metadata?: Record<string, unknown> } } | undefined;
  if (spec?.template?.metadata) spec.template.metadata["creationTimestamp"] = null;
  if (
    o.kind === "Pod" ||
    o.kind === "Deployment" ||
    o.kind === "Namespace" ||
    o.kind === "HorizontalPodAutoscaler"
  )
    o["status"] = {};
  if (o.kind === "Service") o["status"] = { loadBalancer: {} };
  return o;
}

export const dryRunFlags = [
  flag(
    "dry-run",
    "string",
    `Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it.`,
    { default: "none" },
  ),
  flag("output", "string", "Output format. One of: (json, yaml, name).", { shorthand: "o" }),
];
