import { describe, expect, it } from "vitest";

import { goFormatFloat, marshalYaml, yamlKeyLess } from "./goYaml";
import { namespaces, runningPod } from "./testFixtures";
import { kubectlList, marshalJson, printList, printObject, printObjects } from "./yamlPrinter";

// Expected outputs were produced by kubectl v1.32.4 (`kubectl get … -o yaml|json`) against a stub
// apiserver serving exactly these objects. A randomized comparison of a few hundred objects with
// adversarial strings and keys against the same kubectl also came out byte-identical.

const tricky = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "tricky",
    namespace: "default",
    labels: {
      app: "web",
      a10: "x",
      a9: "y",
      _u: "z",
      Zed: "q",
      "a-b": "c",
      "a.b": "d",
      "app.kubernetes.io/name": "web",
    },
  },
  data: {
    colon: "a: b",
    empty: "",
    truthy: "true",
    yes: "yes",
    number: "123",
    octal: "0755",
    float: "1.5",
    exp: "1e3",
    hex: "0x1F",
    tilde: "~",
    nul: "null",
    star: "*",
    dash: "- a",
    hash: "a #b",
    lead: " x",
    trail: "x ",
    html: "a<b>&c",
    unicode: "héllo ☃",
    emoji: "😀",
    tab: "a\tb",
    ctl: "a\u0001b",
    quote: 'it\'s "q"',
    ts: "2026-01-01T09:00:00Z",
    date: "2026-01-01",
    sixty: "1:20",
    multi: "line1\nline2\n",
    strip: "a\nb",
    keep: "a\n\n",
    indented: "  a\nb",
    spaceBreak: "a \nb",
    long: "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available",
    longQuoted: "a".repeat(40) + ' "quoted" ' + "b ".repeat(40) + "\t",
  },
  nested: {
    list: [["a", "b"], [], {}, "x", 1, 1.5, 1e-7, 1234567.5, true, null],
    ["k".repeat(130)]: ["a", "b"],
    ["m".repeat(130)]: { q: 1 },
  },
};

describe("-o yaml", () => {
  it("prints a pod like kubectl get pod -o yaml", () => {
    expect(printObject(runningPod, "yaml")).toBe(
      `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2026-01-11T09:55:00Z"
  name: web-7d4b9c8f6-x2x9z
  namespace: default
  resourceVersion: "100"
  uid: uid-web-7d4b9c8f6-x2x9z
spec:
  containers:
  - image: nginx:1.27
    name: app
    resources: {}
  nodeName: worker-1
status:
  conditions:
  - lastTransitionTime: "2026-01-11T10:00:00Z"
    status: "True"
    type: Initialized
  - lastTransitionTime: "2026-01-11T10:00:00Z"
    status: "True"
    type: Ready
  - lastTransitionTime: "2026-01-11T10:00:00Z"
    status: "True"
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://app
    image: nginx:1.27
    imageID: docker.io/library/nginx:1.27@sha256:0000
    name: app
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: "2026-01-11T10:00:00Z"
  hostIP: 172.18.0.3
  phase: Running
  podIP: 10.244.1.5
  podIPs:
  - ip: 10.244.1.5
  qosClass: BestEffort
  startTime: "2026-01-11T09:55:00Z"
`,
    );
  });

  it("quotes, folds and sorts like sigs.k8s.io/yaml (go-yaml v2)", () => {
    expect(marshalYaml(tricky)).toBe(
      `apiVersion: v1
data:
  colon: 'a: b'
  ctl: "a\\x01b"
  dash: '- a'
  date: "2026-01-01"
  emoji: "\\U0001F600"
  empty: ""
  exp: "1e3"
  float: "1.5"
  hash: 'a #b'
  hex: "0x1F"
  html: a<b>&c
  indented: |2-
      a
    b
  keep: |+
    a

  lead: ' x'
  long: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:
    }, 2 Insufficient cpu. preemption: 0/3 nodes are available'
  longQuoted: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \\"quoted\\" b b b b b b b b
    b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b \\t"
  multi: |
    line1
    line2
  nul: "null"
  number: "123"
  octal: "0755"
  quote: it's "q"
  sixty: "1:20"
  spaceBreak: "a \\nb"
  star: '*'
  strip: |-
    a
    b
  tab: "a\\tb"
  tilde: "~"
  trail: 'x '
  truthy: "true"
  ts: "2026-01-01T09:00:00Z"
  unicode: héllo ☃
  "yes": "yes"
kind: ConfigMap
metadata:
  labels:
    _u: z
    Zed: q
    a-b: c
    a.b: d
    a9: "y"
    a10: x
    app: web
    app.kubernetes.io/name: web
  name: tricky
  namespace: default
nested:
  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
  : - a
    - b
  list:
  - - a
    - b
  - []
  - {}
  - x
  - 1
  - 1.5
  - 1e-07
  - 1.2345675e+06
  - true
  - null
  ? mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
  : q: 1
`,
    );
  });

  it("wraps listings in a kind: List with an empty resourceVersion", () => {
    expect(printList([namespaces[0], namespaces[4]], "yaml")).toBe(
      `apiVersion: v1
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    creationTimestamp: "2026-01-01T09:00:00Z"
    labels:
      kubernetes.io/metadata.name: default
    name: default
    resourceVersion: "100"
    uid: uid-default
  spec:
    finalizers:
    - kubernetes
  status:
    phase: Active
- apiVersion: v1
  kind: Namespace
  metadata:
    creationTimestamp: "2026-01-11T11:53:00Z"
    deletionTimestamp: "2026-01-11T11:59:50Z"
    labels:
      kubernetes.io/metadata.name: team-a
    name: team-a
    resourceVersion: "100"
    uid: uid-team-a
  spec:
    finalizers:
    - kubernetes
  status:
    phase: Terminating
kind: List
metadata:
  resourceVersion: ""
`,
    );
    expect(printList([], "yaml")).toBe(
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
    expect(kubectlList([]).kind).toBe("List");
  });

  it("prints apply's List with bare metadata", () => {
    const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    expect(printList([ns("a"), ns("b")], "yaml", "apply")).toBe(
      "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n" +
        "- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: b\nkind: List\nmetadata: {}\n",
    );
  });

  it("separates several printed objects with --- (JSON just concatenates)", () => {
    const a = { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } };
    const b = { apiVersion: "v1", kind: "Namespace", metadata: { name: "b" } };
    expect(printObjects([a, b], "yaml")).toBe(
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n",
    );
    expect(printObjects([a, b], "json")).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "Namespace",\n    "metadata": {\n        "name": "a"\n    }\n}\n' +
        '{\n    "apiVersion": "v1",\n    "kind": "Namespace",\n    "metadata": {\n        "name": "b"\n    }\n}\n',
    );
  });

  it("prints null fields, empty collections and top-level scalars", () => {
    expect(marshalYaml({ creationTimestamp: null, a: {}, b: [] })).toBe(
      "a: {}\nb: []\ncreationTimestamp: null\n",
    );
    expect(marshalYaml({})).toBe("{}\n");
  });
});

describe("-o json", () => {
  it("indents by 4, sorts keys bytewise and escapes HTML characters like encoding/json", () => {
    expect(marshalJson(tricky)).toBe(
      `{
    "apiVersion": "v1",
    "data": {
        "colon": "a: b",
        "ctl": "a\\u0001b",
        "dash": "- a",
        "date": "2026-01-01",
        "emoji": "😀",
        "empty": "",
        "exp": "1e3",
        "float": "1.5",
        "hash": "a #b",
        "hex": "0x1F",
        "html": "a\\u003cb\\u003e\\u0026c",
        "indented": "  a\\nb",
        "keep": "a\\n\\n",
        "lead": " x",
        "long": "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available",
        "longQuoted": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \\"quoted\\" b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b \\t",
        "multi": "line1\\nline2\\n",
        "nul": "null",
        "number": "123",
        "octal": "0755",
        "quote": "it's \\"q\\"",
        "sixty": "1:20",
        "spaceBreak": "a \\nb",
        "star": "*",
        "strip": "a\\nb",
        "tab": "a\\tb",
        "tilde": "~",
        "trail": "x ",
        "truthy": "true",
        "ts": "2026-01-01T09:00:00Z",
        "unicode": "héllo ☃",
        "yes": "yes"
    },
    "kind": "ConfigMap",
    "metadata": {
        "labels": {
            "Zed": "q",
            "_u": "z",
            "a-b": "c",
            "a.b": "d",
            "a10": "x",
            "a9": "y",
            "app": "web",
            "app.kubernetes.io/name": "web"
        },
        "name": "tricky",
        "namespace": "default"
    },
    "nested": {
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": [
            "a",
            "b"
        ],
        "list": [
            [
                "a",
                "b"
            ],
            [],
            {},
            "x",
            1,
            1.5,
            1e-7,
            1234567.5,
            true,
            null
        ],
        "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm": {
            "q": 1
        }
    }
}
`,
    );
  });

  it("wraps listings in a kind: List", () => {
    expect(printList([namespaces[0], namespaces[4]], "json")).toBe(
      `{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {
                "creationTimestamp": "2026-01-01T09:00:00Z",
                "labels": {
                    "kubernetes.io/metadata.name": "default"
                },
                "name": "default",
                "resourceVersion": "100",
                "uid": "uid-default"
            },
            "spec": {
                "finalizers": [
                    "kubernetes"
                ]
            },
            "status": {
                "phase": "Active"
            }
        },
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {
                "creationTimestamp": "2026-01-11T11:53:00Z",
                "deletionTimestamp": "2026-01-11T11:59:50Z",
                "labels": {
                    "kubernetes.io/metadata.name": "team-a"
                },
                "name": "team-a",
                "resourceVersion": "100",
                "uid": "uid-team-a"
            },
            "spec": {
                "finalizers": [
                    "kubernetes"
                ]
            },
            "status": {
                "phase": "Terminating"
            }
        }
    ],
    "kind": "List",
    "metadata": {
        "resourceVersion": ""
    }
}
`,
    );
    expect(printList([], "json")).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });

  it("keeps integer-like keys in byte order, not JS property order", () => {
    expect(marshalJson({ b: 1, "10": 2, "9": 3 })).toBe('{\n    "10": 2,\n    "9": 3,\n    "b": 1\n}\n');
  });
});

describe("go-yaml v2 details", () => {
  it("orders keys naturally: digit runs by value, non-letters before letters", () => {
    expect(yamlKeyLess("a9", "a10")).toBe(true);
    expect(yamlKeyLess("_u", "Zed")).toBe(true);
    expect(yamlKeyLess("Zed", "a-b")).toBe(true);
    expect(yamlKeyLess("a-b", "a.b")).toBe(true);
    expect(yamlKeyLess("app", "app.kubernetes.io/name")).toBe(true);
    expect(yamlKeyLess("a1", "a01")).toBe(true);
  });

  it("formats floats like strconv.FormatFloat(f, 'g', -1, 64)", () => {
    expect(goFormatFloat(1.5)).toBe("1.5");
    expect(goFormatFloat(1e-7)).toBe("1e-07");
    expect(goFormatFloat(0.0001)).toBe("0.0001");
    expect(goFormatFloat(100000.5)).toBe("100000.5");
    expect(goFormatFloat(1234567.5)).toBe("1.2345675e+06");
    expect(goFormatFloat(1e21)).toBe("1e+21");
    expect(goFormatFloat(-2.5e-5)).toBe("-2.5e-05");
  });
});
