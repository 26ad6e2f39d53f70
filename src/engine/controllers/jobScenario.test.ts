// Whole-cluster scenarios for the Job, CronJob and TTL-after-finished controllers: manifests go
// through kubectl and the apiserver, pods are scheduled and run by the kubelets, and the virtual
// clock is advanced until the controllers have done their work.

import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../api/objects";
import type { Cluster } from "../cluster/cluster";
import { MINUTE, SECOND, parseRfc3339 } from "../sim/time";
import { apply, events, pods, testCluster } from "../testing/harness";
import type { JobObject } from "./job/jobUtils";

function jobManifest(name: string, spec: string, command: string, restartPolicy = "Never"): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - name: ${name}
        image: busybox:1.36
        command: ["sh", "-c", "${command}"]
`;
}

function cronJobManifest(spec: string, command: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/10 * * * *"
${spec}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox:1.36
            command: ["sh", "-c", "${command}"]
`;
}

const stored = (cluster: Cluster, resource: string, name: string): KubeObject | undefined =>
  cluster.apiserver.storage.peek(`/registry/${resource}/default/${name}`)?.object;
const jobOf = (cluster: Cluster, name: string): JobObject | undefined =>
  stored(cluster, "jobs", name) as JobObject;
const podsOf = (cluster: Cluster, prefix: string): Pod[] =>
  pods(cluster)
    .filter((p) => p.metadata?.name?.startsWith(`${prefix}-`))
    .sort((a, b) => (a.metadata?.creationTimestamp ?? "").localeCompare(b.metadata?.creationTimestamp ?? ""));
const eventLines = (cluster: Cluster, name: string): string[] =>
  events(cluster, name).map((e) => `${e.type} ${e.reason} ${e.message}`);
const ms = (time: string | undefined): number => parseRfc3339(time ?? "") ?? Number.NaN;
const finishedAt = (pod: Pod): number =>
  ms(pod.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt);

describe("Job scenarios", () => {
  it("runs completions 3 with parallelism 2 to completion", () => {
    const cluster = testCluster();
    expect(
      apply(cluster, jobManifest("pi", "  completions: 3\n  parallelism: 2", "echo hi; sleep 5")),
    ).toEqual([{ ok: true, message: "job.batch/pi created" }]);
    cluster.sim.runFor(60 * SECOND);
    const job = jobOf(cluster, "pi");
    expect(job?.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ["SuccessCriteriaMet", "True"],
      ["Complete", "True"],
    ]);
    expect(job?.status?.succeeded).toBe(3);
    expect(job?.status?.uncountedTerminatedPods).toEqual({});
    const jobPods = podsOf(cluster, "pi");
    expect(jobPods.map((p) => [p.status?.phase, p.metadata?.finalizers])).toEqual([
      ["Succeeded", undefined],
      ["Succeeded", undefined],
      ["Succeeded", undefined],
    ]);
    // Two at once; the third only once one of them has finished.
    const created = jobPods.map((p) => ms(p.metadata?.creationTimestamp));
    expect(created[0]).toBe(created[1]);
    expect(created[2]).toBeGreaterThanOrEqual(
      Math.min(finishedAt(jobPods[0] as Pod), finishedAt(jobPods[1] as Pod)),
    );
    const lines = eventLines(cluster, "pi");
    expect(lines.slice(0, 2).sort()).toEqual(
      jobPods
        .slice(0, 2)
        .map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name}`)
        .sort(),
    );
    expect(lines.slice(2)).toEqual([
      `Normal SuccessfulCreate Created pod: ${jobPods[2]?.metadata?.name}`,
      "Normal Completed Job completed",
    ]);
    expect(job?.status?.completionTime).toBe(events(cluster, "pi").at(-1)?.lastTimestamp);
  });

  it("fails after backoffLimit 2: three pods, 10 s then 20 s apart", () => {
    const cluster = testCluster();
    apply(cluster, jobManifest("fail", "  backoffLimit: 2", "echo hi; sleep 5; exit 1"));
    cluster.sim.runFor(2 * MINUTE);
    const jobPods = podsOf(cluster, "fail");
    expect(jobPods.map((p) => p.status?.phase)).toEqual(["Failed", "Failed", "Failed"]);
    const [p1, p2, p3] = jobPods as [Pod, Pod, Pod];
    // Each replacement waits out the backoff from the moment the previous pod finished.
    expect(ms(p2.metadata?.creationTimestamp) - finishedAt(p1)).toBe(10 * SECOND);
    expect(ms(p3.metadata?.creationTimestamp) - finishedAt(p2)).toBe(20 * SECOND);
    const job = jobOf(cluster, "fail");
    const reason = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
    expect(
      job?.status?.conditions?.map((c) => ({ type: c.type, reason: c.reason, message: c.message })),
    ).toEqual([
      { type: "FailureTarget", ...reason },
      { type: "Failed", ...reason },
    ]);
    expect(job?.status?.failed).toBe(3);
    expect(eventLines(cluster, "fail")).toEqual([
      ...jobPods.map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name}`),
      "Warning BackoffLimitExceeded Job has reached the specified backoff limit",
    ]);
  });

  it("with restartPolicy OnFailure, counts container restarts against backoffLimit", () => {
    const cluster = testCluster();
    apply(cluster, jobManifest("crash", "  backoffLimit: 2", "echo hi; exit 1", "OnFailure"));
    cluster.sim.runFor(MINUTE);
    const job = jobOf(cluster, "crash");
    expect(job?.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded"],
      ["Failed", "BackoffLimitExceeded"],
    ]);
    // One pod, restarted by its kubelet until the restarts reached the limit, then deleted.
    expect(job?.status?.failed).toBe(1);
    const name = events(cluster, "crash")[0]?.message?.slice("Created pod: ".length) ?? "";
    expect(eventLines(cluster, "crash")).toEqual([
      `Normal SuccessfulCreate Created pod: ${name}`,
      `Normal SuccessfulDelete Deleted pod: ${name}`,
      "Warning BackoffLimitExceeded Job has reached the specified backoff limit",
    ]);
    expect(events(cluster, name).find((e) => e.reason === "BackOff")?.count).toBe(2);
  });

  it("stops a Job at activeDeadlineSeconds, failing it once its pods have terminated", () => {
    const cluster = testCluster();
    apply(cluster, jobManifest("slow", "  activeDeadlineSeconds: 20", "sleep 300"));
    cluster.sim.runFor(2 * MINUTE);
    const job = jobOf(cluster, "slow");
    const start = ms(job?.status?.startTime);
    const [target, failed] = job?.status?.conditions ?? [];
    expect([target?.type, target?.reason, target?.message]).toEqual([
      "FailureTarget",
      "DeadlineExceeded",
      "Job was active longer than specified deadline",
    ]);
    expect(ms(target?.lastTransitionTime) - start).toBe(20 * SECOND);
    // busybox ignores SIGTERM: Failed comes after the 30 s grace period.
    expect([failed?.type, failed?.reason]).toEqual(["Failed", "DeadlineExceeded"]);
    expect(ms(failed?.lastTransitionTime) - ms(target?.lastTransitionTime)).toBeGreaterThanOrEqual(
      30 * SECOND,
    );
    expect(job?.status?.failed).toBe(1);
    const name = events(cluster, "slow")[0]?.message?.slice("Created pod: ".length) ?? "";
    expect(eventLines(cluster, "slow")).toEqual([
      `Normal SuccessfulCreate Created pod: ${name}`,
      `Normal SuccessfulDelete Deleted pod: ${name}`,
      "Warning DeadlineExceeded Job was active longer than specified deadline",
    ]);
    expect(podsOf(cluster, "slow")).toEqual([]);
  });

  it("deletes a finished Job and its pods ttlSecondsAfterFinished later", () => {
    const cluster = testCluster();
    apply(cluster, jobManifest("tidy", "  ttlSecondsAfterFinished: 30", "echo done"));
    cluster.sim.runFor(20 * SECOND);
    const completed = ms(jobOf(cluster, "tidy")?.status?.completionTime);
    expect(completed).not.toBeNaN();
    expect(podsOf(cluster, "tidy")).toHaveLength(1);
    cluster.sim.runUntil(completed - cluster.sim.epochMs + 29 * SECOND);
    expect(jobOf(cluster, "tidy")).toBeDefined();
    cluster.sim.runFor(5 * SECOND);
    expect(jobOf(cluster, "tidy")).toBeUndefined();
    expect(podsOf(cluster, "tidy")).toEqual([]);
    const deletion = cluster.sim.trace.find(
      (e) => e.summary === "DELETE /apis/batch/v1/namespaces/default/jobs/tidy" && e.kind === "request",
    );
    expect(deletion?.from).toBe("kube-controller-manager");
    expect((deletion?.detail as { user?: string }).user).toBe(
      "system:serviceaccount:kube-system:ttl-after-finished-controller",
    );
  });
});

describe("CronJob scenarios", () => {
  /** Minutes since the epoch of 2026-01-01T09:00:00Z, the cluster's time 0. */
  const job = (minutesAfter9: number): string => `hello-${29454300 + minutesAfter9}`;

  it("runs */10 for an hour: six Jobs at the right times, three successful ones kept", () => {
    const cluster = testCluster();
    apply(cluster, cronJobManifest("", "date; echo Hello"));
    // Between runs the cluster is idle: the CronJob only waits for its next schedule time.
    expect(cluster.sim.runUntilIdle()).toBe(true);
    cluster.sim.runFor(61 * MINUTE);
    const created = events(cluster, "hello").filter((e) => e.reason === "SuccessfulCreate");
    expect(created.map((e) => [e.lastTimestamp, e.message])).toEqual(
      [10, 20, 30, 40, 50, 60].map((m) => [
        `2026-01-01T${m === 60 ? "10:00" : `09:${m}`}:00Z`,
        `Created job ${job(m)}`,
      ]),
    );
    const jobs = cluster.objects().filter((o) => o.kind === "Job");
    expect(jobs.map((j) => j.metadata.name)).toEqual([job(40), job(50), job(60)]);
    expect(jobs[0]?.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(
      "2026-01-01T09:40:00Z",
    );
    expect(
      events(cluster, "hello")
        .filter((e) => e.reason === "SuccessfulDelete")
        .map((e) => e.message),
    ).toEqual([`Deleted job ${job(10)}`, `Deleted job ${job(20)}`, `Deleted job ${job(30)}`]);
    expect(eventLines(cluster, "hello")).toContain(
      `Normal SawCompletedJob Saw completed job: ${job(10)}, status: Complete`,
    );
    const status = stored(cluster, "cronjobs", "hello")?.["status"] as Record<string, unknown>;
    expect(status["lastScheduleTime"]).toBe("2026-01-01T10:00:00Z");
    expect(status["active"]).toBeUndefined();
    expect(ms(status["lastSuccessfulTime"] as string)).toBeGreaterThan(ms("2026-01-01T10:00:00Z"));
    // Each Job ran its pod to completion; the deleted Jobs' pods went with them.
    expect(podsOf(cluster, "hello").map((p) => [p.metadata?.name?.slice(0, 14), p.status?.phase])).toEqual([
      [job(40), "Succeeded"],
      [job(50), "Succeeded"],
      [job(60), "Succeeded"],
    ]);
  });

  it("with concurrencyPolicy Forbid, skips a run while the previous Job is still running", () => {
    const cluster = testCluster();
    apply(
      cluster,
      cronJobManifest("  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 60", "sleep 900"),
    );
    cluster.sim.runFor(31 * MINUTE);
    // The 09:10 Job sleeps 15 minutes: at 09:20 it is still running, so that run is skipped (and
    // too old to start when it finishes, thanks to startingDeadlineSeconds); 09:30 runs.
    expect(eventLines(cluster, "hello").filter((e) => !e.includes("SawCompletedJob"))).toEqual([
      `Normal SuccessfulCreate Created job ${job(10)}`,
      "Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid",
      `Normal SuccessfulCreate Created job ${job(30)}`,
    ]);
    expect(
      cluster
        .objects()
        .filter((o) => o.kind === "Job")
        .map((j) => j.metadata.name),
    ).toEqual([job(10), job(30)]);
  });

  it("with Forbid and no startingDeadlineSeconds, starts the skipped run as soon as the previous one ends", () => {
    const cluster = testCluster();
    apply(cluster, cronJobManifest("  concurrencyPolicy: Forbid", "sleep 900"));
    cluster.sim.runFor(26 * MINUTE);
    const created = events(cluster, "hello").filter((e) => e.reason === "SuccessfulCreate");
    expect(created.map((e) => e.message)).toEqual([`Created job ${job(10)}`, `Created job ${job(20)}`]);
    // The 09:20 Job starts late, when the 09:10 one has finished (09:25).
    const late = ms(created[1]?.lastTimestamp);
    expect(late).toBeGreaterThanOrEqual(ms("2026-01-01T09:25:00Z"));
    expect(late).toBeLessThan(ms("2026-01-01T09:26:00Z"));
  });
});
