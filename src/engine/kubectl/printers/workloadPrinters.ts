// The column definitions and cells of k8s.io/kubernetes/pkg/printers/internalversion/printers.go
// (v1.32) for workloads, services, storage and config objects: printDeployment, printReplicaSet,
// printReplicationController, printDaemonSet, printStatefulSet, printJob, printCronJob,
// printHorizontalPodAutoscaler, printService, printPersistentVolumeClaim, printPersistentVolume,
// printControllerRevision, printConfigMap, printSecret, printServiceAccount, printEndpoints.

import type { KubeObject } from "../../api/objects";
import {
  labelSelectorAsSelector,
  labelSelectorString,
  type MetaLabelSelector,
} from "../../util/labelSelector";
import { humanDuration, timestampMs, translateTimestampSince } from "./humanDuration";
import type { ColumnDefinition } from "./table";

const col = (name: string, priority = 0): ColumnDefinition => ({ name, priority });

export interface KindPrinter {
  readonly columns: readonly ColumnDefinition[];
  readonly cells: (obj: KubeObject, nowMs: number) => string[];
}

type Json = Record<string, unknown>;
const spec = (o: KubeObject): Json => (o["spec"] as Json | undefined) ?? {};
const status = (o: KubeObject): Json => (o["status"] as Json | undefined) ?? {};
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata.creationTimestamp, now);

interface PodTemplateLike {
  spec?: { containers?: { name: string; image?: string }[]; nodeSelector?: Record<string, string> };
}

/** CONTAINERS and IMAGES of a pod template (layoutContainerCells). */
function containerCells(template: PodTemplateLike | undefined): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c) => c.name).join(","), containers.map((c) => c.image ?? "").join(",")];
}

/** metav1.FormatLabelSelector: `app=web`, `<none>` for an empty one. */
function selectorCell(selector: MetaLabelSelector | undefined): string {
  if (selector === undefined) return "<none>";
  const parsed = labelSelectorAsSelector(selector);
  if (!parsed.ok) return "<error>";
  const text = labelSelectorString(parsed.value);
  return text === "" ? "<none>" : text;
}

/** labels.FormatLabels: `k=v,k2=v2` sorted, `<none>` when empty. */
function formatLabels(map: Record<string, string> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${map?.[k] ?? ""}`).join(",") : "<none>";
}

const WORKLOAD_WIDE = [col("Containers", 1), col("Images", 1), col("Selector", 1)];

function replicaSetLike(o: KubeObject, now: number, selector: string): string[] {
  const s = spec(o);
  const st = status(o);
  return [
    o.metadata.name ?? "",
    String(num(s["replicas"])),
    String(num(st["replicas"])),
    String(num(st["readyReplicas"])),
    age(o, now),
    ...containerCells(s["template"] as PodTemplateLike),
    selector,
  ];
}

function jobStatus(o: KubeObject): string {
  const conditions = (status(o)["conditions"] as { type: string; status: string }[] | undefined) ?? [];
  const has = (type: string): boolean => conditions.some((c) => c.type === type && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (o.metadata.deletionTimestamp) return "Terminating";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("Suspended")) return "Suspended";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

function jobCompletions(o: KubeObject): string {
  const s = spec(o);
  const succeeded = num(status(o)["succeeded"]);
  if (typeof s["completions"] === "number") return `${succeeded}/${s["completions"]}`;
  const parallelism = num(s["parallelism"]);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: KubeObject, now: number): string {
  const start = timestampMs(status(o)["startTime"] as string | undefined);
  if (start === undefined) return "";
  const end = timestampMs(status(o)["completionTime"] as string | undefined);
  return humanDuration((end ?? now) - start);
}

interface MetricSpec {
  type: string;
  resource?: { name: string; target?: { type?: string; averageUtilization?: number; averageValue?: string } };
}
interface MetricStatus {
  type: string;
  resource?: { name: string; current?: { averageUtilization?: number; averageValue?: string } };
}

/** formatHPAMetrics for Resource metrics: `cpu: 45%/50%`, `cpu: <unknown>/50%`. */
function hpaTargets(o: KubeObject): string {
  const metrics = (spec(o)["metrics"] as MetricSpec[] | undefined) ?? [];
  const current = (status(o)["currentMetrics"] as MetricStatus[] | undefined) ?? [];
  if (metrics.length === 0) return "<none>";
  const parts = metrics.map((m, i) => {
    if (m.type !== "Resource" || !m.resource) return "<unknown>";
    const name = m.resource.name;
    const cur = current[i]?.type === "Resource" ? current[i]?.resource?.current : undefined;
    const target = m.resource.target;
    if (target?.averageUtilization !== undefined) {
      const now = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : "<unknown>";
      return `${name}: ${now}/${target.averageUtilization}%`;
    }
    return `${name}: ${cur?.averageValue ?? "<unknown>"}/${target?.averageValue ?? "<unknown>"}`;
  });
  return parts.join(", ");
}

interface ServicePort {
  port: number;
  protocol?: string;
  nodePort?: number;
}

function servicePorts(o: KubeObject): string {
  const ports = (spec(o)["ports"] as ServicePort[] | undefined) ?? [];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",");
}

function externalIp(o: KubeObject): string {
  const s = spec(o);
  const type = s["type"] as string | undefined;
  if (type === "ExternalName") return String(s["externalName"] ?? "");
  const ips = (s["externalIPs"] as string[] | undefined) ?? [];
  if (type === "LoadBalancer") {
    const ingress =
      ((status(o)["loadBalancer"] as Json | undefined)?.["ingress"] as { ip?: string }[] | undefined) ?? [];
    const all = [...ingress.map((i) => i.ip ?? ""), ...ips].filter((x) => x !== "");
    return all.length ? all.join(",") : "<pending>";
  }
  return ips.length ? ips.join(",") : "<none>";
}

const ACCESS_MODE_SHORT: Record<string, string> = {
  ReadWriteOnce: "RWO",
  ReadOnlyMany: "ROX",
  ReadWriteMany: "RWX",
  ReadWriteOncePod: "RWOP",
};
const accessModes = (modes: unknown): string =>
  ((modes as string[] | undefined) ?? []).map((m) => ACCESS_MODE_SHORT[m] ?? m).join(",");

function pvcCells(o: KubeObject, now: number): string[] {
  const s = spec(o);
  const st = status(o);
  const phase = o.metadata.deletionTimestamp ? "Terminating" : String(st["phase"] ?? "");
  const bound = typeof s["volumeName"] === "string" && s["volumeName"] !== "";
  const capacity = bound ? String(((st["capacity"] as Json | undefined) ?? {})["storage"] ?? "") : "";
  return [
    o.metadata.name ?? "",
    phase,
    String(s["volumeName"] ?? ""),
    capacity,
    bound ? accessModes(st["accessModes"]) : "",
    String(s["storageClassName"] ?? "<unset>"),
    String(s["volumeAttributesClassName"] ?? "<unset>"),
    age(o, now),
    String(s["volumeMode"] ?? "Filesystem"),
  ];
}

function pvCells(o: KubeObject, now: number): string[] {
  const s = spec(o);
  const claim = s["claimRef"] as { namespace?: string; name?: string } | undefined;
  return [
    o.metadata.name ?? "",
    String(((s["capacity"] as Json | undefined) ?? {})["storage"] ?? ""),
    accessModes(s["accessModes"]),
    String(s["persistentVolumeReclaimPolicy"] ?? "Retain"),
    o.metadata.deletionTimestamp ? "Terminating" : String(status(o)["phase"] ?? ""),
    claim ? `${claim.namespace ?? ""}/${claim.name ?? ""}` : "",
    String(s["storageClassName"] ?? ""),
    String(s["volumeAttributesClassName"] ?? "<unset>"),
    String(status(o)["reason"] ?? ""),
    age(o, now),
    String(s["volumeMode"] ?? "Filesystem"),
  ];
}

function controllerCell(o: KubeObject): string {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (!ref) return "<none>";
  const group = ref.apiVersion.includes("/") ? ref.apiVersion.slice(0, ref.apiVersion.indexOf("/")) : "";
  return `${ref.kind.toLowerCase()}${group ? `.${group}` : ""}/${ref.name}`;
}

export const workloadPrinters: Record<string, KindPrinter> = {
  Deployment: {
    columns: [col("Name"), col("Ready"), col("Up-to-date"), col("Available"), col("Age"), ...WORKLOAD_WIDE],
    cells: (o, now) => {
      const s = spec(o);
      const st = status(o);
      return [
        o.metadata.name ?? "",
        `${num(st["readyReplicas"])}/${num(s["replicas"])}`,
        String(num(st["updatedReplicas"])),
        String(num(st["availableReplicas"])),
        age(o, now),
        ...containerCells(s["template"] as PodTemplateLike),
        selectorCell(s["selector"] as MetaLabelSelector | undefined),
      ];
    },
  },
  ReplicaSet: {
    columns: [col("Name"), col("Desired"), col("Current"), col("Ready"), col("Age"), ...WORKLOAD_WIDE],
    cells: (o, now) =>
      replicaSetLike(o, now, selectorCell(spec(o)["selector"] as MetaLabelSelector | undefined)),
  },
  ReplicationController: {
    columns: [col("Name"), col("Desired"), col("Current"), col("Ready"), col("Age"), ...WORKLOAD_WIDE],
    cells: (o, now) => replicaSetLike(o, now, formatLabels(spec(o)["selector"] as Record<string, string>)),
  },
  DaemonSet: {
    columns: [
      col("Name"),
      col("Desired"),
      col("Current"),
      col("Ready"),
      col("Up-to-date"),
      col("Available"),
      col("Node Selector"),
      col("Age"),
      ...WORKLOAD_WIDE,
    ],
    cells: (o, now) => {
      const s = spec(o);
      const st = status(o);
      const template = s["template"] as PodTemplateLike | undefined;
      return [
        o.metadata.name ?? "",
        String(num(st["desiredNumberScheduled"])),
        String(num(st["currentNumberScheduled"])),
        String(num(st["numberReady"])),
        String(num(st["updatedNumberScheduled"])),
        String(num(st["numberAvailable"])),
        formatLabels(template?.spec?.nodeSelector),
        age(o, now),
        ...containerCells(template),
        selectorCell(s["selector"] as MetaLabelSelector | undefined),
      ];
    },
  },
  StatefulSet: {
    columns: [col("Name"), col("Ready"), col("Age"), col("Containers", 1), col("Images", 1)],
    cells: (o, now) => {
      const s = spec(o);
      return [
        o.metadata.name ?? "",
        `${num(status(o)["readyReplicas"])}/${num(s["replicas"])}`,
        age(o, now),
        ...containerCells(s["template"] as PodTemplateLike),
      ];
    },
  },
  Job: {
    columns: [col("Name"), col("Status"), col("Completions"), col("Duration"), col("Age"), ...WORKLOAD_WIDE],
    cells: (o, now) => [
      o.metadata.name ?? "",
      jobStatus(o),
      jobCompletions(o),
      jobDuration(o, now),
      age(o, now),
      ...containerCells(spec(o)["template"] as PodTemplateLike),
      selectorCell(spec(o)["selector"] as MetaLabelSelector | undefined),
    ],
  },
  CronJob: {
    columns: [
      col("Name"),
      col("Schedule"),
      col("Timezone"),
      col("Suspend"),
      col("Active"),
      col("Last Schedule"),
      col("Age"),
      ...WORKLOAD_WIDE,
    ],
    cells: (o, now) => {
      const s = spec(o);
      const jobSpec = ((s["jobTemplate"] as Json | undefined)?.["spec"] as Json | undefined) ?? {};
      const last = status(o)["lastScheduleTime"] as string | undefined;
      return [
        o.metadata.name ?? "",
        String(s["schedule"] ?? ""),
        String(s["timeZone"] ?? "<none>"),
        s["suspend"] === undefined ? "<unset>" : s["suspend"] ? "True" : "False",
        String(((status(o)["active"] as unknown[] | undefined) ?? []).length),
        last ? translateTimestampSince(last, now) : "<none>",
        age(o, now),
        ...containerCells(jobSpec["template"] as PodTemplateLike),
        selectorCell(jobSpec["selector"] as MetaLabelSelector | undefined),
      ];
    },
  },
  HorizontalPodAutoscaler: {
    columns: [
      col("Name"),
      col("Reference"),
      col("Targets"),
      col("MinPods"),
      col("MaxPods"),
      col("Replicas"),
      col("Age"),
    ],
    cells: (o, now) => {
      const s = spec(o);
      const ref = (s["scaleTargetRef"] as { kind?: string; name?: string } | undefined) ?? {};
      return [
        o.metadata.name ?? "",
        `${ref.kind ?? ""}/${ref.name ?? ""}`,
        hpaTargets(o),
        s["minReplicas"] === undefined ? "<unset>" : String(s["minReplicas"]),
        String(num(s["maxReplicas"])),
        String(num(status(o)["currentReplicas"])),
        age(o, now),
      ];
    },
  },
  Service: {
    columns: [
      col("Name"),
      col("Type"),
      col("Cluster-IP"),
      col("External-IP"),
      col("Port(s)"),
      col("Age"),
      col("Selector", 1),
    ],
    cells: (o, now) => {
      const s = spec(o);
      return [
        o.metadata.name ?? "",
        String(s["type"] ?? "ClusterIP"),
        String(s["clusterIP"] ?? "<none>"),
        externalIp(o),
        servicePorts(o),
        age(o, now),
        formatLabels(s["selector"] as Record<string, string> | undefined),
      ];
    },
  },
  PersistentVolumeClaim: {
    columns: [
      col("Name"),
      col("Status"),
      col("Volume"),
      col("Capacity"),
      col("Access Modes"),
      col("StorageClass"),
      col("VolumeAttributesClass"),
      col("Age"),
      col("VolumeMode", 1),
    ],
    cells: pvcCells,
  },
  PersistentVolume: {
    columns: [
      col("Name"),
      col("Capacity"),
      col("Access Modes"),
      col("Reclaim Policy"),
      col("Status"),
      col("Claim"),
      col("StorageClass"),
      col("VolumeAttributesClass"),
      col("Reason"),
      col("Age"),
      col("VolumeMode", 1),
    ],
    cells: pvCells,
  },
  ControllerRevision: {
    columns: [col("Name"), col("Controller"), col("Revision"), col("Age")],
    cells: (o, now) => [o.metadata.name ?? "", controllerCell(o), String(num(o["revision"])), age(o, now)],
  },
  ConfigMap: {
    columns: [col("Name"), col("Data"), col("Age")],
    cells: (o, now) => [
      o.metadata.name ?? "",
      String(
        Object.keys((o["data"] as Json | undefined) ?? {}).length +
          Object.keys((o["binaryData"] as Json | undefined) ?? {}).length,
      ),
      age(o, now),
    ],
  },
  Secret: {
    columns: [col("Name"), col("Type"), col("Data"), col("Age")],
    cells: (o, now) => [
      o.metadata.name ?? "",
      String(o["type"] ?? "Opaque"),
      String(Object.keys((o["data"] as Json | undefined) ?? {}).length),
      age(o, now),
    ],
  },
  ServiceAccount: {
    columns: [col("Name"), col("Secrets"), col("Age")],
    cells: (o, now) => [
      o.metadata.name ?? "",
      String(((o["secrets"] as unknown[] | undefined) ?? []).length),
      age(o, now),
    ],
  },
  Endpoints: {
    columns: [col("Name"), col("Endpoints"), col("Age")],
    cells: (o, now) => {
      const subsets =
        (o["subsets"] as { addresses?: { ip: string }[]; ports?: { port: number }[] }[] | undefined) ?? [];
      const list = subsets.flatMap((s) =>
        (s.addresses ?? []).flatMap((a) =>
          (s.ports ?? []).length ? (s.ports ?? []).map((p) => `${a.ip}:${p.port}`) : [a.ip],
        ),
      );
      const shown =
        list.length > 3 ? `${list.slice(0, 3).join(",")} + ${list.length - 3} more...` : list.join(",");
      return [o.metadata.name ?? "", shown === "" ? "<none>" : shown, age(o, now)];
    },
  },
};
