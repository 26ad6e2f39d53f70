// `npm run bench:fps`: frame rate of the page while a 20-pod apply animates, in headless Chromium.
// Builds the app, serves it with `vite preview`, applies 20 Pods at 4× speed, and records every
// animation frame's timestamp for 8 s of wall time. Prints p50 and p5 frames per second.

import { spawn, execSync } from "node:child_process";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/chromium";

const PORT = 4191;
const REPLICAS = 20;

function manifest(): string {
  return Array.from(
    { length: REPLICAS },
    (_, i) => `apiVersion: v1
kind: Pod
metadata:
  name: web-${i + 1}
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      requests:
        cpu: 50m
        memory: 32Mi
`,
  ).join("---\n");
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function main(): Promise<void> {
  execSync("npx vite build", { stdio: "ignore" });
  const server = spawn("npx", ["vite", "preview", "--port", String(PORT), "--strictPort"], {
    stdio: "ignore",
    detached: true,
  });
  const url = `http://127.0.0.1:${PORT}/`;
  try {
    await waitForServer(url);
    const browser = await chromium.launch(chromiumLaunchOptions);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole("region", { name: "Cluster graph" }).waitFor();
    await page.getByLabel("Speed").selectOption("4");
    await page
      .getByLabel("Open manifest file")
      .setInputFiles({ name: "web.yaml", mimeType: "text/yaml", buffer: Buffer.from(manifest()) });
    await page.waitForTimeout(500);
    await page.getByRole("button", { name: "Apply" }).click();
    // A string, not a function: tsx would wrap a function with helpers the page does not have.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const stamps = [];
      const start = performance.now();
      const loop = (t) => {
        stamps.push(t);
        if (t - start < 8000) requestAnimationFrame(loop);
        else resolve(stamps);
      };
      requestAnimationFrame(loop);
    })`)) as number[];
    const running = await page
      .getByRole("table", { name: "Pods" })
      .getByRole("row")
      .filter({ hasText: "Running" })
      .count();
    await browser.close();
    const intervals = frames
      .slice(1)
      .map((t, i) => t - (frames[i] as number))
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      intervals[Math.min(intervals.length - 1, Math.floor((p / 100) * intervals.length))] ?? 0;
    const fps = (ms: number) => Math.round((1000 / ms) * 10) / 10;
    process.stdout.write(
      `${JSON.stringify({ replicas: REPLICAS, speed: 4, frames: frames.length, p50Fps: fps(pct(50)), p5Fps: fps(pct(95)), worstFrameMs: Math.round(intervals[intervals.length - 1] ?? 0), podsRunningAfter8s: running })}\n`,
    );
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}

void main();
