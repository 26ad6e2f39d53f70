// Tolerations and taints, after pkg/apis/core/validation/validation.go of Kubernetes 1.32:
// ValidateTolerations, validateOnlyAddedTolerations (pod updates), validateTaintEffect and
// validateNodeTaints.

import type { Taint, Toleration } from "../../api/objects";
import { jsonEqual } from "../../api/objects";
import { FieldErrorType, fieldError, type FieldError } from "../../api/status";
import { isValidLabelValue, validateLabelName, withRenderedValue } from "./metaValidation";
import { idx } from "./validationHelpers";

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** ValidateTolerations. */
export function validateTolerations(tolerations: readonly Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const tPath = idx(path, i);
    const tkey = t.key ?? "";
    const operator = t.operator ?? "";
    const value = t.value ?? "";
    const effect = t.effect ?? "";
    if (tkey.length > 0) errs.push(...validateLabelName(tkey, `${tPath}.key`));
    if (tkey.length === 0 && operator !== "Exists")
      errs.push(
        fieldError.invalid(
          `${tPath}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute")
      errs.push(
        fieldError.invalid(
          `${tPath}.effect`,
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (operator === "Equal" || operator === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(fieldError.invalid(`${tPath}.operator`, value, msgs.join(";")));
    } else if (operator === "Exists") {
      if (value.length > 0)
        errs.push(
          fieldError.invalid(`${tPath}.operator`, value, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(fieldError.notSupported(`${tPath}.operator`, operator, ["Equal", "Exists"]));
    }
    if (effect.length > 0) errs.push(...validateTaintEffect(effect, true, `${tPath}.effect`));
  });
  return errs;
}

function validateTaintEffect(effect: string, allowEmpty: boolean, field: string): FieldError[] {
  if (!allowEmpty && effect.length === 0) return [fieldError.required(field)];
  return TAINT_EFFECTS.includes(effect) ? [] : [fieldError.notSupported(field, effect, TAINT_EFFECTS)];
}

/** `%#v` of a core.Taint, as Go prints the duplicate. */
function goTaint(t: Taint): string {
  const added = t.timeAdded ? `&v1.Time{${t.timeAdded}}` : "(*v1.Time)(nil)";
  return `core.Taint{Key:${JSON.stringify(t.key ?? "")}, Value:${JSON.stringify(t.value ?? "")}, Effect:${JSON.stringify(t.effect ?? "")}, TimeAdded:${added}}`;
}

/** validateNodeTaints. */
export function validateNodeTaints(taints: readonly Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const tPath = idx(path, i);
    errs.push(...validateLabelName(t.key ?? "", `${tPath}.key`));
    const msgs = isValidLabelValue(t.value ?? "");
    if (msgs.length > 0) errs.push(fieldError.invalid(`${tPath}.value`, t.value ?? "", msgs.join(";")));
    errs.push(...validateTaintEffect(t.effect ?? "", false, `${tPath}.effect`));
    const keys = unique.get(t.effect ?? "") ?? new Set<string>();
    if (keys.has(t.key ?? "")) {
      errs.push(
        withRenderedValue(
          FieldErrorType.Duplicate,
          tPath,
          goTaint(t),
          "taints must be unique by key and effect pair",
        ),
      );
      return;
    }
    keys.add(t.key ?? "");
    unique.set(t.effect ?? "", keys);
  });
  return errs;
}

/** validateOnlyAddedTolerations: existing tolerations may only change their tolerationSeconds. */
export function validateOnlyAddedTolerations(
  newTolerations: readonly Toleration[],
  oldTolerations: readonly Toleration[],
  field: string,
): FieldError[] {
  for (const old of oldTolerations) {
    const found = newTolerations.some((t) =>
      jsonEqual(withSeconds(old, t.tolerationSeconds), withSeconds(t, t.tolerationSeconds)),
    );
    if (!found)
      return [
        fieldError.forbidden(field, "existing toleration can not be modified except its tolerationSeconds"),
      ];
  }
  return validateTolerations(newTolerations, field);
}

function withSeconds(t: Toleration, seconds: number | undefined): Record<string, unknown> {
  // Compare as Go does after defaulting: an empty operator is kept as is, absent strings are "".
  return {
    key: t.key ?? "",
    operator: t.operator ?? "",
    value: t.value ?? "",
    effect: t.effect ?? "",
    tolerationSeconds: seconds ?? null,
  };
}
