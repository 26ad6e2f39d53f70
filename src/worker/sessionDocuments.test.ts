import { describe, expect, it } from "vitest";
import { Session } from "./session";

function applied(session: Session, text: string, source: string): string[] {
  let messages: string[] | undefined;
  session.act({ apply: text }, source, (r) => (messages = r.map((x) => x.message)));
  while (messages === undefined && session.cluster.sim.step()) {
    /* run until kubectl answers */
  }
  return messages ?? [];
}

describe("Session documents (the editor's files for kubectl -f)", () => {
  it("serves the documents the UI sent, by exact name, across a reset", () => {
    const session = new Session();
    expect(session.readDocument("pod.yaml")).toBeUndefined();
    session.documents = { "pod.yaml": "kind: Pod\n", "web.yaml": "" };
    expect(session.readDocument("pod.yaml")).toBe("kind: Pod\n");
    expect(session.readDocument("web.yaml")).toBe("");
    expect(session.readDocument("constructor")).toBeUndefined();
    expect(session.readDocument("toString")).toBeUndefined();
    session.load({ seed: 2, workers: 1, steps: [] });
    expect(session.readDocument("pod.yaml")).toBe("kind: Pod\n");
  });

  it("opens a document in the UI for kubectl edit and keeps it for a -f right after", () => {
    const session = new Session();
    session.documents = { "pod.yaml": "a" };
    const opened: [string, string][] = [];
    session.onOpenDocument = (name, text) => opened.push([name, text]);
    session.openInEditor("deployment-web.yaml", "kind: Deployment\n");
    expect(opened).toEqual([["deployment-web.yaml", "kind: Deployment\n"]]);
    expect(session.readDocument("deployment-web.yaml")).toBe("kind: Deployment\n");
    expect(session.readDocument("pod.yaml")).toBe("a");
    // A name with a slash would be a path: it becomes a file name, the same in the UI.
    session.openInEditor("deployment.apps/web", "b");
    expect(opened[1]).toEqual(["deployment.apps-web.yaml", "b"]);
    expect(session.readDocument("deployment.apps-web.yaml")).toBe("b");
  });

  it("names the document kubectl failed to parse, as kubectl names the file", () => {
    const session = new Session();
    const messages = applied(
      session,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n spec: 1\n",
      "web.yaml",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^error: error parsing web\.yaml: error converting YAML to JSON: yaml: line \d+: /,
    );
  });
});
