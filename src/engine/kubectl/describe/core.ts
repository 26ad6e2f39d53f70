// describe.go's core/v1 describers that need no pod template: describeService (with
// formatEndpointSlices), describeNamespace (with DescribeResourceQuotas / DescribeLimitRanges for
// empty lists), the ConfigMap and Secret describers, and describePersistentVolumeClaim.

import type { ConfigMap, PersistentVolumeClaim, Secret, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Event, Namespace, Pod } from "../../api/objects";
import { translateTimestampSince } from "../printers/humanDuration";
import { quantityString } from "./containers";
import { describeEvents } from "./events";
import { formatLabels, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from "./format";
import { LEVEL_0, LEVEL_1, tabbedString } from "./tabWriter";

/** formatEndpointSlices: up to three ready `ip:port`s, then `+ N more...`. */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string | undefined): string {
  if (slices.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (text: string, ready: boolean): void => {
    if (list.length === max) more = true;
    if (!ready) return;
    if (!more) list.push(text);
    count++;
  };
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    if ((slice.ports ?? []).length === 0) {
      for (const e of endpoints) add(e.addresses[0] ?? "", e.conditions?.ready !== false);
      continue;
    }
    for (const port of slice.ports ?? []) {
      if (portName !== undefined && (port.name ?? "") !== portName) continue;
      for (const e of endpoints) {
        const addr = e.addresses[0] ?? "";
        const host = addr.includes(":") ? `[${addr}]` : addr;
        add(`${host}:${port.port ?? 0}`, e.conditions?.ready !== false);
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

export function describeService(
  svc: Service,
  slices: readonly EndpointSlice[],
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  const spec = svc.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", svc.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", svc.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(",") : "<none>"}\n`);
    if ((spec.externalIPs ?? []).length > 0)
      w.write(LEVEL_0, `External IPs:\t${(spec.externalIPs ?? []).join(",")}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0)
      w.write(
        LEVEL_0,
        `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ""}` : (i.hostname ?? ""))).join(", ")}\n`,
      );
    for (const sp of spec.ports ?? []) {
      const name = sp.name ? sp.name : "<unset>";
      const protocol = sp.protocol ?? "TCP";
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${String(sp.targetPort ?? sp.port)}/${protocol}\n`);
      if (sp.appProtocol) w.write(LEVEL_0, `AppProtocol:\t${sp.appProtocol}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? "")}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${(spec.loadBalancerSourceRanges ?? []).join(",")}\n`);
    if (events) describeEvents(events, w, nowMs);
  });
}

/**
 * describeNamespace. The quota and limit-range lists are always empty here (the simulated
 * apiserver serves neither kind), so their sections are the "none" lines.
 */
export function describeNamespace(ns: Namespace): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
        );
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
  });
}

const sorted = (keys: string[]): string[] => keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function describeConfigMap(
  cm: ConfigMap,
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata?.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sorted(Object.keys(cm.data ?? {}))) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data?.[k] ?? ""}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (const k of sorted(Object.keys(cm.binaryData ?? {})))
      w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData?.[k] ?? "")} bytes\n`);
    w.write(LEVEL_0, "\n");
    if (events) describeEvents(events, w, nowMs);
  });
}

/** The decoded length of base64 text (what `len(secret.Data[k])` counts). */
function base64Length(b64: string): number {
  const clean = b64.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

export function describeSecret(secret: Secret): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", secret.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", secret.metadata?.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sorted(Object.keys(secret.data ?? {})))
      w.write(LEVEL_0, `${k}:\t${base64Length(secret.data?.[k] ?? "")} bytes\n`);
  });
}

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: "RWO",
  ReadOnlyMany: "ROX",
  ReadWriteMany: "RWX",
  ReadWriteOncePod: "RWOP",
};

/** storageutil.GetAccessModesAsString. */
function accessModesString(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return Object.keys(ACCESS_MODES)
    .filter((m) => set.has(m))
    .map((m) => ACCESS_MODES[m])
    .join(",");
}

export function describePVC(
  pvc: PersistentVolumeClaim,
  pods: readonly Pod[],
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  const spec = pvc.spec ?? {};
  const meta = pvc.metadata ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${meta.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ""}\n`);
    const sc = meta.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? spec.storageClassName ?? "";
    w.write(LEVEL_0, `StorageClass:\t${sc}\n`);
    if (meta.deletionTimestamp)
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, nowMs)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ""}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ""}\n`);
    printLabelsMultiline(w, "Labels", meta.labels);
    printAnnotationsMultiline(w, "Annotations", meta.annotations);
    w.write(LEVEL_0, `Finalizers:\t[${(meta.finalizers ?? []).join(" ")}]\n`);
    const bound = Boolean(spec.volumeName);
    const capacity = bound
      ? quantityString((pvc.status?.capacity as Record<string, string> | undefined)?.["storage"])
      : "";
    w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ""}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    const names = pods.map((p) => p.metadata?.name ?? "").sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    w.write(LEVEL_0, "Used By:\t");
    if (names.length === 0) w.writeLine("<none>");
    names.forEach((n, i) => w.write(LEVEL_0, i === 0 ? `${n}\n` : `\t${n}\n`));
    const conditions = pvc.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
    }
    if (events) describeEvents(events, w, nowMs);
  });
}
