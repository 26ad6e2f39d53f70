// Container logs as the runtime keeps them: each container instance's lines with the simulated
// time they were written, and, per pod container, the current instance and the one before it
// (the kubelet's container GC keeps one dead instance: what `kubectl logs --previous` reads).

import type { LogLine } from "./containerProcess";
import { logTimestamp } from "./containerProcess";

/** A line of `kubectl logs`: RFC 3339 time with nanoseconds (as `--timestamps` prints it). */
export interface ContainerLogEntry {
  readonly time: string;
  readonly stream: "stdout" | "stderr";
  readonly line: string;
}

export function logEntries(lines: readonly LogLine[], epochMs: number): ContainerLogEntry[] {
  return lines.map((l) => ({ time: logTimestamp(epochMs, l.timeMs), stream: l.stream, line: l.line }));
}

/** Per pod uid and container name, the latest two instances, oldest first. */
export class InstanceHistory<T> {
  private readonly byPod = new Map<string, Map<string, T[]>>();

  add(podUid: string, name: string, instance: T): void {
    let byName = this.byPod.get(podUid);
    if (!byName) this.byPod.set(podUid, (byName = new Map()));
    const list = byName.get(name) ?? [];
    list.push(instance);
    if (list.length > 2) list.shift();
    byName.set(name, list);
  }

  /** The latest instance, or with `previous` the one before it. */
  instance(podUid: string, name: string, previous: boolean): T | undefined {
    const list = this.byPod.get(podUid)?.get(name) ?? [];
    return list[list.length - (previous ? 2 : 1)];
  }

  forget(podUid: string): void {
    this.byPod.delete(podUid);
  }
}
