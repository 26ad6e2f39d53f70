// Environment validation, after pkg/apis/core/validation/validation.go of Kubernetes 1.32:
// ValidateEnv, validateEnvVarValueFrom, validateObjectFieldSelector (with
// pkg/api/pod ConvertDownwardAPIFieldLabel's errors), validateContainerResourceFieldSelector,
// validateConfigMapKeySelector, validateSecretKeySelector and ValidateEnvFrom.

import type { EnvFromSource, EnvVar } from "kubernetes-types/core/v1";
import { fieldError, type FieldError } from "../../api/status";
import { maxLenError, regexError } from "../../util/labels";
import { nameIsDNSSubdomain } from "./metaValidation";
import { idx, qualifiedNameErrors } from "./validationHelpers";

const RELAXED_ENV_NAME_MSG =
  "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** IsRelaxedEnvVarName: 1.32 turns RelaxedEnvironmentVariableValidation on by default. */
function envNameErrors(name: string): string[] {
  if (name.length === 0) return ["environment variable name must be non-empty"];
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7e || cp < 0x20 || ch === "=") return [RELAXED_ENV_NAME_MSG];
  }
  return [];
}

const DOWNWARD_API_ENV_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
// Labels ConvertDownwardAPIFieldLabel accepts for v1 pods (spec.host is an old alias).
const CONVERTIBLE_POD_FIELDS = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
  "spec.host",
]);
const RESOURCE_FIELD_PATHS = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

/** ValidateEnv. */
export function validateEnv(vars: readonly EnvVar[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  vars.forEach((ev, i) => {
    const vPath = idx(path, i);
    if (!ev.name) errs.push(fieldError.required(`${vPath}.name`));
    else
      for (const msg of envNameErrors(ev.name)) errs.push(fieldError.invalid(`${vPath}.name`, ev.name, msg));
    errs.push(...validateEnvVarValueFrom(ev, `${vPath}.valueFrom`));
  });
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, `${path}.fieldRef`));
  }
  if (from.resourceFieldRef) {
    sources++;
    const resource = from.resourceFieldRef.resource;
    if (!resource) errs.push(fieldError.required(`${path}.resourceFieldRef.resource`));
    else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource))
      errs.push(fieldError.notSupported(`${path}.resourceFieldRef.resource`, resource, RESOURCE_FIELD_PATHS));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (sources === 0)
    errs.push(
      fieldError.invalid(
        path,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  else if (ev.value)
    errs.push(fieldError.invalid(path, "", "may not be specified when `value` is not empty"));
  else if (sources > 1)
    errs.push(fieldError.invalid(path, "", "may not have more than one field specified at a time"));
  return errs;
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` → [`metadata.labels`, `app`]. */
function splitMaybeSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** validateObjectFieldSelector, with pods.ConvertDownwardAPIFieldLabel's errors. */
function validateObjectFieldSelector(
  fs: { apiVersion?: string; fieldPath: string },
  path: string,
): FieldError[] {
  // apiVersion is defaulted to v1.
  const apiVersion = fs.apiVersion || "v1";
  const fieldPath = fs.fieldPath;
  if (!fieldPath) return [fieldError.required(`${path}.fieldPath`)];
  const convertError = (why: string): FieldError[] => [
    fieldError.invalid(`${path}.fieldPath`, fieldPath, `error converting fieldPath: ${why}`),
  ];
  if (apiVersion !== "v1") return convertError(`unsupported pod version: ${apiVersion}`);
  const split = splitMaybeSubscriptedPath(fieldPath);
  if (split) {
    const [base, subscript] = split;
    if (base === "metadata.annotations") return qualifiedNameErrors(subscript.toLowerCase(), path);
    if (base === "metadata.labels") return qualifiedNameErrors(subscript, path);
    return convertError(`field label does not support subscript: ${fieldPath}`);
  }
  if (!CONVERTIBLE_POD_FIELDS.has(fieldPath)) return convertError(`field label not supported: ${fieldPath}`);
  const internal = fieldPath === "spec.host" ? "spec.nodeName" : fieldPath;
  if (!DOWNWARD_API_ENV_PATHS.includes(internal))
    return [fieldError.notSupported(`${path}.fieldPath`, internal, DOWNWARD_API_ENV_PATHS)];
  return [];
}

const CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_ERR_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** validation.IsConfigMapKey. */
function configMapKeyErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(value))
    errs.push(regexError(CONFIG_MAP_KEY_ERR_MSG, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
  if (value === ".") errs.push("must not be '.'");
  else if (value === "..") errs.push("must not be '..'");
  else if (value.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

function validateKeySelector(s: { name?: string; key: string }, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? "";
  for (const msg of nameIsDNSSubdomain(name, false)) errs.push(fieldError.invalid(`${path}.name`, name, msg));
  if (!s.key) errs.push(fieldError.required(`${path}.key`));
  else for (const msg of configMapKeyErrors(s.key)) errs.push(fieldError.invalid(`${path}.key`, s.key, msg));
  return errs;
}

/** ValidateEnvFrom. */
export function validateEnvFrom(vars: readonly EnvFromSource[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  vars.forEach((ev, i) => {
    const vPath = idx(path, i);
    if (ev.prefix)
      for (const msg of envNameErrors(ev.prefix))
        errs.push(fieldError.invalid(`${vPath}.prefix`, ev.prefix, msg));
    let sources = 0;
    for (const [field, ref] of [
      ["configMapRef", ev.configMapRef],
      ["secretRef", ev.secretRef],
    ] as const) {
      if (!ref) continue;
      sources++;
      if (!ref.name) errs.push(fieldError.required(`${vPath}.${field}.name`));
      else
        for (const msg of nameIsDNSSubdomain(ref.name, true))
          errs.push(fieldError.invalid(`${vPath}.${field}.name`, ref.name, msg));
    }
    // Upstream reports these two at the list itself, not at the item.
    if (sources === 0)
      errs.push(fieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1)
      errs.push(fieldError.invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}
