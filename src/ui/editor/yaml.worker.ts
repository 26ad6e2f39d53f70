// monaco-yaml's language server, started by `MonacoEnvironment.getWorker` for the "yaml" label.
// It goes through a file of our own (not monaco-yaml/yaml.worker.js directly) so Vite bundles it
// as a module worker with its own copy of Monaco's worker core, as monaco-yaml's README advises.

import "monaco-yaml/yaml.worker.js";
