// The headless CLI as a newcomer runs it: same arguments ⇒ identical output.

import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");

function sim(...args: string[]): { stdout: string; code: number } {
  try {
    return {
      stdout: execFileSync(tsx, ["src/cli/sim.ts", ...args], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      }),
      code: 0,
    };
  } catch (error) {
    const e = error as { stdout: string; status: number };
    return { stdout: e.stdout, code: e.status };
  }
}

describe("npm run sim", () => {
  it("prints kubectl's output, the trace and the final pods, identically on every run", () => {
    const first = sim("--trace", "examples/pod.yaml");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^pod\/web created\n/);
    expect(first.stdout).toContain(
      "kubectl → kube-apiserver: POST /api/v1/namespaces/default/pods?fieldValidation=Strict",
    );
    expect(first.stdout).toContain("kubelet/node-");
    expect(first.stdout).toMatch(/default\s+web\s+1\/1\s+Running\s+0\s+\d+s\s+10\.244\.\d+\.2\s+node-\d/);
    expect(sim("--trace", "examples/pod.yaml").stdout).toBe(first.stdout);
  }, 60_000);

  it("reports a malformed file with its line and carries on with the next", () => {
    const dir = mkdtempSync(join(tmpdir(), "pilothouse-"));
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: 1\n");
    const result = sim("--json", bad, "examples/pod.yaml");
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as {
      results: { ok: boolean; message: string }[];
      objects: { kind: string }[];
      trace: unknown[];
    };
    expect(doc.results.map((r) => r.ok)).toEqual([false, true]);
    expect(doc.results[0]?.message).toBe(
      `error: error parsing ${bad}: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context`,
    );
    expect(doc.results[1]?.message).toBe("pod/web created");
    expect(doc.objects.some((o) => o.kind === "Node")).toBe(true);
    expect(doc.trace.length).toBeGreaterThan(50);
  }, 60_000);
});
