// The first two stages of kube-apiserver's handler chain (k8s.io/apiserver/pkg/endpoints/filters):
// authentication (who is calling) and authorization (may they do this). Simplified: identities
// come from client certificates as in a kubeadm cluster; authorization is the Node authorizer
// plus the default RBAC bindings those identities have, not a general RBAC engine.

import type { ResourceInfo } from "../api/resources";
import type { ApiRequest, UserInfo } from "./request";

export interface StageOutcome {
  readonly ok: boolean;
  readonly notes: readonly string[];
}

/** The identities of a kubeadm cluster's components and its admin kubeconfig. */
export const Users = {
  admin: {
    name: "kubernetes-admin",
    groups: ["kubeadm:cluster-admins", "system:authenticated"],
    via: "x509 client certificate (admin.conf)",
  },
  scheduler: {
    name: "system:kube-scheduler",
    groups: ["system:authenticated"],
    via: "x509 client certificate (scheduler.conf)",
  },
  controllerManager: {
    name: "system:kube-controller-manager",
    groups: ["system:authenticated"],
    via: "x509 client certificate (controller-manager.conf)",
  },
  /** kubeadm runs kube-controller-manager with --use-service-account-credentials: one identity per controller. */
  controller: (controllerName: string): UserInfo => ({
    name: `system:serviceaccount:kube-system:${controllerName}`,
    groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"],
    via: "service account token (kube-controller-manager --use-service-account-credentials)",
  }),
  node: (nodeName: string): UserInfo => ({
    name: `system:node:${nodeName}`,
    groups: ["system:nodes", "system:authenticated"],
    via: "x509 client certificate (kubelet.conf)",
  }),
} as const satisfies Record<string, UserInfo | ((node: string) => UserInfo)>;

export function authenticate(user: UserInfo): StageOutcome {
  return { ok: true, notes: [`user "${user.name}" (groups ${user.groups.join(", ")}) via ${user.via}`] };
}

export interface AuthorizationDecision extends StageOutcome {
  /** Set when denied: the upstream Forbidden reason text. */
  readonly reason?: string;
}

/** What the request is, in the words of an authorization check: `create pods in namespace default`. */
function attributes(info: ResourceInfo, request: ApiRequest): string {
  const resource = request.subresource ? `${info.resource}/${request.subresource}` : info.resource;
  const where = info.namespaced && request.namespace ? ` in namespace ${request.namespace}` : "";
  const verb = request.verb === "list" && request.fieldSelector === undefined ? "list" : request.verb;
  return `${verb} ${resource}${request.name ? ` "${request.name}"` : ""}${where}`;
}

/** Resources each system identity's default ClusterRole grants (abridged from the bootstrap policy). */
const componentGrants: Record<string, ReadonlySet<string>> = {
  "system:kube-scheduler": new Set([
    "pods",
    "pods/binding",
    "pods/status",
    "nodes",
    "events",
    "namespaces",
    "leases",
  ]),
  "system:kube-controller-manager": new Set([
    "pods",
    "pods/status",
    "nodes",
    "nodes/status",
    "events",
    "namespaces",
    "namespaces/finalize",
    "leases",
  ]),
};

export function authorize(user: UserInfo, info: ResourceInfo, request: ApiRequest): AuthorizationDecision {
  const what = attributes(info, request);
  if (user.groups.includes("kubeadm:cluster-admins") || user.groups.includes("system:masters")) {
    return {
      ok: true,
      notes: [
        `RBAC: allowed to ${what} by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"`,
      ],
    };
  }
  if (user.groups.includes("system:nodes")) {
    // The Node authorizer lets a kubelet touch only what its node needs.
    const nodeName = user.name.slice("system:node:".length);
    const resource = request.subresource ? `${info.resource}/${request.subresource}` : info.resource;
    const ownNode = info.resource === "nodes" && (request.name === undefined || request.name === nodeName);
    const ownLease = info.resource === "leases" && request.namespace === "kube-node-lease";
    const allowed =
      ownNode || ownLease || resource === "pods" || resource === "pods/status" || resource === "events";
    return allowed
      ? { ok: true, notes: [`Node authorizer: allowed ${user.name} to ${what}`] }
      : deny(user, info, request, what);
  }
  if (
    user.name.startsWith("system:serviceaccount:kube-system:") &&
    // The HPA controller's and the garbage collector's service accounts are not named "<name>-controller".
    (user.name.endsWith("-controller") ||
      user.name.endsWith(":horizontal-pod-autoscaler") ||
      user.name.endsWith(":generic-garbage-collector"))
  ) {
    // Each controller's bootstrap ClusterRole (system:controller:<name>), abridged: the workload
    // controllers may manage any namespaced object and its status.
    const role = `system:controller:${user.name.slice("system:serviceaccount:kube-system:".length)}`;
    return {
      ok: true,
      notes: [
        `RBAC: allowed to ${what} by ClusterRoleBinding "${role}" of ClusterRole "${role}" to ServiceAccount "${user.name.slice("system:serviceaccount:kube-system:".length)}/kube-system"`,
      ],
    };
  }
  const grants = componentGrants[user.name];
  const resource = request.subresource ? `${info.resource}/${request.subresource}` : info.resource;
  if (grants?.has(resource)) {
    return {
      ok: true,
      notes: [
        `RBAC: allowed to ${what} by ClusterRoleBinding "${user.name}" of ClusterRole "${user.name}" to User "${user.name}"`,
      ],
    };
  }
  return deny(user, info, request, what);
}

function deny(user: UserInfo, info: ResourceInfo, request: ApiRequest, what: string): AuthorizationDecision {
  const resource = request.subresource ? `${info.resource}/${request.subresource}` : info.resource;
  const scope =
    info.namespaced && request.namespace
      ? ` in the namespace "${request.namespace}"`
      : " at the cluster scope";
  const reason = `User "${user.name}" cannot ${request.verb} resource "${resource}" in API group "${info.group}"${scope}`;
  return { ok: false, notes: [`denied: no rule allows ${user.name} to ${what}`], reason };
}
