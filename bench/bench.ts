// `npm run bench`: the engine alone, in Node, as fast as possible. Creates pods directly through
// the apiserver (or, with --deployment, one Deployment of that many replicas, so the deployment
// and ReplicaSet controllers create them) on a cluster of N worker nodes, runs until every pod is
// Running, and prints one JSON line per run. Wall time is measured here, outside the engine. The
// cluster has no kube-proxy/CoreDNS add-ons, so the measured work is only the benchmark's pods.
//
//   npm run bench -- [--nodes 5000] [--pods 10000] [--deployment] [--runs 1] [--no-trace]

import { performance } from "node:perf_hooks";
import { Cluster } from "../src/engine/cluster/cluster";
import type { KubeObject } from "../src/engine/api/objects";

interface Args {
  nodes: number;
  pods: number;
  runs: number;
  keepTrace: boolean;
  deployment: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { nodes: 100, pods: 1000, runs: 1, keepTrace: true, deployment: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`);
      return n;
    };
    if (a === "--nodes") args.nodes = next();
    else if (a === "--pods") args.pods = next();
    else if (a === "--runs") args.runs = next();
    else if (a === "--no-trace") args.keepTrace = false;
    else if (a === "--deployment") args.deployment = true;
    else
      throw new Error(
        `unknown argument ${a}; usage: npm run bench -- [--nodes N] [--pods P] [--deployment] [--runs R] [--no-trace]`,
      );
  }
  return args;
}

function podObject(i: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `bench-${i}`, namespace: "default", labels: { app: "bench" } },
    spec: {
      containers: [
        { name: "app", image: "nginx:1.27", resources: { requests: { cpu: "10m", memory: "16Mi" } } },
      ],
    },
  };
}

function deploymentObject(replicas: number): KubeObject {
  const template = podObject(0);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "bench", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "bench" } },
      template: { metadata: { labels: { app: "bench" } }, spec: template["spec"] },
    },
  };
}

function run(args: Args): Record<string, number | string | boolean> {
  const buildStart = performance.now();
  const cluster = new Cluster({ workers: args.nodes, seed: 1, keepTrace: args.keepTrace, addons: false });
  const buildMs = performance.now() - buildStart;
  const client = cluster.kubectl.client;
  let running = 0;
  let created = 0;
  // Count pods reaching Running from the apiserver's watch, as a client would.
  cluster.apiserver.watch("pods", {
    component: "kubectl",
    namespace: "default",
    handler: (e) => {
      const phase = (e.object["status"] as { phase?: string } | undefined)?.phase;
      if (e.type === "MODIFIED" && phase === "Running" && (e.object.metadata.labels ?? {})["app"] === "bench")
        running++;
    },
  });
  const traceBefore = cluster.sim.traceCount;
  const start = performance.now();
  if (args.deployment)
    client.create("deployments", "default", deploymentObject(args.pods), (r) => {
      if (r.code === 201) created = args.pods;
    });
  else
    for (let i = 0; i < args.pods; i++)
      client.create("pods", "default", podObject(i), (r) => r.code === 201 && created++);
  while (running < args.pods && cluster.sim.step()) {
    /* run */
  }
  const wallMs = performance.now() - start;
  const events = cluster.sim.traceCount - traceBefore;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapMB = process.memoryUsage().heapUsed / (1024 * 1024);
  return {
    nodes: args.nodes,
    pods: args.pods,
    via: args.deployment ? "Deployment" : "Pods",
    created,
    running,
    allRunning: running === args.pods,
    simulatedSeconds: Number((cluster.sim.now / 1000).toFixed(3)),
    clusterBuildMs: Math.round(buildMs),
    wallMs: Math.round(wallMs),
    podsPerSecond: Math.round((running / wallMs) * 1000),
    traceEvents: events,
    eventsPerSecond: Math.round((events / wallMs) * 1000),
    keepTrace: args.keepTrace,
    heapMB: Math.round(heapMB),
  };
}

const args = parseArgs(process.argv.slice(2));
for (let r = 0; r < args.runs; r++) process.stdout.write(`${JSON.stringify(run(args))}\n`);
