// `kubectl create configmap` and `kubectl create secret generic` (pkg/cmd/create/
// create_configmap.go, create_secret.go) with --from-literal; the Secret's data is base64 of the
// UTF-8 bytes. Simplified: no --from-file, --from-env-file, --append-hash.

import type { KubeObject } from "../../../api/objects";
import { type ResourceInfo, resourceInfo } from "../../../api/resources";
import { utf8Bytes } from "../../../apiserver/validation/goBase64";
import type { CommandSpec, KubectlEnv, KubectlIO } from "../command";
import { createObject, dryRunFlags } from "./createObject";
import { flag, flagString, flagStrings } from "./shared";

const info = (resource: string): ResourceInfo => resourceInfo(resource) as ResourceInfo;

/** --from-literal=key=value, each once. */
function literals(
  env: KubectlEnv,
  values: readonly string[],
  io: KubectlIO,
): Record<string, string> | undefined {
  void env;
  const data: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) {
      io.err(`error: invalid literal source ${v}, expected key=value\n`);
      return undefined;
    }
    data[v.slice(0, i)] = v.slice(i + 1);
  }
  return data;
}

const fromLiteral = flag(
  "from-literal",
  "stringArray",
  "Specify a key and literal value to insert (i.e. mykey=somevalue)",
);

export const createConfigMap: CommandSpec = {
  path: ["create", "configmap"],
  use: "configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]",
  short: "Create a config map from a local file, directory or literal value",
  aliases: ["cm"],
  flags: [fromLiteral, ...dryRunFlags],
  run(env, command, io, done) {
    const name = command.args[0];
    if (name === undefined) {
      io.err("error: exactly one NAME is required, got 0\n");
      return done(1);
    }
    const data = literals(env, flagStrings(command.flags, "from-literal"), io);
    if (!data) return done(1);
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name },
      ...(Object.keys(data).length ? { data } : {}),
    };
    createObject(
      env,
      io,
      done,
      command.flags,
      info("configmaps"),
      cm as unknown as KubeObject,
      "created",
      (m) => `failed to create configmap: ${m}`,
    );
  },
};

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 of the UTF-8 bytes, as a Secret's data holds them. */
export function base64(text: string): string {
  const bytes = utf8Bytes(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63] ?? "";
    out += B64[(n >> 12) & 63] ?? "";
    out += i + 1 < bytes.length ? (B64[(n >> 6) & 63] ?? "") : "=";
    out += i + 2 < bytes.length ? (B64[n & 63] ?? "") : "=";
  }
  return out;
}

export const createSecretGeneric: CommandSpec = {
  path: ["create", "secret", "generic"],
  use: "generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]",
  short: "Create a secret from a local file, directory, or literal value",
  flags: [fromLiteral, flag("type", "string", "The type of secret to create"), ...dryRunFlags],
  run(env, command, io, done) {
    const name = command.args[0];
    if (name === undefined) {
      io.err("error: exactly one NAME is required, got 0\n");
      return done(1);
    }
    const data = literals(env, flagStrings(command.flags, "from-literal"), io);
    if (!data) return done(1);
    const type = flagString(command.flags, "type");
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name },
      ...(Object.keys(data).length
        ? { data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)])) }
        : {}),
      ...(type ? { type } : {}),
    };
    createObject(
      env,
      io,
      done,
      command.flags,
      info("secrets"),
      secret as unknown as KubeObject,
      "created",
      (m) => `failed to create secret ${m}`,
    );
  },
};
