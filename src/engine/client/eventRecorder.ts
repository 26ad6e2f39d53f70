// client-go's event recorder (tools/record): components report what happened to an object as
// core/v1 Events. Like upstream's EventCorrelator, a repeat of the same event within ten minutes
// increments `count` on the existing Event instead of creating a new one.

import type { Event, KubeObject } from "../api/objects";
import { MINUTE } from "../sim/time";
import type { ApiClient } from "./apiClient";

export type EventType = "Normal" | "Warning";

export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

interface Recorded {
  readonly name: string;
  readonly namespace: string;
  count: number;
  lastMs: number;
}

export class EventRecorder {
  private readonly recent = new Map<string, Recorded>();
  private lastNanos = 0n;

  constructor(
    private readonly client: ApiClient,
    private readonly source: EventSource,
  ) {}

  /** Records an event about `object`; `fieldPath` names a container: `spec.containers{web}`. */
  event(object: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const sim = this.client.sim;
    const meta = object.metadata;
    const namespace = meta.namespace ?? "default";
    const key = [meta.uid, fieldPath ?? "", type, reason, message].join("\u0000");
    const now = sim.epochMs + sim.now;
    const timestamp = sim.timestamp();
    const seen = this.recent.get(key);
    if (seen && now - seen.lastMs < 10 * MINUTE) {
      seen.count++;
      seen.lastMs = now;
      this.client.patch("events", seen.namespace, seen.name, { count: seen.count, lastTimestamp: timestamp });
      return;
    }
    // Upstream names events <object>.<hex unix nanoseconds>; nanos only ever increase here.
    let nanos = BigInt(now) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const name = `${meta.name ?? ""}.${nanos.toString(16)}`;
    const event: Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: meta.name ?? "",
        ...(meta.namespace ? { namespace: meta.namespace } : {}),
        ...(meta.uid ? { uid: meta.uid } : {}),
        ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component: this.source.component, ...(this.source.host ? { host: this.source.host } : {}) },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? `${this.source.component}-control-plane`,
    };
    this.recent.set(key, { name, namespace, count: 1, lastMs: now });
    this.client.create("events", namespace, event as unknown as KubeObject);
  }
}
