import { type Page, expect, test } from "@playwright/test";
import { openFresh, openManifest, podRow } from "./helpers";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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

function terminal(page: Page) {
  return page.getByRole("region", { name: "Terminal" });
}

/** What the terminal's screen shows now (its visible rows). */
function screen(page: Page) {
  return terminal(page).locator(".xterm-rows");
}

/** Types a line into the terminal and presses Enter, as a learner would. */
async function typeLine(page: Page, line: string): Promise<void> {
  await terminal(page).locator(".xterm").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

async function applyFromEditor(page: Page, name: string, text: string, created: string): Promise<void> {
  await openManifest(page, name, text);
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText(created);
}

test.describe("the Terminal panel", () => {
  test("k get po -o wide lists the kube-system pods; history, clear and Ctrl+C work", async ({ page }) => {
    await openFresh(page);
    await expect(terminal(page)).toBeVisible();
    await expect(screen(page)).toContainText("$", { timeout: 30_000 });

    await typeLine(page, "k get po -o wide -A");
    await expect(screen(page)).toContainText("kube-system", { timeout: 30_000 });
    await expect(screen(page)).toContainText(/kube-proxy-\w+\s+1\/1\s+Running/);
    await expect(screen(page)).toContainText(/10\.0\.0\.\d+\s+control-plane|node-\d/);

    // Tab completes a command; ↑ brings back the last line; Ctrl+C drops it.
    await typeLine(page, "clear");
    await expect(screen(page)).not.toContainText("kube-proxy");
    await page.keyboard.type("k descr");
    await page.keyboard.press("Tab");
    await expect(screen(page)).toContainText("$ k describe");
    await page.keyboard.press("Control+C");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect(screen(page)).toContainText("$ k get po -o wide -A");

    // A watch streams until Ctrl+C, then the prompt is back.
    await page.keyboard.press("Control+U");
    await typeLine(page, "kubectl get ns -w");
    await expect(screen(page)).toContainText("kube-system");
    await page.keyboard.press("Control+C");
    await expect(screen(page)).toContainText(/\^C\s*\$\s*$/);

    // History survives a reload.
    await page.reload();
    await expect(screen(page)).toContainText("$", { timeout: 30_000 });
    await terminal(page).locator(".xterm").click();
    await page.keyboard.press("ArrowUp");
    await expect(screen(page)).toContainText("$ kubectl get ns -w");
  });

  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
  ] as const) {
    test(`at ${width}×${height} the terminal is usable beside the other panes`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await openFresh(page);
      const box = await terminal(page).boundingBox();
      expect(box?.width).toBeGreaterThan(width / 2.5);
      expect(box?.height).toBeGreaterThan(140);
      await typeLine(page, "k get nodes");
      await expect(screen(page)).toContainText(/node-1\s+Ready\s+<none>/, { timeout: 30_000 });
      await expect(page.getByRole("region", { name: "Resources" })).toBeVisible();
      await expect(page.getByRole("region", { name: "Cluster graph" })).toBeVisible();
      await page.screenshot({ path: `test-results/terminal-${width}.png` });
    });
  }

  test("kubectl describe pod shows the applied pod and its events", async ({ page }) => {
    await openFresh(page);
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(page.getByLabel("kubectl output")).toHaveText("pod/web created");
    await expect(podRow(page, "web")).toContainText("Running", { timeout: 30_000 });
    await typeLine(page, "kubectl describe pod web");
    // The end of kubectl's describe output is on screen: tolerations, then the pod's events.
    await expect(screen(page)).toContainText(/Tolerations:\s+node\.kubernetes\.io\/not-ready:NoExecute/, {
      timeout: 30_000,
    });
    await expect(screen(page)).toContainText(
      /Normal\s+Scheduled\s+\d+s\s+default-scheduler\s+Successfully assigned default\/web to node-\d/,
    );
    await expect(screen(page)).toContainText(/Normal\s+Started\s+\d+s\s+kubelet\s+.*Started container web/);
  });

  test("set image, then rollout undo while paused: waits, then rolls back through the apiserver", async ({
    page,
  }) => {
    await openFresh(page);
    await applyFromEditor(page, "web.yaml", DEPLOYMENT, "deployment.apps/web created");
    await typeLine(page, "kubectl set image deployment/web web=nginx:1.28");
    await expect(screen(page)).toContainText("deployment.apps/web image updated", { timeout: 30_000 });
    await expect(page.getByRole("region", { name: "Workloads" })).toContainText("rev 2 · new", {
      timeout: 30_000,
    });

    await page.getByRole("button", { name: "Pause" }).click();
    await typeLine(page, "kubectl rollout undo deployment/web");
    await expect(screen(page)).toContainText("(waiting: simulation paused — press Play or Step)");
    const step = page.getByRole("button", { name: "Step", exact: true });
    for (let i = 0; i < 80; i++) {
      if (((await screen(page).textContent()) ?? "").includes("rolled back")) break;
      await step.click();
    }
    await expect(screen(page)).toContainText("deployment.apps/web rolled back");
    // The command's requests are the newest steps: kubectl → kube-apiserver.
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline).toContainText("kubectl → kube-apiserver: patch deployment default/web");
    await expect(timeline).toContainText("kube-apiserver → kubectl: 200 OK (patch deployment default/web)");
  });
});
