import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The engine runs in a module Web Worker; Monaco and its YAML worker are loaded lazily (see
// src/ui/editor), so the first screen only needs React, React Flow and the app.
export default defineConfig({
  plugins: [react()],
  worker: { format: "es" },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 4096,
  },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1", port: 4173, strictPort: false },
});
