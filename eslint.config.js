// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const noEnums = {
  selector: "TSEnumDeclaration",
  message: "Use an `as const` object and a union type instead of `enum`.",
};

export default tseslint.config(
  { ignores: ["dist/**", "coverage/**", "playwright-report/**", "test-results/**", "src/generated/**"] },
  { files: ["**/*.{ts,tsx}"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      "no-restricted-syntax": ["error", noEnums],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The engine is pure TypeScript: it runs unchanged in Node and in a Web Worker, and it is
    // deterministic. No DOM, no React, no worker globals, no wall time, no ambient randomness.
    files: ["src/engine/**/*.ts"],
    languageOptions: { globals: {} },
    rules: {
      "no-restricted-globals": [
        "error",
        ...[
          "window",
          "document",
          "self",
          "navigator",
          "globalThis",
          "postMessage",
          "localStorage",
          "sessionStorage",
          "fetch",
          "process",
          "require",
          "performance",
          "setTimeout",
          "setInterval",
          "setImmediate",
          "clearTimeout",
          "clearInterval",
          "requestAnimationFrame",
          "queueMicrotask",
          "Date",
        ].map((name) => ({
          name,
          message: "The engine is deterministic and environment-free: use the virtual clock and seeded RNG.",
        })),
      ],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "Use the engine's seeded RNG." },
        { object: "Date", property: "now", message: "Use the virtual clock." },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "react",
                "react-*",
                "@xyflow/*",
                "monaco-editor",
                "monaco-editor/*",
                "monaco-yaml",
                "comlink",
                "zustand",
                "zustand/*",
              ],
              message: "The engine must not depend on UI or worker libraries.",
            },
            {
              group: ["node:*", "fs", "path", "os", "child_process", "worker_threads"],
              message: "The engine must run in a browser worker too.",
            },
            {
              group: ["**/ui/**", "**/worker/**", "**/cli/sim", "**/cli/sim.ts"],
              message: "The engine does not import from outer layers.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/engine/**/*.test.ts"],
    rules: { "no-restricted-imports": "off", "no-restricted-globals": "off" },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}", "e2e/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["src/worker/**/*.ts"],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Only the editor folder imports Monaco; only the graph folder imports React Flow.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["monaco-editor", "monaco-editor/*", "monaco-yaml", "monaco-yaml/*"],
              message: "Only src/ui/editor imports Monaco.",
            },
            { group: ["@xyflow/*"], message: "Only src/ui/graph imports React Flow." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/ui/editor/**/*.{ts,tsx}", "src/ui/graph/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": "off" },
  },
);
