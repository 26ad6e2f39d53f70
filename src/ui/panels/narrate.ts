// Plain-language text for trace events: the one-line timeline entry, what happened, and why a real
// cluster does this. Pure functions of the event (and, where a step only makes sense with its
// cause, of a lookup by seq), so they are tested without a browser.

import type {
  CriDetail,
  EtcdDetail,
  FilterDetail,
  HandlerStage,
  HttpDetail,
  ObjectRef,
  ScoreDetail,
  StageDetail,
  TraceEvent,
  TraceKind,
  WatchDetail,
} from "../../engine/trace/traceEvent";
import { RESOURCES } from "../../engine/api/resources";
import { controllerWhy } from "./controllerNarration";

/** Finds a trace event by its seq (for causes). */
export type SeqLookup = (seq: number) => TraceEvent | undefined;

export interface Explanation {
  /** What happened, as a sentence. */
  readonly what: string;
  /** Why a real cluster does this. */
  readonly why: string;
}

export const KIND_ARROW: Record<TraceKind, string> = {
  request: "→",
  response: "→",
  watch: "⇢",
  internal: "•",
};
export const KIND_LABEL: Record<TraceKind, string> = {
  request: "request",
  response: "response",
  watch: "watch event",
  internal: "internal step",
};

const singularOf = new Map(RESOURCES.map((r) => [r.resource, r.singular]));

/** `12.345 s`, `1 min 02.345 s`, `1 h 02 min 03 s`. */
export function formatSimTime(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(3)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return `${m} min ${(s - m * 60).toFixed(3).padStart(6, "0")} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s - h * 3600) / 60);
  const rest = Math.floor(s - h * 3600 - m * 60);
  return `${h} h ${String(m).padStart(2, "0")} min ${String(rest).padStart(2, "0")} s`;
}

/** `pod default/web`, `node node-1`. */
export function objectLabel(ref: ObjectRef): string {
  return `${ref.kind.toLowerCase()} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

/** `kubelet/node-1` → `node-1`; other components → undefined. */
function nodeOf(component: string): string | undefined {
  const slash = component.indexOf("/");
  return slash < 0 ? undefined : component.slice(slash + 1);
}

// ---- REST paths ------------------------------------------------------------------------------

export interface ParsedPath {
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  readonly query: string;
}

/** `/api/v1/namespaces/default/pods/web/binding` → pods, default, web, binding. */
export function parseApiPath(path: string): ParsedPath | undefined {
  const [bare = "", query = ""] = path.split("?", 2);
  const segs = bare.split("/").filter((s) => s.length > 0);
  let rest: string[];
  if (segs[0] === "api") rest = segs.slice(2);
  else if (segs[0] === "apis") rest = segs.slice(3);
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (resource === undefined) return undefined;
  return {
    resource,
    query,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

function singular(resource: string): string {
  return singularOf.get(resource) ?? (resource.endsWith("s") ? resource.slice(0, -1) : resource);
}

/** The node a binding request binds to: the Score step that caused it chose it. */
function boundNode(event: TraceEvent, lookup: SeqLookup | undefined): string | undefined {
  const cause = event.cause !== undefined ? lookup?.(event.cause) : undefined;
  return cause?.detail?.type === "score" ? cause.detail.selected : undefined;
}

/** What an HTTP request asks for, in words: `create pod default/web`, `bind default/web to node-1`. */
export function httpAction(detail: HttpDetail, ref: ObjectRef | undefined, node?: string): string {
  const p = parseApiPath(detail.path);
  if (!p) return `${detail.method} ${detail.path}`;
  const kind = singular(p.resource);
  const ns = p.namespace ? `${p.namespace}/` : "";
  const named =
    p.name !== undefined
      ? `${ns}${p.name}`
      : ref
        ? `${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`
        : "";
  const target = named ? `${kind} ${named}` : p.resource;
  const watching = /(^|&)watch=(true|1)/.test(p.query);
  switch (detail.method) {
    case "GET":
      if (watching) return `watch ${p.resource}`;
      return p.name !== undefined
        ? `get ${target}`
        : `list ${p.resource}${p.namespace ? ` in ${p.namespace}` : ""}`;
    case "POST":
      if (p.subresource === "binding") return `bind ${named}${node ? ` to ${node}` : ""}`;
      if (p.subresource === "eviction") return `evict ${target}`;
      return `create ${target}`;
    case "PUT":
      if (p.subresource === "status") return `update the status of ${target}`;
      if (p.resource === "leases") return `renew ${target}`;
      return `replace ${target}`;
    case "PATCH":
      if (p.subresource === "status") return `update the status of ${target}`;
      return `patch ${target}`;
    case "DELETE":
      return `delete ${target}`;
    default:
      return `${detail.method} ${detail.path}`;
  }
}

// ---- one line per event ---------------------------------------------------------------------

function who(event: TraceEvent): string {
  return event.from === event.to ? event.from : `${event.from} ${KIND_ARROW[event.kind]} ${event.to}`;
}

const STAGE_LABEL: Record<HandlerStage, string> = {
  authentication: "authentication",
  authorization: "authorization",
  "mutating-admission": "mutating admission",
  validation: "validation",
  "validating-admission": "validating admission",
};

function stageLine(event: TraceEvent, d: StageDetail): string {
  const prefix = `${d.stage}: `;
  const rest = event.summary.startsWith(prefix) ? event.summary.slice(prefix.length) : event.summary;
  if (!d.ok) return `${STAGE_LABEL[d.stage]} — rejected: ${rest}`;
  const first = d.notes[0] ?? "";
  if (d.stage === "authentication") {
    const user = /user "([^"]+)"/.exec(first);
    if (user) return `authentication — user ${user[1]}`;
  }
  if (d.stage === "authorization") {
    const mechanism = first.split(":")[0] ?? "";
    const role = /ClusterRole "([^"]+)"/.exec(first) ?? /\bRole "([^"]+)"/.exec(first);
    if (mechanism) return `authorization — ${mechanism} allows it${role ? ` (${role[1]})` : ""}`;
  }
  return `${STAGE_LABEL[d.stage]} — ${rest}`;
}

function etcdLine(event: TraceEvent, d: EtcdDetail): string {
  switch (d.op) {
    case "txn":
      if (event.kind === "request") {
        const cond = /\(([^)]*)\)\s*$/.exec(event.summary);
        return `write ${d.key}${cond ? ` (${cond[1]})` : ""}`;
      }
      if (d.succeeded)
        return `write of ${event.object ? objectLabel(event.object) : d.key} committed at revision ${d.revision ?? "?"}`;
      return event.summary.replace(/^Txn /, "write ");
    case "range":
      if (event.kind === "request")
        return `read ${d.key}${event.summary.endsWith("(prefix)") ? " (prefix)" : ""}`;
      return d.count !== undefined
        ? `read ${d.count} key(s) at revision ${d.revision ?? "?"}`
        : event.summary;
    case "watch":
      return `watch ${d.eventType ?? "PUT"} ${d.key}`;
    case "compact":
      return `compact history before revision ${d.revision ?? "?"}`;
  }
}

function watchLine(event: TraceEvent, d: WatchDetail): string {
  const obj = event.object ? objectLabel(event.object) : d.resource;
  return `watch ${d.eventType} ${obj}`;
}

function criLine(event: TraceEvent, d: CriDetail): string {
  if (event.kind === "request") return event.summary;
  if (d.error) return `${d.call} failed: ${d.error}`;
  return event.summary;
}

/** The plain-language timeline line: `kube-scheduler → kube-apiserver: bind default/web to node-1`. */
export function describeEvent(event: TraceEvent, lookup?: SeqLookup): string {
  const { who, text } = describeParts(event, lookup);
  return `${who}: ${text}`;
}

/** describeEvent in two parts: who talks to whom, and what the message says. */
export function describeParts(event: TraceEvent, lookup?: SeqLookup): { who: string; text: string } {
  const d = event.detail;
  let text: string;
  switch (d?.type) {
    case "http":
      if (event.kind === "response" && d.code !== undefined) {
        const action = httpAction(d, event.object);
        text = d.code < 400 ? `${event.summary} (${action})` : event.summary;
      } else {
        text = httpAction(d, event.object, boundNode(event, lookup));
      }
      break;
    case "stage":
      text = stageLine(event, d);
      break;
    case "etcd":
      text = etcdLine(event, d);
      break;
    case "watch":
      text = watchLine(event, d);
      break;
    case "filter":
      text = `Filter ${d.pod} — ${d.feasible} of ${d.totalNodes} nodes fit`;
      break;
    case "score":
      text = `Score ${d.pod} — ${d.selected} wins with ${bestTotal(d)}`;
      break;
    case "cri":
      text = criLine(event, d);
      break;
    default:
      text = event.summary;
  }
  return { who: who(event), text };
}

/** A step that failed: an HTTP error, a rejecting stage, a failed etcd compare, a CRI error. */
export function isFailure(event: TraceEvent): boolean {
  const d = event.detail;
  switch (d?.type) {
    case "http":
      return d.code !== undefined && d.code >= 400;
    case "stage":
      return !d.ok;
    case "etcd":
      return d.op === "txn" && d.succeeded === false;
    case "filter":
      return d.feasible === 0;
    case "cri":
      return d.error !== undefined;
    default:
      return false;
  }
}

/** Whether this step is (part of) the creation of its object, so "no earlier version" means "new". */
export function isCreation(event: TraceEvent, lookup?: SeqLookup): boolean {
  const d = event.detail;
  if (d?.type === "watch") return d.eventType === "ADDED";
  if (d?.type === "http") return d.code === 201;
  const ifAbsent = (e: TraceEvent | undefined) =>
    e?.detail?.type === "etcd" &&
    e.detail.op === "txn" &&
    e.kind === "request" &&
    e.summary.endsWith("(if absent)");
  if (ifAbsent(event)) return true;
  if (d?.type === "etcd" && event.cause !== undefined) return ifAbsent(lookup?.(event.cause));
  return false;
}

// ---- what happened, and why ------------------------------------------------------------------

const STAGE_WHY: Record<HandlerStage, string> = {
  authentication:
    "Every request must first say who sent it. The apiserver tries its authenticators in turn; here it is the x509 client certificate from the caller's kubeconfig, whose Common Name is the user name and whose Organizations are the groups. Nothing else happens until the caller is known: an unknown caller gets 401 Unauthorized.",
  authorization:
    "Knowing who asks is not enough: the apiserver now decides whether this user may use this verb on this resource. A kubeadm cluster runs the Node authorizer (a kubelet may only touch its own Node, its Lease and the pods bound to it) and RBAC (Roles and ClusterRoles granted by bindings). The first authorizer that allows wins; if none does, the answer is 403 Forbidden.",
  "mutating-admission":
    "Admission plugins may change the object before it is stored. The apiserver fills in defaults (restartPolicy, dnsPolicy, imagePullPolicy…), ServiceAccount mounts an API token, Priority turns the priority class into a number, DefaultTolerationSeconds adds the 300 s not-ready/unreachable tolerations. This is why the stored object has fields you never wrote.",
  validation:
    'The object is checked against the API\'s rules: required fields, formats, immutable fields on update. A failure is 422 Invalid with the field paths, which kubectl prints as: The Pod "web" is invalid: spec.containers[0].image: Required value. Nothing has been written yet.',
  "validating-admission":
    "The last gate before storage: validating admission plugins may only say yes or no. NamespaceLifecycle refuses writes into a namespace that is being deleted, NodeRestriction keeps a kubelet from changing other nodes' objects, PodSecurity checks the namespace's security level and ResourceQuota charges the object against quotas.",
};

const CRI_WHY: Record<string, string> = {
  RunPodSandbox:
    "Before any container, the kubelet asks the container runtime (containerd or CRI-O, over the CRI gRPC API) for the pod's sandbox: a tiny 'pause' container that holds the pod's network namespace, set up by the CNI plugin, which gives the pod its IP. Every container of the pod joins this sandbox, which is why they share localhost and one IP.",
  PullImage:
    "A container can only be created from an image that is on the node. With imagePullPolicy IfNotPresent an image already there is not pulled again; a large image takes a while, and the kubelet records Pulling and Pulled events so kubectl describe shows it.",
  CreateContainer:
    "The runtime prepares the container inside the sandbox: the image's filesystem, the command, environment and mounts. It is created but not yet running.",
  StartContainer:
    "The container's process starts. When every container is running (and ready), the kubelet reports the pod Running and Ready in its status.",
  StopContainer:
    "Stopping is polite first: the runtime sends SIGTERM and waits up to terminationGracePeriodSeconds for the process to exit, then sends SIGKILL (exit code 137).",
  StopPodSandbox:
    "With all containers stopped, the sandbox goes too: the CNI plugin tears down the network and the pod's IP returns to the node's pool.",
  RemovePodSandbox: "The stopped sandbox is removed from the node.",
  ContainerEvent:
    "The runtime tells the kubelet that a container exited by itself. The kubelet then applies the pod's restartPolicy: Always and OnFailure restart it, with a back-off that doubles from 10 s up to 5 minutes (CrashLoopBackOff).",
};

const WATCH_WHY =
  "A watch is a long-running GET (with ?watch=true) on which the apiserver streams ADDED, MODIFIED and DELETED events. Components keep a local cache (an informer) up to date from it and react to changes instead of polling; this is how the control plane's components coordinate without ever calling each other.";

function httpRequestExplanation(
  event: TraceEvent,
  d: HttpDetail,
  lookup: SeqLookup | undefined,
): Explanation {
  const p = parseApiPath(d.path);
  const action = httpAction(d, event.object, boundNode(event, lookup));
  const as = d.user ? ` as user ${d.user}` : "";
  const what = `${event.from} asks ${event.to} to ${action} (${d.method} ${d.path})${as}.`;
  let why: string;
  const byController = controllerWhy(d.user, {
    method: d.method,
    resource: p?.resource,
    subresource: p?.subresource,
  });
  if (byController) {
    why = byController;
  } else if (event.from === "kubectl" && d.method === "GET") {
    why =
      "kubectl apply first reads the live object. If it does not exist, kubectl creates it (POST); if it does, kubectl computes a three-way patch from the last-applied annotation, the live object and your file, and sends only the difference.";
  } else if (d.method === "POST" && p?.subresource === "binding") {
    why =
      "The scheduler does not edit the pod. It creates a Binding through the pod's binding subresource: a small, dedicated request that only sets spec.nodeName, that the scheduler's RBAC role allows, and that fails if the pod is already bound. The kubelet of that node will then see the pod through its watch.";
  } else if (d.method === "POST" && p?.resource === "events") {
    why =
      "Components record what they do as Event objects, which kubectl describe and kubectl get events show. They are ordinary API objects: they go through the same handler chain into etcd.";
  } else if (d.method === "POST") {
    why =
      "Creating an object is a POST to its collection. The apiserver authenticates and authorizes the caller, runs admission and validation, then writes the object to etcd. No other component is told directly: they learn about it through their watches.";
  } else if ((d.method === "PATCH" || d.method === "PUT") && p?.subresource === "status") {
    why =
      p.resource === "nodes"
        ? "The kubelet reports its node's conditions, capacity and images through the node's status subresource, when something changes and at least every 5 minutes. The scheduler uses this information (for example ImageLocality)."
        : "The kubelet owns the pod's status. It patches the status subresource, which can only change status, never spec, so it cannot clash with someone editing the spec. Watchers (the scheduler, controllers, kubectl get -w) see the new status.";
  } else if (d.method === "PUT" && p?.resource === "leases") {
    why =
      "A heartbeat: every kubelet renews its Lease in kube-node-lease every 10 s. The node lifecycle controller treats a node whose Lease has not been renewed for 40 s as unreachable. A Lease is tiny, so heartbeats stay cheap even with thousands of nodes.";
  } else if (d.method === "PATCH") {
    why =
      "A patch sends only what changes. The apiserver applies it to the stored object and writes the result with a compare-and-swap on the revision it read, retrying if someone else wrote in between.";
  } else if (d.method === "PUT") {
    why =
      "A full update: the client sends the whole object with the resourceVersion it read. If the object changed in between, the apiserver answers 409 Conflict and the client must read it again.";
  } else if (d.method === "DELETE") {
    why =
      "Deleting a pod is graceful: the first DELETE only sets deletionTimestamp, the kubelet stops the containers, and the kubelet's final DELETE with grace period 0 removes the pod from etcd.";
  } else {
    why =
      "A read: the apiserver authenticates and authorizes the caller, then reads the object from etcd (or serves it from its watch cache).";
  }
  return { what, why };
}

function httpResponseExplanation(event: TraceEvent, d: HttpDetail): Explanation {
  const code = d.code ?? 0;
  const what = `${event.from} answers ${event.to}: ${event.summary}.`;
  let why: string;
  if (code === 201)
    why =
      "Created: the object is now stored in etcd. The answer carries the object as stored, with its defaults, its uid and its resourceVersion (the etcd revision of the write).";
  else if (code >= 200 && code < 300)
    why =
      "Success: the answer carries the object as stored, with its new resourceVersion (the etcd revision of the write).";
  else if (code === 404)
    why =
      event.to === "kubectl" && d.method === "GET"
        ? "Not found. For kubectl apply this is expected: the object does not exist yet, so kubectl will create it."
        : "Not found: there is no object at this path (it was never created, or has been deleted).";
  else if (code === 409)
    why =
      d.reason === "AlreadyExists"
        ? "AlreadyExists: etcd's 'if absent' transaction failed because an object with this name is already stored."
        : "Conflict: the object changed since the client read it (optimistic concurrency, no locks). The client must read it again and retry.";
  else if (code === 422)
    why =
      "Invalid: validation rejected the object. The message lists each bad field with its path; nothing was stored.";
  else if (code === 403)
    why = "Forbidden: no authorizer allowed this user to do this. Nothing was read or written.";
  else if (code === 401) why = "Unauthorized: the apiserver could not tell who sent the request.";
  else if (code >= 400)
    why = `The request failed${d.reason ? ` (${d.reason})` : ""}: the client receives a Status object with a reason and a message.`;
  else why = "The apiserver answers the request.";
  return { what, why };
}

function etcdExplanation(event: TraceEvent, d: EtcdDetail): Explanation {
  switch (d.op) {
    case "txn":
      if (event.kind === "request")
        return {
          what: `${event.from} asks etcd to write ${d.key}: ${event.summary}.`,
          why: "Only the apiserver talks to etcd. It writes with a transaction whose condition makes it safe without locks: 'if absent' for a create (two creates of one name cannot both succeed), 'if mod_revision = N' for an update (compare-and-swap on the revision it read).",
        };
      return d.succeeded
        ? {
            what: `etcd committed the write to ${d.key} at revision ${d.revision ?? "?"}.`,
            why: "etcd has stored the write (in a real cluster, after a Raft majority agreed) and given it the next revision of its cluster-wide counter. That revision becomes the object's metadata.resourceVersion.",
          }
        : {
            what: `etcd did not apply the write to ${d.key}: ${event.summary}.`,
            why: "The transaction's condition failed: the key changed since the apiserver read it (or already exists). The apiserver re-reads and retries, or answers 409 if the client asked for a specific resourceVersion.",
          };
    case "range":
      return event.kind === "request"
        ? {
            what: `${event.from} reads ${d.key} from etcd.`,
            why: "A read from etcd returns the key's value at a consistent revision. The apiserver serves most reads from its watch cache; this one goes to etcd.",
          }
        : {
            what: `etcd answers: ${event.summary}.`,
            why: "The answer includes the store's current revision, so the reader knows how fresh it is.",
          };
    case "watch":
      return {
        what: `etcd tells ${event.to} over its watch: ${d.eventType ?? "PUT"} ${d.key}${d.revision !== undefined ? ` at revision ${d.revision}` : ""}.`,
        why: "etcd streams every change under a key prefix to whoever watches it. The apiserver keeps one etcd watch per resource type and a watch cache in memory; from it, it fans each change out to its own watchers (the scheduler, kubelets, controllers), which never talk to etcd.",
      };
    case "compact":
      return {
        what: `${event.from} asks etcd to compact its history before revision ${d.revision ?? "?"}.`,
        why: "etcd keeps every revision until it is compacted. The apiserver compacts every 5 minutes so the history stays bounded; a watcher that asks to resume from a compacted revision gets 410 Gone and must list again.",
      };
  }
}

function watchExplanation(event: TraceEvent, d: WatchDetail): Explanation {
  const obj = event.object ? objectLabel(event.object) : d.resource;
  const what = `${event.from} tells ${event.to} over its watch: ${d.eventType} ${obj}.`;
  let why = WATCH_WHY;
  if (event.to === "kube-scheduler" && d.resource === "pods")
    why +=
      d.eventType === "ADDED"
        ? " The scheduler watches pods; an ADDED pod without a node goes into its scheduling queue."
        : " The scheduler keeps its cache in step: a pod it assumed on a node is confirmed when the bound pod comes back, and changes may make waiting pods schedulable.";
  else if (event.to === "kube-scheduler" && d.resource === "nodes")
    why += " The scheduler watches nodes too: new capacity, images or taints can change where pods fit.";
  else if (event.to.startsWith("kubelet/"))
    why += ` Each kubelet only watches the pods bound to its node (a field selector on spec.nodeName), so ${nodeOf(event.to) ?? "this node"}'s kubelet hears only about its own pods. ${d.eventType === "ADDED" ? "A new pod here means: start it." : d.eventType === "DELETED" ? "The pod is gone: clean up what is left." : "The kubelet compares the new version with what it runs and acts on the difference."}`;
  return { what, why };
}

function bestTotal(d: ScoreDetail): number {
  const i = d.nodes.indexOf(d.selected);
  return d.totals[i] ?? Math.max(0, ...d.totals);
}

function filterExplanation(d: FilterDetail): Explanation {
  const rejected = d.rejections.filter((r) => r !== undefined).length;
  const partial = d.nodes.length < d.totalNodes;
  const what = `The scheduler checked ${d.nodes.length} of ${d.totalNodes} nodes for pod ${d.pod}: ${d.feasible} fit${rejected ? `, ${rejected} ${rejected === 1 ? "was" : "were"} rejected` : ""}.`;
  let why =
    "Filter is the first phase of a scheduling cycle: every Filter plugin (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit…) checks each node, and a node is out as soon as one plugin rejects it. If no node is left, the pod stays Pending and a FailedScheduling event counts the reasons.";
  if (partial)
    why +=
      " In a large cluster the scheduler stops once it has found enough feasible nodes (percentageOfNodesToScore), so not every node is examined.";
  return { what, why };
}

function scoreExplanation(d: ScoreDetail): Explanation {
  const best = bestTotal(d);
  const tied = d.nodes.filter((_, i) => d.totals[i] === best);
  const tie =
    tied.length > 1
      ? ` ${tied.length} nodes share the highest total (${tied.join(", ")}); the tie was broken at random.`
      : "";
  return {
    what: `The scheduler scored ${d.nodes.length} feasible ${d.nodes.length === 1 ? "node" : "nodes"} for pod ${d.pod}; ${d.selected} has the highest total, ${best}.${tie}`,
    why: "Score is the second phase: each Score plugin rates every feasible node from 0 to 100, the scheduler multiplies each rating by the plugin's weight and adds them up, and the highest total wins. The scheduler then assumes the pod on that node in its own cache (so the next pod sees the space taken) and binds it.",
  };
}

function criExplanation(event: TraceEvent, d: CriDetail): Explanation {
  const node = nodeOf(event.kind === "request" ? event.to : event.from) ?? "the node";
  let what: string;
  if (d.call === "ContainerEvent") what = `The container runtime on ${node} reports: ${event.summary}.`;
  else if (event.kind === "request")
    what = `The kubelet on ${node} calls ${d.call} on its container runtime: ${event.summary}.`;
  else
    what = `The container runtime on ${node} answers ${d.call}${d.durationMs !== undefined ? ` after ${formatDuration(d.durationMs)}` : ""}: ${d.error ? `error: ${d.error}` : event.summary}.`;
  let why =
    CRI_WHY[d.call] ??
    "The kubelet drives the container runtime through the CRI (Container Runtime Interface) gRPC API.";
  if (event.kind === "response" && d.call === "RunPodSandbox" && d.podIP)
    why += ` The pod got IP ${d.podIP}; the kubelet will report it in status.podIP.`;
  return { what, why };
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

/** What happened at this step, and why Kubernetes does it this way. */
export function explainEvent(event: TraceEvent, lookup?: SeqLookup): Explanation {
  const d = event.detail;
  switch (d?.type) {
    case "http":
      return event.kind === "response"
        ? httpResponseExplanation(event, d)
        : httpRequestExplanation(event, d, lookup);
    case "stage":
      return {
        what: `${event.from} runs the ${STAGE_LABEL[d.stage]} stage of its handler chain: ${d.ok ? "passed" : "rejected"}.`,
        why: STAGE_WHY[d.stage],
      };
    case "etcd":
      return etcdExplanation(event, d);
    case "watch":
      return watchExplanation(event, d);
    case "filter":
      return filterExplanation(d);
    case "score":
      return scoreExplanation(d);
    case "cri":
      return criExplanation(event, d);
    default:
      return {
        what: `${who(event)}: ${event.summary}.`,
        why: "Components never call each other directly: every interaction is a message like this one.",
      };
  }
}

// ---- scheduler tables ------------------------------------------------------------------------

export interface FilterRow {
  readonly node: string;
  readonly passed: boolean;
  readonly plugin?: string;
  readonly reason?: string;
}

/** One row per examined node: passed, or which plugin rejected it and why. */
export function filterRows(d: FilterDetail): FilterRow[] {
  return d.nodes.map((node, i) => {
    const r = d.rejections[i];
    return r ? { node, passed: false, plugin: r.plugin, reason: r.reason } : { node, passed: true };
  });
}

export interface ScoreRow {
  readonly node: string;
  /** Per plugin, aligned with ScoreDetail.plugins: the 0–100 score and score × weight. */
  readonly cells: readonly { readonly score: number; readonly weighted: number }[];
  readonly total: number;
  readonly selected: boolean;
}

/** One row per scored node, with per-plugin scores and weighted scores; best total first. */
export function scoreRows(d: ScoreDetail): ScoreRow[] {
  const rows = d.nodes.map((node, i) => {
    const cells = d.plugins.map((p) => {
      const score = p.scores[i] ?? 0;
      return { score, weighted: score * p.weight };
    });
    const total = d.totals[i] ?? cells.reduce((sum, c) => sum + c.weighted, 0);
    return { node, cells, total, selected: node === d.selected, index: i };
  });
  rows.sort((a, b) => Number(b.selected) - Number(a.selected) || b.total - a.total || a.index - b.index);
  return rows.map(({ node, cells, total, selected }) => ({ node, cells, total, selected }));
}
