// kube-controller-manager: one process running many controllers, each an informer → work queue →
// reconcile loop talking only to kube-apiserver. Controllers built so far: namespace.

import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import { ApiClient } from "../client/apiClient";
import type { Simulation } from "../sim/simulation";
import { NamespaceController } from "./namespaceController";

export class ControllerManager {
  readonly client: ApiClient;
  readonly namespaces: NamespaceController;

  constructor(sim: Simulation, apiserver: ApiServer) {
    this.client = new ApiClient(sim, "kube-controller-manager", Users.controllerManager, apiserver);
    this.namespaces = new NamespaceController(this.client);
  }

  start(): void {
    this.namespaces.start();
  }
}
