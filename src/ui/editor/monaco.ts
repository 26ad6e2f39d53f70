// Monaco, cut down to what the manifest editor needs: the editor core with its standard features
// (hover, completion, markers, folding, find…), the YAML highlighter, and monaco-yaml with the
// generated Kubernetes schema. No TypeScript/CSS/HTML/JSON language services, so their workers never
// ship. Only ManifestEditor imports this module, and ApplyPanel loads that lazily, so none of it is
// in the first screen's JavaScript.

import "./features";
import "monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js";
import * as monaco from "monaco-editor/esm/vs/editor/editor.api.js";
import { configureMonacoYaml, type JSONSchema } from "monaco-yaml";
import schemaJson from "../../generated/k8s-schema.json";

/** The two workers the editor uses: Monaco's own (diffs, word ranges) and monaco-yaml's language server. */
function createWorker(label: string): Worker {
  if (label === "yaml") return new Worker(new URL("./yaml.worker.ts", import.meta.url), { type: "module" });
  return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), {
    type: "module",
  });
}

self.MonacoEnvironment = { getWorker: (_workerId: string, label: string) => createWorker(label) };

/** What monaco-yaml (through monaco-worker-manager 2) passes to `monaco.editor.createWebWorker`. */
interface LegacyWorkerOptions {
  readonly worker?: Worker | Promise<Worker>;
  readonly label?: string;
  readonly moduleId?: string;
  readonly createData?: unknown;
  readonly host?: Record<string, (...args: never[]) => unknown>;
  readonly keepIdleModels?: boolean;
}

/**
 * Since 0.53 `monaco.editor.createWebWorker` wants the Worker itself (`opts.worker`); monaco-yaml 5.5
 * still passes `{ label, moduleId, createData }`, and without a worker Monaco silently falls back to
 * an in-thread editor worker that has none of the YAML methods ("Missing requestHandler or method:
 * doValidation"; remcohaszing/monaco-yaml#272). This does what Monaco's own language packages do
 * (monaco-editor/esm/vs/common/workers.js): start the worker for the label, send it a wake-up
 * message and then `createData`, which monaco-worker-manager's worker reads before the RPC starts.
 */
function createWebWorker<T extends object>(opts: LegacyWorkerOptions): monaco.editor.MonacoWebWorker<T> {
  const worker =
    opts.worker ??
    (() => {
      const started = createWorker(opts.label ?? "editorWorkerService");
      started.postMessage("ignore");
      started.postMessage(opts.createData);
      return started;
    })();
  return monaco.editor.createWebWorker<T>({
    worker,
    ...(opts.host ? { host: opts.host as Record<string, () => unknown> } : {}),
    ...(opts.keepIdleModels !== undefined ? { keepIdleModels: opts.keepIdleModels } : {}),
  });
}

/** monaco-yaml labels schema problems "yaml-schema: <schema uri>"; say what the schema is instead. */
function setModelMarkers(
  model: monaco.editor.ITextModel,
  owner: string,
  markers: monaco.editor.IMarkerData[],
): void {
  const named = markers.map((m) =>
    m.source?.startsWith("yaml-schema:") ? { ...m, source: "Kubernetes schema" } : m,
  );
  monaco.editor.setModelMarkers(model, owner, named);
}

/** The Monaco API as monaco-yaml sees it: the same, with the worker factory it expects. */
const monacoForYaml = {
  ...monaco,
  editor: { ...monaco.editor, createWebWorker, setModelMarkers },
} as typeof monaco;

/**
 * Where the model of editor document `id` lives; the schema is bound to this folder. The id, not
 * the file name, so a rename keeps the model.
 */
export function documentUri(id: number): monaco.Uri {
  return monaco.Uri.from({ scheme: "file", path: `/documents/${id}.yaml` });
}

// The schema is inlined at build time and handed to the YAML worker; with schema requests off,
// nothing is ever fetched. `uri` only names it: hovers end with "Source: kubernetes-api", a link to
// the Kubernetes API reference. (No `title`: monaco-yaml would print it atop every hover.)
configureMonacoYaml(monacoForYaml, {
  enableSchemaRequest: false,
  isKubernetes: true,
  completion: true,
  hover: true,
  validate: true,
  schemas: [
    {
      uri: "https://kubernetes.io/docs/reference/kubernetes-api/",
      fileMatch: ["documents/*.yaml"],
      schema: schemaJson as unknown as JSONSchema,
    },
  ],
});

// Light and high-contrast to match the app (and a projector): dark ink on near-white, keys in navy.
monaco.editor.defineTheme("pilothouse", {
  base: "vs",
  inherit: true,
  rules: [
    { token: "type", foreground: "0f2d4d", fontStyle: "bold" },
    { token: "string", foreground: "0a6b3d" },
    { token: "number", foreground: "9a3412" },
    { token: "keyword", foreground: "5b3cc4" },
    { token: "comment", foreground: "5b6776", fontStyle: "italic" },
    { token: "operators", foreground: "16202c" },
    { token: "meta.directive", foreground: "c2410c" },
  ],
  colors: {
    "editor.background": "#fbfcfe",
    "editor.foreground": "#16202c",
    "editor.lineHighlightBackground": "#eef3fb",
    "editor.selectionBackground": "#c7dbfa",
    "editorLineNumber.foreground": "#8a94a3",
    "editorLineNumber.activeForeground": "#16202c",
    "editorIndentGuide.background1": "#e3e7ee",
    "editorError.foreground": "#b42318",
    "editorWarning.foreground": "#9a6700",
  },
});

export { monaco };
