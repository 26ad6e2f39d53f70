// The API resources the simulated kube-apiserver serves, with their REST paths and etcd keys.

export interface ResourceInfo {
  readonly kind: string;
  /** Plural resource name used in URLs: `pods`. */
  readonly resource: string;
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  /** etcd key prefix, as upstream stores it (nodes live under `/registry/minions`). */
  readonly etcdPrefix: string;
  readonly shortNames: readonly string[];
  readonly singular: string;
}

export const RESOURCES: readonly ResourceInfo[] = [
  {
    kind: "Namespace",
    resource: "namespaces",
    group: "",
    version: "v1",
    namespaced: false,
    etcdPrefix: "/registry/namespaces/",
    shortNames: ["ns"],
    singular: "namespace",
  },
  {
    kind: "Node",
    resource: "nodes",
    group: "",
    version: "v1",
    namespaced: false,
    etcdPrefix: "/registry/minions/",
    shortNames: ["no"],
    singular: "node",
  },
  {
    kind: "Pod",
    resource: "pods",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/pods/",
    shortNames: ["po"],
    singular: "pod",
  },
  {
    kind: "Event",
    resource: "events",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/events/",
    shortNames: ["ev"],
    singular: "event",
  },
  {
    kind: "Service",
    resource: "services",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/services/specs/",
    shortNames: ["svc"],
    singular: "service",
  },
  {
    kind: "Endpoints",
    resource: "endpoints",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/services/endpoints/",
    shortNames: ["ep"],
    singular: "endpoints",
  },
  {
    kind: "ConfigMap",
    resource: "configmaps",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/configmaps/",
    shortNames: ["cm"],
    singular: "configmap",
  },
  {
    kind: "Secret",
    resource: "secrets",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/secrets/",
    shortNames: [],
    singular: "secret",
  },
  {
    kind: "ServiceAccount",
    resource: "serviceaccounts",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/serviceaccounts/",
    shortNames: ["sa"],
    singular: "serviceaccount",
  },
  {
    kind: "ReplicationController",
    resource: "replicationcontrollers",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/controllers/",
    shortNames: ["rc"],
    singular: "replicationcontroller",
  },
  {
    kind: "PersistentVolumeClaim",
    resource: "persistentvolumeclaims",
    group: "",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/persistentvolumeclaims/",
    shortNames: ["pvc"],
    singular: "persistentvolumeclaim",
  },
  {
    kind: "PersistentVolume",
    resource: "persistentvolumes",
    group: "",
    version: "v1",
    namespaced: false,
    etcdPrefix: "/registry/persistentvolumes/",
    shortNames: ["pv"],
    singular: "persistentvolume",
  },
  {
    kind: "Deployment",
    resource: "deployments",
    group: "apps",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/deployments/",
    shortNames: ["deploy"],
    singular: "deployment",
  },
  {
    kind: "ReplicaSet",
    resource: "replicasets",
    group: "apps",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/replicasets/",
    shortNames: ["rs"],
    singular: "replicaset",
  },
  {
    kind: "DaemonSet",
    resource: "daemonsets",
    group: "apps",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/daemonsets/",
    shortNames: ["ds"],
    singular: "daemonset",
  },
  {
    kind: "StatefulSet",
    resource: "statefulsets",
    group: "apps",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/statefulsets/",
    shortNames: ["sts"],
    singular: "statefulset",
  },
  {
    kind: "ControllerRevision",
    resource: "controllerrevisions",
    group: "apps",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/controllerrevisions/",
    shortNames: [],
    singular: "controllerrevision",
  },
  {
    kind: "Job",
    resource: "jobs",
    group: "batch",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/jobs/",
    shortNames: [],
    singular: "job",
  },
  {
    kind: "CronJob",
    resource: "cronjobs",
    group: "batch",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/cronjobs/",
    shortNames: ["cj"],
    singular: "cronjob",
  },
  {
    kind: "HorizontalPodAutoscaler",
    resource: "horizontalpodautoscalers",
    group: "autoscaling",
    version: "v2",
    namespaced: true,
    etcdPrefix: "/registry/horizontalpodautoscalers/",
    shortNames: ["hpa"],
    singular: "horizontalpodautoscaler",
  },
  {
    kind: "EndpointSlice",
    resource: "endpointslices",
    group: "discovery.k8s.io",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/endpointslices/",
    shortNames: [],
    singular: "endpointslice",
  },
  {
    kind: "Lease",
    resource: "leases",
    group: "coordination.k8s.io",
    version: "v1",
    namespaced: true,
    etcdPrefix: "/registry/leases/",
    shortNames: [],
    singular: "lease",
  },
];

const byResource = new Map(RESOURCES.map((r) => [r.resource, r]));
const byKind = new Map(RESOURCES.map((r) => [`${r.group}/${r.kind}`, r]));

export function resourceInfo(resource: string): ResourceInfo | undefined {
  return byResource.get(resource);
}

/** Looks a kind up by `apiVersion` (`v1`, `apps/v1`) and `kind`. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash >= 0 ? apiVersion.slice(0, slash) : "";
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  const info = byKind.get(`${group}/${kind}`);
  return info && info.version === version ? info : undefined;
}

/** Resolves what a person types after `kubectl get`: `pods`, `pod`, `po`, `Pod`, `leases.coordination.k8s.io`. */
export function resolveResourceName(text: string): ResourceInfo | undefined {
  const lower = text.toLowerCase();
  const dot = lower.indexOf(".");
  const name = dot >= 0 ? lower.slice(0, dot) : lower;
  const group = dot >= 0 ? lower.slice(dot + 1) : undefined;
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.resource === name ||
        r.singular === name ||
        r.kind.toLowerCase() === name ||
        r.shortNames.includes(name)),
  );
}

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** `pods`, or `leases.coordination.k8s.io`: the name used in error messages. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** `Pod`, or `Deployment.apps`: the kind used in Invalid errors. */
export function qualifiedKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

export function etcdKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `${info.etcdPrefix}${namespace ?? ""}/${name}` : `${info.etcdPrefix}${name}`;
}

export function resourcePath(
  info: ResourceInfo,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let path = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && namespace) path += `/namespaces/${namespace}`;
  path += `/${info.resource}`;
  if (name) path += `/${name}`;
  if (subresource) path += `/${subresource}`;
  return path;
}
