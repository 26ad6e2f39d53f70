// What a step changed in an object: field paths with old → new values, compared leaf by leaf.
// List elements that carry a `name` or `type` (containers, conditions) are matched by it, so a
// condition that moves or a container status that changes shows as `status.conditions[Ready].status`.

export type ChangeOp = "added" | "removed" | "changed";

export interface FieldChange {
  /** `spec.nodeName`, `status.conditions[Ready].status`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  readonly op: ChangeOp;
  /** Compact rendering of the old value (absent when added). */
  readonly before?: string;
  /** Compact rendering of the new value (absent when removed). */
  readonly after?: string;
}

const MAX_VALUE = 80;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value as it should appear in a one-line list: strings bare, the rest as compact JSON. */
export function formatValue(value: unknown, max = MAX_VALUE): string {
  let text: string;
  if (typeof value === "string") text = value === "" ? '""' : value;
  else if (value === undefined) text = "(none)";
  else text = JSON.stringify(value as Json) ?? String(value);
  text = text.replace(/\s*\n\s*/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

function childPath(parent: string, key: string): string {
  if (IDENT.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** The key list elements are matched by, if every element is an object with a distinct one. */
function elementKey(items: readonly unknown[]): "name" | "type" | undefined {
  for (const field of ["name", "type"] as const) {
    const seen = new Set<string>();
    const ok = items.every((item) => {
      if (!isPlainObject(item)) return false;
      const k = item[field];
      if (typeof k !== "string" || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (ok && items.length > 0) return field;
  }
  return undefined;
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return isPlainObject(v) || Array.isArray(v);
}

function isEmptyContainer(v: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function entries(
  v: Record<string, unknown> | unknown[],
  keyField: "name" | "type" | undefined,
  path: string,
) {
  if (!Array.isArray(v))
    return Object.keys(v).map((k) => ({ id: `k:${k}`, path: childPath(path, k), value: v[k] }));
  return v.map((item, i) => {
    const k = keyField && isPlainObject(item) ? (item[keyField] as string) : undefined;
    return k !== undefined
      ? { id: `e:${k}`, path: `${path}[${k}]`, value: item }
      : { id: `i:${i}`, path: `${path}[${i}]`, value: item };
  });
}

function walk(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (before === after) return;
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    leaves(after, path, "added", out);
    return;
  }
  if (after === undefined) {
    leaves(before, path, "removed", out);
    return;
  }
  const bothObjects = isPlainObject(before) && isPlainObject(after);
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  if (bothObjects || bothArrays) {
    let keyField: "name" | "type" | undefined;
    if (bothArrays) {
      const kb = elementKey(before as unknown[]);
      const ka = elementKey(after as unknown[]);
      if ((before as unknown[]).length === 0) keyField = ka;
      else if ((after as unknown[]).length === 0) keyField = kb;
      else keyField = kb === ka ? ka : undefined;
      // Lists of scalars (finalizers, args) read best whole.
      const scalars = [...(before as unknown[]), ...(after as unknown[])].every((x) => !isContainer(x));
      if (scalars) {
        if (JSON.stringify(before) !== JSON.stringify(after))
          out.push({ path, op: "changed", before: formatValue(before), after: formatValue(after) });
        return;
      }
    }
    const b = entries(before as Record<string, unknown> | unknown[], keyField, path);
    const a = entries(after as Record<string, unknown> | unknown[], keyField, path);
    const beforeById = new Map(b.map((e) => [e.id, e]));
    const afterIds = new Set(a.map((e) => e.id));
    for (const e of a) walk(beforeById.get(e.id)?.value, e.value, e.path, out);
    for (const e of b) if (!afterIds.has(e.id)) walk(e.value, undefined, e.path, out);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    out.push({ path, op: "changed", before: formatValue(before), after: formatValue(after) });
}

/** Every leaf under a value that appeared or disappeared as a whole. */
function leaves(value: unknown, path: string, op: "added" | "removed", out: FieldChange[]): void {
  if (isContainer(value) && !isEmptyContainer(value)) {
    if (Array.isArray(value) && value.every((x) => !isContainer(x))) {
      out.push(
        op === "added" ? { path, op, after: formatValue(value) } : { path, op, before: formatValue(value) },
      );
      return;
    }
    for (const e of entries(value, Array.isArray(value) ? elementKey(value) : undefined, path))
      leaves(e.value, e.path, op, out);
    return;
  }
  out.push(
    op === "added" ? { path, op, after: formatValue(value) } : { path, op, before: formatValue(value) },
  );
}

/** Field-level differences from `before` to `after` (both JSON-like objects). */
export function diffObjects(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, "", out);
  return out;
}

export type StepChange =
  | { readonly type: "created"; readonly revision: number }
  | { readonly type: "deleted"; readonly revision: number }
  | { readonly type: "changed"; readonly revision: number; readonly changes: readonly FieldChange[] }
  /** No earlier version is known (e.g. the run was rebuilt after a step back). */
  | { readonly type: "first-seen"; readonly revision: number }
  | { readonly type: "absent"; readonly revision: number };

/**
 * What happened to an object at `revision`, given the version before and the version at it.
 * `created` says whether the step is known to create it (a watch ADDED, an etcd "if absent" write);
 * `hasEarlierHistory` whether any earlier version (or deletion) is recorded, so absence before means
 * it did not exist.
 */
export function stepChange(
  before: unknown,
  after: unknown,
  revision: number,
  created: boolean,
  hasEarlierHistory: boolean,
): StepChange {
  if (after === undefined)
    return before === undefined ? { type: "absent", revision } : { type: "deleted", revision };
  if (before === undefined)
    return created || hasEarlierHistory ? { type: "created", revision } : { type: "first-seen", revision };
  return { type: "changed", revision, changes: diffObjects(before, after) };
}
