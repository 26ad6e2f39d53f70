import { expect, test } from "@playwright/test";
import { messageCount, openFresh, openManifest, podRow, timelineSteps } from "./helpers";

test.describe("a learner applies the example Pod", () => {
  test("the timeline lists the journey in order and the pod reaches Running", async ({ page }) => {
    await openFresh(page);
    // The editor starts with an example Pod, so a newcomer can press Apply at once.
    await expect(page.getByRole("region", { name: "Manifest editor" })).toContainText("kind: Pod");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByLabel("kubectl output")).toHaveText("pod/web created");
    await expect(podRow(page, "web")).toContainText("Running", { timeout: 30_000 });
    await expect(podRow(page, "web")).toContainText(/10\.244\.\d+\.2/);

    // The timeline shows the sequence of DESIGN.md §3 in order.
    await page.getByRole("button", { name: "Pause" }).click();
    const timeline = page.getByRole("list", { name: "Timeline" });
    const texts = await timeline.evaluate(async (list) => {
      // The list is virtualised: scroll its container and collect every item as it appears.
      const scroller = list.parentElement as HTMLElement;
      const seen = new Map<number, string>();
      scroller.scrollTop = 0;
      for (let i = 0; i < 400; i++) {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (const item of Array.from(list.querySelectorAll<HTMLElement>("li[data-seq]"))) {
          seen.set(Number(item.dataset["seq"]), `${item.textContent ?? ""} ${item.title}`);
        }
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
        scroller.scrollTop += scroller.clientHeight / 2;
      }
      return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    });
    const order = [
      /kubectl.*kube-apiserver.*POST \/api\/v1\/namespaces\/default\/pods/,
      /authentication/,
      /authorization/,
      /mutating-admission/,
      /validation/,
      /validating-admission/,
      /kube-apiserver.*etcd.*Txn put \/registry\/pods\/default\/web/,
      /201 Created/,
      /kube-scheduler.*ADDED Pod default\/web/,
      /Filter default\/web/,
      /Score default\/web/,
      /binding/,
      /kubelet\/node-\d.*ADDED Pod default\/web/,
      /RunPodSandbox/,
      /PullImage/,
      /CreateContainer/,
      /StartContainer/,
      /PATCH \/api\/v1\/namespaces\/default\/pods\/web\/status/,
    ];
    let at = 0;
    for (const pattern of order) {
      const found = texts.findIndex((t, i) => i >= at && pattern.test(t));
      expect(found, `${pattern} after item ${at}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }

    // Selecting a step narrates it and shows the scheduler's per-node results.
    await timeline
      .getByText(/Filter default\/web/)
      .first()
      .click();
    const narration = page.getByRole("region", { name: "Narration", exact: true });
    await expect(narration).toContainText("TaintToleration");
    await expect(narration).toContainText("control-plane");
  });

  test("step and step back move one message at a time", async ({ page }) => {
    await openFresh(page);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Apply" }).click();
    const start = await timelineSteps(page);
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect.poll(() => timelineSteps(page)).toBe(start + 1);
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect.poll(() => timelineSteps(page)).toBe(start + 3);
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText("kubectl");
    await page.getByRole("button", { name: "Step back" }).click();
    await expect.poll(() => timelineSteps(page)).toBe(start + 2);
    await page.getByRole("button", { name: "Step back" }).click();
    await expect.poll(() => timelineSteps(page)).toBe(start + 1);
    await page.getByRole("button", { name: "Run until idle" }).click();
    await expect(podRow(page, "web")).toContainText("Running");
  });
});

test("invalid YAML is reported with its line, and the text and the cluster stay", async ({ page }) => {
  await openFresh(page);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(podRow(page, "web")).toBeVisible();
  const broken = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n spec: 1\n";
  await openManifest(page, "broken.yaml", broken);
  await page.getByRole("button", { name: "Apply" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "error" });
  await expect(alert).toContainText(
    "error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context",
  );
  await expect(page.getByRole("region", { name: "Manifest editor" })).toContainText("name: broken");
  await expect(podRow(page, "web")).toBeVisible();
  await expect(podRow(page, "broken")).toHaveCount(0);

  // A schema error, as the apiserver reports it.
  await openManifest(
    page,
    "noimage.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n  - name: web\n",
  );
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "invalid" })).toHaveText(
    'The Pod "broken" is invalid: spec.containers[0].image: Required value',
  );
});

test("a share link opens the same run in a new page", async ({ page, context }) => {
  await openFresh(page);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(podRow(page, "web")).toContainText("Running", { timeout: 30_000 });
  await page.getByRole("button", { name: "Pause" }).click();
  const count = await messageCount(page);
  const rowText = await podRow(page, "web").textContent();
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByLabel("Share link").inputValue();
  expect(link).toContain("#s=");

  const other = await context.newPage();
  await other.goto(link);
  await expect.poll(() => messageCount(other), { timeout: 30_000 }).toBe(count);
  await expect(podRow(other, "web")).toContainText("Running");
  expect((await podRow(other, "web").textContent())?.replace(/\d+s/, "")).toBe(rowText?.replace(/\d+s/, ""));
  await expect(other.getByRole("region", { name: "Manifest editor" })).toContainText("name: web");
});

test("a damaged share link says why and opens the default cluster", async ({ page }) => {
  await openFresh(page, "#s=not-a-real-link");
  await expect(page.getByText("This share link cannot be opened")).toBeVisible();
  await expect(page.getByRole("table", { name: "Nodes" })).toContainText("node-3");
});

test("a reload keeps the editor text and the cluster", async ({ page }) => {
  await openFresh(page);
  await openManifest(
    page,
    "pod.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kept\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n",
  );
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(podRow(page, "kept")).toContainText("Running", { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(podRow(page, "kept")).toContainText("Running", { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Manifest editor" })).toContainText("name: kept");
});

test("deleting a pod from its YAML view terminates it gracefully", async ({ page }) => {
  await openFresh(page);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(podRow(page, "web")).toContainText("Running", { timeout: 30_000 });
  await podRow(page, "web").getByRole("button", { name: "web" }).click();
  await expect(page.getByRole("region", { name: "Object" })).toContainText("pod/web");
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText('pod "web" deleted');
  await expect(podRow(page, "web")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Events" })).toContainText("Stopping container web");
});

test("a manifest file over 5 MB is refused before it reaches the editor", async ({ page }) => {
  await openFresh(page);
  await page.getByLabel("Open manifest file").setInputFiles({
    name: "huge.yaml",
    mimeType: "text/yaml",
    buffer: Buffer.from(`# ${"x".repeat(6 * 1024 * 1024)}\n`),
  });
  await expect(page.getByRole("alert").filter({ hasText: "huge.yaml" })).toContainText(
    "manifests larger than 5242880 bytes are not loaded",
  );
  await expect(page.getByRole("region", { name: "Manifest editor" })).toContainText("name: web");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("pod/web created");
});

test("Ctrl+Enter in the Monaco editor applies the manifest", async ({ page }) => {
  await openFresh(page);
  const editor = page.getByRole("region", { name: "Manifest editor" }).locator(".monaco-editor");
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByLabel("kubectl output")).toHaveText("pod/web created");
  await expect(podRow(page, "web")).toBeVisible();
});

test("a run shared after stepping reopens at exactly the same message", async ({ page, context }) => {
  await openFresh(page);
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("button", { name: "Apply" }).click();
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect.poll(() => timelineSteps(page)).toBeGreaterThanOrEqual(6);
  const count = await messageCount(page);
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByLabel("Share link").inputValue();
  const other = await context.newPage();
  await other.goto(link);
  await expect.poll(() => messageCount(other), { timeout: 30_000 }).toBe(count);
  await other.waitForTimeout(1000);
  expect(await messageCount(other)).toBe(count);
});
