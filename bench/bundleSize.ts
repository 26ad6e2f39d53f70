// `npm run bench:bundle`: builds the app and reports the gzip size of what the first screen loads
// (index.html's scripts and their static imports) and of the lazily loaded chunks (Monaco, the
// YAML worker, the engine worker).

import { execSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

execSync("npx vite build", { stdio: "ignore" });
const dist = "dist";
const assets = join(dist, "assets");
const html = readFileSync(join(dist, "index.html"), "utf8");
const gz = (file: string): number => gzipSync(readFileSync(join(assets, file))).length;
const kb = (n: number): number => Math.round((n / 1024) * 10) / 10;

// The first screen: entry scripts, their modulepreloads and static imports.
const initial = new Set<string>();
for (const m of html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)) if (m[1]) initial.add(m[1]);
const queue = [...initial];
while (queue.length) {
  const file = queue.pop() as string;
  const code = readFileSync(join(assets, file), "utf8");
  // Static `import ... from "./x.js"` (not dynamic `import("./x.js")`).
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    const dep = m[1];
    if (dep && !initial.has(dep)) {
      initial.add(dep);
      queue.push(dep);
    }
  }
}
const files = readdirSync(assets).filter((f) => f.endsWith(".js"));
const initialBytes = [...initial].reduce((sum, f) => sum + gz(f), 0);
const lazy = files.filter((f) => !initial.has(f)).map((f) => ({ file: f, gzipKB: kb(gz(f)) }));
lazy.sort((a, b) => b.gzipKB - a.gzipKB);
process.stdout.write(
  `${JSON.stringify({ initialJsGzipKB: kb(initialBytes), initialFiles: [...initial], lazyChunks: lazy }, null, 2)}\n`,
);
