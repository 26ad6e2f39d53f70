// Which container instance `kubectl logs` reads, and the errors it gets otherwise
// (pkg/kubelet/kubelet_pods.go validateContainerLogStatus): the running instance; else the one
// that terminated; in CrashLoopBackOff the last terminated one; with --previous always the last
// terminated one (lastState).

import type { ContainerLogEntry, ContainerRuntime, RuntimeContainer } from "./containerRuntime";
import { type ContainerRecord, containerStatus } from "./podStatus";

export type LogsResult = { readonly lines: ContainerLogEntry[] } | { readonly error: string };

export function podContainerLogs(
  runtime: ContainerRuntime,
  podName: string,
  records: readonly ContainerRecord[],
  containerName: string,
  previous: boolean,
  epochMs: number,
): LogsResult {
  const record =
    records.find((r) => !r.init && r.spec.name === containerName) ??
    records.find((r) => r.init && r.spec.name === containerName);
  const where = `container "${containerName}" in pod "${podName}"`;
  if (!record) return { error: `${where} is not available` };
  const status = containerStatus(record, epochMs);
  const last = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  let id: string | undefined;
  if (previous) {
    if (!last?.containerID) return { error: `previous terminated ${where} not found` };
    id = last.containerID;
  } else if (running) id = status.containerID;
  else if (terminated) id = terminated.containerID || last?.containerID;
  else if (last) id = last.containerID;
  else if (waiting) {
    const reason = waiting.reason ?? "";
    const why =
      reason === "ErrImagePull"
        ? "image can't be pulled"
        : reason === "ImagePullBackOff"
          ? "trying and failing to pull image"
          : reason;
    return { error: `${where} is waiting to start: ${why}` };
  }
  if (!id)
    return { error: terminated ? `${where} is terminated` : `${where} is waiting to start - no logs yet` };
  const bare = id.replace(/^containerd:\/\//, "");
  const instance: RuntimeContainer | undefined = [record.runtime, record.lastTerminated].find(
    (c) => c?.id === bare,
  );
  return { lines: instance ? runtime.containerLogs(instance) : [] };
}
