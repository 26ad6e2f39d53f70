// Why kube-controller-manager's controllers make the calls they make: one explanation per
// controller and kind of call, for the narration. The controller is known from the service account
// it calls the apiserver as (kubeadm runs kube-controller-manager with --use-service-account-credentials).

const SERVICE_ACCOUNT = "system:serviceaccount:kube-system:";

/** `deployment-controller` from `system:serviceaccount:kube-system:deployment-controller`. */
export function controllerOfUser(user: string | undefined): string | undefined {
  return user?.startsWith(SERVICE_ACCOUNT) ? user.slice(SERVICE_ACCOUNT.length) : undefined;
}

type Call = { method: string; resource: string | undefined; subresource: string | undefined };

const READ =
  "Controllers read from their informers' caches; a direct GET checks the live object first (for example before adopting or deleting something), because the cache may lag behind.";

const EXPLAIN: Record<string, (c: Call) => string | undefined> = {
  "deployment-controller": (c) => {
    if (c.resource === "replicasets" && c.method === "POST")
      return "The deployment controller keeps one ReplicaSet per version of the pod template, named <deployment>-<pod-template-hash>. A new template (a new image, a restart) gets a new ReplicaSet, at revision one higher.";
    if (c.resource === "replicasets" && (c.method === "PUT" || c.method === "PATCH"))
      return "The deployment controller never creates pods itself: it scales ReplicaSets. In a rolling update it scales the new one up and the old ones down, step by step, never exceeding replicas + maxSurge pods nor going below replicas − maxUnavailable available pods.";
    if (c.resource === "replicasets" && c.method === "DELETE")
      return "Old ReplicaSets scaled to 0 are kept for rollbacks, up to revisionHistoryLimit; the oldest beyond that are deleted.";
    if (c.resource === "deployments" && c.subresource === "status")
      return "The deployment controller reports progress in the Deployment's status: replicas, updatedReplicas, availableReplicas and the Progressing and Available conditions, which kubectl rollout status waits on.";
    return undefined;
  },
  "replicaset-controller": (c) => {
    if (c.resource === "pods" && c.method === "POST")
      return "The ReplicaSet controller counts the active pods its selector matches and creates the missing ones from its template, each with an ownerReference back to the ReplicaSet. The scheduler then places them.";
    if (c.resource === "pods" && c.method === "DELETE")
      return "Too many pods: the ReplicaSet controller deletes the surplus, choosing unscheduled, pending and not-ready pods first.";
    if (c.resource === "pods" && c.method === "PATCH")
      return "A pod whose labels match the selector but that has no owner is adopted (an ownerReference is added); an owned pod whose labels no longer match is released.";
    if (c.subresource === "status")
      return "The ReplicaSet controller reports how many pods exist, are ready and are available in the ReplicaSet's status; the deployment controller reads it.";
    return undefined;
  },
  "replication-controller": (c) =>
    c.resource === "pods"
      ? "The ReplicationController (the ReplicaSet's older cousin) keeps spec.replicas pods matching its selector."
      : undefined,
  "daemon-set-controller": (c) =>
    c.resource === "pods" && c.method === "POST"
      ? "The DaemonSet controller wants exactly one pod on every eligible node. It creates each pod with a node affinity for its node, and the scheduler binds it there."
      : c.resource === "pods" && c.method === "DELETE"
        ? "A node no longer eligible, or a rolling update: the DaemonSet controller deletes that node's pod."
        : undefined,
  "statefulset-controller": (c) =>
    c.resource === "pods" && c.method === "POST"
      ? "The StatefulSet controller creates pods with stable names <set>-0, <set>-1, … one at a time (OrderedReady): each only after the previous one is Running and Ready."
      : c.resource === "persistentvolumeclaims"
        ? "Each StatefulSet pod gets its own PersistentVolumeClaim from volumeClaimTemplates, named <template>-<set>-<ordinal>. It survives the pod, so a replacement finds its data again."
        : undefined,
  "job-controller": (c) =>
    c.resource === "pods" && c.method === "POST"
      ? "The Job controller runs pods until spec.completions of them have succeeded, at most spec.parallelism at a time, and gives up after backoffLimit failures."
      : undefined,
  "cronjob-controller": (c) =>
    c.resource === "jobs" && c.method === "POST"
      ? "At each time the schedule names, the CronJob controller creates a Job from its jobTemplate, named <cronjob>-<scheduled time in minutes>."
      : undefined,
  "ttl-after-finished-controller": () =>
    "A finished Job with ttlSecondsAfterFinished is deleted once that time has passed; its pods go with it.",
  "generic-garbage-collector": (c) =>
    c.method === "DELETE"
      ? "The garbage collector deletes dependents whose owners are gone (ownerReferences): deleting a Deployment removes its ReplicaSets, and they their pods."
      : c.method === "PATCH"
        ? "Orphan deletion: the garbage collector removes the ownerReference so the dependent survives its owner, or removes the owner's finalizer once its dependents are handled."
        : undefined,
  "node-controller": (c) =>
    c.resource === "nodes" && c.subresource === "status"
      ? "The node lifecycle controller checks every 5 s that each kubelet still renews its Lease. After 40 s of silence (the grace period) it sets the node's conditions to Unknown: the node is NotReady."
      : c.resource === "nodes"
        ? "The node lifecycle controller taints a NotReady or unreachable node (NoSchedule so no new pods land there, NoExecute so running pods get evicted after their tolerationSeconds), and removes the taints when the node is back."
        : c.resource === "pods"
          ? "Pods on a node that stopped reporting are marked not Ready, so Services stop sending them traffic."
          : undefined,
  "taint-eviction-controller": (c) =>
    c.resource === "pods" && c.method === "DELETE"
      ? "The taint eviction controller deletes pods from a node with a NoExecute taint once their toleration runs out (300 s by default for not-ready and unreachable). Their controller then creates replacements on healthy nodes."
      : undefined,
  "horizontal-pod-autoscaler": (c) =>
    c.subresource === "scale"
      ? "Every 15 s the HPA compares the pods' CPU use with the target: desired = ceil(current replicas × current / target), ignoring changes within 10 %, and scales its target through the scale subresource."
      : undefined,
  "namespace-controller": () =>
    "A deleted namespace is emptied by the namespace controller: it deletes everything in it, then removes the namespace's finalizer so the apiserver can remove it.",
};

/** The controller-specific reason for a call, or undefined to use the generic one. */
export function controllerWhy(user: string | undefined, call: Call): string | undefined {
  const controller = controllerOfUser(user);
  if (!controller) return undefined;
  const why = EXPLAIN[controller]?.(call);
  if (why) return why;
  return call.method === "GET" ? READ : undefined;
}
