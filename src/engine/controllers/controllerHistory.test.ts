import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/objects";
import {
  canonicalJson,
  controllerRevisionName,
  hashControllerRevision,
  newControllerRevision,
  templateOf,
  templatePatch,
} from "./controllerHistory";

const template = { metadata: { labels: { app: "nginx" } } };

describe("ControllerRevision helpers (pkg/controller/history)", () => {
  it("stores the template as getPatch does: key-sorted JSON with $patch replace", () => {
    expect(canonicalJson(templatePatch(template))).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"nginx"}}}}}',
    );
    expect(
      templateOf({
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: {},
        data: templatePatch(template),
        revision: 1,
      }),
    ).toEqual(template);
  });

  it("hashes with FNV-32 (not 32a) over the raw bytes, then the collision count, safe-encoded", () => {
    // Reference values computed independently: FNV-1 32-bit of the bytes above is 1237285159.
    expect(hashControllerRevision(templatePatch(template), undefined)).toBe("567c6d959f");
    expect(hashControllerRevision(templatePatch(template), 1)).toBe("54b846858d");
    expect(controllerRevisionName("x".repeat(230), "abc")).toBe(`${"x".repeat(223)}-abc`);
  });

  it("names and labels a new revision after its parent and hash", () => {
    const parent: KubeObject = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "web", namespace: "default", uid: "u1" },
    };
    const cr = newControllerRevision(parent, { app: "nginx" }, templatePatch(template), 3, 0);
    const hash = hashControllerRevision(templatePatch(template), 0);
    expect(cr.metadata).toEqual({
      name: `web-${hash}`,
      namespace: "default",
      labels: { app: "nginx", "controller.kubernetes.io/hash": hash },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "StatefulSet",
          name: "web",
          uid: "u1",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(cr.revision).toBe(3);
  });
});
