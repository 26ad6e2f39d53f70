// The ResourceDescribers of describe.go (v1.32): each GETs its object by namespace and name, then
// makes the same follow-up calls kubectl does, all through the ApiClient so they are traced —
// the events LIST (searchEvents), the pods behind a controller (getPodStatusForController), a
// Deployment's ReplicaSets (GetAllReplicaSetsInChunks), a node's non-terminated pods and Lease,
// a Service's EndpointSlices, the pods using a PVC. Kinds without a describer get the
// genericDescriber. Calls are made one after another, as kubectl's are.

import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import type { CronJob, Job } from "kubernetes-types/batch/v1";
import type { ConfigMap, PersistentVolumeClaim, Secret, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Event, KubeObject, Lease, Namespace, Node, Pod } from "../../api/objects";
import type { ResourceInfo } from "../../api/resources";
import { type Status, isStatus } from "../../api/status";
import type { ApiRequest } from "../../apiserver/request";
import type { ApiClient } from "../../client/apiClient";
import type { ReplicaSetObject } from "../../controllers/deploymentUtil";
import { findNewReplicaSet } from "../../controllers/deploymentReplicaSets";
import { asStatus } from "../kubectl";
import { describeCronJob, describeHPA, describeJob } from "./batch";
import { describeConfigMap, describeNamespace, describePVC, describeSecret, describeService } from "./core";
import { describeGeneric } from "./generic";
import { type EventRef, describeEvents, searchEvents } from "./events";
import { selectorString } from "./format";
import { describeNode } from "./node";
import { describePod } from "./pod";
import { tabbedString } from "./tabWriter";
import {
  type PodCounts,
  describeDaemonSet,
  describeDeployment,
  describeReplicaSet,
  describeStatefulSet,
} from "./workloads";

export interface DescribeContext {
  readonly client: ApiClient;
  /** Epoch ms of the simulated now, for ages. */
  readonly nowMs: () => number;
  /** --show-events. */
  readonly showEvents: boolean;
}

export type DescribeOutcome =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: Status };

export type Describer = (
  ctx: DescribeContext,
  namespace: string | undefined,
  name: string,
  done: (outcome: DescribeOutcome) => void,
) => void;

type Done = (outcome: DescribeOutcome) => void;

const scope = (namespace: string | undefined): { namespace?: string } => (namespace ? { namespace } : {});

function request(
  client: ApiClient,
  req: ApiRequest,
  done: (body: unknown, error: Status | undefined) => void,
): void {
  client.request(req, (response) => {
    if (response.code >= 200 && response.code < 300) done(response.body, undefined);
    else done(undefined, isStatus(response.body) ? response.body : asStatus(response));
  });
}

function get<T>(
  ctx: DescribeContext,
  resource: string,
  namespace: string | undefined,
  name: string,
  done: Done,
  then: (obj: T) => void,
): void {
  request(ctx.client, { verb: "get", resource, name, ...scope(namespace) }, (body, error) => {
    if (error) done({ ok: false, error });
    else then(body as T);
  });
}

function list<T>(
  ctx: DescribeContext,
  resource: string,
  namespace: string | undefined,
  selectors: { labelSelector?: string; fieldSelector?: string },
  then: (items: T[] | undefined, error: Status | undefined) => void,
): void {
  request(ctx.client, { verb: "list", resource, ...scope(namespace), ...selectors }, (body, error) =>
    then(error ? undefined : ((body as { items?: T[] }).items ?? []), error),
  );
}

/** reference.GetReference of a fetched object. */
const refOf = (obj: KubeObject): EventRef => ({
  kind: obj.kind,
  name: obj.metadata.name ?? "",
  namespace: obj.metadata.namespace ?? "",
  ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
});

function events(ctx: DescribeContext, ref: EventRef, then: (events: Event[] | undefined) => void): void {
  if (!ctx.showEvents) return then(undefined);
  searchEvents(ctx.client, ref, then);
}

/** getPodStatusForController: phases of the selected pods this controller owns. */
function podCounts(
  ctx: DescribeContext,
  obj: KubeObject,
  selector: string,
  then: (c: PodCounts | Status) => void,
): void {
  list<Pod>(ctx, "pods", obj.metadata.namespace, { labelSelector: selector }, (pods, error) => {
    if (!pods) return then(error as Status);
    const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
    for (const pod of pods) {
      const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
      if (!ref || ref.uid !== obj.metadata.uid) continue;
      const phase = pod.status?.phase;
      if (phase === "Running") counts.running++;
      else if (phase === "Pending") counts.waiting++;
      else if (phase === "Succeeded") counts.succeeded++;
      else if (phase === "Failed") counts.failed++;
    }
    then(counts);
  });
}

const asKube = (o: unknown): KubeObject => o as KubeObject;

const describePodResource: Describer = (ctx, namespace, name, done) => {
  request(ctx.client, { verb: "get", resource: "pods", name, ...scope(namespace) }, (body, error) => {
    if (error) {
      // No pod, but maybe events about it (a pod that was deleted a moment ago).
      if (!ctx.showEvents) return done({ ok: false, error });
      return searchEvents(ctx.client, { name, namespace: namespace ?? "" }, (evs) => {
        if (evs.length === 0) return done({ ok: false, error });
        const text = tabbedString((w) => {
          w.write(0, `Pod '${name}': error '${error.message ?? ""}', but found events.\n`);
          describeEvents(evs, w, ctx.nowMs());
        });
        done({ ok: true, text });
      });
    }
    const pod = body as Pod;
    const mirror = pod.metadata?.annotations?.["kubernetes.io/config.mirror"];
    const uid = mirror ?? pod.metadata?.uid;
    // The pod's reference has its Kind cleared, so events about it match whatever kind they name.
    const ref: EventRef = { name, namespace: pod.metadata?.namespace ?? "", ...(uid ? { uid } : {}) };
    events(ctx, ref, (evs) => done({ ok: true, text: describePod(pod, evs, ctx.nowMs()) }));
  });
};

const describeNodeResource: Describer = (ctx, _namespace, name, done) =>
  get<Node>(ctx, "nodes", undefined, name, done, (node) => {
    const fieldSelector = `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`;
    list<Pod>(ctx, "pods", undefined, { fieldSelector }, (pods, error) => {
      if (!pods && error?.reason !== "Forbidden") return done({ ok: false, error: error as Status });
      const finish = (evs: Event[] | undefined): void =>
        request(
          ctx.client,
          { verb: "get", resource: "leases", namespace: "kube-node-lease", name },
          (lease, leaseError) =>
            done({
              ok: true,
              text: describeNode(
                {
                  node,
                  pods,
                  events: evs,
                  lease: leaseError ? (leaseError.message ?? "") : (lease as Lease),
                },
                ctx.nowMs(),
              ),
            }),
        );
      if (!ctx.showEvents) return finish(undefined);
      // Controllers record node events under the node's UID, the kubelet under its name.
      const ref = refOf(asKube(node));
      searchEvents(ctx.client, ref, (byUid) =>
        searchEvents(ctx.client, { ...ref, uid: name }, (byName) => finish([...byUid, ...byName])),
      );
    });
  });

const describeDeploymentResource: Describer = (ctx, namespace, name, done) =>
  get<Deployment>(ctx, "deployments", namespace, name, done, (d) => {
    events(ctx, refOf(asKube(d)), (evs) => {
      const labelSelector = selectorString(d.spec?.selector);
      list<ReplicaSet>(ctx, "replicasets", d.metadata?.namespace, { labelSelector }, (rss) => {
        const owned = (rss ?? []).filter((rs) =>
          rs.metadata?.ownerReferences?.some((r) => r.controller === true && r.uid === d.metadata?.uid),
        ) as unknown as ReplicaSetObject[];
        const newRS = rss ? findNewReplicaSet(asKube(d), owned) : undefined;
        const oldRSs = owned.filter(
          (rs) => rs.metadata.uid !== newRS?.metadata.uid,
        ) as unknown as ReplicaSet[];
        const newRSs = newRS ? [newRS as unknown as ReplicaSet] : [];
        done({ ok: true, text: describeDeployment(d, oldRSs, newRSs, evs, ctx.nowMs()) });
      });
    });
  });

/** A controller described with its pod counts: ReplicaSet, DaemonSet, StatefulSet. */
function withPods<T extends { spec?: { selector?: object } }>(
  resource: string,
  render: (obj: T, counts: PodCounts | string, evs: Event[] | undefined, nowMs: number) => string,
  failOnPodError: boolean,
): Describer {
  return (ctx, namespace, name, done) =>
    get<T>(ctx, resource, namespace, name, done, (obj) => {
      const kube = asKube(obj);
      podCounts(ctx, kube, selectorString(obj.spec?.selector), (result) => {
        if (isStatus(result) && failOnPodError) return done({ ok: false, error: result });
        const counts = isStatus(result) ? (result.message ?? "") : result;
        events(ctx, refOf(kube), (evs) => done({ ok: true, text: render(obj, counts, evs, ctx.nowMs()) }));
      });
    });
}

const zero: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
const countsOrZero = (c: PodCounts | string): PodCounts => (typeof c === "string" ? zero : c);

/** A describer that needs only the object and its events. */
function simple<T>(
  resource: string,
  render: (obj: T, evs: Event[] | undefined, nowMs: number) => string,
): Describer {
  return (ctx, namespace, name, done) =>
    get<T>(ctx, resource, namespace, name, done, (obj) =>
      events(ctx, refOf(asKube(obj)), (evs) => done({ ok: true, text: render(obj, evs, ctx.nowMs()) })),
    );
}

const describeServiceResource: Describer = (ctx, namespace, name, done) =>
  get<Service>(ctx, "services", namespace, name, done, (svc) =>
    list<EndpointSlice>(
      ctx,
      "endpointslices",
      svc.metadata?.namespace,
      { labelSelector: `kubernetes.io/service-name=${name}` },
      (slices) =>
        events(ctx, refOf(asKube(svc)), (evs) =>
          done({ ok: true, text: describeService(svc, slices ?? [], evs, ctx.nowMs()) }),
        ),
    ),
  );

const describeNamespaceResource: Describer = (ctx, _namespace, name, done) =>
  get<Namespace>(ctx, "namespaces", undefined, name, done, (ns) =>
    // A real cluster serves both kinds; the simulated one answers 404, which kubectl also accepts.
    list(ctx, "resourcequotas", name, {}, (_q, qError) => {
      if (qError && qError.code !== 404) return done({ ok: false, error: qError });
      list(ctx, "limitranges", name, {}, (_l, lError) => {
        if (lError && lError.code !== 404) return done({ ok: false, error: lError });
        done({ ok: true, text: describeNamespace(ns) });
      });
    }),
  );

const describePVCResource: Describer = (ctx, namespace, name, done) =>
  get<PersistentVolumeClaim>(ctx, "persistentvolumeclaims", namespace, name, done, (pvc) =>
    list<Pod>(ctx, "pods", pvc.metadata?.namespace, {}, (pods, error) => {
      if (!pods) return done({ ok: false, error: error as Status });
      const using = pods.filter(
        (p) =>
          (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name) ||
          (pvc.metadata?.ownerReferences ?? []).some((r) => r.kind === "Pod" && r.uid === p.metadata?.uid),
      );
      events(ctx, refOf(asKube(pvc)), (evs) =>
        done({ ok: true, text: describePVC(pvc, using, evs, ctx.nowMs()) }),
      );
    }),
  );

const describeSecretResource: Describer = (ctx, namespace, name, done) =>
  get<Secret>(ctx, "secrets", namespace, name, done, (s) => done({ ok: true, text: describeSecret(s) }));

const DESCRIBERS: Readonly<Record<string, Describer>> = {
  "/Pod": describePodResource,
  "/Node": describeNodeResource,
  "/Namespace": describeNamespaceResource,
  "/Service": describeServiceResource,
  "/ConfigMap": simple<ConfigMap>("configmaps", describeConfigMap),
  "/Secret": describeSecretResource,
  "/PersistentVolumeClaim": describePVCResource,
  "apps/Deployment": describeDeploymentResource,
  "apps/ReplicaSet": withPods<ReplicaSet>("replicasets", describeReplicaSet, false),
  "apps/DaemonSet": withPods<DaemonSet>(
    "daemonsets",
    (o, c, e, n) => describeDaemonSet(o, countsOrZero(c), e, n),
    true,
  ),
  "apps/StatefulSet": withPods<StatefulSet>(
    "statefulsets",
    (o, c, e, n) => describeStatefulSet(o, countsOrZero(c), e, n),
    true,
  ),
  "batch/Job": simple<Job>("jobs", describeJob),
  "batch/CronJob": simple<CronJob>("cronjobs", describeCronJob),
  "autoscaling/HorizontalPodAutoscaler": simple<HorizontalPodAutoscaler>(
    "horizontalpodautoscalers",
    describeHPA,
  ),
};

/** DescriberFor, falling back to GenericDescriberFor. */
export function describerFor(info: ResourceInfo): Describer {
  return DESCRIBERS[`${info.group}/${info.kind}`] ?? simple<KubeObject>(info.resource, describeGeneric);
}
