import { type Page, expect, test } from "@playwright/test";
import { openFresh, openManifest, podRow } from "./helpers";

/** One line of JSON (YAML's superset): typed into Monaco, it gets no auto-indentation. */
const API_POD =
  '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "cart"}, "spec": {"containers": [{"name": "cart", "image": "nginx:1.27"}]}}';
const SERVICE =
  "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";

function tabs(page: Page) {
  return page.getByRole("tablist", { name: "Documents" }).getByRole("tab");
}

function editor(page: Page) {
  return page.getByRole("region", { name: "Manifest editor" });
}

/** "New file", renamed by double-click, filled by typing into Monaco. */
async function newDocument(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole("button", { name: "New file" }).click();
  await expect(page.getByRole("tab", { name: "untitled.yaml", selected: true })).toBeVisible();
  await page.getByRole("tab", { name: "untitled.yaml" }).dblclick();
  await page.getByLabel("New name for untitled.yaml").fill(name);
  await page.getByLabel("New name for untitled.yaml").press("Enter");
  await expect(page.getByRole("tab", { name, selected: true })).toBeVisible();
  const monaco = editor(page).locator(".monaco-editor");
  await expect(monaco).toBeVisible({ timeout: 30_000 });
  await monaco.click();
  // insertText: no auto-indent or auto-closing, exactly this text.
  await page.keyboard.insertText(text);
}

test("two documents apply under their own names", async ({ page }) => {
  await openFresh(page);
  await expect(tabs(page)).toHaveText(["pod.yaml"]);
  await expect(page.getByRole("tab", { name: "pod.yaml", selected: true })).toBeVisible();
  // One document cannot be closed.
  await expect(page.getByRole("button", { name: "Close pod.yaml" })).toHaveCount(0);

  await newDocument(page, "cart.yaml", API_POD);
  await expect(tabs(page)).toHaveText(["pod.yaml", "cart.yaml"]);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("pod/cart created");

  await page.getByRole("tab", { name: "pod.yaml" }).click();
  await expect(editor(page)).toContainText("name: web");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("pod/web created");
  await expect(podRow(page, "web")).toBeVisible();
  await expect(podRow(page, "cart")).toBeVisible();

  // "Open file…" opens a new document named after the file; its errors name that file.
  await openManifest(page, "broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n spec: 1\n");
  await expect(page.getByRole("tab", { name: "broken.yaml", selected: true })).toBeVisible();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "error" })).toContainText(
    "error: error parsing broken.yaml: error converting YAML to JSON: yaml: line",
  );

  // A name already taken is refused, and the form says why.
  await page.getByRole("tab", { name: "broken.yaml" }).dblclick();
  await page.getByLabel("New name for broken.yaml").fill("cart.yaml");
  await page.getByLabel("New name for broken.yaml").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "already open" })).toHaveText(
    "a document named cart.yaml is already open",
  );
  await page.getByLabel("New name for broken.yaml").press("Escape");

  // Closing a document with text asks first.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("button", { name: "Close broken.yaml" }).click();
  await expect(tabs(page)).toHaveText(["pod.yaml", "cart.yaml", "broken.yaml"]);
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toBe("Close broken.yaml? Its text will be lost.");
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Close broken.yaml" }).click();
  await expect(tabs(page)).toHaveText(["pod.yaml", "cart.yaml"]);
  await expect(page.getByRole("tab", { name: "cart.yaml", selected: true })).toBeVisible();
  await expect(editor(page)).toContainText('"name": "cart"');
});

test("a reload keeps every document and the selected one", async ({ page }) => {
  await openFresh(page);
  await openManifest(page, "service.yaml", SERVICE);
  await newDocument(page, "cart.yaml", API_POD);
  await page.getByRole("tab", { name: "service.yaml" }).click();
  await expect(editor(page)).toContainText("kind: Service");
  await page.reload();
  await expect(tabs(page)).toHaveText(["pod.yaml", "service.yaml", "cart.yaml"]);
  await expect(page.getByRole("tab", { name: "service.yaml", selected: true })).toBeVisible();
  await expect(editor(page)).toContainText("kind: Service");
  await page.getByRole("tab", { name: "cart.yaml" }).click();
  await expect(editor(page)).toContainText('"name": "cart"');
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("pod/cart created");
});

test("a share link carries every document", async ({ page, context }) => {
  await openFresh(page);
  await openManifest(page, "service.yaml", SERVICE);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("service/web created");
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByLabel("Share link").inputValue();

  const other = await context.newPage();
  await other.goto(link);
  await expect(tabs(other)).toHaveText(["pod.yaml", "service.yaml"]);
  await expect(other.getByRole("tab", { name: "service.yaml", selected: true })).toBeVisible();
  await expect(editor(other)).toContainText("kind: Service");
  await other.getByRole("tab", { name: "pod.yaml" }).click();
  await expect(editor(other)).toContainText("name: web");
  // A share link opens paused: run the apply to its answer.
  await other.getByRole("button", { name: "Apply" }).click();
  await other.getByRole("button", { name: "Run until idle" }).click();
  await expect(other.getByLabel("kubectl output")).toHaveText("pod/web created");
});

test("kubectl edit opens the object as a document whose Apply updates it", async ({ page }) => {
  await openFresh(page);
  await openManifest(
    page,
    "deployment.yaml",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
  );
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText("deployment.apps/web created");

  const terminal = page.getByRole("region", { name: "Terminal" });
  await terminal.locator(".xterm").click();
  await page.keyboard.type("kubectl edit deployment web");
  await page.keyboard.press("Enter");
  const tab = page.getByRole("tab", { name: /^deployment.*web\.yaml$/, selected: true });
  await expect(tab).toBeVisible();
  await expect(editor(page)).toContainText("# Please edit the object below.");
  await expect(editor(page)).toContainText("kind: Deployment");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByLabel("kubectl output")).toHaveText(
    /^deployment\.apps\/web (configured|unchanged)$/,
  );
});
