// Small helpers shared by the core validation files: k8s.io/apimachinery pkg/util/validation
// (InclusiveRangeError, IsValidPortNum, IsValidPortName), field.ErrorList builders and the
// DNS/qualified-name wrappers pkg/apis/core/validation/validation.go applies to spec fields.

import { FieldErrorType, fieldError, type FieldError } from "../../api/status";
import { maxLenError } from "../../util/labels";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from "./metaValidation";

export const MAX_INT32 = 2147483647;

/** validation.InclusiveRangeError. */
export const inclusiveRangeError = (lo: number, hi: number): string =>
  `must be between ${lo} and ${hi}, inclusive`;

export const idx = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;

export function dnsLabelErrors(value: string, field: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => fieldError.invalid(field, value, msg));
}

export function dnsSubdomainErrors(value: string, field: string): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => fieldError.invalid(field, value, msg));
}

export function notFound(field: string, value: unknown): FieldError {
  return { type: FieldErrorType.NotFound, field, badValue: value };
}

export function qualifiedNameErrors(value: string, field: string): FieldError[] {
  return isQualifiedName(value).map((msg) => fieldError.invalid(field, value, msg));
}

/** validation.IsValidPortNum. */
export function portNumErrors(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** validation.IsValidPortName (IANA_SVC_NAME). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name))
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  if (name.length > 0 && (name.startsWith("-") || name.endsWith("-")))
    errs.push("must not begin or end with a hyphen");
  return errs;
}
