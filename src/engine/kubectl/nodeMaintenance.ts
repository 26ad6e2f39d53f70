// kubectl cordon, uncordon and drain (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go and
// pkg/drain: cordon.go, filters.go, drain.go). Cordon GETs the node and PATCHes
// spec.unschedulable; drain cordons, lists the node's pods (fieldSelector spec.nodeName), filters
// them as kubectl does — DaemonSet-managed pods need --ignore-daemonsets, mirror (static) pods are
// skipped, pods with emptyDir need --delete-emptydir-data, pods without a controller need --force
// — then evicts each through POST pods/<name>/eviction and polls (GET every second) until it is
// gone. The result is the lines kubectl prints, stdout and stderr in order. Simplified: no
// --pod-selector, --timeout, --dry-run, --disable-eviction or chunked lists; with no
// PodDisruptionBudgets (not simulated) an eviction is never refused with 429.

import type { KubeList, Pod } from "../api/objects";
import type { ApiClient } from "../client/apiClient";
import { SECOND } from "../sim/time";
import { controllerOf } from "../controllers/controllerUtils";
import { formatKubectlError } from "./errors";
import { asStatus } from "./kubectl";

export interface MaintenanceResult {
  readonly ok: boolean;
  /** What kubectl prints, one line each (stderr lines included, where kubectl writes them). */
  readonly lines: string[];
}

export interface DrainOptions {
  readonly ignoreDaemonsets?: boolean;
  readonly force?: boolean;
  readonly deleteEmptydirData?: boolean;
  /** --grace-period; absent (kubectl's -1): each pod's own terminationGracePeriodSeconds. */
  readonly gracePeriodSeconds?: number;
}

type Done = (result: MaintenanceResult) => void;

const errorLines = (text: string): string[] => text.trimEnd().split("\n");

/** RunCordonOrUncordon for one node: GET it, then PATCH spec.unschedulable unless already so. */
function cordonOrUncordon(
  client: ApiClient,
  node: string,
  desired: boolean,
  lines: string[],
  then: (ok: boolean) => void,
): void {
  const verb = desired ? "cordon" : "uncordon";
  client.request({ verb: "get", resource: "nodes", name: node }, (got) => {
    if (got.code !== 200) {
      lines.push(...errorLines(formatKubectlError(asStatus(got))));
      return then(false);
    }
    const unschedulable = (got.body as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true;
    if (unschedulable === desired) {
      lines.push(`node/${node} already ${verb}ed`);
      return then(true);
    }
    // CreateTwoWayMergePatch of the node with the field flipped; false is omitted, so it is null.
    const patch = { spec: { unschedulable: desired ? true : null } };
    client.patch("nodes", undefined, node, patch, { strategic: true }, (patched) => {
      if (patched.code !== 200) {
        lines.push(`error: unable to ${verb} node "${node}": ${asStatus(patched).message ?? ""}`);
        return then(false);
      }
      lines.push(`node/${node} ${verb}ed`);
      then(true);
    });
  });
}

/** `kubectl cordon <node>`. */
export function cordon(client: ApiClient, node: string, done: Done): void {
  const lines: string[] = [];
  cordonOrUncordon(client, node, true, lines, (ok) => done({ ok, lines }));
}

/** `kubectl uncordon <node>`. */
export function uncordon(client: ApiClient, node: string, done: Done): void {
  const lines: string[] = [];
  cordonOrUncordon(client, node, false, lines, (ok) => done({ ok, lines }));
}

/** A filter's verdict on one pod (PodDeleteStatus). */
interface Verdict {
  readonly delete: boolean;
  readonly reason: "Okay" | "Skip" | "Warning" | "Error";
  readonly message?: string;
}

const okay: Verdict = { delete: true, reason: "Okay" };
const finished = (pod: Pod): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/** makeFilters after daemonSetFilter: mirror pods, local storage, unreplicated pods. */
function laterFilters(pod: Pod, options: DrainOptions): Verdict {
  if (pod.metadata?.annotations?.["kubernetes.io/config.mirror"] !== undefined)
    return { delete: false, reason: "Skip" };
  if ((pod.spec?.volumes ?? []).some((v) => v.emptyDir) && !finished(pod) && !options.deleteEmptydirData)
    return {
      delete: false,
      reason: "Error",
      message: "Pods with local storage (use --delete-emptydir-data to override)",
    };
  // With --delete-emptydir-data the local storage warning is overwritten by the next filter's
  // verdict: only the last filter's is kept, as upstream.
  if (finished(pod) || controllerOf(pod)) return okay;
  if (options.force)
    return { delete: true, reason: "Warning", message: "deleting Pods that declare no controller" };
  return {
    delete: false,
    reason: "Error",
    message: "cannot delete Pods that declare no controller (use --force to override)",
  };
}

/** filterPods: every pod with its verdict; the DaemonSet filter reads the DaemonSet. */
function filterPods(
  client: ApiClient,
  pods: readonly Pod[],
  options: DrainOptions,
  done: (verdicts: Verdict[]) => void,
): void {
  const verdicts: Verdict[] = [];
  const next = (i: number): void => {
    const pod = pods[i];
    if (pod === undefined) return done(verdicts);
    const decide = (v: Verdict): void => {
      verdicts.push(v.delete ? laterFilters(pod, options) : v);
      next(i + 1);
    };
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== "DaemonSet" || finished(pod)) return decide(okay);
    const namespace = pod.metadata?.namespace ?? "default";
    client.request({ verb: "get", resource: "daemonsets", namespace, name: ref.name }, (got) => {
      if (got.code !== 200) {
        const message = asStatus(got).message ?? "";
        if (got.code === 404 && options.force) return decide({ delete: true, reason: "Warning", message });
        return decide({ delete: false, reason: "Error", message });
      }
      if (!options.ignoreDaemonsets)
        return decide({
          delete: false,
          reason: "Error",
          message: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
        });
      decide({ delete: false, reason: "Warning", message: "ignoring DaemonSet-managed Pods" });
    });
  };
  next(0);
}

/** Messages with their pods, in the order they first appear (upstream walks a Go map). */
function grouped(
  pods: readonly Pod[],
  verdicts: readonly Verdict[],
  reason: Verdict["reason"],
): [string, string[]][] {
  const groups = new Map<string, string[]>();
  verdicts.forEach((v, i) => {
    if (v.reason !== reason) return;
    const pod = pods[i] as Pod;
    const message = v.message || "unexpected error";
    groups.set(message, [
      ...(groups.get(message) ?? []),
      `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`,
    ]);
  });
  return [...groups];
}

/** `kubectl drain <node>`. */
export function drain(client: ApiClient, node: string, options: DrainOptions, done: Done): void {
  const lines: string[] = [];
  const fail = (errors: readonly string[]): void => {
    const joined = errors.length === 1 ? (errors[0] as string) : `[${errors.join(", ")}]`;
    lines.push(`error: unable to drain node "${node}" due to error: ${joined}, continuing command...`);
    lines.push("There are pending nodes to be drained:", ` ${node}`);
    if (errors.length === 1) lines.push(`error: ${errors[0] as string}`);
    else lines.push(...errors);
    done({ ok: false, lines });
  };
  cordonOrUncordon(client, node, true, lines, (cordoned) => {
    if (!cordoned) return done({ ok: false, lines });
    client.request({ verb: "list", resource: "pods", fieldSelector: `spec.nodeName=${node}` }, (listed) => {
      if (listed.code !== 200) {
        lines.push(...errorLines(formatKubectlError(asStatus(listed))));
        return done({ ok: false, lines });
      }
      const pods = (listed.body as KubeList).items as unknown as Pod[];
      filterPods(client, pods, options, (verdicts) => {
        const errors = grouped(pods, verdicts, "Error").map(
          ([message, names]) =>
            `${message.toLowerCase().startsWith("cannot delete") ? message : `cannot delete ${message}`}: ${names.join(", ")}`,
        );
        if (errors.length > 0) return fail(errors);
        const warnings = grouped(pods, verdicts, "Warning").map(([m, names]) => `${m}: ${names.join(", ")}`);
        if (warnings.length > 0) lines.push(`Warning: ${warnings.join("; ")}`);
        const evict = pods.filter((_p, i) => verdicts[i]?.delete === true);
        evictPods(client, evict, options, lines, (evictionErrors) => {
          if (evictionErrors.length > 0) return fail(evictionErrors);
          lines.push(`node/${node} drained`);
          done({ ok: true, lines });
        });
      });
    });
  });
}

/** evictPods: all at once; each one's "evicted" line once a GET no longer finds it. */
function evictPods(
  client: ApiClient,
  pods: readonly Pod[],
  options: DrainOptions,
  lines: string[],
  done: (errors: string[]) => void,
): void {
  if (pods.length === 0) return done([]);
  const errors: string[] = [];
  let remaining = pods.length;
  const finish = (): void => {
    if (--remaining === 0) done(errors);
  };
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    lines.push(`evicting pod ${namespace}/${name}`);
    const body = {
      apiVersion: "policy/v1",
      kind: "Eviction",
      metadata: { name, namespace },
      ...(options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds >= 0
        ? { deleteOptions: { gracePeriodSeconds: options.gracePeriodSeconds } }
        : {}),
    };
    client.request(
      { verb: "create", resource: "pods", namespace, name, subresource: "eviction", body },
      (res) => {
        if (res.code === 404) return finish();
        if (res.code !== 201 && res.code !== 200) {
          errors.push(`error when evicting pods/"${name}" -n "${namespace}": ${asStatus(res).message ?? ""}`);
          return finish();
        }
        // waitForDelete: poll at once, then every second.
        const poll = (): void =>
          client.request({ verb: "get", resource: "pods", namespace, name }, (got) => {
            const uid = (got.body as Pod).metadata?.uid;
            if (got.code === 404 || (got.code === 200 && uid !== pod.metadata?.uid)) {
              lines.push(`pod/${name} evicted`);
              return finish();
            }
            client.sim.schedule(SECOND, poll);
          });
        poll();
      },
    );
  }
}
