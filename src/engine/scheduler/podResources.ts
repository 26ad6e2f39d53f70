// A pod's resource requests as the scheduler counts them (pkg/api/v1/resource PodRequests and
// pkg/scheduler/util GetNonzeroRequests): containers summed, init containers as a maximum, and
// the "non-zero" variant that gives request-less containers 100m CPU / 200Mi for scoring.

import type { Container, Pod } from "../api/objects";
import { parseQuantity } from "../util/quantity";

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface PodRequests {
  readonly milliCpu: number;
  readonly memory: number;
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  /** Other resources (ephemeral-storage, extended resources), in their base units. */
  readonly scalar: ReadonlyMap<string, number>;
}

function containerRequests(c: Container): {
  cpu: number;
  mem: number;
  cpuSet: boolean;
  memSet: boolean;
  scalar: Map<string, number>;
} {
  const requests = c.resources?.requests ?? {};
  const scalar = new Map<string, number>();
  let cpu = 0;
  let mem = 0;
  let cpuSet = false;
  let memSet = false;
  for (const [name, raw] of Object.entries(requests)) {
    const q = parseQuantity(raw);
    if (!q) continue;
    if (name === "cpu") {
      cpu = q.milliValue();
      cpuSet = true;
    } else if (name === "memory") {
      mem = q.value();
      memSet = true;
    } else scalar.set(name, q.value());
  }
  return { cpu, mem, cpuSet, memSet, scalar };
}

const cache = new WeakMap<Pod, PodRequests>();

export function podRequests(pod: Pod): PodRequests {
  const cached = cache.get(pod);
  if (cached) return cached;
  let milliCpu = 0;
  let memory = 0;
  let nonZeroMilliCpu = 0;
  let nonZeroMemory = 0;
  const scalar = new Map<string, number>();
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequests(c);
    milliCpu += r.cpu;
    memory += r.mem;
    nonZeroMilliCpu += r.cpuSet ? r.cpu : DEFAULT_MILLI_CPU_REQUEST;
    nonZeroMemory += r.memSet ? r.mem : DEFAULT_MEMORY_REQUEST;
    for (const [k, v] of r.scalar) scalar.set(k, (scalar.get(k) ?? 0) + v);
  }
  // Init containers run one at a time: the pod needs the largest of them, if that is more.
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c);
    milliCpu = Math.max(milliCpu, r.cpu);
    memory = Math.max(memory, r.mem);
    nonZeroMilliCpu = Math.max(nonZeroMilliCpu, r.cpuSet ? r.cpu : DEFAULT_MILLI_CPU_REQUEST);
    nonZeroMemory = Math.max(nonZeroMemory, r.memSet ? r.mem : DEFAULT_MEMORY_REQUEST);
    for (const [k, v] of r.scalar) scalar.set(k, Math.max(scalar.get(k) ?? 0, v));
  }
  const result = { milliCpu, memory, nonZeroMilliCpu, nonZeroMemory, scalar };
  cache.set(pod, result);
  return result;
}
