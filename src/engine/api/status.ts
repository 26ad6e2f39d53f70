// Kubernetes `Status` errors (k8s.io/apimachinery/pkg/api/errors) and field errors
// (k8s.io/apimachinery/pkg/util/validation/field), with their exact message forms.

export const StatusReason = {
  AlreadyExists: "AlreadyExists",
  NotFound: "NotFound",
  Invalid: "Invalid",
  Conflict: "Conflict",
  Forbidden: "Forbidden",
  BadRequest: "BadRequest",
  MethodNotAllowed: "MethodNotAllowed",
  InternalError: "InternalError",
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
}

export interface Status {
  readonly kind: "Status";
  readonly apiVersion: "v1";
  readonly metadata: Record<string, never>;
  readonly status: "Failure" | "Success";
  readonly message: string;
  readonly reason?: StatusReason;
  readonly details?: StatusDetails;
  readonly code: number;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Status";
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** `qualifiedResource` is the plural resource, with its group when not core: `pods`, `deployments.apps`. */
export function notFound(qualifiedResource: string, name: string): Status {
  return failure(404, StatusReason.NotFound, `${qualifiedResource} "${name}" not found`, {
    name,
    ...groupAndKind(qualifiedResource),
  });
}

export function alreadyExists(qualifiedResource: string, name: string): Status {
  return failure(409, StatusReason.AlreadyExists, `${qualifiedResource} "${name}" already exists`, {
    name,
    ...groupAndKind(qualifiedResource),
  });
}

export function conflict(qualifiedResource: string, name: string, why: string): Status {
  return failure(
    409,
    StatusReason.Conflict,
    `Operation cannot be fulfilled on ${qualifiedResource} "${name}": ${why}`,
    {
      name,
      ...groupAndKind(qualifiedResource),
    },
  );
}

export const OBJECT_MODIFIED =
  "the object has been modified; please apply your changes to the latest version and try again";

export function forbidden(qualifiedResource: string, name: string, why: string): Status {
  const subject = name === "" ? qualifiedResource : `${qualifiedResource} "${name}"`;
  return failure(403, StatusReason.Forbidden, `${subject} is forbidden: ${why}`, {
    ...(name ? { name } : {}),
    ...groupAndKind(qualifiedResource),
  });
}

export function badRequest(message: string): Status {
  return failure(400, StatusReason.BadRequest, message);
}

export function methodNotAllowed(message: string): Status {
  return failure(405, StatusReason.MethodNotAllowed, message);
}

/** `kind` is the qualified kind (`Pod`, `Deployment.apps`). */
export function invalid(kind: string, name: string, errors: readonly FieldError[]): Status {
  const aggregate =
    errors.length === 1
      ? formatFieldError(errors[0] as FieldError)
      : `[${errors.map(formatFieldError).join(", ")}]`;
  const dot = kind.indexOf(".");
  return failure(422, StatusReason.Invalid, `${kind} "${name}" is invalid: ${aggregate}`, {
    name,
    ...(dot >= 0 ? { group: kind.slice(dot + 1), kind: kind.slice(0, dot) } : { group: "", kind }),
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}

function groupAndKind(qualifiedResource: string): { group: string; kind: string } {
  const dot = qualifiedResource.indexOf(".");
  return dot >= 0
    ? { group: qualifiedResource.slice(dot + 1), kind: qualifiedResource.slice(0, dot) }
    : { group: "", kind: qualifiedResource };
}

// ---- field errors -------------------------------------------------------------------------

export const FieldErrorType = {
  Required: "FieldValueRequired",
  Invalid: "FieldValueInvalid",
  NotSupported: "FieldValueNotSupported",
  Duplicate: "FieldValueDuplicate",
  Forbidden: "FieldValueForbidden",
  TooLong: "FieldValueTooLong",
  TooMany: "FieldValueTooMany",
  NotFound: "FieldValueNotFound",
} as const;
export type FieldErrorType = (typeof FieldErrorType)[keyof typeof FieldErrorType];

const typeText: Record<FieldErrorType, string> = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueNotFound: "Not found",
};

export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  /** Omitted for Required/Forbidden/TooLong, whose messages never show the value. */
  readonly badValue?: unknown;
  readonly detail?: string;
}

/** Go's %q-ish rendering of a bad value, as field.Error does. */
function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function fieldErrorBody(error: FieldError): string {
  let body: string;
  if (
    error.type === FieldErrorType.Required ||
    error.type === FieldErrorType.Forbidden ||
    error.type === FieldErrorType.TooLong ||
    !("badValue" in error)
  ) {
    body = typeText[error.type];
  } else {
    body = `${typeText[error.type]}: ${renderValue(error.badValue)}`;
  }
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

export function formatFieldError(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

export const fieldError = {
  required: (field: string, detail?: string): FieldError => ({
    type: FieldErrorType.Required,
    field,
    ...(detail ? { detail } : {}),
  }),
  invalid: (field: string, badValue: unknown, detail?: string): FieldError => ({
    type: FieldErrorType.Invalid,
    field,
    badValue,
    ...(detail ? { detail } : {}),
  }),
  notSupported: (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
    type: FieldErrorType.NotSupported,
    field,
    badValue,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({
    type: FieldErrorType.Duplicate,
    field,
    badValue,
  }),
  forbidden: (field: string, detail: string): FieldError => ({
    type: FieldErrorType.Forbidden,
    field,
    detail,
  }),
  tooLong: (field: string, maxLength: number): FieldError => ({
    type: FieldErrorType.TooLong,
    field,
    detail: `may not be more than ${maxLength} bytes`,
  }),
};
