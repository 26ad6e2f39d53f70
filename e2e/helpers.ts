import { type Page, expect } from "@playwright/test";

/** Opens the app. Each test has its own browser context, so there is no saved session yet. */
export async function openFresh(page: Page, hash = ""): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.getByRole("region", { name: "Manifest editor" })).toBeVisible();
}

/** Loads manifest text into the editor through the "Open manifest file" input, as a learner would. */
export async function openManifest(page: Page, name: string, text: string): Promise<void> {
  await page
    .getByLabel("Open manifest file")
    .setInputFiles({ name, mimeType: "text/yaml", buffer: Buffer.from(text) });
}

export function podRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Pods" }).getByRole("row").filter({ hasText: name });
}

/** How many messages the engine has delivered so far (shown beside the clock). */
export async function messageCount(page: Page): Promise<number> {
  const text = (await page.locator(".status-pill").textContent()) ?? "";
  const m = /(\d+) messages/.exec(text);
  if (!m) throw new Error(`no message count in "${text}"`);
  return Number(m[1]);
}

/** How many steps the Timeline lists (heartbeats are hidden by default). */
export async function timelineSteps(page: Page): Promise<number> {
  const text = (await page.locator(".tl-count").textContent()) ?? "";
  const m = /([\d,]+) steps?/.exec(text);
  if (!m) throw new Error(`no step count in "${text}"`);
  return Number((m[1] ?? "").replace(/,/g, ""));
}
