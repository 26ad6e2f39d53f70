import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * monaco-editor 0.55 made every basic language (its `_.contribution.js` and e.g. `yaml/yaml.js`)
 * import all ~70 editor features as side effects (microsoft/monaco-editor#5162), so loading just
 * the YAML highlighter ships inline completions, sticky scroll, the colour picker and the rest.
 * Drop those bare `import '…/editor/…'` lines from the basic-language modules; the features the
 * manifest editor wants are imported explicitly by src/ui/editor/features.ts. Imports that bind
 * names (`import { languages } from …`) are kept. Build only: the dev server's pre-bundled copy
 * keeps everything, which is harmless.
 */
function monacoBasicLanguagesWithoutFeatures(): Plugin {
  const basicLanguage = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]basic-languages[\\/].*\.js$/;
  const featureImport =
    /^import '(?:\.\.\/)+(?:editor\/(?:browser|contrib|standalone\/browser|common\/standaloneStrings)|base\/browser\/ui\/codicons)[^']*';\r?\n/gm;
  return {
    name: "monaco-basic-languages-without-features",
    apply: "build",
    enforce: "pre",
    transform(code, id) {
      if (!basicLanguage.test(id)) return null;
      const stripped = code.replace(featureImport, "");
      return stripped === code ? null : { code: stripped, map: null };
    },
  };
}

// The engine runs in a module Web Worker; Monaco and its YAML worker are loaded lazily (see
// src/ui/editor), so the first screen only needs React, React Flow and the app.
export default defineConfig({
  plugins: [react(), monacoBasicLanguagesWithoutFeatures()],
  worker: { format: "es" },
  // Pre-bundle the lazily loaded editor's dependencies when the dev server starts: discovering them
  // on the first Apply-page visit would make Vite reload the page mid-load.
  optimizeDeps: {
    entries: ["index.html", "src/ui/editor/*.ts", "src/ui/editor/*.tsx"],
    // ajv and croner are the engine worker's: named here so the dev server does not discover
    // them after the page has loaded and reload it.
    include: [
      "monaco-yaml",
      "monaco-yaml/yaml.worker.js",
      "monaco-editor/esm/vs/editor/editor.worker.js",
      "ajv",
      "croner",
    ],
  },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 4096,
  },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1", port: 4173, strictPort: false },
});
