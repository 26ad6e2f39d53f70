// `kubectl logs` (staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go, polymorphichelpers/
// logsforobject.go). kubectl GETs the pod (or, for deployment/NAME etc., lists the workload's pods
// and takes the first, saying so), then GETs pods/NAME/log; the apiserver proxies that to the
// kubelet. Here the GET is sent and traced, and the lines are read from the kubelet's pod worker
// (PodWorker.logs, which applies validateContainerLogStatus). `-f` keeps reading new lines on the
// virtual clock until cancelled or the pod's worker is gone. Simplified: no --since, --all-containers,
// --prefix, -l; the follow stream is read on every trace event and every second, not pushed.

import type { KubeList, Pod } from "../../../api/objects";
import type { ResourceInfo } from "../../../api/resources";
import { SECOND } from "../../../sim/time";
import type { ContainerLogEntry } from "../../../kubelet/containerRuntime";
import { labelSelectorAsSelector, labelSelectorString } from "../../../util/labelSelector";
import { formatKubectlError } from "../../errors";
import { asStatus } from "../../kubectl";
import type { CommandSpec, KubectlEnv, KubectlIO, RunningCommand } from "../command";
import { flagBool, flagInt, flagString, resolveArgs } from "./shared";
import { logsHelp } from "./upstreamHelp/logs";

const DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container";

/** The pod a `logs` argument names: a pod, or the first pod of a workload (GetFirstPod). */
function findPod(env: KubectlEnv, io: KubectlIO, arg: string, then: (pod: Pod | undefined) => void): void {
  const resolved = arg.includes("/") ? resolveArgs([arg]) : resolveArgs(["pods", arg]);
  if (!resolved.ok) {
    io.err(`${resolved.error}\n`);
    return then(undefined);
  }
  const ref = resolved.refs[0] as { info: ResourceInfo; name: string };
  const ns = env.namespace;
  env.client.request({ verb: "get", resource: ref.info.resource, name: ref.name, namespace: ns }, (got) => {
    if (got.code !== 200) {
      io.err(formatKubectlError(asStatus(got)));
      return then(undefined);
    }
    if (ref.info.kind === "Pod") return then(got.body as unknown as Pod);
    const spec = (got.body as { spec?: { selector?: unknown } }).spec;
    const selector = labelSelectorAsSelector(spec?.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    if (!selector.ok) {
      io.err(`error: cannot attach to ${ref.info.kind}: selector for ${ref.info.kind} not implemented\n`);
      return then(undefined);
    }
    env.client.request(
      { verb: "list", resource: "pods", namespace: ns, labelSelector: labelSelectorString(selector.value) },
      (listed) => {
        // ByLogging: ready and running pods first, then the oldest.
        const pods = ((listed.body as KubeList).items ?? []) as unknown as Pod[];
        const rank = (p: Pod): number =>
          (p.spec?.nodeName ? 0 : 4) +
          (p.status?.phase === "Running" ? 0 : 2) +
          (p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? 0 : 1);
        const sorted = [...pods].sort(
          (a, b) =>
            rank(a) - rank(b) ||
            (a.metadata?.creationTimestamp ?? "").localeCompare(b.metadata?.creationTimestamp ?? ""),
        );
        const pod = sorted[0];
        if (!pod) {
          io.err(`error: timed out waiting for the condition\n`);
          return then(undefined);
        }
        if (pods.length > 1) io.err(`Found ${pods.length} pods, using pod/${pod.metadata?.name ?? ""}\n`);
        then(pod);
      },
    );
  });
}

/** -c, the default-container annotation, the only container, or the first (with a notice). */
function pickContainer(pod: Pod, requested: string | undefined, io: KubectlIO): string {
  if (requested) return requested;
  const containers = pod.spec?.containers ?? [];
  const annotated = pod.metadata?.annotations?.[DefaultContainerAnnotation];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  const first = containers[0]?.name ?? "";
  if (containers.length > 1) {
    const all = [
      ...containers.map((c) => c.name),
      ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
    ];
    io.err(`Defaulted container "${first}" out of: ${all.join(", ")}\n`);
  }
  return first;
}

const render = (e: ContainerLogEntry, timestamps: boolean): string =>
  `${timestamps ? `${e.time} ` : ""}${e.line}\n`;

export const logsCommand: CommandSpec = {
  path: ["logs"],
  use: "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]",
  short: "Print the logs for a container in a pod",
  ...logsHelp,
  run(env, command, io, done): RunningCommand {
    let finished = false;
    let timer: { cancel(): void } | undefined;
    let stopFollowing = (): void => {};
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      timer?.cancel();
      stopFollowing();
      done(code);
    };
    const handle: RunningCommand = { cancel: () => finish(130) };
    const arg = command.args[0];
    if (arg === undefined || command.args.length > 2) {
      io.err(
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
      );
      finish(1);
      return handle;
    }
    const follow = flagBool(command.flags, "follow");
    const previous = flagBool(command.flags, "previous");
    const timestamps = flagBool(command.flags, "timestamps");
    const tail = flagInt(command.flags, "tail") ?? -1;
    findPod(env, io, arg, (pod) => {
      if (!pod) return finish(1);
      const name = pod.metadata?.name ?? "";
      const container = pickContainer(pod, flagString(command.flags, "container") ?? command.args[1], io);
      const namespace = pod.metadata?.namespace ?? env.namespace;
      // The GET the apiserver proxies to the kubelet: sent (and traced) for the graph.
      env.client.request({ verb: "get", resource: "pods", name, namespace, subresource: "log" }, (res) => {
        if (finished) return;
        if (res.code !== 200) {
          io.err(formatKubectlError(asStatus(res)));
          return finish(1);
        }
        const read = (): { lines: ContainerLogEntry[] } | { error: string } | undefined => {
          const worker = env.cluster.kubelets
            .get(pod.spec?.nodeName ?? "")
            ?.workers.get(pod.metadata?.uid ?? "");
          return worker?.logs(container, previous);
        };
        const first = read();
        if (first === undefined) {
          const known = (pod.spec?.containers ?? []).some((c) => c.name === container);
          io.err(
            known
              ? `Error from server (BadRequest): container "${container}" in pod "${name}" is waiting to start: ContainerCreating\n`
              : `error: container ${container} is not valid for pod ${name}\n`,
          );
          return finish(1);
        }
        if ("error" in first) {
          io.err(`Error from server (BadRequest): ${first.error}\n`);
          return finish(1);
        }
        const shown = tail >= 0 ? first.lines.slice(Math.max(0, first.lines.length - tail)) : first.lines;
        io.out(shown.map((e) => render(e, timestamps)).join(""));
        if (!follow || previous) return finish(0);
        let seen = first.lines.length;
        // New lines are read as soon as anything happens in the cluster (a container stopping
        // writes its last lines just before the kubelet forgets it), and every second otherwise.
        const pump = (): void => {
          if (finished) return;
          const now = read();
          if (now === undefined) return finish(0);
          if (!("lines" in now)) return;
          // A restarted container starts a new log: read it from the beginning.
          if (now.lines.length < seen) seen = 0;
          if (now.lines.length > seen)
            io.out(
              now.lines
                .slice(seen)
                .map((e) => render(e, timestamps))
                .join(""),
            );
          seen = now.lines.length;
        };
        const unsubscribe = env.client.sim.onTrace(() => pump());
        const tick = (): void => {
          pump();
          if (!finished) timer = env.client.sim.schedule(SECOND, tick, { background: true });
        };
        stopFollowing = unsubscribe;
        timer = env.client.sim.schedule(SECOND, tick, { background: true });
      });
    });
    return handle;
  },
};

export const logsCommands: readonly CommandSpec[] = [logsCommand];
