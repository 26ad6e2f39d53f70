// From what a trace event names (kind, namespace, name) to the etcd key the store uses.

import { RESOURCES, etcdKey } from "../../engine/api/resources";
import type { ObjectRef } from "../../engine/trace/traceEvent";

const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));

export function keyForRef(ref: ObjectRef): string | undefined {
  const info = byKind.get(ref.kind);
  return info ? etcdKey(info, ref.namespace, ref.name) : undefined;
}
