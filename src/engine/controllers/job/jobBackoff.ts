// The Job controller's pod-failure backoff (pkg/controller/job/backoff_utils.go): after a pod
// fails, replacements wait 10 s, doubling with each failure since the last success, capped at
// 10 minutes (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff; the docs' "six minutes" is
// the cap before Kubernetes 1.28). The delay counts from when the last failed pod finished.

import type { Pod } from "../../api/objects";
import { MINUTE, SECOND, parseRfc3339 } from "../../sim/time";

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10 * SECOND;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * MINUTE;

export interface BackoffRecord {
  readonly key: string;
  readonly failuresAfterLastSuccess: number;
  /** Epoch ms, or undefined. */
  readonly lastFailureTime: number | undefined;
}

/**
 * getFinishedTime: the latest container finishedAt; else when Ready turned False; else the
 * deletion timestamp less the grace period; else the creation time.
 */
export function podFinishedTime(pod: Pod): number {
  let latest: number | undefined;
  let allFinished = (pod.status?.containerStatuses ?? []).length > 0;
  for (const c of pod.status?.containerStatuses ?? []) {
    const at = c.state?.terminated?.finishedAt ? parseRfc3339(c.state.terminated.finishedAt) : undefined;
    if (at === undefined) {
      allFinished = false;
      break;
    }
    if (latest === undefined || at > latest) latest = at;
  }
  if (allFinished && latest !== undefined) return latest;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
  if (ready?.status === "False" && ready.lastTransitionTime) {
    const at = parseRfc3339(ready.lastTransitionTime);
    if (at !== undefined) return at;
  }
  const deletion = pod.metadata?.deletionTimestamp;
  if (deletion) {
    const at = parseRfc3339(deletion);
    if (at !== undefined) return at - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * SECOND;
  }
  return parseRfc3339(pod.metadata?.creationTimestamp ?? "") ?? 0;
}

function byFinishedTime(pods: readonly Pod[]): Pod[] {
  return [...pods].sort((a, b) => podFinishedTime(a) - podFinishedTime(b));
}

/** backoffStore: one record per Job key, kept in memory as upstream does. */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  get(key: string): BackoffRecord | undefined {
    return this.records.get(key);
  }

  update(record: BackoffRecord): void {
    this.records.set(record.key, record);
  }

  remove(key: string): void {
    this.records.delete(key);
  }

  /** newBackoffRecord: the stored record advanced by the pods that finished since the last sync. */
  newRecord(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.records.get(key) ?? { key, failuresAfterLastSuccess: 0, lastFailureTime: undefined };
    const succeeded = byFinishedTime(newSucceeded);
    const failed = byFinishedTime(newFailed);
    const lastFailed = failed[failed.length - 1];
    if (succeeded.length === 0) {
      if (!lastFailed) return old;
      return {
        key,
        failuresAfterLastSuccess: old.failuresAfterLastSuccess + failed.length,
        lastFailureTime: podFinishedTime(lastFailed),
      };
    }
    const lastSuccess = podFinishedTime(succeeded[succeeded.length - 1] as Pod);
    let failures = 0;
    let lastFailureTime: number | undefined;
    for (let i = failed.length - 1; i >= 0; i--) {
      const at = podFinishedTime(failed[i] as Pod);
      if (at <= lastSuccess) break;
      lastFailureTime ??= at;
      failures++;
    }
    return { key, failuresAfterLastSuccess: failures, lastFailureTime };
  }
}

/** getRemainingTimeForFailuresCount: how long pod creation must still wait, 0 when it may go on. */
export function remainingBackoff(record: BackoffRecord, nowEpochMs: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = nowEpochMs - record.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
