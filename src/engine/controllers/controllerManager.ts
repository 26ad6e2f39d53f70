// kube-controller-manager: one process running many controllers, each an informer → work queue →
// reconcile loop talking only to kube-apiserver. As kubeadm runs it (--use-service-account-credentials),
// each controller calls the apiserver as its own service account, e.g.
// system:serviceaccount:kube-system:namespace-controller. Controllers built so far: namespace.

import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import { SharedInformerFactory } from "../client/informer";
import type { Simulation } from "../sim/simulation";
import { DaemonSetController } from "./daemonSetController";
import { DeploymentController } from "./deploymentController";
import { GarbageCollector } from "./garbageCollector";
import { HorizontalPodAutoscalerController } from "./horizontalPodAutoscalerController";
import { CronJobController } from "./cronJobController";
import { JobController } from "./jobController";
import { TtlAfterFinishedController } from "./ttlAfterFinishedController";
import { NamespaceController } from "./namespaceController";
import { NodeLifecycleController } from "./nodeLifecycleController";
import { TaintEvictionController } from "./taintEvictionController";
import { StatefulSetController } from "./statefulSetController";
import { ReplicaSetController, newReplicationManager } from "./replicaSetController";

export class ControllerManager {
  readonly namespaces: NamespaceController;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly daemonSets: DaemonSetController;
  readonly statefulSets: StatefulSetController;
  readonly garbageCollector: GarbageCollector;
  readonly horizontalPodAutoscalers: HorizontalPodAutoscalerController;
  readonly deployments: DeploymentController;
  readonly replicaSets: ReplicaSetController;
  readonly replicationControllers: ReplicaSetController;
  readonly jobs: JobController;
  readonly cronJobs: CronJobController;
  readonly ttlAfterFinished: TtlAfterFinishedController;

  /** One cache and one watch per resource, shared by every controller. */
  private readonly informers = new SharedInformerFactory();

  constructor(
    private readonly sim: Simulation,
    private readonly apiserver: ApiServer,
  ) {
    this.namespaces = new NamespaceController(this.clientFor("namespace-controller"));
    this.nodeLifecycle = new NodeLifecycleController(this.clientFor("node-controller"));
    // Shares the node lifecycle controller's node and pod informers, as the shared informer factory does.
    this.taintEviction = new TaintEvictionController(
      this.clientFor("taint-eviction-controller"),
      this.nodeLifecycle,
    );
    this.daemonSets = new DaemonSetController(this.clientFor("daemon-set-controller"));
    this.statefulSets = new StatefulSetController(this.clientFor("statefulset-controller"));
    this.garbageCollector = new GarbageCollector(this.clientFor("generic-garbage-collector"));
    // The HPA controller's service account is "horizontal-pod-autoscaler" (no "-controller").
    this.horizontalPodAutoscalers = new HorizontalPodAutoscalerController(
      this.clientFor("horizontal-pod-autoscaler"),
    );
    this.deployments = new DeploymentController(this.clientFor("deployment-controller"));
    this.replicaSets = new ReplicaSetController(this.clientFor("replicaset-controller"));
    this.replicationControllers = newReplicationManager(this.clientFor("replication-controller"));
    this.jobs = new JobController(this.clientFor("job-controller"));
    // The CronJob and TTL controllers share the Job controller's Job informer.
    this.cronJobs = new CronJobController(this.clientFor("cronjob-controller"), { jobs: this.jobs.jobs });
    this.ttlAfterFinished = new TtlAfterFinishedController(this.clientFor("ttl-after-finished-controller"), {
      jobs: this.jobs.jobs,
    });
  }

  /** A client with one controller's identity; every call is traced as kube-controller-manager's. */
  clientFor(controllerName: string): ApiClient {
    const client = new ApiClient(
      this.sim,
      "kube-controller-manager",
      Users.controller(controllerName),
      this.apiserver,
    );
    client.informers = this.informers;
    return client;
  }

  start(): void {
    this.namespaces.start();
    this.nodeLifecycle.start();
    this.taintEviction.start();
    this.daemonSets.start();
    this.statefulSets.start();
    this.garbageCollector.start();
    this.horizontalPodAutoscalers.start();
    this.deployments.start();
    this.replicaSets.start();
    this.replicationControllers.start();
    this.jobs.start();
    this.cronJobs.start();
    this.ttlAfterFinished.start();
  }
}
