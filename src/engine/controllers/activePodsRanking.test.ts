import { describe, expect, it } from "vitest";
import type { Pod } from "../api/objects";
import { DEFAULT_EPOCH_MS, HOUR, MINUTE, SECOND, formatRfc3339 } from "../sim/time";
import { POD_DELETION_COST_ANNOTATION, getPodsToDelete, podDeletionCost } from "./activePodsRanking";

const NOW = DEFAULT_EPOCH_MS;

interface Options {
  node?: string;
  phase?: string;
  readyAgo?: number;
  createdAgo?: number;
  restarts?: number;
  cost?: string;
  uid?: string;
}

function pod(name: string, o: Options = {}): Pod {
  return {
    metadata: {
      name,
      namespace: "default",
      uid: o.uid ?? `uid-${name}`,
      creationTimestamp: formatRfc3339(NOW - (o.createdAgo ?? 2 * HOUR)),
      ...(o.cost !== undefined ? { annotations: { [POD_DELETION_COST_ANNOTATION]: o.cost } } : {}),
    },
    spec: { containers: [{ name: "c" }], ...(o.node !== undefined ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? "Running",
      conditions:
        o.readyAgo !== undefined
          ? [{ type: "Ready", status: "True", lastTransitionTime: formatRfc3339(NOW - o.readyAgo) }]
          : [{ type: "Ready", status: "False" }],
      containerStatuses: [
        {
          name: "c",
          image: "x",
          imageID: "",
          ready: o.readyAgo !== undefined,
          restartCount: o.restarts ?? 0,
        },
      ],
    },
  };
}

const names = (pods: Pod[]): (string | undefined)[] => pods.map((p) => p.metadata?.name);

describe("getPodsToDelete (ActivePodsWithRanks)", () => {
  it("orders unassigned, Pending, Unknown, not ready, ready for less time, more restarts, newer", () => {
    const pods = [
      pod("h-older", { node: "n1", readyAgo: HOUR, createdAgo: 3 * HOUR }),
      pod("f-restarts", { node: "n1", readyAgo: HOUR, restarts: 3 }),
      pod("d-not-ready", { node: "n1" }),
      pod("c-unknown", { node: "n1", phase: "Unknown" }),
      pod("g-newer", { node: "n1", readyAgo: HOUR, createdAgo: 40 * MINUTE }),
      pod("e-ready-briefly", { node: "n1", readyAgo: 10 * SECOND }),
      pod("b-pending", { node: "n1", phase: "Pending" }),
      pod("a-unassigned", { phase: "Pending" }),
    ];
    expect(names(getPodsToDelete(pods, [], 7, NOW))).toEqual([
      "a-unassigned",
      "b-pending",
      "c-unknown",
      "d-not-ready",
      "e-ready-briefly",
      "f-restarts",
      "g-newer",
    ]);
  });

  it("deletes the lower pod-deletion-cost first, and doubled-up pods before lone ones", () => {
    const cheap = pod("cheap", { node: "n1", readyAgo: HOUR, cost: "-5" });
    const dear = pod("dear", { node: "n2", readyAgo: HOUR, cost: "100" });
    expect(names(getPodsToDelete([dear, cheap], [], 1, NOW))).toEqual(["cheap"]);
    const lone = pod("lone", { node: "n1", readyAgo: HOUR });
    const crowded = pod("crowded", { node: "n2", readyAgo: HOUR });
    const neighbour = pod("neighbour", { node: "n2", readyAgo: HOUR });
    // Related pods (of the Deployment's other ReplicaSets) on n2 make `crowded` go first.
    expect(names(getPodsToDelete([lone, crowded], [lone, crowded, neighbour], 1, NOW))).toEqual(["crowded"]);
  });

  it("breaks ties between ready times in the same power-of-two bucket by uid (LogarithmicScaleDown)", () => {
    // Ready 60 and 61 minutes ago: different times in the same floor(log2(ns)) bucket, so upstream
    // decides right there by uid (the lower first), even though `a` became ready earlier.
    const a = pod("a", { node: "n1", readyAgo: 61 * MINUTE, uid: "b-uid" });
    const b = pod("b", { node: "n1", readyAgo: 60 * MINUTE, uid: "a-uid" });
    expect(names(getPodsToDelete([a, b], [], 1, NOW))).toEqual(["b"]);
  });

  it("does not sort when every pod goes", () => {
    const pods = [pod("z", { node: "n1", readyAgo: HOUR }), pod("a", { phase: "Pending" })];
    expect(names(getPodsToDelete(pods, [], 2, NOW))).toEqual(["z", "a"]);
  });

  it("reads controller.kubernetes.io/pod-deletion-cost as upstream validates it", () => {
    const cost = (value: string): number => podDeletionCost(pod("p", { cost: value }));
    expect([
      cost("7"),
      cost("-7"),
      cost("0"),
      cost("+7"),
      cost("007"),
      cost("2147483648"),
      cost("x"),
    ]).toEqual([7, -7, 0, 0, 0, 0, 0]);
  });
});
