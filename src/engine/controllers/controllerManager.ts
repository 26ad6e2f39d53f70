// kube-controller-manager: one process running many controllers, each an informer → work queue →
// reconcile loop talking only to kube-apiserver. As kubeadm runs it (--use-service-account-credentials),
// each controller calls the apiserver as its own service account, e.g.
// system:serviceaccount:kube-system:namespace-controller. Controllers built so far: namespace.

import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import type { Simulation } from "../sim/simulation";
import { NamespaceController } from "./namespaceController";

export class ControllerManager {
  readonly namespaces: NamespaceController;

  constructor(
    private readonly sim: Simulation,
    private readonly apiserver: ApiServer,
  ) {
    this.namespaces = new NamespaceController(this.clientFor("namespace-controller"));
  }

  /** A client with one controller's identity; every call is traced as kube-controller-manager's. */
  clientFor(controllerName: string): ApiClient {
    return new ApiClient(
      this.sim,
      "kube-controller-manager",
      Users.controller(controllerName),
      this.apiserver,
    );
  }

  start(): void {
    this.namespaces.start();
  }
}
