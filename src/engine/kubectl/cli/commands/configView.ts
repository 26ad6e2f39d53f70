// How `kubectl config view` serialises the kubeconfig (clientcmd/api/v1 types.go field order for
// JSON; sigs.k8s.io/yaml sorts keys for YAML), with secrets shown as upstream's RedactSecrets /
// ShortenConfig do: certificate data `DATA+OMITTED`, tokens and passwords `REDACTED`.

import { marshalYaml } from "../../printers/goYaml";
import type { Kubeconfig, KubeconfigCluster, KubeconfigContext, KubeconfigUser } from "../kubeconfig";

const byName = <T extends { name: string }>(items: Iterable<T>): T[] =>
  [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function clusterJson(c: KubeconfigCluster): Record<string, unknown> {
  return {
    server: c.server,
    ...(c.tlsServerName ? { "tls-server-name": c.tlsServerName } : {}),
    ...(c.insecureSkipTlsVerify ? { "insecure-skip-tls-verify": true } : {}),
    ...(c.certificateAuthority ? { "certificate-authority": c.certificateAuthority } : {}),
    ...(c.certificateAuthorityData ? { "certificate-authority-data": "DATA+OMITTED" } : {}),
  };
}

function userJson(u: KubeconfigUser): Record<string, unknown> {
  return {
    ...(u.clientCertificate ? { "client-certificate": u.clientCertificate } : {}),
    ...(u.clientCertificateData ? { "client-certificate-data": "DATA+OMITTED" } : {}),
    ...(u.clientKey ? { "client-key": u.clientKey } : {}),
    ...(u.clientCertificateData ? { "client-key-data": "DATA+OMITTED" } : {}),
    ...(u.token ? { token: "REDACTED" } : {}),
    ...(u.username ? { username: u.username } : {}),
    ...(u.password ? { password: "REDACTED" } : {}),
  };
}

function contextJson(c: KubeconfigContext): Record<string, unknown> {
  return { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) };
}

/** The kubeconfig as clientcmd's v1 Config, optionally minified to the current context. */
export function configObject(config: Kubeconfig, minify: boolean): Record<string, unknown> {
  let clusters = byName(config.clusters.values());
  let users = byName(config.users.values());
  let contexts = byName(config.contexts.values());
  if (minify) {
    const current = config.context();
    contexts = contexts.filter((c) => c.name === config.currentContext);
    clusters = clusters.filter((c) => c.name === current?.cluster);
    users = users.filter((u) => u.name === current?.user);
  }
  return {
    kind: "Config",
    apiVersion: "v1",
    preferences: {},
    clusters: clusters.map((c) => ({ name: c.name, cluster: clusterJson(c) })),
    users: users.map((u) => ({ name: u.name, user: userJson(u) })),
    contexts: contexts.map((c) => ({ name: c.name, context: contextJson(c) })),
    "current-context": config.currentContext,
  };
}

/** `kubectl config view` (-o yaml, the default, or json); null lists print as `null` in YAML. */
export function renderConfig(config: Kubeconfig, output: "yaml" | "json", minify: boolean): string {
  const object = configObject(config, minify);
  if (output === "json") return `${JSON.stringify(object, null, 4)}\n`;
  const nulls = Object.fromEntries(
    Object.entries(object).map(([k, v]) => [k, Array.isArray(v) && v.length === 0 ? null : v]),
  );
  return marshalYaml(nulls);
}

/** A tabwriter table as kubectl's config printers use it (padding 3, last column unpadded). */
export function tabTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join(""),
    )
    .map((line) => `${line}\n`)
    .join("");
}
