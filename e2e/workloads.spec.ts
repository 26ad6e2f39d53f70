import { type Page, expect, test } from "@playwright/test";
import { openFresh, openManifest } from "./helpers";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

function row(page: Page, table: string, text: string | RegExp) {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ hasText: text });
}

/** The row whose NAME button is exactly `name`. */
function named(page: Page, table: string, name: string) {
  return page
    .getByRole("table", { name: table })
    .getByRole("row")
    .filter({ has: page.getByRole("button", { name, exact: true }) });
}

async function applyDeployment(page: Page): Promise<void> {
  await openFresh(page);
  await openManifest(page, "web.yaml", DEPLOYMENT);
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("deployment.apps/web created");
  await expect(named(page, "Deployments", "web")).toContainText("3/3", { timeout: 30_000 });
}

test.describe("workloads", () => {
  test("a rolling update replaces the pods through a new ReplicaSet within its budget", async ({ page }) => {
    await applyDeployment(page);
    const workloads = page.getByRole("region", { name: "Workloads" });
    await expect(workloads).toContainText("rev 1 · new");
    await expect(workloads.getByLabel("Rollout budget of web")).toContainText("max 4");
    await expect(workloads.getByLabel("Rollout budget of web")).toContainText("min 3");

    await named(page, "Deployments", "web").getByRole("button", { name: "web" }).click();
    const actions = page.getByRole("region", { name: "Actions" });
    await actions.getByLabel("Image of web").fill("nginx:1.28");
    await actions.getByRole("button", { name: "Set image" }).click();
    await expect(actions.getByRole("status")).toHaveText("deployment.apps/web image updated");

    // Two ReplicaSets: the new one takes all 3 replicas, the old one is scaled to 0.
    await expect(workloads).toContainText("rev 2 · new", { timeout: 30_000 });
    await expect(workloads).toContainText("rev 1 · old");
    await expect(row(page, "ReplicaSets", /default\s*web-/)).toHaveCount(2);
    await expect(named(page, "Deployments", "web")).toContainText(/3\/3\s*3\s*3/, {
      timeout: 60_000,
    });
    await expect(row(page, "Events", "ScalingReplicaSet").first()).toContainText(
      /Scaled (up|down) replica set web-/,
    );
    const pods = page
      .getByRole("table", { name: "Pods" })
      .getByRole("row")
      .filter({ hasText: /default\s*web-/ });
    await expect(pods.filter({ hasText: "Running" })).toHaveCount(3, { timeout: 60_000 });
    // The controller that acted is named on kube-controller-manager's box.
    await expect(page.getByText(/last: (deployment|replicaset)-controller/)).toBeVisible();
  });

  test("a stopped node goes NotReady and its pods are replaced elsewhere", async ({ page }) => {
    await applyDeployment(page);
    // The pods of the deployment that run on node-1 (if any) must come back elsewhere.
    await named(page, "Nodes", "node-1").getByRole("button", { name: "node-1" }).click();
    const actions = page.getByRole("region", { name: "Actions" });
    await actions.getByRole("button", { name: "Stop node" }).click();
    await page.getByLabel("Speed").selectOption("64");
    const graph = page.getByRole("region", { name: "Cluster graph" });
    // The countdown to Ready=Unknown appears once a heartbeat is missed, then the node is NotReady.
    await expect(graph.getByRole("status", { name: /no heartbeat · NotReady in/ })).toBeVisible({
      timeout: 30_000,
    });
    await expect(named(page, "Nodes", "node-1")).toContainText("NotReady", { timeout: 30_000 });
    await expect(graph.getByRole("status", { name: /evicting pods in \dm/ })).toBeVisible({
      timeout: 30_000,
    });
    await expect(row(page, "Events", "TaintManagerEviction").first()).toBeVisible({ timeout: 60_000 });
    // Three web pods run on other nodes; the evicted ones stay Terminating (their kubelet is down).
    const running = page
      .getByRole("table", { name: "Pods" })
      .getByRole("row")
      .filter({ hasText: /default\s*web-/ })
      .filter({ hasText: "Running" });
    await expect(running).toHaveCount(3, { timeout: 60_000 });
    for (const r of await running.all()) await expect(r).not.toContainText("node-1");
  });
});
