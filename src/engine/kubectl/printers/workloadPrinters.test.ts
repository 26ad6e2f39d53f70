import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/objects";
import { printTable } from "./resourcePrinters";

const NOW = Date.parse("2026-01-01T10:00:00Z");
const created = "2026-01-01T09:55:00Z";

const object = (kind: string, name: string, rest: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind,
  metadata: { name, namespace: "default", creationTimestamp: created },
  ...rest,
});

const template = { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } };

describe("workload printers (kubectl get, v1.32 columns)", () => {
  it("prints Deployments, wide with containers, images and selector", () => {
    const d = object("Deployment", "web", {
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    expect(printTable("Deployment", [d], { nowMs: NOW })).toBe(
      "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           5m\n",
    );
    expect(printTable("Deployment", [d], { nowMs: NOW, wide: true })).toBe(
      "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n" +
        "web    2/3     3            2           5m    web          nginx:1.27   app=web\n",
    );
  });

  it("prints Jobs with status, completions and duration", () => {
    const job = object("Job", "pi", {
      spec: { completions: 3, parallelism: 2, template },
      status: {
        succeeded: 3,
        startTime: "2026-01-01T09:55:00Z",
        completionTime: "2026-01-01T09:55:42Z",
        conditions: [{ type: "Complete", status: "True" }],
      },
    });
    expect(printTable("Job", [job], { nowMs: NOW })).toBe(
      "NAME   STATUS     COMPLETIONS   DURATION   AGE\npi     Complete   3/3           42s        5m\n",
    );
  });

  it("prints HPAs, Services and PVCs", () => {
    const hpa = object("HorizontalPodAutoscaler", "web", {
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
          },
        ],
      },
      status: {
        currentReplicas: 4,
        currentMetrics: [
          { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 45 } } },
        ],
      },
    });
    expect(printTable("HorizontalPodAutoscaler", [hpa], { nowMs: NOW })).toBe(
      "NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\n" +
        "web    Deployment/web   cpu: 45%/50%   1         10        4          5m\n",
    );
    const svc = object("Service", "web", {
      spec: {
        type: "ClusterIP",
        clusterIP: "10.96.12.34",
        ports: [{ port: 80, protocol: "TCP" }],
        selector: { app: "web" },
      },
    });
    expect(printTable("Service", [svc], { nowMs: NOW })).toBe(
      "NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE\nweb    ClusterIP   10.96.12.34   <none>        80/TCP    5m\n",
    );
    const pvc = object("PersistentVolumeClaim", "www-web-0", { spec: {}, status: { phase: "Pending" } });
    expect(printTable("PersistentVolumeClaim", [pvc], { nowMs: NOW })).toBe(
      "NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n" +
        "www-web-0   Pending                                      <unset>        <unset>                 5m\n",
    );
  });
});
