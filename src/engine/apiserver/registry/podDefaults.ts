// Scheme defaulting for Pods (pkg/apis/core/v1/defaults.go: SetDefaults_Pod, SetDefaults_PodSpec,
// SetDefaults_Container, probes and ports), and the QoS class the registry computes on create
// (pkg/apis/core/helper/qos). Each default that was filled in is reported for the narration.

import type { Container, Pod, PodSpec, ResourceRequirements } from "../../api/objects";
import { parseQuantity } from "../../util/quantity";

type Probe = NonNullable<Container["livenessProbe"]>;

function defaultProbe(probe: Probe | undefined): Probe | undefined {
  if (probe === undefined) return undefined;
  return { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...probe };
}

/** `Always` for `:latest` or untagged images, otherwise `IfNotPresent` (digests count as tagged). */
export function defaultPullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  if (image === undefined || image === "") return "IfNotPresent";
  if (image.includes("@")) return "IfNotPresent";
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  const tag = colon >= 0 ? image.slice(colon + 1) : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultContainer(container: Container, notes: string[]): Container {
  const out: Container = { ...container };
  if (out.imagePullPolicy === undefined) {
    out.imagePullPolicy = defaultPullPolicy(out.image);
    notes.push(`containers[${container.name}].imagePullPolicy=${out.imagePullPolicy}`);
  }
  out.terminationMessagePath ??= "/dev/termination-log";
  out.terminationMessagePolicy ??= "File";
  // Limits without requests: requests default to the limits.
  const resources: ResourceRequirements = { ...(out.resources ?? {}) };
  if (resources.limits) {
    const requests = { ...(resources.requests ?? {}) };
    for (const [name, value] of Object.entries(resources.limits))
      if (requests[name] === undefined) requests[name] = value;
    resources.requests = requests;
  }
  out.resources = resources;
  if (out.ports) out.ports = out.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP" }));
  const liveness = defaultProbe(out.livenessProbe);
  if (liveness) out.livenessProbe = liveness;
  const readiness = defaultProbe(out.readinessProbe);
  if (readiness) out.readinessProbe = readiness;
  const startup = defaultProbe(out.startupProbe);
  if (startup) out.startupProbe = startup;
  return out;
}

/** Returns the defaulted pod; `notes` receives one entry per field that was defaulted. */
export function defaultPod(pod: Pod, notes: string[]): Pod {
  const spec: PodSpec = { ...(pod.spec ?? { containers: [] }) };
  const set = <K extends keyof PodSpec>(key: K, value: PodSpec[K]): void => {
    if (spec[key] === undefined) {
      spec[key] = value;
      notes.push(`${String(key)}=${typeof value === "object" ? "{}" : String(value)}`);
    }
  };
  set("restartPolicy", "Always");
  set("dnsPolicy", "ClusterFirst");
  set("schedulerName", "default-scheduler");
  set("terminationGracePeriodSeconds", 30);
  set("securityContext", {});
  set("enableServiceLinks", true);
  spec.containers = (spec.containers ?? []).map((c) => defaultContainer(c, notes));
  if (spec.initContainers) spec.initContainers = spec.initContainers.map((c) => defaultContainer(c, notes));
  return { ...pod, spec };
}

function hasBoth(r: ResourceRequirements | undefined, name: "cpu" | "memory"): boolean {
  const req = r?.requests?.[name];
  const lim = r?.limits?.[name];
  if (req === undefined || lim === undefined) return false;
  const a = parseQuantity(req);
  const b = parseQuantity(lim);
  return a !== undefined && b !== undefined && a.milliValue() === b.milliValue();
}

/** Guaranteed, Burstable or BestEffort, as pkg/apis/core/helper/qos computes it. */
export function podQosClass(spec: PodSpec | undefined): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  const any = containers.some((c) => {
    const r = c.resources;
    return ["cpu", "memory"].some((n) => r?.requests?.[n] !== undefined || r?.limits?.[n] !== undefined);
  });
  if (!any) return "BestEffort";
  const guaranteed = containers.every((c) => hasBoth(c.resources, "cpu") && hasBoth(c.resources, "memory"));
  return guaranteed ? "Guaranteed" : "Burstable";
}
