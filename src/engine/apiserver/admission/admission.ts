// Admission control (k8s.io/apiserver/pkg/admission and plugin/pkg/admission): the mutating and
// validating plugins a kubeadm cluster enables, in upstream order. Simplified: only the plugins
// that act on the resources this simulation serves; webhooks, LimitRanger and PodSecurity
// levels other than the default `privileged` are not modelled yet.

import type { KubeObject, Pod, Toleration } from "../../api/objects";
import { type Status, forbidden, notFound } from "../../api/status";
import type { ResourceInfo } from "../../api/resources";
import type { Rng } from "../../sim/rng";
import type { ApiRequest, UserInfo } from "../request";

export interface AdmissionContext {
  readonly info: ResourceInfo;
  readonly request: ApiRequest;
  readonly user: UserInfo;
  readonly operation: "CREATE" | "UPDATE" | "DELETE";
  readonly rng: Rng;
  /** Looks a namespace up in the apiserver's cache. */
  readonly namespacePhase: (name: string) => "Active" | "Terminating" | undefined;
}

export interface AdmissionResult {
  readonly object: KubeObject;
  readonly notes: string[];
  readonly status?: Status;
}

// ---- mutating ------------------------------------------------------------------------------

/** ServiceAccount: the default service account and its projected API token volume. */
function serviceAccount(pod: Pod, ctx: AdmissionContext, notes: string[]): Pod {
  const spec = { ...(pod.spec ?? { containers: [] }) };
  const saName = spec.serviceAccountName ?? spec.serviceAccount ?? "default";
  spec.serviceAccountName = saName;
  spec.serviceAccount = saName;
  const already = (spec.volumes ?? []).some((v) => v.name.startsWith("kube-api-access-"));
  if (spec.automountServiceAccountToken === false || already) {
    notes.push(`ServiceAccount: serviceAccountName=${saName}`);
    return { ...pod, spec };
  }
  const volumeName = `kube-api-access-${ctx.rng.nameSuffix(5)}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name: volumeName,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
          { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
          {
            downwardAPI: {
              items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
            },
          },
        ],
      },
    },
  ];
  const mount = {
    name: volumeName,
    mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
    readOnly: true,
  };
  spec.containers = spec.containers.map((c) => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), mount] }));
  if (spec.initContainers) {
    spec.initContainers = spec.initContainers.map((c) => ({
      ...c,
      volumeMounts: [...(c.volumeMounts ?? []), mount],
    }));
  }
  notes.push(
    `ServiceAccount: serviceAccountName=${saName}, mounted token volume ${volumeName} at ${mount.mountPath}`,
  );
  return { ...pod, spec };
}

/** Priority: resolves priorityClassName (none are defined, so the global default 0). */
function priority(pod: Pod, notes: string[]): Pod {
  const spec = { ...(pod.spec ?? { containers: [] }) };
  const className = spec.priorityClassName;
  const value =
    className === "system-node-critical"
      ? 2000001000
      : className === "system-cluster-critical"
        ? 2000000000
        : 0;
  spec.priority ??= value;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  notes.push(`Priority: priority=${spec.priority}${className ? ` from PriorityClass ${className}` : ""}`);
  return { ...pod, spec };
}

/** DefaultTolerationSeconds: tolerate not-ready/unreachable nodes for 300 s before eviction. */
function defaultTolerationSeconds(pod: Pod, notes: string[]): Pod {
  const tolerations: Toleration[] = [...(pod.spec?.tolerations ?? [])];
  const added: string[] = [];
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    const has = tolerations.some(
      (t) =>
        (t.key === key || (t.key === undefined && t.operator === "Exists")) &&
        (t.effect === undefined || t.effect === "NoExecute"),
    );
    if (!has) {
      tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
      added.push(key);
    }
  }
  if (added.length) notes.push(`DefaultTolerationSeconds: tolerate ${added.join(", ")} (NoExecute) for 300s`);
  return { ...pod, spec: { ...(pod.spec ?? { containers: [] }), tolerations } };
}

export function runMutatingAdmission(object: KubeObject, ctx: AdmissionContext): AdmissionResult {
  const notes: string[] = [];
  if (ctx.info.resource === "pods" && ctx.operation === "CREATE" && ctx.request.subresource === undefined) {
    let pod = object as unknown as Pod;
    pod = serviceAccount(pod, ctx, notes);
    pod = priority(pod, notes);
    pod = defaultTolerationSeconds(pod, notes);
    return { object: pod as unknown as KubeObject, notes };
  }
  notes.push(`no mutating admission plugin changed this ${ctx.info.kind}`);
  return { object, notes };
}

// ---- validating ----------------------------------------------------------------------------

export function runValidatingAdmission(object: KubeObject, ctx: AdmissionContext): AdmissionResult {
  const notes: string[] = [];
  const ns = ctx.request.namespace;
  if (ctx.info.namespaced && ns !== undefined) {
    // NamespaceLifecycle: no new objects in missing or terminating namespaces.
    const phase = ctx.namespacePhase(ns);
    if (phase === undefined) {
      return {
        object,
        notes: [`NamespaceLifecycle: namespace ${ns} does not exist`],
        status: notFound("namespaces", ns),
      };
    }
    if (phase === "Terminating" && ctx.operation === "CREATE") {
      return {
        object,
        notes: [`NamespaceLifecycle: namespace ${ns} is terminating`],
        status: forbidden(
          ctx.info.resource,
          object.metadata.name ?? "",
          `unable to create new content in namespace ${ns} because it is being terminated`,
        ),
      };
    }
    notes.push(`NamespaceLifecycle: namespace ${ns} is ${phase}`);
  }
  if (ctx.user.groups.includes("system:nodes")) {
    // NodeRestriction: a kubelet may only modify its own Node and the pods bound to it.
    const nodeName = ctx.user.name.slice("system:node:".length);
    const boundTo = (object["spec"] as { nodeName?: string } | undefined)?.nodeName;
    if (ctx.info.resource === "pods" && ctx.operation !== "CREATE" && boundTo !== nodeName) {
      return {
        object,
        notes: [`NodeRestriction: pod is not bound to ${nodeName}`],
        status: forbidden(
          "pods",
          object.metadata.name ?? "",
          `node "${nodeName}" can only update pod status for pods with spec.nodeName set to itself`,
        ),
      };
    }
    notes.push(`NodeRestriction: ${ctx.user.name} may modify this ${ctx.info.kind}`);
  }
  if (ctx.info.resource === "pods" && ctx.operation === "CREATE" && ctx.request.subresource === undefined) {
    notes.push(`PodSecurity: namespace ${ns ?? ""} enforces the "privileged" level (cluster default)`);
    notes.push(`ResourceQuota: no ResourceQuota in namespace ${ns ?? ""}`);
  }
  if (notes.length === 0) notes.push(`no validating admission plugin objected`);
  return { object, notes };
}
