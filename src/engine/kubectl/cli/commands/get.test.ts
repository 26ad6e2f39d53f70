// `kubectl get` against a whole simulated cluster: tables as kubectl v1.32 lays them out
// (cli-runtime tableprinter + tabwriter), the generic printers, errors and -w streaming.

import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../cluster/cluster";
import { apply, pods, testCluster } from "../../../testing/harness";
import { GET_COMMAND } from "./get";
import { REQUIRED_RESOURCE_ERROR } from "./getFetch";
import { runSpec } from "./getTestKit";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;

let cluster: Cluster;
let podNames: string[];
let rsName: string;
const get = (args: string[], flags: Parameters<typeof runSpec>[3] = {}, namespace?: string) =>
  runSpec(cluster, GET_COMMAND, args, flags, namespace !== undefined ? { namespace } : {});

beforeAll(() => {
  cluster = testCluster();
  apply(cluster, DEPLOYMENT);
  cluster.sim.runFor(60_000);
  podNames = pods(cluster)
    .filter((p) => p.metadata?.namespace === "default")
    .map((p) => p.metadata?.name ?? "")
    .sort();
  rsName = (podNames[0] ?? "").replace(/-[^-]+$/, "");
});

describe("kubectl get: tables", () => {
  it("lists pods in the namespace, in etcd key order", () => {
    const [a, b] = podNames as [string, string];
    expect(a).toMatch(/^web-[a-z0-9]{10}-[a-z0-9]{5}$/);
    const r = get(["pods"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toBe(
      "NAME                   READY   STATUS    RESTARTS   AGE\n" +
        `${a}   1/1     Running   0          60s\n` +
        `${b}   1/1     Running   0          60s\n`,
    );
    expect(get(["po"], { "no-headers": true }).out).toBe(
      `${a}   1/1   Running   0     60s\n${b}   1/1   Running   0     60s\n`,
    );
  });

  it("traces the LIST as kubectl → kube-apiserver, with the selectors in the query", () => {
    const before = cluster.sim.trace.length;
    get(["pods"], { selector: "app=web", "field-selector": "spec.nodeName=node-1" });
    const requests = cluster.sim.trace
      .slice(before)
      .filter((e) => e.from === "kubectl" && e.kind === "request");
    expect(requests.map((e) => e.summary)).toEqual([
      "GET /api/v1/namespaces/default/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dnode-1",
    ]);
  });

  it("filters by label and field selectors on the server", () => {
    expect(get(["pods"], { selector: "app=db" }).err).toBe("No resources found in default namespace.\n");
    const onNode1 = pods(cluster).filter(
      (p) => p.spec?.nodeName === "node-1" && p.metadata?.namespace === "default",
    );
    const out = get(["pods"], { "field-selector": "spec.nodeName=node-1", "no-headers": true }).out;
    expect(out.split("\n").filter((l) => l !== "").length).toBe(onNode1.length);
  });

  it("get all: kind-prefixed names, one table per type, a blank line between them", () => {
    const [a, b] = podNames as [string, string];
    const r = get(["all"]);
    expect(r.out).toBe(
      "NAME                       READY   STATUS    RESTARTS   AGE\n" +
        `pod/${a}   1/1     Running   0          60s\n` +
        `pod/${b}   1/1     Running   0          60s\n` +
        "\n" +
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n" +
        "deployment.apps/web   2/2     2            2           60s\n" +
        "\n" +
        "NAME                             DESIRED   CURRENT   READY   AGE\n" +
        `replicaset.apps/${rsName}   2         2         2       60s\n`,
    );
    expect(get(["all"], {}, "empty").err).toBe("No resources found in empty namespace.\n");
  });

  it("--show-labels and -L add columns after the printer's", () => {
    const [a] = podNames as [string];
    const hash = rsName.slice("web-".length);
    const r = get(["pods"], { "show-labels": true, "label-columns": ["app", "pod-template-hash,missing"] });
    expect(r.out.split("\n")[0]).toBe(
      "NAME                   READY   STATUS    RESTARTS   AGE   APP   POD-TEMPLATE-HASH   MISSING   LABELS",
    );
    expect(r.out.split("\n")[1]).toBe(
      `${a}   1/1     Running   0          60s   web   ${hash}                    app=web,pod-template-hash=${hash}`,
    );
  });

  it("-A adds NAMESPACE for namespaced kinds only", () => {
    const r = get(["pods"], { "all-namespaces": true });
    expect(r.out.split("\n")[0]).toMatch(/^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(r.out).toContain("kube-system   kube-apiserver-control-plane");
    expect(get(["nodes"], { "all-namespaces": true }).out.split("\n")[0]).toBe(
      "NAME            STATUS   ROLES           AGE   VERSION",
    );
  });

  it("sorts with --sort-by, objects without the field first", () => {
    const names = (out: string) =>
      out
        .split("\n")
        .slice(1, -1)
        .map((l) => l.split(/ +/)[0]);
    const byNode = get(["pods"], { "sort-by": "{.spec.nodeName}" });
    const nodes = pods(cluster)
      .filter((p) => p.metadata?.namespace === "default")
      .sort((x, y) => ((x.spec?.nodeName ?? "") < (y.spec?.nodeName ?? "") ? -1 : 1))
      .map((p) => p.metadata?.name);
    expect(names(byNode.out)).toEqual(nodes);
    const events = get(["events"], { "sort-by": ".lastTimestamp" });
    expect(events.code).toBe(0);
    expect(events.out.split("\n")[0]).toBe(
      "LAST SEEN   TYPE     REASON              OBJECT                      MESSAGE",
    );
    const ages = events.out
      .split("\n")
      .slice(1, -1)
      .map((l) => Number.parseInt(l, 10));
    expect([...ages].sort((x, y) => y - x)).toEqual(ages);
    expect(get(["pods"], { "sort-by": ".spec.nope" }).err).toBe(
      'error: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n',
    );
  });
});

describe("kubectl get: errors and empty results", () => {
  it("prints what it found, then the server's NotFound", () => {
    const r = get(["deploy/web", "deployment/nope"]);
    expect(r.out).toBe(
      "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           60s\n",
    );
    expect(r.err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(r.code).toBe(1);
    expect(get(["pods", "x"]).err).toBe('Error from server (NotFound): pods "x" not found\n');
    expect(get(["pods", "x"], { "ignore-not-found": true })).toMatchObject({ out: "", err: "", code: 0 });
  });

  it("deployment/web and service/x together: kind-prefixed", () => {
    const r = get(["deploy/web", "rs/" + rsName]);
    expect(r.out).toBe(
      "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n" +
        "deployment.apps/web   2/2     2            2           60s\n" +
        "\n" +
        "NAME                             DESIRED   CURRENT   READY   AGE\n" +
        `replicaset.apps/${rsName}   2         2         2       60s\n`,
    );
  });

  it("TYPE.VERSION.GROUP", () => {
    expect(get(["deployments.v1.apps"], { output: "name" }).out).toBe("deployment.apps/web\n");
    expect(get(["deployments.v2.apps"]).err).toBe(
      'error: the server doesn\'t have a resource type "deployments.v2.apps"\n',
    );
  });

  it("client-side errors", () => {
    expect(get(["podz"])).toMatchObject({
      err: 'error: the server doesn\'t have a resource type "podz"\n',
      code: 1,
    });
    expect(get([])).toMatchObject({ err: REQUIRED_RESOURCE_ERROR, code: 1 });
    expect(get(["pods", "pod/x"]).err).toMatch(
      /^error: there is no need to specify a resource type as a separate argument/,
    );
    expect(get(["pods"], { output: "foo" }).err).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
    expect(get(["pods,svc"], { watch: true }).err).toBe(
      "error: watch is only supported on individual resources and resource collections, but 2 resources were found\n",
    );
  });

  it("No resources found: with the namespace only for namespaced kinds without -A", () => {
    expect(get(["secrets"]).err).toBe("No resources found in default namespace.\n");
    expect(get(["cm"], { "all-namespaces": true }).err).toBe("No resources found\n");
    expect(get(["pv"]).err).toBe("No resources found\n");
  });
});

describe("kubectl get: output formats", () => {
  it("-o name", () => {
    expect(get(["deploy,rs"], { output: "name" }).out).toBe(
      `deployment.apps/web\nreplicaset.apps/${rsName}\n`,
    );
  });

  it("-o yaml: a named object bare, anything else in a List", () => {
    const one = get(["deploy", "web"], { output: "yaml" }).out;
    expect(one.startsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n")).toBe(true);
    const list = get(["deploy"], { output: "yaml" }).out;
    expect(list.startsWith("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n")).toBe(true);
    expect(list.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    const json = JSON.parse(get(["pods"], { output: "json" }).out) as {
      kind: string;
      items: { kind: string }[];
    };
    expect(json.kind).toBe("List");
    expect(json.items.map((i) => i.kind)).toEqual(["Pod", "Pod"]);
  });

  it("-o jsonpath and jsonpath-as-json over the List", () => {
    expect(get(["pods"], { output: "jsonpath={.items[*].metadata.name}" }).out).toBe(podNames.join(" "));
    expect(
      get(["pods"], {
        output: 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
      }).out,
    ).toBe(podNames.map((n) => `${n}\tRunning\n`).join(""));
    expect(get(["deploy", "web"], { output: "jsonpath-as-json={.spec.replicas}" }).out).toBe("[\n    2\n]\n");
  });

  it("-o custom-columns: <none> for missing fields, several values joined by commas", () => {
    const [a, b] = podNames as [string, string];
    const r = get(["pods"], {
      output: "custom-columns=NAME:.metadata.name,C:.spec.containers[*].name,X:.spec.nope",
    });
    expect(r.out).toBe(
      "NAME                   C       X\n" + `${a}   nginx   <none>\n` + `${b}   nginx   <none>\n`,
    );
    expect(get(["pods"], { output: "custom-columns=NAME" }).err).toBe(
      "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n",
    );
  });
});

describe("kubectl get componentstatuses", () => {
  it("warns that the API is deprecated and lists the control plane as Healthy", () => {
    const r = get(["cs"]);
    expect(r.err).toBe("Warning: v1 ComponentStatus is deprecated in v1.19+\n");
    expect(r.out).toBe(
      "NAME                 STATUS    MESSAGE   ERROR\n" +
        "scheduler            Healthy   ok        \n" +
        "controller-manager   Healthy   ok        \n" +
        "etcd-0               Healthy   ok        \n",
    );
  });
});

describe("kubectl get -w", () => {
  it("prints the list, then a row per watch event, until cancelled", () => {
    const c = testCluster();
    const run = runSpec(c, GET_COMMAND, ["pods"], { watch: true }, { wait: false });
    c.sim.runFor(1000);
    expect(run.out).toBe("");
    expect(run.code).toBeUndefined();
    apply(
      c,
      "apiVersion: v1\nkind: Pod\nmetadata: {name: a-rather-long-pod-name}\nspec:\n  containers: [{name: c, image: nginx}]\n",
    );
    c.sim.runFor(10_000);
    const lines = run.out.split("\n");
    expect(lines[0]).toBe("NAME                     READY   STATUS    RESTARTS   AGE");
    expect(lines[1]).toBe("a-rather-long-pod-name   0/1     Pending   0          0s");
    expect(run.out).toContain("a-rather-long-pod-name   0/1     ContainerCreating   0          0s\n");
    expect(run.out).toMatch(/a-rather-long-pod-name {3}1\/1 {5}Running {13}0 {10}\ds\n$/);
    const watchers = c.apiserver.watchCache("pods").watcherCount;
    run.handle?.cancel();
    expect(run.code).toBe(130);
    expect(c.apiserver.watchCache("pods").watcherCount).toBe(watchers - 1);
    const printed = run.out;
    apply(
      c,
      "apiVersion: v1\nkind: Pod\nmetadata: {name: later}\nspec:\n  containers: [{name: c, image: nginx}]\n",
    );
    c.sim.runFor(5_000);
    expect(run.out).toBe(printed);
  });
});

describe("kubectl get -w variants", () => {
  it("a named object with --output-watch-events; --watch-only skips the listed objects", () => {
    const c = testCluster();
    apply(c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: '1'}\n");
    apply(c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {a: '1'}\n");
    const named = runSpec(
      c,
      GET_COMMAND,
      ["cm", "cfg"],
      { watch: true, "output-watch-events": true },
      { wait: false },
    );
    const only = runSpec(c, GET_COMMAND, ["cm"], { "watch-only": true, output: "name" }, { wait: false });
    c.sim.runFor(1_000);
    expect(named.out).toBe("EVENT   NAME   DATA   AGE\nADDED   cfg    1      0s\n");
    expect(only.out).toBe("");
    apply(c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: '1', b: '2'}\n");
    apply(c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {a: '2'}\n");
    c.sim.runFor(1_000);
    expect(named.out).toBe(
      "EVENT   NAME   DATA   AGE\nADDED   cfg    1      0s\nMODIFIED   cfg    2      1s\n",
    );
    expect(only.out).toBe("configmap/cfg\nconfigmap/other\n");
    named.handle?.cancel();
    only.handle?.cancel();
  });
});
