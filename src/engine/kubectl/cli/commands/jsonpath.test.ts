// Golden outputs recorded from the real kubectl v1.32 binary:
// `kubectl label --local -f pod.yaml app=web --overwrite -o jsonpath=<template>` (and jsonpath-as-json).

import { describe, expect, it } from "vitest";
import { compactJson, parseJsonPath, printJsonPath, printJsonPathAsJson, relaxedJsonPath } from "./jsonpath";

const POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    annotations: {
      "kubernetes.io/created-by": "me",
    },
    labels: {
      app: "web",
      tier: "front",
    },
    name: "web",
    namespace: "default",
  },
  spec: {
    containers: [
      {
        image: "nginx:1.27",
        name: "nginx",
        ports: [
          {
            containerPort: 80,
          },
        ],
      },
      {
        image: "busybox",
        name: "side",
      },
    ],
  },
} as const;

const CASES: readonly (readonly [string, "jsonpath" | "jsonpath-as-json", string])[] = [
  ["{.metadata.name}", "jsonpath", "web"],
  ["{.metadata.name}", "jsonpath-as-json", '[\n    "web"\n]\n'],
  ["{.metadata.labels}", "jsonpath", '{"app":"web","tier":"front"}'],
  [
    "{.metadata.labels}",
    "jsonpath-as-json",
    '[\n    {\n        "app": "web",\n        "tier": "front"\n    }\n]\n',
  ],
  ["{.spec.containers[*].name}", "jsonpath", "nginx side"],
  ["{.spec.containers[*].name}", "jsonpath-as-json", '[\n    "nginx",\n    "side"\n]\n'],
  [
    '{range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}',
    "jsonpath",
    "nginx\tnginx:1.27\nside\tbusybox\n",
  ],
  [
    '{range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}',
    "jsonpath-as-json",
    '[\n    "nginx"\n]\n[\n    "\\t"\n]\n[\n    "nginx:1.27"\n]\n[\n    "\\n"\n]\n[\n    "side"\n]\n[\n    "\\t"\n]\n[\n    "busybox"\n]\n[\n    "\\n"\n]\n',
  ],
  ["{.spec.containers[0].ports}", "jsonpath", '[{"containerPort":80}]'],
  [
    "{.spec.containers[0].ports}",
    "jsonpath-as-json",
    '[\n    [\n        {\n            "containerPort": 80\n        }\n    ]\n]\n',
  ],
  ["{.spec.containers[-1:].name}", "jsonpath", "side"],
  ["{.spec.containers[-1:].name}", "jsonpath-as-json", '[\n    "side"\n]\n'],
  ["{.metadata.annotations.kubernetes\\.io/created-by}", "jsonpath", "me"],
  ["{.metadata.annotations.kubernetes\\.io/created-by}", "jsonpath-as-json", '[\n    "me"\n]\n'],
  ['{.spec.containers[?(@.name=="side")].image}', "jsonpath", "busybox"],
  ['{.spec.containers[?(@.name=="side")].image}', "jsonpath-as-json", '[\n    "busybox"\n]\n'],
  ["{..image}", "jsonpath", "nginx:1.27 busybox"],
  ["{..image}", "jsonpath-as-json", '[\n    "nginx:1.27",\n    "busybox"\n]\n'],
  ["{.metadata.missing}", "jsonpath", ""],
  ["{.metadata.missing}", "jsonpath-as-json", "[]\n"],
  ["{.spec.containers[0].ports[0].containerPort}", "jsonpath", "80"],
  ["{.spec.containers[0].ports[0].containerPort}", "jsonpath-as-json", "[\n    80\n]\n"],
  ["{.metadata.labels['app','tier']}", "jsonpath", "web front"],
  ["{.metadata.labels['app','tier']}", "jsonpath-as-json", '[\n    "web",\n    "front"\n]\n'],
  ["{$.kind}", "jsonpath", "Pod"],
  ["{$.kind}", "jsonpath-as-json", '[\n    "Pod"\n]\n'],
  ["name={.metadata.name} x", "jsonpath", "name=web x"],
  ["name={.metadata.name} x", "jsonpath-as-json", '[\n    "name="\n]\n[\n    "web"\n]\n[\n    " x"\n]\n'],
  ["{.spec.containers[*]['name','image']}", "jsonpath", "nginx side nginx:1.27 busybox"],
  [
    "{.spec.containers[*]['name','image']}",
    "jsonpath-as-json",
    '[\n    "nginx",\n    "side",\n    "nginx:1.27",\n    "busybox"\n]\n',
  ],
  ["{.spec.containers[0:1].name}", "jsonpath", "nginx"],
  ["{.spec.containers[0:1].name}", "jsonpath-as-json", '[\n    "nginx"\n]\n'],
  ["{.metadata.labels.*}", "jsonpath-as-json", '[\n    "web",\n    "front"\n]\n'],
  ["{.spec.containers[?(@.ports)].name}", "jsonpath", "nginx"],
  ["{.spec.containers[?(@.ports)].name}", "jsonpath-as-json", '[\n    "nginx"\n]\n'],
  ['{.metadata.name}{"\\n"}', "jsonpath", "web\n"],
  ['{.metadata.name}{"\\n"}', "jsonpath-as-json", '[\n    "web"\n]\n[\n    "\\n"\n]\n'],
];

describe("jsonpath (client-go util/jsonpath as kubectl prints it)", () => {
  it.each(CASES)("%s as %s", (template, format, expected) => {
    const path = parseJsonPath(template);
    expect(format === "jsonpath" ? printJsonPath(path, POD) : printJsonPathAsJson(path, POD)).toBe(expected);
  });

  it("walks a wildcard over a map in sorted key order (Go's map order is random; sorted is one of them)", () => {
    expect(printJsonPath(parseJsonPath("{.metadata.labels.*}"), POD)).toBe("web front");
  });

  it("filters on numbers and !=", () => {
    const data = {
      items: [
        { n: 1, s: "a" },
        { n: 3, s: "b" },
      ],
    };
    expect(printJsonPath(parseJsonPath("{.items[?(@.n>2)].s}"), data)).toBe("b");
    expect(printJsonPath(parseJsonPath('{.items[?(@.s!="a")].n}'), data)).toBe("3");
  });

  it("relaxes custom-columns and --sort-by expressions", () => {
    expect(relaxedJsonPath("metadata.name")).toBe("{.metadata.name}");
    expect(relaxedJsonPath(".metadata.name")).toBe("{.metadata.name}");
    expect(relaxedJsonPath("{.metadata.name}")).toBe("{.metadata.name}");
  });

  it("rejects an unclosed action and a stray end", () => {
    expect(() => parseJsonPath("{.a")).toThrow("unclosed action");
    expect(() => parseJsonPath("{end}")).toThrow("not in range, nothing to end");
  });

  it("encodes like encoding/json.Marshal", () => {
    expect(compactJson({ b: [1, "<x>"], a: { c: true } })).toBe('{"a":{"c":true},"b":[1,"\\u003cx\\u003e"]}');
  });
});
