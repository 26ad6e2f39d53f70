import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../engine/trace/traceEvent";
import { dotStyle, travelMs } from "./dots";
import { objectKeyOf } from "./layout";

const event = (e: Partial<TraceEvent>): TraceEvent =>
  ({
    seq: 1,
    time: 0,
    from: "kubectl",
    to: "kube-apiserver",
    kind: "request",
    summary: "",
    ...e,
  }) as TraceEvent;

describe("message dots", () => {
  it("tells requests, responses, watch events, internal steps and errors apart", () => {
    expect(dotStyle(event({ kind: "request" }))).toBe("request");
    expect(
      dotStyle(event({ kind: "response", detail: { type: "http", method: "POST", path: "/", code: 201 } })),
    ).toBe("response");
    expect(
      dotStyle(event({ kind: "response", detail: { type: "http", method: "GET", path: "/", code: 404 } })),
    ).toBe("error");
    expect(
      dotStyle(event({ kind: "response", detail: { type: "etcd", op: "txn", key: "/k", succeeded: false } })),
    ).toBe("error");
    expect(dotStyle(event({ kind: "watch" }))).toBe("watch");
    expect(dotStyle(event({ kind: "internal" }))).toBe("internal");
    expect(
      dotStyle(
        event({ kind: "internal", detail: { type: "stage", stage: "validation", ok: false, notes: [] } }),
      ),
    ).toBe("error");
  });

  it("travels for 350–600 ms of wall time whatever the wire's length", () => {
    expect(travelMs(0)).toBe(350);
    expect(travelMs(300)).toBeGreaterThan(350);
    expect(travelMs(100_000)).toBe(600);
  });

  it("maps pod and node boxes back to their etcd keys", () => {
    expect(objectKeyOf("pod:/registry/pods/default/web")).toBe("/registry/pods/default/web");
    expect(objectKeyOf("node/node-1")).toBe("/registry/minions/node-1");
    expect(objectKeyOf("kubelet/node-1")).toBeUndefined();
  });
});
