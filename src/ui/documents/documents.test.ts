import { describe, expect, it } from "vitest";
import {
  addDocument,
  closeDocument,
  createDocuments,
  documentName,
  filesOf,
  nameFromFile,
  nameProblem,
  openDocument,
  parseDocuments,
  renameDocument,
  selectedOf,
  setText,
  uniqueName,
} from "./documents";

const two = () =>
  createDocuments([
    { name: "pod.yaml", text: "kind: Pod\n" },
    { name: "web.yaml", text: "kind: Service\n" },
  ]);

describe("editor documents", () => {
  it("always hold at least one document, pod.yaml when nothing is given", () => {
    const state = createDocuments([]);
    expect(state.documents.map((d) => d.name)).toEqual(["pod.yaml"]);
    expect(closeDocument(state, state.selectedDocument)).toBe(state);
  });

  it("add a document with a unique name and select it", () => {
    const state = addDocument(two(), "web.yaml", "");
    expect(state.documents.map((d) => d.name)).toEqual(["pod.yaml", "web.yaml", "web-2.yaml"]);
    expect(selectedOf(state).name).toBe("web-2.yaml");
    expect(uniqueName("Makefile", ["Makefile", "Makefile-2"])).toBe("Makefile-3");
  });

  it("close a document and select its left neighbour", () => {
    const state = two();
    const [pod, web] = state.documents;
    if (!pod || !web) throw new Error("two documents expected");
    const closed = closeDocument({ ...state, selectedDocument: web.id }, web.id);
    expect(closed.documents.map((d) => d.name)).toEqual(["pod.yaml"]);
    expect(closed.selectedDocument).toBe(pod.id);
    const first = closeDocument({ ...state, selectedDocument: pod.id }, pod.id);
    expect(selectedOf(first).name).toBe("web.yaml");
  });

  it("rename a document, refusing clashes and path-like names", () => {
    const state = two();
    const pod = state.documents[0];
    if (!pod) throw new Error("no document");
    const renamed = renameDocument(state, pod.id, "deployment.yaml");
    expect(renamed.ok && renamed.state.documents.map((d) => d.name)).toEqual(["deployment.yaml", "web.yaml"]);
    expect(renameDocument(state, pod.id, "web.yaml")).toEqual({
      ok: false,
      error: "a document named web.yaml is already open",
    });
    expect(renameDocument(state, pod.id, "pod.yaml").ok).toBe(true);
    expect(nameProblem("a/b.yaml", [])).toBe("a file name cannot contain a slash");
    expect(nameProblem("  ", [])).toBe("a file name is required");
    expect(nameProblem(" x.yaml", [])).toBe("a file name cannot start or end with spaces");
    expect(nameProblem("-", [])).toBe('"-" cannot name a file');
  });

  it("open (kubectl edit) replaces a document of that name, or adds one, and selects it", () => {
    const state = two();
    const replaced = openDocument(state, "pod.yaml", "edited\n");
    expect(replaced.documents.map((d) => [d.name, d.text])).toEqual([
      ["pod.yaml", "edited\n"],
      ["web.yaml", "kind: Service\n"],
    ]);
    expect(selectedOf(replaced).name).toBe("pod.yaml");
    expect(replaced.documents[0]?.id).toBe(state.documents[0]?.id);
    const added = openDocument(state, "deployment-web.yaml", "kind: Deployment\n");
    expect(selectedOf(added)).toMatchObject({ name: "deployment-web.yaml", text: "kind: Deployment\n" });
  });

  it("give the worker every text by name", () => {
    const state = two();
    const web = state.documents[1];
    if (!web) throw new Error("no document");
    expect(filesOf(setText(state, web.id, "changed"))).toEqual({
      "pod.yaml": "kind: Pod\n",
      "web.yaml": "changed",
    });
  });

  it("turn kubectl edit's names into file names", () => {
    expect(documentName("deployment-web.yaml")).toBe("deployment-web.yaml");
    expect(documentName("deployment.apps/web")).toBe("deployment.apps-web.yaml");
    expect(documentName("pod/web")).toBe("pod-web.yaml");
    expect(documentName("")).toBe("manifest.yaml");
    const opened = openDocument(two(), "pod/web", "x");
    expect(selectedOf(opened).name).toBe("pod-web.yaml");
  });

  it("name documents after opened files", () => {
    expect(nameFromFile("web.yaml")).toBe("web.yaml");
    expect(nameFromFile("C:\\fakepath\\web.yaml")).toBe("web.yaml");
    expect(nameFromFile("")).toBe("manifest.yaml");
  });

  it("parse stored documents in both shapes and refuse bad ones", () => {
    expect(parseDocuments([{ name: "a.yaml", text: "x" }, ["b.yaml", "y"]])).toEqual({
      ok: true,
      documents: [
        { name: "a.yaml", text: "x" },
        { name: "b.yaml", text: "y" },
      ],
    });
    expect(parseDocuments(undefined)).toEqual({ ok: false, error: "the documents are not a list" });
    expect(parseDocuments(Array.from({ length: 51 }, (_, i) => [`${i}.yaml`, ""]))).toEqual({
      ok: false,
      error: "there are 51 documents (at most 50)",
    });
  });
});
