import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { KINDS, OUTPUT_PATH, generateSchema } from "./generate-schema";

describe("generate-schema", () => {
  let generated = "";
  beforeAll(() => {
    generated = generateSchema();
  }, 20_000);

  it("matches the committed src/generated/k8s-schema.json (run `npm run generate:schema`)", () => {
    expect(readFileSync(OUTPUT_PATH, "utf8") === generated).toBe(true);
  });

  it("describes every kind, keyed by apiVersion/kind, with fixed apiVersion and kind", () => {
    const schema = JSON.parse(generated) as {
      anyOf: { $ref: string }[];
      definitions: Record<string, { properties: Record<string, { const?: string }> }>;
      "x-kinds": Record<string, string>;
    };
    expect(schema.anyOf).toHaveLength(KINDS.length);
    expect(schema["x-kinds"]["v1/Pod"]).toBe("io.k8s.api.core.v1.Pod");
    expect(schema["x-kinds"]["apps/v1/Deployment"]).toBe("io.k8s.api.apps.v1.Deployment");
    for (const k of KINDS) {
      const def = schema.definitions[schema["x-kinds"][`${k.apiVersion}/${k.kind}`] as string];
      expect(def?.properties["apiVersion"]?.const).toBe(k.apiVersion);
      expect(def?.properties["kind"]?.const).toBe(k.kind);
    }
    // Same-named types of different groups stay apart.
    expect(schema.definitions["io.k8s.api.core.v1.EndpointPort"]).toBeDefined();
    expect(schema.definitions["io.k8s.api.discovery.v1.EndpointPort"]).toBeDefined();
  });

  it("says what the apiserver accepts: quantities, int-or-string, integer widths", () => {
    const d = (JSON.parse(generated) as { definitions: Record<string, Record<string, unknown>> }).definitions;
    const prop = (def: string, p: string) =>
      (d[def]?.["properties"] as Record<string, Record<string, unknown>>)[p];
    expect(d["io.k8s.apimachinery.pkg.api.resource.Quantity"]?.["type"]).toEqual(["string", "number"]);
    expect(prop("io.k8s.api.core.v1.HTTPGetAction", "port")?.["type"]).toEqual(["integer", "string"]);
    expect(prop("io.k8s.api.core.v1.ContainerPort", "containerPort")?.["format"]).toBe("int32");
    expect(prop("io.k8s.api.core.v1.PodSpec", "activeDeadlineSeconds")?.["format"]).toBe("int64");
    expect(prop("io.k8s.api.core.v1.Toleration", "tolerationSeconds")?.["format"]).toBe("int64");
    expect(prop("io.k8s.api.apps.v1.DeploymentSpec", "progressDeadlineSeconds")?.["format"]).toBe("int32");
    expect(typeof prop("io.k8s.api.core.v1.Container", "image")?.["description"]).toBe("string");
  });
});
