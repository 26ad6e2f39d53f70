import { describe, expect, it } from "vitest";
import { pod, podManifest, testCluster } from "../../../testing/harness";
import { objectCommands } from "./objects";
import { imperativeCommands } from "./imperative";
import { find, runCommand, testEnv } from "./testEnv";

const applyCmd = find(objectCommands, "apply");
const createCmd = find(objectCommands, "create");
const replaceCmd = find(objectCommands, "replace");
const deleteCmd = find(objectCommands, "delete");

const requests = (cluster: ReturnType<typeof testCluster>): string[] =>
  cluster.sim.trace.filter((e) => e.from === "kubectl" && e.kind === "request").map((e) => e.summary);

describe("apply / create / replace -f", () => {
  it("applies several files, then reports unchanged", () => {
    const cluster = testCluster();
    const env = testEnv(cluster, { "a.yaml": podManifest("web"), "b.yaml": podManifest("db") });
    expect(runCommand(env, applyCmd, "-f a.yaml -f b.yaml")).toMatchObject({
      out: "pod/web created\npod/db created\n",
      code: 0,
    });
    expect(runCommand(env, applyCmd, "-f a.yaml").out).toBe("pod/web unchanged\n");
  });

  it("errors on a missing document", () => {
    const env = testEnv(testCluster());
    expect(runCommand(env, applyCmd, "-f nope.yaml")).toMatchObject({
      err: 'error: the path "nope.yaml" does not exist\n',
      code: 1,
    });
  });

  it("create POSTs and reports AlreadyExists with the source", () => {
    const cluster = testCluster();
    const env = testEnv(cluster, { "web.yaml": podManifest("web") });
    expect(runCommand(env, createCmd, "-f web.yaml").out).toBe("pod/web created\n");
    expect(requests(cluster)).toEqual(["POST /api/v1/namespaces/default/pods?fieldValidation=Strict"]);
    expect(runCommand(env, createCmd, "-f web.yaml")).toMatchObject({
      err: 'Error from server (AlreadyExists): error when creating "web.yaml": pods "web" already exists\n',
      code: 1,
    });
  });

  it("create uses the -n namespace for objects without one", () => {
    const cluster = testCluster();
    const env = { ...testEnv(cluster, { "web.yaml": podManifest("web") }), namespace: "kube-system" };
    expect(runCommand(env, createCmd, "-f web.yaml").out).toBe("pod/web created\n");
    expect(pod(cluster, "web", "kube-system")).toBeDefined();
  });

  it("replace PUTs with the live resourceVersion", () => {
    const cluster = testCluster();
    const cm = (v: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  k: "${v}"\n`;
    const env = testEnv(cluster, { "web.yaml": cm("1"), "web2.yaml": cm("2") });
    expect(runCommand(env, replaceCmd, "-f web.yaml").err).toBe(
      'Error from server (NotFound): error when replacing "web.yaml": configmaps "web" not found\n',
    );
    runCommand(env, createCmd, "-f web.yaml");
    cluster.sim.resetTrace();
    expect(runCommand(env, replaceCmd, "-f web2.yaml")).toMatchObject({
      out: "configmap/web replaced\n",
      err: "",
    });
    expect(requests(cluster)).toEqual([
      "GET /api/v1/namespaces/default/configmaps/web",
      "PUT /api/v1/namespaces/default/configmaps/web?fieldValidation=Strict",
    ]);
    const stored = cluster.apiserver.storage.peek("/registry/configmaps/default/web")?.object as {
      data?: unknown;
    };
    expect(stored.data).toEqual({ k: "2" });
  });
});

describe("delete", () => {
  it("deletes by TYPE NAME and waits until the pod is gone", () => {
    const cluster = testCluster();
    const env = testEnv(cluster, { "web.yaml": podManifest("web") });
    runCommand(env, createCmd, "-f web.yaml");
    cluster.sim.runFor(20_000);
    const started = cluster.sim.now;
    const result = runCommand(env, deleteCmd, "pod web");
    expect(result).toMatchObject({ out: 'pod "web" deleted\n', code: 0 });
    expect(pod(cluster, "web")).toBeUndefined();
    expect(cluster.sim.now).toBeGreaterThan(started);
  });

  it("reports NotFound and honours --ignore-not-found", () => {
    const env = testEnv(testCluster());
    expect(runCommand(env, deleteCmd, "pod/nope")).toMatchObject({
      err: 'Error from server (NotFound): pods "nope" not found\n',
      code: 1,
    });
    expect(runCommand(env, deleteCmd, "pod nope --ignore-not-found")).toMatchObject({
      out: "",
      err: "",
      code: 0,
    });
  });

  it("--force warns and sends gracePeriodSeconds=0", () => {
    const cluster = testCluster();
    const env = testEnv(cluster, { "web.yaml": podManifest("web") });
    runCommand(env, createCmd, "-f web.yaml");
    const result = runCommand(env, deleteCmd, "pod web --force --wait=false");
    expect(result.all).toBe(
      "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n" +
        'pod "web" force deleted\n',
    );
    expect(pod(cluster, "web")).toBeUndefined();
  });

  it("deletes by label selector, and says so when nothing matches", () => {
    const cluster = testCluster();
    const labelled = (n: string, app: string): string =>
      podManifest(n).replace(`name: ${n}\nspec`, `name: ${n}\n  labels:\n    app: ${app}\nspec`);
    const env = testEnv(cluster, {
      "p.yaml": `${labelled("a", "x")}---\n${labelled("b", "x")}---\n${labelled("c", "y")}`,
    });
    runCommand(env, createCmd, "-f p.yaml");
    expect(runCommand(env, deleteCmd, "pods -l app=x --wait=false").out).toBe(
      'pod "a" deleted\npod "b" deleted\n',
    );
    expect(runCommand(env, deleteCmd, "pods -l app=z").out).toBe("No resources found\n");
    expect(runCommand(env, deleteCmd, "pod")).toMatchObject({
      err: "error: resource(s) were provided, but no name was specified\n",
      code: 1,
    });
  });

  it("deletes the objects of a file with the cascade policy", () => {
    const cluster = testCluster();
    const env = testEnv(cluster, { "web.yaml": podManifest("web") });
    runCommand(env, createCmd, "-f web.yaml");
    const result = runCommand(
      env,
      deleteCmd,
      "-f web.yaml --cascade=foreground --grace-period=0 --wait=false",
    );
    expect(result.out).toBe('pod "web" deleted\n');
    expect(runCommand(env, deleteCmd, "-f web.yaml --cascade=sideways").err).toBe(
      'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n',
    );
  });

  it("--cascade=orphan leaves the ReplicaSet; the default removes it", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    const rsCount = (): number => cluster.objects().filter((o) => o.kind === "ReplicaSet").length;
    runCommand(env, find(imperativeCommands, "create", "deployment"), "a --image=nginx");
    runCommand(env, find(imperativeCommands, "create", "deployment"), "b --image=nginx");
    cluster.sim.runFor(10_000);
    expect(rsCount()).toBe(2);
    expect(runCommand(env, deleteCmd, "deployment a --cascade=orphan").out).toBe(
      'deployment.apps "a" deleted\n',
    );
    cluster.sim.runFor(10_000);
    expect(rsCount()).toBe(2);
    expect(runCommand(env, deleteCmd, "deployment/b").out).toBe('deployment.apps "b" deleted\n');
    cluster.sim.runFor(10_000);
    expect(rsCount()).toBe(1);
  });
});
