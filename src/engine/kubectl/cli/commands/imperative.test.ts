import { describe, expect, it } from "vitest";
import { pod, testCluster } from "../../../testing/harness";
import { imperativeCommands } from "./imperative";
import { find, runCommand, testEnv } from "./testEnv";

const cmd = (...path: string[]) => find(imperativeCommands, ...path);
// Stored objects are read loosely: the assertions say what shape is expected.
const stored = (cluster: ReturnType<typeof testCluster>, key: string) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  cluster.apiserver.storage.peek(key)?.object as Record<string, any> | undefined;
const requests = (cluster: ReturnType<typeof testCluster>): string[] =>
  cluster.sim.trace.filter((e) => e.from === "kubectl" && e.kind === "request").map((e) => e.summary);

describe("run and create", () => {
  it("run creates a pod labelled run=NAME, then AlreadyExists", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    expect(runCommand(env, cmd("run"), "web --image=nginx --port=80")).toMatchObject({
      out: "pod/web created\n",
      code: 0,
    });
    expect(pod(cluster, "web")?.metadata?.labels).toEqual({ run: "web" });
    expect(pod(cluster, "web")?.spec?.containers[0]?.ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
    expect(runCommand(env, cmd("run"), "web --image=nginx")).toMatchObject({
      err: 'Error from server (AlreadyExists): pods "web" already exists\n',
      code: 1,
    });
  });

  it("run --dry-run=client -o yaml prints the pod as kubectl does", () => {
    const env = testEnv(testCluster());
    expect(
      runCommand(
        env,
        cmd("run"),
        "bb --image=busybox --restart=Never --env=A=1 --dry-run=client -o yaml --command -- sleep 3600",
      ).out,
    ).toBe(
      `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: bb
  name: bb
spec:
  containers:
  - command:
    - sleep
    - "3600"
    env:
    - name: A
      value: "1"
    image: busybox
    name: bb
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`,
    );
  });

  it("create deployment / namespace / configmap / secret / service", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    expect(runCommand(env, cmd("create", "deployment"), "web --image=nginx:1.27 --replicas=3").out).toBe(
      "deployment.apps/web created\n",
    );
    expect(stored(cluster, "/registry/deployments/default/web")?.spec.template.spec.containers[0].name).toBe(
      "nginx",
    );
    expect(runCommand(env, cmd("create", "deployment"), "web --image=nginx").err).toBe(
      'error: failed to create deployment: deployments.apps "web" already exists\n',
    );
    expect(runCommand(env, cmd("create", "namespace"), "team").out).toBe("namespace/team created\n");
    expect(runCommand(env, cmd("create", "configmap"), "c --from-literal=a=1 --from-literal=b=x=y").out).toBe(
      "configmap/c created\n",
    );
    expect(stored(cluster, "/registry/configmaps/default/c")?.data).toEqual({ a: "1", b: "x=y" });
    expect(runCommand(env, cmd("create", "secret", "generic"), "s --from-literal=password=héllo").out).toBe(
      "secret/s created\n",
    );
    expect(stored(cluster, "/registry/secrets/default/s")?.data).toEqual({ password: "aMOpbGxv" });
    expect(
      runCommand(env, cmd("create", "service", "nodeport"), "web --tcp=80:8080 --dry-run=client -o yaml").out,
    ).toBe(
      `apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: NodePort
status:
  loadBalancer: {}
`,
    );
  });
});

describe("expose, scale, autoscale, set image", () => {
  it("exposes a deployment with its selector", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, cmd("create", "deployment"), "web --image=nginx --port=80");
    expect(runCommand(env, cmd("expose"), "deployment web --type=NodePort").out).toBe(
      "service/web exposed\n",
    );
    const svc =
      stored(cluster, "/registry/services/specs/default/web") ??
      stored(cluster, "/registry/services/default/web");
    expect(svc?.spec.selector).toEqual({ app: "web" });
    expect(svc?.spec.ports[0]).toMatchObject({ port: 80, targetPort: 80, protocol: "TCP" });
    expect(runCommand(env, cmd("expose"), "deployment nope --port=80").err).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
  });

  it("scales, honouring --current-replicas", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, cmd("create", "deployment"), "web --image=nginx --replicas=2");
    expect(runCommand(env, cmd("scale"), "deployment/web --replicas=3 --current-replicas=1")).toMatchObject({
      err: "error: Expected replicas to be 1, was 2\n",
      code: 1,
    });
    cluster.sim.resetTrace();
    expect(runCommand(env, cmd("scale"), "deploy web --replicas=5").out).toBe("deployment.apps/web scaled\n");
    expect(requests(cluster)).toEqual(["PATCH /apis/apps/v1/namespaces/default/deployments/web/scale"]);
    expect(stored(cluster, "/registry/deployments/default/web")?.spec.replicas).toBe(5);
  });

  it("autoscale creates an autoscaling/v2 HPA", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, cmd("create", "deployment"), "web --image=nginx");
    expect(runCommand(env, cmd("autoscale"), "deployment web --min=2 --max=5 --cpu-percent=80").out).toBe(
      "horizontalpodautoscaler.autoscaling/web autoscaled\n",
    );
    const hpa = stored(cluster, "/registry/horizontalpodautoscalers/default/web");
    expect(hpa?.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 5,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
        },
      ],
    });
    expect(runCommand(env, cmd("autoscale"), "deployment web").err).toBe(
      "error: --max=MAXPODS is required and must be at least 1, max: -1\n",
    );
  });

  it("set image", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, cmd("create", "deployment"), "web --image=nginx:1.27");
    expect(runCommand(env, cmd("set", "image"), "deployment/web nginx=nginx:1.28").out).toBe(
      "deployment.apps/web image updated\n",
    );
    expect(stored(cluster, "/registry/deployments/default/web")?.spec.template.spec.containers[0].image).toBe(
      "nginx:1.28",
    );
  });
});

describe("label, annotate, taint, cordon, edit", () => {
  it("labels, refuses to overwrite, removes", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, cmd("run"), "web --image=nginx --labels=app=web");
    expect(runCommand(env, cmd("label"), "pod web tier=fe").out).toBe("pod/web labeled\n");
    expect(runCommand(env, cmd("label"), "pods web app=api")).toMatchObject({
      err: "error: 'app' already has a value (web), and --overwrite is false\n",
      code: 1,
    });
    expect(runCommand(env, cmd("label"), "pod/web app=api --overwrite tier-").out).toBe("pod/web labeled\n");
    expect(pod(cluster, "web")?.metadata?.labels).toEqual({ app: "api" });
    expect(runCommand(env, cmd("annotate"), "pod web note=hi").out).toBe("pod/web annotated\n");
    expect(pod(cluster, "web")?.metadata?.annotations).toEqual({ note: "hi" });
  });

  it("taints and untaints a node", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    const node = [...cluster.kubelets.keys()].find((n) => !n.includes("control")) ?? "";
    expect(runCommand(env, cmd("taint"), `nodes ${node} gpu=true:NoSchedule`).out).toBe(
      `node/${node} tainted\n`,
    );
    const taints = () => stored(cluster, `/registry/minions/${node}`)?.spec.taints;
    expect(taints()).toContainEqual({ key: "gpu", value: "true", effect: "NoSchedule" });
    expect(runCommand(env, cmd("taint"), `node/${node} gpu=false:NoSchedule`).err).toBe(
      `error: node ${node} already has gpu taint(s) with same effect(s) and --overwrite is false\n`,
    );
    expect(runCommand(env, cmd("taint"), `nodes ${node} gpu:NoSchedule-`).out).toBe(
      `node/${node} untainted\n`,
    );
    expect(taints() ?? []).not.toContainEqual(expect.objectContaining({ key: "gpu" }));
  });

  it("cordons and uncordons", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    const node = [...cluster.kubelets.keys()].find((n) => !n.includes("control")) ?? "";
    expect(runCommand(env, cmd("cordon"), node).out).toBe(`node/${node} cordoned\n`);
    expect(runCommand(env, cmd("cordon"), `node/${node}`).out).toBe(`node/${node} already cordoned\n`);
    expect(runCommand(env, cmd("uncordon"), node).out).toBe(`node/${node} uncordoned\n`);
  });

  it("drain refuses unmanaged pods without --force, then evicts them", () => {
    const cluster = testCluster();
    const env = testEnv(cluster);
    runCommand(env, cmd("run"), "solo --image=nginx:1.27");
    cluster.sim.runFor(30_000);
    const node = pod(cluster, "solo")?.spec?.nodeName ?? "";
    expect(runCommand(env, cmd("drain"), node)).toMatchObject({
      out: `node/${node} cordoned\n`,
      err:
        `error: unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): default/solo, continuing command...\n` +
        `There are pending nodes to be drained:\n ${node}\n` +
        "error: cannot delete Pods that declare no controller (use --force to override): default/solo\n",
      code: 1,
    });
    expect(
      runCommand(env, cmd("drain"), `${node} --force --ignore-daemonsets --grace-period=5`),
    ).toMatchObject({
      all:
        `node/${node} already cordoned\n` +
        "Warning: deleting Pods that declare no controller: default/solo\n" +
        `evicting pod default/solo\npod/solo evicted\nnode/${node} drained\n`,
      code: 0,
    });
    expect(pod(cluster, "solo")).toBeUndefined();
  });

  it("edit opens the object in the editor, or says it cannot", () => {
    const cluster = testCluster();
    runCommand(testEnv(cluster), cmd("run"), "web --image=nginx");
    expect(runCommand(testEnv(cluster), cmd("edit"), "pod/web")).toMatchObject({
      err: "error: edit is only available in the browser terminal\n",
      code: 1,
    });
    const opened: [string, string][] = [];
    const env = testEnv(cluster, {}, { openInEditor: (name, text) => opened.push([name, text]) });
    expect(runCommand(env, cmd("edit"), "pod web")).toMatchObject({ out: "", err: "", code: 0 });
    expect(opened[0]?.[0]).toBe("pod/web");
    expect(opened[0]?.[1]).toMatch(/^# Please edit the object below\.[\s\S]*\napiVersion: v1\nkind: Pod\n/);
  });
});
