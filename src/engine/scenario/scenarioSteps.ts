// The actions a Scenario step (or a learner in the browser) can take, and their validation. Each
// is what a person would do to a real cluster: kubectl commands (apply, delete, scale, set image,
// rollout undo/restart), node faults and maintenance, and the load on a workload.

import { parseDuration } from "../sim/time";

export const STEP_KINDS = [
  "apply",
  "delete",
  "node",
  "scale",
  "setImage",
  "rollback",
  "restart",
  "load",
  "kubectl",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const NODE_ACTIONS = ["stop", "start", "cordon", "uncordon", "drain"] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export const CASCADE_MODES = ["background", "foreground", "orphan"] as const;
export type CascadeMode = (typeof CASCADE_MODES)[number];

export interface ApplyAction {
  readonly apply: string;
}
export interface DeleteAction {
  readonly delete: {
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
    readonly gracePeriodSeconds?: number;
    readonly cascade?: CascadeMode;
  };
}
export interface NodeFaultAction {
  readonly node: { readonly name: string; readonly action: NodeAction };
}
export interface ScaleAction {
  readonly scale: {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
    readonly replicas: number;
  };
}
export interface SetImageAction {
  readonly setImage: {
    readonly deployment: string;
    readonly namespace?: string;
    /** Omitted: every container (kubectl set image deployment/web *=image). */
    readonly container?: string;
    readonly image: string;
  };
}
export interface RollbackAction {
  readonly rollback: {
    readonly deployment: string;
    readonly namespace?: string;
    readonly toRevision?: number;
  };
}
export interface RestartAction {
  readonly restart: { readonly deployment: string; readonly namespace?: string };
}
export interface LoadAction {
  readonly load: { readonly deployment: string; readonly namespace?: string; readonly cpuPercent: number };
}

/**
 * A kubectl command line, as typed in the terminal (`kubectl`/`k` prefix optional). What a replay
 * needs to do exactly what the live command did is kept with it: the editor documents it read
 * (`-f NAME`) and when the learner pressed Ctrl+C (`-w`, `logs -f`, `rollout status`). In a
 * document: `kubectl: "get pods"`, or `kubectl: { line: "get pods -w", cancelAt: 95s, files: {…} }`.
 */
export interface KubectlAction {
  readonly kubectl: string;
  readonly files?: Readonly<Record<string, string>>;
  /** Simulated ms. */
  readonly cancelAt?: number;
}

/** A kubectl step as a Scenario document writes it (the inverse of checkAction). */
export function kubectlDocument(action: KubectlAction): unknown {
  if (action.files === undefined && action.cancelAt === undefined) return action.kubectl;
  return {
    line: action.kubectl,
    ...(action.files !== undefined ? { files: action.files } : {}),
    ...(action.cancelAt !== undefined ? { cancelAt: `${action.cancelAt}ms` } : {}),
  };
}

export type ScenarioAction =
  | ApplyAction
  | DeleteAction
  | NodeFaultAction
  | ScaleAction
  | SetImageAction
  | RollbackAction
  | RestartAction
  | LoadAction
  | KubectlAction;

/** The kind of an action: its one key. */
export function actionKind(action: ScenarioAction): StepKind {
  return STEP_KINDS.find((k) => k in action) as StepKind;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

type Check = { ok: true; action: ScenarioAction } | { ok: false; error: string };

const str = (v: unknown): v is string => typeof v === "string" && v !== "";
const int = (v: unknown, min: number, max = 2147483647): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const ns = (r: Record<string, unknown>): { namespace?: string } =>
  typeof r["namespace"] === "string" ? { namespace: r["namespace"] } : {};

function unknownFields(
  r: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
): string | undefined {
  const extra = Object.keys(r).find((k) => !allowed.includes(k));
  return extra === undefined
    ? undefined
    : `${path}: unknown field "${extra}" (supported: ${allowed.join(", ")})`;
}

/** Validates the body of one step of kind `kind`; `path` is e.g. `spec.steps[2].scale`. */
export function checkAction(kind: StepKind, value: unknown, path: string): Check {
  const fail = (error: string): Check => ({ ok: false, error });
  if (kind === "apply") {
    if (typeof value !== "string" || value.trim() === "")
      return fail(`${path}: Invalid value: must be the manifest text (use "apply: |")`);
    return { ok: true, action: { apply: value } };
  }
  if (kind === "kubectl") {
    const line = isRecord(value) ? value["line"] : value;
    if (typeof line !== "string" || line.trim() === "" || line.includes("\n"))
      return fail(
        `${path}: Invalid value: must be one kubectl command line, e.g. "scale deployment web --replicas=5"`,
      );
    if (!isRecord(value)) return { ok: true, action: { kubectl: line } };
    const extra = unknownFields(value, ["line", "files", "cancelAt"], path);
    if (extra) return fail(extra);
    const files = value["files"];
    if (
      files !== undefined &&
      (!isRecord(files) || Object.values(files).some((text) => typeof text !== "string"))
    )
      return fail(`${path}.files: Invalid value: must map file names to their text`);
    const cancel = value["cancelAt"];
    const cancelAt =
      typeof cancel === "number"
        ? Math.round(cancel * 1000)
        : typeof cancel === "string"
          ? parseDuration(cancel)
          : undefined;
    if (cancel !== undefined && (cancelAt === undefined || cancelAt < 0))
      return fail(
        `${path}.cancelAt: Invalid value: ${JSON.stringify(cancel)}: must be a duration such as 95s`,
      );
    return {
      ok: true,
      action: {
        kubectl: line,
        ...(files !== undefined ? { files: files as Record<string, string> } : {}),
        ...(cancelAt !== undefined ? { cancelAt } : {}),
      },
    };
  }
  if (!isRecord(value)) return fail(`${path}: Invalid value: must be a mapping`);
  const r = value;
  switch (kind) {
    case "delete": {
      const extra = unknownFields(r, ["kind", "name", "namespace", "gracePeriodSeconds", "cascade"], path);
      if (extra) return fail(extra);
      if (!str(r["kind"]) || !str(r["name"]))
        return fail(`${path}: Invalid value: needs kind and name (and namespace for namespaced kinds)`);
      const grace = r["gracePeriodSeconds"];
      if (grace !== undefined && !int(grace, 0))
        return fail(
          `${path}.gracePeriodSeconds: Invalid value: ${JSON.stringify(grace)}: must be a non-negative integer`,
        );
      const cascade = r["cascade"];
      if (cascade !== undefined && !(CASCADE_MODES as readonly unknown[]).includes(cascade))
        return fail(
          `${path}.cascade: Unsupported value: ${JSON.stringify(cascade)}: supported values: ${CASCADE_MODES.map((m) => `"${m}"`).join(", ")}`,
        );
      return {
        ok: true,
        action: {
          delete: {
            kind: r["kind"],
            name: r["name"],
            ...ns(r),
            ...(typeof grace === "number" ? { gracePeriodSeconds: grace } : {}),
            ...(cascade !== undefined ? { cascade: cascade as CascadeMode } : {}),
          },
        },
      };
    }
    case "node": {
      const extra = unknownFields(r, ["name", "action"], path);
      if (extra) return fail(extra);
      if (!str(r["name"])) return fail(`${path}.name: Required value`);
      if (!(NODE_ACTIONS as readonly unknown[]).includes(r["action"]))
        return fail(
          `${path}.action: Unsupported value: ${JSON.stringify(r["action"] ?? "")}: supported values: ${NODE_ACTIONS.map((a) => `"${a}"`).join(", ")}`,
        );
      return { ok: true, action: { node: { name: r["name"], action: r["action"] as NodeAction } } };
    }
    case "scale": {
      const extra = unknownFields(r, ["kind", "name", "namespace", "replicas"], path);
      if (extra) return fail(extra);
      if (!str(r["kind"]) || !str(r["name"]))
        return fail(`${path}: Invalid value: needs kind, name and replicas`);
      if (!int(r["replicas"], 0))
        return fail(
          `${path}.replicas: Invalid value: ${JSON.stringify(r["replicas"])}: must be a non-negative integer`,
        );
      return {
        ok: true,
        action: { scale: { kind: r["kind"], name: r["name"], ...ns(r), replicas: r["replicas"] } },
      };
    }
    case "setImage": {
      const extra = unknownFields(r, ["deployment", "namespace", "container", "image"], path);
      if (extra) return fail(extra);
      if (!str(r["deployment"]) || !str(r["image"]))
        return fail(`${path}: Invalid value: needs deployment and image (and container)`);
      return {
        ok: true,
        action: {
          setImage: {
            deployment: r["deployment"],
            ...ns(r),
            ...(str(r["container"]) ? { container: r["container"] } : {}),
            image: r["image"],
          },
        },
      };
    }
    case "rollback": {
      const extra = unknownFields(r, ["deployment", "namespace", "toRevision"], path);
      if (extra) return fail(extra);
      if (!str(r["deployment"])) return fail(`${path}.deployment: Required value`);
      const to = r["toRevision"];
      if (to !== undefined && !int(to, 0))
        return fail(
          `${path}.toRevision: Invalid value: ${JSON.stringify(to)}: must be a non-negative integer`,
        );
      return {
        ok: true,
        action: {
          rollback: {
            deployment: r["deployment"],
            ...ns(r),
            ...(typeof to === "number" ? { toRevision: to } : {}),
          },
        },
      };
    }
    case "restart": {
      const extra = unknownFields(r, ["deployment", "namespace"], path);
      if (extra) return fail(extra);
      if (!str(r["deployment"])) return fail(`${path}.deployment: Required value`);
      return { ok: true, action: { restart: { deployment: r["deployment"], ...ns(r) } } };
    }
    case "load": {
      const extra = unknownFields(r, ["deployment", "namespace", "cpuPercent"], path);
      if (extra) return fail(extra);
      if (!str(r["deployment"])) return fail(`${path}.deployment: Required value`);
      if (!int(r["cpuPercent"], 0, 1000))
        return fail(
          `${path}.cpuPercent: Invalid value: ${JSON.stringify(r["cpuPercent"])}: must be an integer between 0 and 1000`,
        );
      return {
        ok: true,
        action: { load: { deployment: r["deployment"], ...ns(r), cpuPercent: r["cpuPercent"] } },
      };
    }
  }
  return fail(`${path}: unknown step kind`);
}
