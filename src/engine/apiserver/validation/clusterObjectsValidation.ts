// Validation of Nodes, Namespaces, Events, Leases and pod Bindings, after Kubernetes 1.32's
// pkg/apis/core/validation/validation.go (ValidateNode, ValidateNodeUpdate, ValidateNamespace,
// ValidateNamespaceUpdate, ValidatePodBinding), pkg/apis/core/validation/events.go
// (ValidateEventCreate, legacy v1 checks) and pkg/apis/coordination/validation (ValidateLease,
// ValidateLeaseUpdate).

import type { Event, KubeObject, Lease, Namespace, Node, ObjectMeta } from "../../api/objects";
import { FieldErrorType, fieldError, type FieldError } from "../../api/status";
import {
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateFinalizers,
  validateKubeFinalizerName,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
  withRenderedValue,
} from "./metaValidation";
import { quantityOf, validateResourceQuantityValue } from "./resourceValidation";
import { validateNodeTaints } from "./tolerationValidation";

// ---- Node ---------------------------------------------------------------------------------------

/** ValidateNode. Note upstream reports taints under `metadata.taints`. */
export function validateNodeCreate(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, {
    namespaced: false,
    nameFn: nameIsDNSSubdomain,
    coreFinalizers: true,
  });
  if (node.spec?.taints && node.spec.taints.length > 0)
    errs.push(...validateNodeTaints(node.spec.taints, "metadata.taints"));
  errs.push(...validateNodeResources(node));
  return errs;
}

function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ["capacity", "allocatable"] as const) {
    const values = (node.status?.[list] ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(values).sort()) {
      const q = quantityOf(values[name]);
      if (q) errs.push(...validateResourceQuantityValue(q, `status.${list}.${name}`));
    }
  }
  return errs;
}

/** ValidateNodeUpdate. */
export function validateNodeUpdate(node: Node, oldNode: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(node.metadata, oldNode.metadata, { coreFinalizers: true });
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const id = `${a.type}\u0000${a.address}`;
    if (seen.has(id))
      errs.push(
        withRenderedValue(
          FieldErrorType.Duplicate,
          `status.addresses[${i}]`,
          `core.NodeAddress{Type:${JSON.stringify(a.type)}, Address:${JSON.stringify(a.address)}}`,
        ),
      );
    seen.add(id);
  });
  const oldCIDRs = oldNode.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(fieldError.forbidden("spec.podCIDRs", cidrMsg));
    else
      oldCIDRs.forEach(
        (c, i) => c !== newCIDRs[i] && errs.push(fieldError.forbidden("spec.podCIDRs", cidrMsg)),
      );
  }
  const oldProvider = oldNode.spec?.providerID ?? "";
  if (oldProvider.length > 0 && oldProvider !== (node.spec?.providerID ?? ""))
    errs.push(
      fieldError.forbidden(
        "spec.providerID",
        'node updates may not change providerID except from "" to valid',
      ),
    );
  if (node.spec?.taints && node.spec.taints.length > 0)
    errs.push(...validateNodeTaints(node.spec.taints, "metadata.taints"));
  if ((node.spec?.externalID ?? "") !== (oldNode.spec?.externalID ?? ""))
    errs.push(fieldError.forbidden("spec.externalID", "may not be updated"));
  return errs;
}

// ---- Namespace ----------------------------------------------------------------------------------

/** ValidateNamespace. */
export function validateNamespace(namespace: Namespace): FieldError[] {
  const errs = validateObjectMeta(namespace.metadata, {
    namespaced: false,
    nameFn: nameIsDNSLabel,
    coreFinalizers: true,
  });
  for (const f of namespace.spec?.finalizers ?? []) {
    errs.push(...validateFinalizers([f], "spec.finalizers"));
    errs.push(...validateKubeFinalizerName(f, "spec.finalizers"));
  }
  return errs;
}

/** ValidateNamespaceUpdate: only the metadata rules. */
export function validateNamespaceUpdate(namespace: Namespace, old: Namespace): FieldError[] {
  return validateObjectMetaUpdate(namespace.metadata, old.metadata, { coreFinalizers: true });
}

// ---- Event --------------------------------------------------------------------------------------

type EventLike = Partial<Event> & { readonly metadata?: ObjectMeta };

/**
 * Event create/update through the core v1 API: ValidateEventCreate runs only the legacy checks
 * for v1; the generic registry then checks metadata with ValidatePathSegmentName (and only
 * then, because it runs after the kind's own validation passed).
 */
export function validateEvent(event: EventLike | KubeObject): FieldError[] {
  const e = event as EventLike;
  const errs: FieldError[] = [];
  const namespace = e.metadata?.namespace ?? "";
  const involvedNs = e.involvedObject?.namespace ?? "";
  const mismatch = (): FieldError =>
    fieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
  if (!e.eventTime) {
    if (involvedNs.length === 0) {
      if (namespace !== "" && namespace !== "default") errs.push(mismatch());
    } else if (namespace !== involvedNs) errs.push(mismatch());
  } else {
    if (involvedNs.length === 0 && namespace !== "default" && namespace !== "kube-system")
      errs.push(mismatch());
    const controller = e.reportingComponent ?? "";
    if (controller.length === 0) errs.push(fieldError.required("reportingController"));
    for (const msg of isQualifiedName(controller))
      errs.push(fieldError.invalid("reportingController", controller, msg));
    const instance = e.reportingInstance ?? "";
    if (instance.length === 0) errs.push(fieldError.required("reportingInstance"));
    if (instance.length > 128)
      errs.push(fieldError.invalid("reportingInstance", "", "can have at most 128 characters"));
    const action = e.action ?? "";
    if (action.length === 0) errs.push(fieldError.required("action"));
    if (action.length > 128) errs.push(fieldError.invalid("action", "", "can have at most 128 characters"));
    const reason = e.reason ?? "";
    if (reason.length === 0) errs.push(fieldError.required("reason"));
    if (reason.length > 128) errs.push(fieldError.invalid("reason", "", "can have at most 128 characters"));
    if ((e.message ?? "").length > 1024)
      errs.push(fieldError.invalid("message", "", "can have at most 1024 characters"));
  }
  for (const msg of isDNS1123Subdomain(namespace)) errs.push(fieldError.invalid("namespace", namespace, msg));
  if (errs.length > 0) return errs;
  return validateObjectMeta(e.metadata, { namespaced: true, nameFn: validatePathSegmentName });
}

// ---- Lease --------------------------------------------------------------------------------------

type LeaseLike = Partial<Lease> & { readonly metadata?: ObjectMeta };

/** ValidateLease (coordination.k8s.io). */
export function validateLease(lease: LeaseLike | KubeObject): FieldError[] {
  const l = lease as LeaseLike;
  return [
    ...validateObjectMeta(l.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateLeaseSpec(l),
  ];
}

/** ValidateLeaseUpdate. */
export function validateLeaseUpdate(
  lease: LeaseLike | KubeObject,
  old: LeaseLike | KubeObject,
): FieldError[] {
  const l = lease as LeaseLike;
  return [...validateObjectMetaUpdate(l.metadata, (old as LeaseLike).metadata), ...validateLeaseSpec(l)];
}

function validateLeaseSpec(lease: LeaseLike): FieldError[] {
  const errs: FieldError[] = [];
  const spec = lease.spec;
  if (spec?.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0)
    errs.push(
      fieldError.invalid("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"),
    );
  if (spec?.leaseTransitions !== undefined && spec.leaseTransitions < 0)
    errs.push(
      fieldError.invalid(
        "spec.leaseTransitions",
        spec.leaseTransitions,
        "must be greater than or equal to 0",
      ),
    );
  return errs;
}

// ---- Binding ------------------------------------------------------------------------------------

/** ValidatePodBinding: the target must be a Node (or not say) and be named. */
export function validateBinding(binding: {
  readonly target?: { readonly kind?: string | undefined; readonly name?: string | undefined } | undefined;
}): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? "";
  if (kind.length > 0 && kind !== "Node")
    errs.push(fieldError.notSupported("target.kind", kind, ["Node", "<empty>"]));
  if (!binding.target?.name) errs.push(fieldError.required("target.name"));
  return errs;
}
