// Name and ObjectMeta validation with Kubernetes 1.32's exact texts: k8s.io/apimachinery
// pkg/util/validation (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label), pkg/api/validation
// (generic.go, objectmeta.go) and the core wrappers in pkg/apis/core/validation.
//
// Errors are listed in upstream order. Where upstream ranges over a Go map (labels, annotations,
// resource lists) the order is random there; here keys are visited sorted, so output is stable.

import { civilFromDays, daysFromCivil } from "../../sim/time";
import type { ObjectMeta } from "../../api/objects";
import { FieldErrorType, fieldError, type FieldError } from "../../api/status";
import { maxLenError, regexError, validateLabelKey, validateLabelValue } from "../../util/labels";

// ---- DNS names ------------------------------------------------------------------------------

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
export const DNS1035_LABEL_MAX_LENGTH = 63;

const dns1123LabelRegexp = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123SubdomainRegexp = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const dns1035LabelRegexp = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** Go's len(): UTF-8 bytes. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** validation.IsDNS1123Label. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  // 1.32 has no special "must not contain dots" message yet (later releases add it).
  if (!dns1123LabelRegexp.test(value))
    errs.push(regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
  return errs;
}

/** validation.IsDNS1123Subdomain. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRegexp.test(value))
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
  return errs;
}

/** validation.IsDNS1035Label. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRegexp.test(value))
    errs.push(regexError(DNS1035_LABEL_ERR_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
  return errs;
}

/** validation.IsQualifiedName (label keys, annotation keys, finalizers). */
export const isQualifiedName = validateLabelKey;
/** validation.IsValidLabelValue. */
export const isValidLabelValue = validateLabelValue;

/** A ValidateNameFunc: `prefix` is true for generateName, where a trailing dash is fine. */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

// maskTrailingDash: upstream drops the last *two* characters and appends "a"; kept as is.
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** path.ValidatePathSegmentName: what every name must satisfy to be a URL path segment. */
export const validatePathSegmentName: ValidateNameFunc = (name, prefix) => {
  if (!prefix) for (const bad of [".", ".."]) if (name === bad) return [`may not be '${bad}'`];
  const errs: string[] = [];
  for (const bad of ["/", "%"]) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};

// ---- field errors with Go-rendered values ----------------------------------------------------

export const FIELD_IMMUTABLE_ERROR_MSG = "field is immutable";
export const IS_NEGATIVE_ERROR_MSG = "must be greater than or equal to 0";

/**
 * An Invalid/Duplicate error whose bad value Go prints in a form JSON cannot express (a
 * fmt.Stringer such as metav1.Time, or `%#v` of a struct): `rendered` is that text, verbatim.
 */
export function withRenderedValue(
  type: typeof FieldErrorType.Invalid | typeof FieldErrorType.Duplicate | typeof FieldErrorType.Forbidden,
  field: string,
  rendered: string,
  detail?: string,
): FieldError {
  return { type, field, detail: detail ? `${rendered}: ${detail}` : rendered };
}

/** `%#v` of a []string: `[]string{"a", "b"}`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(", ")}}`;
}

export function validateNonnegativeField(value: number | undefined, field: string): FieldError[] {
  return value !== undefined && value < 0 ? [fieldError.invalid(field, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

// ---- labels, annotations, finalizers, owner references -----------------------------------------

const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

/** metav1validation.ValidateLabelName. */
export function validateLabelName(name: string, field: string): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldError.invalid(field, name, msg));
}

/** metav1validation.ValidateLabels: keys and values both reported at `field` itself. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(labels ?? {}).sort()) {
    errs.push(...validateLabelName(key, field));
    const value = String(labels?.[key] ?? "");
    for (const msg of isValidLabelValue(value)) errs.push(fieldError.invalid(field, value, msg));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (case-insensitively), total size at most 256 KiB. */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const key of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(fieldError.invalid(field, key, msg));
    total += byteLength(key) + byteLength(String(annotations?.[key] ?? ""));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B)
    errs.push(fieldError.tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** schema.FromAPIVersionAndKind(...).Version. */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split("/");
  if (parts.length === 1) return apiVersion;
  return parts.length === 2 ? (parts[1] as string) : "";
}

/** ValidateOwnerReferences; note upstream reports at `ownerReferences.<field>`, without an index. */
export function validateOwnerReferences(refs: ObjectMeta["ownerReferences"], field: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of refs ?? []) {
    if (versionOf(ref.apiVersion ?? "") === "")
      errs.push(fieldError.invalid(`${field}.apiVersion`, ref.apiVersion ?? "", "version must not be empty"));
    if (!ref.kind) errs.push(fieldError.invalid(`${field}.kind`, ref.kind ?? "", "must not be empty"));
    if (!ref.name) errs.push(fieldError.invalid(`${field}.name`, ref.name ?? "", "must not be empty"));
    if (!ref.uid) errs.push(fieldError.invalid(`${field}.uid`, ref.uid ?? "", "must not be empty"));
    if (ref.controller === true) {
      const current = `${ref.kind ?? ""}/${ref.name ?? ""}`;
      if (firstController !== "") {
        errs.push({
          type: FieldErrorType.Invalid,
          field,
          badValue: refs,
          detail: `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
        });
      } else firstController = current;
    }
  }
  return errs;
}

const FINALIZER_ORPHAN = "orphan";
const FINALIZER_FOREGROUND = "foregroundDeletion";
const STANDARD_FINALIZERS = new Set(["kubernetes", FINALIZER_ORPHAN, FINALIZER_FOREGROUND]);

/** apimachinery ValidateFinalizers: each a qualified name (reported at `field`), no orphan+foreground. */
export function validateFinalizers(finalizers: readonly string[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? [])
    for (const msg of isQualifiedName(f)) errs.push(fieldError.invalid(field, f, msg));
  if (finalizers?.includes(FINALIZER_ORPHAN) && finalizers.includes(FINALIZER_FOREGROUND)) {
    errs.push(
      withRenderedValue(
        FieldErrorType.Invalid,
        field,
        goStringSlice(finalizers),
        `finalizer ${FINALIZER_ORPHAN} and ${FINALIZER_FOREGROUND} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** core validateKubeFinalizerName: an unqualified finalizer must be one Kubernetes defines. */
export function validateKubeFinalizerName(name: string, field: string): FieldError[] {
  if (name.split("/").length === 1 && !STANDARD_FINALIZERS.has(name))
    return [
      fieldError.invalid(field, name, "name is neither a standard finalizer name nor is it fully qualified"),
    ];
  return [];
}

// ---- ObjectMeta ---------------------------------------------------------------------------------

export interface ObjectMetaOptions {
  /** Namespaced kinds need a namespace; cluster-scoped ones must not have one. */
  readonly namespaced: boolean;
  readonly nameFn: ValidateNameFunc;
  /** The core group's wrapper also checks unqualified finalizers (pkg/apis/core/validation). */
  readonly coreFinalizers?: boolean;
  /** Path of the metadata; `metadata` unless validating an embedded object. */
  readonly path?: string;
}

/** ValidateObjectMeta (create): expects name generation to have happened already. */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: ObjectMetaOptions): FieldError[] {
  const m = meta ?? {};
  const path = opts.path ?? "metadata";
  const errs: FieldError[] = [];
  if (m.generateName)
    for (const msg of opts.nameFn(m.generateName, true))
      errs.push(fieldError.invalid(`${path}.generateName`, m.generateName, msg));
  if (!m.name) errs.push(fieldError.required(`${path}.name`, "name or generateName is required"));
  else
    for (const msg of opts.nameFn(m.name, false)) errs.push(fieldError.invalid(`${path}.name`, m.name, msg));
  if (opts.namespaced) {
    if (!m.namespace) errs.push(fieldError.required(`${path}.namespace`));
    else
      for (const msg of nameIsDNSLabel(m.namespace, false))
        errs.push(fieldError.invalid(`${path}.namespace`, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(fieldError.forbidden(`${path}.namespace`, "not allowed on this type"));
  }
  errs.push(...validateNonnegativeField(m.generation, `${path}.generation`));
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  if (opts.coreFinalizers) errs.push(...kubeFinalizerErrors(m, path));
  return errs;
}

function kubeFinalizerErrors(meta: ObjectMeta, path: string): FieldError[] {
  return (meta.finalizers ?? []).flatMap((f, i) => validateKubeFinalizerName(f, `${path}.finalizers[${i}]`));
}

/**
 * ValidateObjectMetaUpdate. Upstream requires `resourceVersion` here; its store fills it in for
 * unconditional updates before validating, so callers should do the same.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  opts: { readonly coreFinalizers?: boolean; readonly path?: string } = {},
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const path = opts.path ?? "metadata";
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const old = new Set(o.finalizers ?? []);
    const extra = [...new Set((n.finalizers ?? []).filter((f) => !old.has(f)))].sort();
    if (extra.length > 0)
      errs.push(
        fieldError.forbidden(
          `${path}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
  }
  if (!n.resourceVersion)
    errs.push(
      fieldError.invalid(
        `${path}.resourceVersion`,
        n.resourceVersion ?? "",
        "must be specified for an update",
      ),
    );
  if ((n.generation ?? 0) < (o.generation ?? 0))
    errs.push(fieldError.invalid(`${path}.generation`, n.generation ?? 0, "must not be decremented"));
  errs.push(...validateImmutableString(n.name ?? "", o.name ?? "", `${path}.name`));
  errs.push(...validateImmutableString(n.namespace ?? "", o.namespace ?? "", `${path}.namespace`));
  errs.push(...validateImmutableString(n.uid ?? "", o.uid ?? "", `${path}.uid`));
  errs.push(
    ...validateImmutableTime(n.creationTimestamp, o.creationTimestamp, `${path}.creationTimestamp`, false),
  );
  errs.push(
    ...validateImmutableTime(n.deletionTimestamp, o.deletionTimestamp, `${path}.deletionTimestamp`, true),
  );
  if (n.deletionGracePeriodSeconds !== o.deletionGracePeriodSeconds)
    errs.push(
      fieldError.invalid(
        `${path}.deletionGracePeriodSeconds`,
        // A nil *int64 is printed as the string "null".
        n.deletionGracePeriodSeconds ?? "null",
        FIELD_IMMUTABLE_ERROR_MSG,
      ),
    );
  errs.push(...validateLabels(n.labels, `${path}.labels`));
  errs.push(...validateAnnotations(n.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(n.ownerReferences, `${path}.ownerReferences`));
  if (opts.coreFinalizers) errs.push(...kubeFinalizerErrors(n, path));
  return errs;
}

function validateImmutableString(newVal: string, oldVal: string, field: string): FieldError[] {
  return newVal === oldVal ? [] : [fieldError.invalid(field, newVal, FIELD_IMMUTABLE_ERROR_MSG)];
}

/**
 * Immutable metav1.Time: equal when the instants match. The bad value is printed with Time's
 * String() (`2024-05-01 10:00:00 +0000 UTC`, the apiserver running in UTC); a nil *Time as "null".
 */
function validateImmutableTime(
  newVal: string | undefined,
  oldVal: string | undefined,
  field: string,
  pointer: boolean,
): FieldError[] {
  const a = newVal ? goTimeString(newVal) : undefined;
  const b = oldVal ? goTimeString(oldVal) : undefined;
  if (a === b) return [];
  if (pointer && a === undefined) return [fieldError.invalid(field, "null", FIELD_IMMUTABLE_ERROR_MSG)];
  return [withRenderedValue(FieldErrorType.Invalid, field, a ?? ZERO_TIME, FIELD_IMMUTABLE_ERROR_MSG)];
}

const ZERO_TIME = "0001-01-01 00:00:00 +0000 UTC";

/** time.Time.String() in UTC for an RFC 3339 timestamp (metav1.Time keeps what it parsed). */
export function goTimeString(rfc3339: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(
    rfc3339,
  );
  if (!m) return rfc3339;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  let offset = 0;
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  const seconds =
    daysFromCivil(Number(y), Number(mo), Number(d)) * 86400 +
    Number(h) * 3600 +
    Number(mi) * 60 +
    Number(s) -
    offset;
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  const [cy, cm, cd] = civilFromDays(days);
  const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
  const fraction = (frac ?? "").slice(0, 9).replace(/0+$/, "");
  return (
    `${pad(cy, 4)}-${pad(cm)}-${pad(cd)} ${pad(Math.floor(rem / 3600))}:${pad(Math.floor((rem % 3600) / 60))}:` +
    `${pad(rem % 60)}${fraction ? `.${fraction}` : ""} +0000 UTC`
  );
}
