// The add-ons `kubeadm init` installs through the API once the control plane is up
// (cmd/kubeadm/app/phases/addons): kube-proxy as a DaemonSet with its ConfigMap, and CoreDNS as the
// `coredns` Deployment (2 replicas) with its ConfigMap and the kube-dns Service, manifests as
// kubeadm v1.32 writes them (service accounts and RBAC objects left out). The cluster applies them
// before the learner arrives, so the controllers create their pods for real.

import type { KubeObject } from "../api/objects";
import { KUBERNETES_VERSION } from "./bootstrap";

export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";
export const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`;

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
bindAddress: 0.0.0.0
clusterCIDR: 10.244.0.0/16
mode: ""
`;

/** The add-on objects, in the order kubeadm creates them: CoreDNS first, then kube-proxy. */
export function addonObjects(): { resource: string; object: KubeObject }[] {
  const meta = (name: string, labels?: Record<string, string>) => ({
    name,
    namespace: "kube-system",
    ...(labels ? { labels } : {}),
  });
  return [
    {
      resource: "configmaps",
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta("coredns"),
        data: { Corefile: COREFILE },
      },
    },
    {
      resource: "deployments",
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta("coredns", { "k8s-app": "kube-dns" }),
        spec: {
          replicas: 2,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
          selector: { matchLabels: { "k8s-app": "kube-dns" } },
          template: {
            metadata: { labels: { "k8s-app": "kube-dns" } },
            spec: {
              priorityClassName: "system-cluster-critical",
              serviceAccountName: "coredns",
              tolerations: [
                { key: "CriticalAddonsOnly", operator: "Exists" },
                { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
              ],
              nodeSelector: { "kubernetes.io/os": "linux" },
              containers: [
                {
                  name: "coredns",
                  image: COREDNS_IMAGE,
                  imagePullPolicy: "IfNotPresent",
                  resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
                  args: ["-conf", "/etc/coredns/Corefile"],
                  volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
                  ports: [
                    { containerPort: 53, name: "dns", protocol: "UDP" },
                    { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                    { containerPort: 9153, name: "metrics", protocol: "TCP" },
                  ],
                  livenessProbe: {
                    httpGet: { path: "/health", port: 8080, scheme: "HTTP" },
                    initialDelaySeconds: 60,
                    timeoutSeconds: 5,
                    successThreshold: 1,
                    failureThreshold: 5,
                  },
                  readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" } },
                },
              ],
              dnsPolicy: "Default",
              volumes: [
                {
                  name: "config-volume",
                  configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] },
                },
              ],
            },
          },
        },
      },
    },
    {
      resource: "services",
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          ...meta("kube-dns", {
            "k8s-app": "kube-dns",
            "kubernetes.io/cluster-service": "true",
            "kubernetes.io/name": "CoreDNS",
          }),
          annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
        },
        spec: {
          clusterIP: "10.96.0.10",
          ports: [
            { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
            { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
            { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
          ],
          selector: { "k8s-app": "kube-dns" },
        },
      },
    },
    {
      resource: "configmaps",
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta("kube-proxy", { app: "kube-proxy" }),
        data: { "config.conf": KUBE_PROXY_CONFIG },
      },
    },
    {
      resource: "daemonsets",
      object: {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: meta("kube-proxy", { "k8s-app": "kube-proxy" }),
        spec: {
          selector: { matchLabels: { "k8s-app": "kube-proxy" } },
          updateStrategy: { type: "RollingUpdate" },
          template: {
            metadata: { labels: { "k8s-app": "kube-proxy" } },
            spec: {
              priorityClassName: "system-node-critical",
              containers: [
                {
                  name: "kube-proxy",
                  image: KUBE_PROXY_IMAGE,
                  imagePullPolicy: "IfNotPresent",
                  command: [
                    "/usr/local/bin/kube-proxy",
                    "--config=/var/lib/kube-proxy/config.conf",
                    "--hostname-override=$(NODE_NAME)",
                  ],
                  securityContext: { privileged: true },
                  volumeMounts: [
                    { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
                    { mountPath: "/run/xtables.lock", name: "xtables-lock", readOnly: false },
                    { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
                  ],
                  env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
                },
              ],
              hostNetwork: true,
              serviceAccountName: "kube-proxy",
              volumes: [
                { name: "kube-proxy", configMap: { name: "kube-proxy" } },
                { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
                { name: "lib-modules", hostPath: { path: "/lib/modules" } },
              ],
              tolerations: [{ operator: "Exists" }],
              nodeSelector: { "kubernetes.io/os": "linux" },
            },
          },
        },
      },
    },
  ];
}
