// Compute resource validation, after pkg/apis/core/validation/validation.go of Kubernetes 1.32:
// ValidateContainerResourceRequirements, validateContainerResourceName,
// ValidateResourceQuantityValue, and the resource-name helpers of pkg/apis/core/helper
// (IsNativeResource, IsHugePageResourceName, IsOvercommitAllowed, IsExtendedResourceName).

import type { ResourceRequirements } from "../../api/objects";
import { fieldError, type FieldError } from "../../api/status";
import { parseQuantity, type Quantity } from "../../util/quantity";
import { IS_NEGATIVE_ERROR_MSG, isQualifiedName } from "./metaValidation";
import { key, qualifiedNameErrors } from "./validationHelpers";

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

const isHugePages = (name: string): boolean => name.startsWith("hugepages-");
/** helper.IsNativeResource: unprefixed or in the kubernetes.io domain. */
const isNativeResource = (name: string): boolean => !name.includes("/") || name.includes("kubernetes.io/");
const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** validateContainerResourceName. */
function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = qualifiedNameErrors(name, field);
  if (errs.length === 0 && !name.includes("/") && !STANDARD_RESOURCES.has(name) && !isHugePages(name))
    errs.push(fieldError.invalid(field, name, "must be a standard resource type or fully qualified"));
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
      errs.push(fieldError.invalid(field, name, "must be a standard resource for containers"));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(fieldError.invalid(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

export function quantityOf(value: unknown): Quantity | undefined {
  return typeof value === "string" || typeof value === "number" ? parseQuantity(value) : undefined;
}

/** ValidateResourceQuantityValue (integer-only resources aside). */
export function validateResourceQuantityValue(q: Quantity, field: string): FieldError[] {
  return q.sign() < 0 ? [fieldError.invalid(field, q.toString(), IS_NEGATIVE_ERROR_MSG)] : [];
}

/** ValidateContainerResourceRequirements. */
export function validateResourceRequirements(req: ResourceRequirements, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = (req.limits ?? {}) as Record<string, unknown>;
  const requests = (req.requests ?? {}) as Record<string, unknown>;
  let limitsCpuOrMemory = false;
  let requestsCpuOrMemory = false;
  let hugePages = false;
  for (const name of Object.keys(limits).sort()) {
    const field = key(limPath, name);
    errs.push(...validateContainerResourceName(name, field));
    const q = quantityOf(limits[name]);
    if (q) errs.push(...validateResourceQuantityValue(q, field));
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") limitsCpuOrMemory = true;
  }
  for (const name of Object.keys(requests).sort()) {
    const field = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, field));
    const q = quantityOf(requests[name]);
    if (q) errs.push(...validateResourceQuantityValue(q, field));
    const limit = quantityOf(limits[name]);
    if (name in limits) {
      if (q && limit) {
        // Requests of resources that cannot be overcommitted must equal their limits.
        if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name))
          errs.push(
            fieldError.invalid(
              reqPath,
              q.toString(),
              `must be equal to ${name} limit of ${limit.toString()}`,
            ),
          );
        else if (q.cmp(limit) > 0)
          errs.push(
            fieldError.invalid(
              reqPath,
              q.toString(),
              `must be less than or equal to ${name} limit of ${limit.toString()}`,
            ),
          );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(fieldError.required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") requestsCpuOrMemory = true;
  }
  if (!limitsCpuOrMemory && !requestsCpuOrMemory && hugePages)
    errs.push(fieldError.forbidden(path, "HugePages require cpu or memory"));
  return errs;
}
