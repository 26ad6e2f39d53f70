// How to launch Chromium here: Debian's /usr/bin/chromium when present (CHROMIUM_PATH overrides),
// else Playwright's own browser; with the flags a machine without network access needs.

import { existsSync } from "node:fs";

export const chromiumPath: string | undefined =
  process.env["CHROMIUM_PATH"] ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const chromiumLaunchOptions = {
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: chromiumArgs,
};
