// Volume validation, after pkg/apis/core/validation/validation.go of Kubernetes 1.32:
// ValidateVolumes, validateVolumeSource (the per-source checks for emptyDir, hostPath, secret,
// configMap and persistentVolumeClaim only), ValidateVolumeMounts and validateLocalDescendingPath.

import type { VolumeMount } from "kubernetes-types/core/v1";
import type { Volume } from "../../api/objects";
import { fieldError, type FieldError } from "../../api/status";
import { parseQuantity } from "../../util/quantity";
import { dnsLabelErrors, idx, notFound } from "./validationHelpers";

// VolumeSource members in upstream's check order; the value is the path upstream uses in the
// "more than 1 volume type" error (two differ from the JSON name, upstream's typo included).
const VOLUME_SOURCES: ReadonlyArray<readonly [string, string]> = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const FILE_MODE_ERROR_MSG = "must be a number between 0 and 0777 (octal), both inclusive";

/** ValidateVolumes: returns the volumes that passed (what mounts may refer to) and the errors. */
export function validateVolumes(
  volumes: readonly Volume[],
  path: string,
): { volumes: Map<string, Volume>; errors: FieldError[] } {
  const valid = new Map<string, Volume>();
  const errors: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((vol, i) => {
    const volPath = idx(path, i);
    const el = validateVolumeSource(vol, volPath);
    if (!vol.name) el.push(fieldError.required(`${volPath}.name`));
    else el.push(...dnsLabelErrors(vol.name, `${volPath}.name`));
    if (names.has(vol.name)) el.push(fieldError.duplicate(`${volPath}.name`, vol.name));
    if (el.length === 0) {
      names.add(vol.name);
      valid.set(vol.name, vol);
    } else errors.push(...el);
  });
  return { volumes: valid, errors };
}

function validateVolumeSource(vol: Volume, path: string): FieldError[] {
  const source = vol as unknown as Record<string, unknown>;
  const errs: FieldError[] = [];
  let count = 0;
  for (const [member, errorName] of VOLUME_SOURCES) {
    const value = source[member];
    if (value === undefined || value === null) continue;
    if (count > 0) {
      errs.push(fieldError.forbidden(`${path}.${errorName}`, "may not specify more than 1 volume type"));
      continue;
    }
    count++;
    errs.push(...validateVolumeSourceMember(member, value as Record<string, unknown>, `${path}.${member}`));
  }
  // A volume without a source is defaulted to an emptyDir, so "must specify a volume type" never shows.
  return errs;
}

function validateVolumeSourceMember(
  member: string,
  source: Record<string, unknown>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mode = (field: string): void => {
    const value = source[field];
    if (typeof value === "number" && (value > 0o777 || value < 0))
      errs.push(fieldError.invalid(`${path}.${field}`, value, FILE_MODE_ERROR_MSG));
  };
  switch (member) {
    case "emptyDir": {
      const limit = source["sizeLimit"];
      const q = limit === undefined || limit === null ? undefined : parseQuantity(limit as string | number);
      if (q && q.sign() < 0)
        errs.push(
          fieldError.forbidden(`${path}.sizeLimit`, "SizeLimit field must be a valid resource quantity"),
        );
      break;
    }
    case "hostPath":
      if (!source["path"]) errs.push(fieldError.required(`${path}.path`));
      break;
    case "secret":
      if (!source["secretName"]) errs.push(fieldError.required(`${path}.secretName`));
      mode("defaultMode");
      break;
    case "configMap":
      if (!source["name"]) errs.push(fieldError.required(`${path}.name`));
      mode("defaultMode");
      break;
    case "persistentVolumeClaim":
      if (!source["claimName"]) errs.push(fieldError.required(`${path}.claimName`));
      break;
  }
  return errs;
}

/** ValidateVolumeMounts (without volumeDevices, mount propagation and recursive read-only). */
export function validateVolumeMounts(
  mounts: readonly VolumeMount[],
  volumes: Map<string, Volume>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  mounts.forEach((m, i) => {
    const mPath = idx(path, i);
    if (!m.name) errs.push(fieldError.required(`${mPath}.name`));
    if (!volumes.has(m.name)) errs.push(notFound(`${mPath}.name`, m.name));
    if (!m.mountPath) errs.push(fieldError.required(`${mPath}.mountPath`));
    if (mountPoints.has(m.mountPath))
      errs.push(fieldError.invalid(`${mPath}.mountPath`, m.mountPath, "must be unique"));
    mountPoints.add(m.mountPath);
    // Upstream passes the list's path (no index) down to the subPath checks.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push(
          fieldError.invalid(
            `${mPath}.subPathExpr`,
            m.subPathExpr,
            "subPathExpr and subPath are mutually exclusive",
          ),
        );
      errs.push(...validateLocalDescendingPath(m.subPathExpr, `${path}.subPathExpr`));
    }
  });
  return errs;
}

function validateLocalDescendingPath(target: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith("/")) errs.push(fieldError.invalid(field, target, "must be a relative path"));
  if (target.split(/[\\/]/).includes(".."))
    errs.push(fieldError.invalid(field, target, "must not contain '..'"));
  return errs;
}
