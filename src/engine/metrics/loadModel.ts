// The work the cluster's containers are asked to do: not a Kubernetes component but the world
// outside it (the traffic a Service spreads over its ready pods). `setLoad` fixes a workload's
// total CPU demand; each ready pod of the workload then uses an even share of it, so adding pods
// lowers the per-pod usage, as real traffic does. Every running container also burns a small
// idle baseline. The kubelet reports these figures when metrics-server scrapes it.
// Simplified: demand is CPU only and constant between setLoad calls; memory is a fixed working set.

import type { KubeObject, Pod } from "../api/objects";
import type { ApiServer } from "../apiserver/apiServer";
import { isPodReady } from "../controllers/controllerUtils";
import { parseQuantity } from "../util/quantity";
import { type LabelSelector, labelSelectorAsSelector, matchesLabels } from "../util/labelSelector";

/** Idle CPU of a running container, in millicores. */
export const IDLE_MILLI_CPU = 1;
/** Working-set memory of a running container, in bytes (4 MiB). */
export const IDLE_MEMORY_BYTES = 4 * 1024 * 1024;

export interface LoadTarget {
  readonly namespace: string;
  readonly deployment: string;
}

interface Load {
  readonly namespace: string;
  readonly selector: LabelSelector;
  readonly demandMilli: number;
}

/** A container's CPU request in millicores, or undefined when it has none. */
export function cpuRequestMilli(pod: Pod, containerName: string): number | undefined {
  const container = (pod.spec?.containers ?? []).find((c) => c.name === containerName);
  const raw = container?.resources?.requests?.["cpu"];
  return raw === undefined ? undefined : parseQuantity(raw)?.milliValue();
}

function podCpuRequestMilli(pod: Pod): number {
  return (pod.spec?.containers ?? []).reduce((sum, c) => sum + (cpuRequestMilli(pod, c.name) ?? 0), 0);
}

export class LoadModel {
  private readonly loads = new Map<string, Load>();
  /** Per-pod shares, computed once per instant (the pods do not change within one). */
  private shares: { at: number; byPod: Map<string, number> } | undefined;

  constructor(private readonly apiserver: ApiServer) {}

  /**
   * The workload now needs `cpuPercent` % of the CPU its ready pods request at this moment:
   * a total demand of cpuPercent/100 × (sum of their CPU requests), in millicores (returned).
   * 0 removes the load. Throws when the Deployment does not exist.
   */
  setLoad(target: LoadTarget, cpuPercent: number): number {
    const key = `${target.namespace}/${target.deployment}`;
    const stored = this.apiserver.storage.peek(`/registry/deployments/${key}`);
    if (!stored) throw new Error(`deployments.apps "${target.deployment}" not found`);
    const parsed = labelSelectorAsSelector(
      (stored.object["spec"] as { selector?: Parameters<typeof labelSelectorAsSelector>[0] } | undefined)
        ?.selector,
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const selector = parsed.value;
    const requested = this.readyPods(target.namespace, selector).reduce(
      (sum, pod) => sum + podCpuRequestMilli(pod),
      0,
    );
    const demandMilli = (Math.max(0, cpuPercent) / 100) * requested;
    if (demandMilli > 0) this.loads.set(key, { namespace: target.namespace, selector, demandMilli });
    else this.loads.delete(key);
    this.shares = undefined;
    return demandMilli;
  }

  /** The demand set for a workload, in millicores (0 when none). */
  demandOf(target: LoadTarget): number {
    return this.loads.get(`${target.namespace}/${target.deployment}`)?.demandMilli ?? 0;
  }

  /** CPU a running container of `pod` uses now, in millicores. */
  cpuUsageMilli(pod: Pod, containerName: string, nowMs: number): number {
    const share = this.sharesAt(nowMs).get(pod.metadata?.uid ?? "") ?? 0;
    if (share === 0) return IDLE_MILLI_CPU;
    // Within a pod, the work goes to the containers in proportion to their requests.
    const containers = pod.spec?.containers ?? [];
    const total = podCpuRequestMilli(pod);
    const mine = cpuRequestMilli(pod, containerName) ?? 0;
    const fraction = total > 0 ? mine / total : 1 / Math.max(1, containers.length);
    return IDLE_MILLI_CPU + share * fraction;
  }

  private readyPods(namespace: string, selector: LabelSelector): Pod[] {
    return this.apiserver
      .watchCache("pods")
      .list({ namespace })
      .filter((o: KubeObject) => matchesLabels(selector, o.metadata.labels))
      .map((o) => o as unknown as Pod)
      .filter((p) => p.metadata?.deletionTimestamp === undefined && isPodReady(p));
  }

  private sharesAt(nowMs: number): Map<string, number> {
    if (this.shares?.at === nowMs) return this.shares.byPod;
    const byPod = new Map<string, number>();
    for (const load of this.loads.values()) {
      const ready = this.readyPods(load.namespace, load.selector);
      for (const pod of ready) {
        const uid = pod.metadata?.uid ?? "";
        byPod.set(uid, (byPod.get(uid) ?? 0) + load.demandMilli / ready.length);
      }
    }
    this.shares = { at: nowMs, byPod };
    return byPod;
  }
}
