// `kubectl rollout undo|history|pause|resume|restart` for Deployments, as API operations through
// kubectl's client (staging/src/k8s.io/kubectl/pkg/cmd/rollout and pkg/polymorphichelpers:
// rollback.go DeploymentRollbacker, history.go DeploymentHistoryViewer, objectpauser.go,
// objectresumer.go, objectrestarter.go). Each command first GETs the Deployment (the resource
// builder), then reads and patches as upstream; results are the lines kubectl prints. Command-line
// parsing lives elsewhere. Simplified: the rollback patch is a strategic merge patch replacing
// spec.template and metadata.annotations ($patch: replace) where kubectl sends an equivalent JSON
// patch (this apiserver speaks merge and strategic patches); `history --revision=N` is not built.

import type { KubeObject } from "../api/objects";
import { type Status, isStatus } from "../api/status";
import type { ApiResponse } from "../apiserver/request";
import type { ApiClient } from "../client/apiClient";
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets } from "../controllers/deploymentReplicaSets";
import {
  type DeploymentObject,
  type ReplicaSetObject,
  PodTemplateHashLabel,
  annotationsToSkip,
  revisionOf,
} from "../controllers/deploymentUtil";
import { isControlledBy } from "../controllers/controllerUtils";
import { labelSelectorAsSelector, labelSelectorString } from "../util/labelSelector";
import { formatKubectlError } from "./errors";
import type { CommandResult } from "./kubectl";

type Done = (result: CommandResult) => void;

export const ChangeCauseAnnotation = "kubernetes.io/change-cause";
export const RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

const success = (name: string, operation: string): CommandResult => ({
  ok: true,
  message: `deployment.apps/${name} ${operation}`,
});
/** What CheckErr prints for an error that is not a Status: `error: ...`. */
const failure = (message: string): CommandResult => ({
  ok: false,
  message: message.startsWith("error: ") ? message : `error: ${message}`,
});

function statusOf(response: ApiResponse): Status {
  if (isStatus(response.body)) return response.body;
  const message = `unexpected response ${response.code}`;
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code: response.code };
}

const serverError = (response: ApiResponse): CommandResult => ({
  ok: false,
  message: formatKubectlError(statusOf(response)).trimEnd(),
});

/** The Go error text of a failed call (StatusError.Error()). */
const errorText = (response: ApiResponse): string => statusOf(response).message ?? "";

const getDeployment = (
  client: ApiClient,
  namespace: string,
  name: string,
  cb: (r: ApiResponse) => void,
): void => client.request({ verb: "get", resource: "deployments", namespace, name }, cb);

/** The resource builder's GET: NotFound and the like end the command as kubectl prints them. */
function visit(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  done: Done,
  then: (d: DeploymentObject) => void,
): void {
  getDeployment(client, namespace ?? "default", name, (res) =>
    res.code === 200 ? then(res.body as DeploymentObject) : done(serverError(res)),
  );
}

/** deploymentutil.GetAllReplicaSets: the Deployment's ReplicaSets (listed by its selector, controlled by it). */
function allReplicaSets(
  client: ApiClient,
  d: DeploymentObject,
  cb: (result: { ok: true; value: ReplicaSetObject[] } | { ok: false; error: string }) => void,
): void {
  const selector = labelSelectorAsSelector(d.spec?.selector);
  if (!selector.ok) return cb({ ok: false, error: selector.error });
  client.request(
    {
      verb: "list",
      resource: "replicasets",
      namespace: d.metadata.namespace ?? "default",
      labelSelector: labelSelectorString(selector.value),
    },
    (res) => {
      if (res.code !== 200) return cb({ ok: false, error: errorText(res) });
      const items = ((res.body as { items?: KubeObject[] }).items ?? []) as ReplicaSetObject[];
      const owned = items.filter((rs) => isControlledBy(rs, d));
      const newRS = findNewReplicaSet(d, owned);
      const all = findOldReplicaSets(d, owned)[1];
      cb({ ok: true, value: newRS ? [...all, newRS] : all });
    },
  );
}

/** deploymentRevision: the ReplicaSet of `toRevision`, or of the previous revision when it is 0. */
function replicaSetForRevision(
  d: DeploymentObject,
  allRSs: readonly ReplicaSetObject[],
  toRevision: number,
): { ok: true; value: ReplicaSetObject } | { ok: false; error: string } {
  let latest: ReplicaSetObject | undefined;
  let latestRevision = -1;
  let previous: ReplicaSetObject | undefined;
  let previousRevision = -1;
  for (const rs of allRSs) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return { ok: true, value: rs };
  }
  if (toRevision > 0)
    return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  if (!previous)
    return {
      ok: false,
      error: `no rollout history found for deployment ${JSON.stringify(d.metadata.name ?? "")}`,
    };
  return { ok: true, value: previous };
}

/**
 * `kubectl rollout undo deployment/<name> [--to-revision=N]`: put the pod template of revision N
 * (the previous one when N is 0 or omitted) back into the Deployment, without its pod-template-hash
 * label, with the ReplicaSet's annotations (kubectl's own and the deployment.kubernetes.io ones kept).
 */
export function rolloutUndo(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  toRevision: number | undefined,
  done: Done,
): void {
  const revision = toRevision ?? 0;
  visit(client, namespace, name, done, (found) => {
    if (revision < 0) return done(failure(`unable to find specified revision ${revision} in history`));
    const ns = found.metadata.namespace ?? "default";
    getDeployment(client, ns, name, (res) => {
      if (res.code !== 200) return done(failure(`failed to retrieve Deployment ${name}: ${errorText(res)}`));
      const d = res.body as DeploymentObject;
      allReplicaSets(client, d, (listed) => {
        if (!listed.ok)
          return done(failure(`failed to retrieve replica sets from deployment ${name}: ${listed.error}`));
        const target = replicaSetForRevision(d, listed.value, revision);
        if (!target.ok) return done(failure(target.error));
        if (d.spec?.paused)
          return done(
            failure(
              `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`,
            ),
          );
        const rs = target.value;
        if (equalIgnoreHash(rs.spec?.template, d.spec?.template))
          return done(
            success(name, `skipped rollback (current template already matches revision ${revision})`),
          );
        const template = rs.spec?.template ?? {};
        const { [PodTemplateHashLabel]: _hash, ...labels } = template.metadata?.labels ?? {};
        const annotations: Record<string, string> = {};
        for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
          if (annotationsToSkip.has(k)) annotations[k] = v;
        for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
          if (!annotationsToSkip.has(k)) annotations[k] = v;
        const patch = {
          metadata: { annotations: { $patch: "replace", ...annotations } },
          spec: {
            template: { $patch: "replace", ...template, metadata: { ...(template.metadata ?? {}), labels } },
          },
        };
        client.patch("deployments", ns, name, patch, { strategic: true }, (patched) =>
          patched.code === 200
            ? done(success(name, "rolled back"))
            : done(failure(`failed restoring revision ${revision}: ${errorText(patched)}`)),
        );
      });
    });
  });
}

/** text/tabwriter with padding 2, as kubectl's tabbedString prints a table (the last column unpadded). */
function tabbed(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length + 2)));
  return rows
    .map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join(""))
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * `kubectl rollout history deployment/<name>`: one row per revision with its change-cause.
 * kubectl prints the object name, a space and a newline, the table, then an empty line; the
 * message is that text without the final newline.
 */
export function rolloutHistory(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  done: Done,
): void {
  visit(client, namespace, name, done, (found) => {
    const ns = found.metadata.namespace ?? "default";
    getDeployment(client, ns, name, (res) => {
      if (res.code !== 200) return done(failure(`failed to retrieve deployment ${name}: ${errorText(res)}`));
      const d = res.body as DeploymentObject;
      allReplicaSets(client, d, (listed) => {
        if (!listed.ok)
          return done(failure(`failed to retrieve replica sets from deployment ${name}: ${listed.error}`));
        const causes = new Map<number, string>();
        for (const rs of listed.value) {
          const v = revisionOf(rs);
          if (v === undefined) continue;
          const cause = rs.metadata.annotations?.[ChangeCauseAnnotation] ?? "";
          causes.set(v, cause || rs.spec?.template?.metadata?.annotations?.[ChangeCauseAnnotation] || "");
        }
        if (causes.size === 0) return done(success(name, "\nNo rollout history found.\n"));
        const revisions = [...causes.keys()].sort((a, b) => a - b);
        const table = tabbed([
          ["REVISION", "CHANGE-CAUSE"],
          ...revisions.map((r) => [String(r), causes.get(r) || "<none>"]),
        ]);
        done(success(name, `\n${table}`));
      });
    });
  });
}

/** The object's pauser/resumer/restarter: an error, an empty patch (with what kubectl says), or the patch. */
type Mutation = (d: DeploymentObject) => { error: string } | { empty: string } | { patch: unknown };

/** set.CalculatePatches + a strategic merge patch, for pause, resume and restart. */
function patchDeployment(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  mutate: Mutation,
  operation: string,
  done: Done,
): void {
  visit(client, namespace, name, done, (d) => {
    const change = mutate(d);
    if ("error" in change)
      return done(failure(`error: deployments.apps ${JSON.stringify(name)} ${change.error}`));
    if ("empty" in change) return done(failure(change.empty));
    client.patch(
      "deployments",
      d.metadata.namespace ?? "default",
      name,
      change.patch,
      { strategic: true },
      (res) =>
        res.code === 200
          ? done(success(name, operation))
          : done(failure(`failed to patch: ${errorText(res)}`)),
    );
  });
}

/** `kubectl rollout pause deployment/<name>`: spec.paused=true; the controller stops rolling out. */
export function rolloutPause(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  done: Done,
): void {
  const mutate: Mutation = (d) =>
    d.spec?.paused ? { error: "is already paused" } : { patch: { spec: { paused: true } } };
  patchDeployment(client, namespace, name, mutate, "paused", done);
}

/** `kubectl rollout resume deployment/<name>`: spec.paused removed (false is its zero value). */
export function rolloutResume(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  done: Done,
): void {
  const mutate: Mutation = (d) =>
    d.spec?.paused ? { patch: { spec: { paused: null } } } : { error: "is not paused" };
  patchDeployment(client, namespace, name, mutate, "resumed", done);
}

/**
 * `kubectl rollout restart deployment/<name>`: stamp kubectl.kubernetes.io/restartedAt on the pod
 * template (RFC 3339, to the second); a changed template is a new rollout.
 */
export function rolloutRestart(
  client: ApiClient,
  namespace: string | undefined,
  name: string,
  done: Done,
): void {
  const now = client.sim.timestamp();
  const mutate: Mutation = (d) => {
    if (d.spec?.paused) return { error: "can't restart paused deployment (run rollout resume first)" };
    if (d.spec?.template?.metadata?.annotations?.[RestartedAtAnnotation] === now)
      return {
        empty: `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
      };
    return { patch: { spec: { template: { metadata: { annotations: { [RestartedAtAnnotation]: now } } } } } };
  };
  patchDeployment(client, namespace, name, mutate, "restarted", done);
}
