// Simulated latencies and periods. Values follow upstream defaults where there is one
// (heartbeats, grace periods, backoff); network and disk latencies are plausible LAN figures.

import { MINUTE, SECOND } from "../sim/time";

export const Timing = {
  /** One hop between components on the cluster network. */
  networkMs: 1,
  /** etcd write: apply + fsync of the WAL before the response. */
  etcdWriteMs: 2,
  etcdReadMs: 1,
  /** Each handler-chain stage inside kube-apiserver. */
  apiserverStageMs: 0,
  /** kube-apiserver compacts etcd every 5 minutes (--etcd-compaction-interval). */
  etcdCompactionInterval: 5 * MINUTE,

  /** kubelet: Lease renewal every 10 s (0.25 × 40 s lease duration). */
  leaseDurationSeconds: 40,
  leaseRenewInterval: 10 * SECOND,
  /** kubelet: node status computed every 10 s, reported when changed or every 5 minutes. */
  nodeStatusUpdateFrequency: 10 * SECOND,
  nodeStatusReportFrequency: 5 * MINUTE,

  /** kube-controller-manager's node lifecycle controller (--node-monitor-period, --node-monitor-grace-period). */
  nodeMonitorPeriod: 5 * SECOND,
  nodeMonitorGracePeriod: 40 * SECOND,
  /** A node whose kubelet never posted status gets this long (--node-startup-grace-period). */
  nodeStartupGracePeriod: 1 * MINUTE,

  /** container runtime: pause container + CNI ADD. */
  runPodSandboxMs: 400,
  createContainerMs: 100,
  /** Container start, uniformly in [min, max) from the seeded RNG. */
  startContainerMinMs: 500,
  startContainerMaxMs: 1000,
  stopSandboxMs: 100,
  /** Registry download speed used to turn image size into pull time. */
  pullBytesPerSecond: 25 * 1024 * 1024,
  /** Re-checking a cached image with the registry (imagePullPolicy: Always). */
  pullManifestCheckMs: 400,

  /** kube-scheduler queue (upstream defaults). */
  podInitialBackoff: 1 * SECOND,
  podMaxBackoff: 10 * SECOND,
  podMaxInUnschedulablePodsDuration: 5 * MINUTE,
  unschedulableFlushInterval: 30 * SECOND,
} as const;
