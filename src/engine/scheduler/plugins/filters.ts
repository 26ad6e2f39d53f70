// The default profile's Filter plugins, in upstream order (pkg/scheduler/framework/plugins):
// NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit.
// Messages and status codes are upstream's (v1.32): only NodePorts and NodeResourcesFit
// failures can be resolved by preemption.

import type { NodeSelectorRequirement, NodeSelectorTerm } from "../../api/objects";
import { Code, type CycleState, type FilterFailure, type FilterPlugin } from "../framework";
import { type NodeInfo, portKey } from "../nodeInfo";
import { tolerated } from "./tolerations";

export const nodeUnschedulable: FilterPlugin = {
  name: "NodeUnschedulable",
  filter(state, node) {
    if (!node.node.spec?.unschedulable) return undefined;
    const ok = tolerated(state.tolerations, {
      key: "node.kubernetes.io/unschedulable",
      effect: "NoSchedule",
    });
    return ok
      ? undefined
      : { code: Code.UnschedulableAndUnresolvable, reasons: ["node(s) were unschedulable"] };
  },
};

export const nodeName: FilterPlugin = {
  name: "NodeName",
  filter(state, node) {
    const wanted = state.pod.spec?.nodeName;
    if (!wanted || wanted === node.name) return undefined;
    return {
      code: Code.UnschedulableAndUnresolvable,
      reasons: ["node(s) didn't match the requested node name"],
    };
  },
};

export const taintToleration: FilterPlugin = {
  name: "TaintToleration",
  filter(state, node) {
    for (const taint of node.taints) {
      if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
      if (!tolerated(state.tolerations, taint)) {
        return {
          code: Code.UnschedulableAndUnresolvable,
          reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`],
        };
      }
    }
    return undefined;
  },
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      // strconv.ParseInt(s, 10, 64): the whole string must be a decimal integer ("12abc", "1.5" fail).
      if (value === undefined || values.length !== 1) return false;
      const a = parseInt64(value);
      const b = parseInt64(values[0] ?? "");
      if (a === undefined || b === undefined) return false;
      return req.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A node selector term matches when all its expressions and fields match (an empty term matches nothing). */
export function termMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.node.metadata?.labels ?? {};
  for (const e of exprs) if (!requirementMatches(e, labels[e.key])) return false;
  for (const f of fields)
    if (!requirementMatches(f, f.key === "metadata.name" ? node.name : undefined)) return false;
  return true;
}

/** The same check with the selector and terms taken from the cycle state (hot path). */
function cycleMatchesNode(state: CycleState, node: NodeInfo): boolean {
  if (state.nodeSelector.length === 0 && state.requiredTerms === undefined) return true;
  const labels = node.node.metadata?.labels ?? {};
  for (const [k, v] of state.nodeSelector) if (labels[k] !== v) return false;
  const terms = state.requiredTerms;
  if (terms === undefined) return true;
  return terms.some((t) => termMatches(t, node));
}

export const nodeAffinity: FilterPlugin = {
  name: "NodeAffinity",
  filter(state, node) {
    return cycleMatchesNode(state, node)
      ? undefined
      : {
          code: Code.UnschedulableAndUnresolvable,
          reasons: ["node(s) didn't match Pod's node affinity/selector"],
        };
  },
};

/**
 * HostPortInfo.CheckConflict: a wildcard (0.0.0.0) host port conflicts with the same protocol and
 * port on any address; a specific address conflicts with itself and with the wildcard.
 */
function hostPortConflict(
  node: NodeInfo,
  protocol: string | undefined,
  hostIP: string | undefined,
  port: number,
): boolean {
  const wanted = portKey(protocol, hostIP, port);
  const wildcard = portKey(protocol, undefined, port);
  if (wanted !== wildcard) return node.usedPorts.has(wanted) || node.usedPorts.has(wildcard);
  const [proto, , portText] = wanted.split("/");
  for (const used of node.usedPorts) {
    const [p, , n] = used.split("/");
    if (p === proto && n === portText) return true;
  }
  return false;
}

export const nodePorts: FilterPlugin = {
  name: "NodePorts",
  filter(state, node) {
    for (const c of state.pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (!p.hostPort || p.hostPort <= 0) continue;
        if (hostPortConflict(node, p.protocol, p.hostIP, p.hostPort)) {
          return {
            code: Code.Unschedulable,
            reasons: ["node(s) didn't have free ports for the requested pod ports"],
          };
        }
      }
    }
    return undefined;
  },
};

export const nodeResourcesFit: FilterPlugin = {
  name: "NodeResourcesFit",
  filter(state: CycleState, node: NodeInfo): FilterFailure | undefined {
    const reasons: string[] = [];
    if (node.pods.size + 1 > node.allocatablePods) reasons.push("Too many pods");
    const r = state.requests;
    if (r.milliCpu > 0 && r.milliCpu > node.allocatableMilliCpu - node.requestedMilliCpu)
      reasons.push("Insufficient cpu");
    if (r.memory > 0 && r.memory > node.allocatableMemory - node.requestedMemory)
      reasons.push("Insufficient memory");
    for (const [name, value] of r.scalar) {
      if (
        value > 0 &&
        value > (node.allocatableScalar.get(name) ?? 0) - (node.requestedScalar.get(name) ?? 0)
      ) {
        reasons.push(`Insufficient ${name}`);
      }
    }
    return reasons.length ? { code: Code.Unschedulable, reasons } : undefined;
  },
};

export const defaultFilterPlugins: readonly FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
];
