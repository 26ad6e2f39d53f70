// The kubeconfig kubectl reads (k8s.io/client-go/tools/clientcmd/api types.go): clusters, users,
// contexts and the current context. It starts as kubeadm's admin.conf copied to ~/.kube/config;
// the current context's user decides who kubectl authenticates as. Simplified: one file, no
// merging of $KUBECONFIG lists; certificates are never shown (kubectl prints DATA+OMITTED).

import { Users } from "../../apiserver/handlerChain";
import type { UserInfo } from "../../apiserver/request";

/** Where kubeadm's instructions copy admin.conf. */
export const KUBECONFIG_PATH = "/root/.kube/config";

export interface KubeconfigCluster {
  readonly name: string;
  readonly server: string;
  readonly certificateAuthorityData?: boolean;
  readonly certificateAuthority?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly tlsServerName?: string;
}

export interface KubeconfigUser {
  readonly name: string;
  /** Embedded client certificate and key (admin.conf), shown as DATA+OMITTED. */
  readonly clientCertificateData?: boolean;
  readonly clientCertificate?: string;
  readonly clientKey?: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
}

export interface KubeconfigContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string;
}

export class Kubeconfig {
  readonly clusters = new Map<string, KubeconfigCluster>();
  readonly users = new Map<string, KubeconfigUser>();
  readonly contexts = new Map<string, KubeconfigContext>();
  currentContext = "";

  /** kubeadm's admin.conf: cluster "kubernetes", user "kubernetes-admin", context "kubernetes-admin@kubernetes". */
  static admin(server: string): Kubeconfig {
    const config = new Kubeconfig();
    config.clusters.set("kubernetes", { name: "kubernetes", server, certificateAuthorityData: true });
    config.users.set("kubernetes-admin", { name: "kubernetes-admin", clientCertificateData: true });
    config.contexts.set("kubernetes-admin@kubernetes", {
      name: "kubernetes-admin@kubernetes",
      cluster: "kubernetes",
      user: "kubernetes-admin",
    });
    config.currentContext = "kubernetes-admin@kubernetes";
    return config;
  }

  context(name?: string): KubeconfigContext | undefined {
    return this.contexts.get(name ?? this.currentContext);
  }

  /**
   * Who the apiserver sees for a kubeconfig user. admin.conf's certificate has O=kubeadm:cluster-admins;
   * any other user authenticates (certificate CN or token) but holds no RBAC bindings.
   */
  userInfo(userName: string): UserInfo {
    if (userName === "kubernetes-admin") return Users.admin;
    const user = this.users.get(userName);
    const via = user?.token
      ? `bearer token (kubeconfig user "${userName}")`
      : user?.username
        ? `basic auth (kubeconfig user "${userName}")`
        : `x509 client certificate (kubeconfig user "${userName}")`;
    return { name: user?.username ?? userName, groups: ["system:authenticated"], via };
  }
}
