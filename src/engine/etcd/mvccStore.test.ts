import { describe, it, expect } from "vitest";
import { Cmp, MvccErrors, MvccStore, Op, type KeyValue, type WatchEvent } from "./mvccStore";

interface Obj {
  readonly n: number;
}

function keysOf(kvs: readonly KeyValue<Obj>[]): string[] {
  return kvs.map((kv) => kv.key);
}

/** Compact form of events: "PUT key@rev" / "DELETE key@rev". */
function describeEvents(events: readonly WatchEvent<Obj>[]): string[] {
  return events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`);
}

function okRange(store: MvccStore<Obj>, ...args: Parameters<MvccStore<Obj>["range"]>) {
  const result = store.range(...args);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe("MvccStore revisions", () => {
  it("starts at revision 1 and bumps the revision once per write", () => {
    const store = new MvccStore<Obj>();
    expect(store.revision).toBe(1);
    expect(store.compactRevision).toBe(0);
    expect(store.put("a", { n: 1 }).revision).toBe(2);
    expect(store.put("b", { n: 2 }).revision).toBe(3);
    expect(store.revision).toBe(3);
    expect(store.size).toBe(2);
  });

  it("tracks createRevision, modRevision and version per key", () => {
    const store = new MvccStore<Obj>();
    const v1 = { n: 1 };
    store.put("a", v1);
    store.put("other", { n: 0 });
    const second = store.put("a", { n: 2 });
    expect(second.prevKv).toEqual({ key: "a", createRevision: 2, modRevision: 2, version: 1, value: v1 });
    expect(second.prevKv?.value).toBe(v1); // by reference, never copied
    expect(store.get("a")).toEqual({
      key: "a",
      createRevision: 2,
      modRevision: 4,
      version: 2,
      value: { n: 2 },
    });

    const del = store.delete("a");
    expect(del).toMatchObject({ revision: 5, deleted: 1 });
    expect(del.prevKvs[0]?.version).toBe(2);
    expect(store.get("a")).toBeUndefined();
    expect(store.size).toBe(1);

    store.put("a", { n: 3 });
    expect(store.get("a")).toMatchObject({ createRevision: 6, modRevision: 6, version: 1 });
  });

  it("does not bump the revision when a delete finds nothing", () => {
    const store = new MvccStore<Obj>();
    store.put("a", { n: 1 });
    expect(store.delete("missing")).toEqual({ revision: 2, deleted: 0, prevKvs: [] });
    expect(store.revision).toBe(2);
  });
});

describe("MvccStore range", () => {
  it("ranges by prefix in key order, with limit and countOnly", () => {
    const store = new MvccStore<Obj>();
    for (const key of ["/pods/b", "/nodes/x", "/pods/a", "/pods/c", "/podsX", "/pods/aa"])
      store.put(key, { n: 0 });
    store.delete("/pods/c");

    const all = okRange(store, "/pods/", { prefix: true });
    expect(keysOf(all.kvs)).toEqual(["/pods/a", "/pods/aa", "/pods/b"]);
    expect(all).toMatchObject({ count: 3, more: false, revision: 8 });

    const limited = okRange(store, "/pods/", { prefix: true, limit: 2 });
    expect(keysOf(limited.kvs)).toEqual(["/pods/a", "/pods/aa"]);
    expect(limited).toMatchObject({ count: 3, more: true });

    const counted = okRange(store, "/pods/", { prefix: true, countOnly: true });
    expect(counted).toMatchObject({ kvs: [], count: 3, more: false });
    expect(store.countKeys("/pods/")).toBe(3);
    expect(store.countKeys("/")).toBe(5);

    // Resuming a paginated list from just after the last key seen.
    const rest = okRange(store, "/pods/aa\0", { rangeEnd: "/pods0" });
    expect(keysOf(rest.kvs)).toEqual(["/pods/b"]);

    expect(keysOf(okRange(store, "/nodes/x").kvs)).toEqual(["/nodes/x"]);
    expect(okRange(store, "/nodes/y").count).toBe(0);
  });

  it("keeps prefix ranges sorted as keys keep arriving between reads", () => {
    const store = new MvccStore<Obj>();
    const expected: string[] = [];
    for (let i = 0; i < 200; i++) {
      const key = `/k/${(i * 7919) % 1000}`;
      store.put(key, { n: i });
      expected.push(key);
      if (i % 37 === 0) {
        expect(keysOf(okRange(store, "/k/", { prefix: true }).kvs)).toEqual([...expected].sort());
      }
    }
    expect(keysOf(okRange(store, "/k/", { prefix: true }).kvs)).toEqual(expected.sort());
  });

  it("reads the store as it was at an earlier revision", () => {
    const store = new MvccStore<Obj>();
    store.put("/p/a", { n: 1 }); // 2
    store.put("/p/b", { n: 1 }); // 3
    store.put("/p/a", { n: 2 }); // 4
    store.delete("/p/b"); // 5
    store.put("/p/c", { n: 1 }); // 6

    const at3 = okRange(store, "/p/", { prefix: true, revision: 3 });
    expect(at3.kvs.map((kv) => [kv.key, kv.value.n])).toEqual([
      ["/p/a", 1],
      ["/p/b", 1],
    ]);
    expect(at3.revision).toBe(6); // the header revision is the current one, as in etcd
    const at5 = okRange(store, "/p/", { prefix: true, revision: 5 });
    expect(at5.kvs.map((kv) => [kv.key, kv.value.n])).toEqual([["/p/a", 2]]);
    expect(okRange(store, "/p/a", { revision: 1 }).kvs).toEqual([]);
    expect(okRange(store, "/p/b", { revision: 4 }).kvs[0]?.modRevision).toBe(3);
  });

  it("rejects future revisions", () => {
    const store = new MvccStore<Obj>();
    store.put("a", { n: 1 });
    expect(store.range("a", { revision: 3 })).toEqual({ ok: false, error: MvccErrors.futureRevision });
    expect(store.range("a", { revision: 2 }).ok).toBe(true);
  });
});

describe("MvccStore txn", () => {
  it("runs success or failure depending on the compares", () => {
    const store = new MvccStore<Obj>();
    store.put("a", { n: 1 }); // 2, version 1

    const ok = store.txn({
      compare: [Cmp.version("a", "=", 1), Cmp.modRevision("a", "<", 3), Cmp.absent("b")],
      success: [Op.put("b", { n: 2 })],
      failure: [Op.range("a")],
    });
    expect(ok).toMatchObject({ ok: true, succeeded: true, revision: 3, responses: [{ type: "put" }] });

    const fail = store.txn({
      compare: [Cmp.createRevision("b", "!=", 3)],
      success: [Op.put("c", { n: 3 })],
      failure: [Op.range("b")],
    });
    expect(fail.ok && fail.succeeded).toBe(false);
    expect(fail.ok && fail.revision).toBe(3); // reads only: no new revision
    const resp = fail.ok ? fail.responses[0] : undefined;
    expect(resp?.type === "range" && resp.kvs[0]?.value).toEqual({ n: 2 });
    expect(store.get("c")).toBeUndefined();
  });

  it("supports optimistic concurrency: compare modRevision, then put", () => {
    const store = new MvccStore<Obj>();
    const created = store.txn({ compare: [Cmp.absent("k")], success: [Op.put("k", { n: 1 })] });
    expect(created.ok && created.succeeded).toBe(true);
    const seen = store.get("k")?.modRevision ?? 0;

    const update = (n: number) =>
      store.txn({
        compare: [Cmp.modRevision("k", "=", seen)],
        success: [Op.put("k", { n }, { prevKv: true })],
        failure: [Op.range("k")],
      });
    const first = update(2);
    expect(first.ok && first.succeeded).toBe(true);
    const put = first.ok ? first.responses[0] : undefined;
    expect(put?.type === "put" && put.prevKv?.value).toEqual({ n: 1 });

    // A second writer with the same stale modRevision loses and gets the current object back.
    const second = update(3);
    expect(second.ok && second.succeeded).toBe(false);
    const current = second.ok ? second.responses[0] : undefined;
    expect(current?.type === "range" && current.kvs[0]?.value).toEqual({ n: 2 });
    expect(store.get("k")?.value).toEqual({ n: 2 });

    // Creating an existing key fails too.
    const recreate = store.txn({ compare: [Cmp.absent("k")], success: [Op.put("k", { n: 9 })] });
    expect(recreate.ok && recreate.succeeded).toBe(false);
    expect(Cmp.exists("k")).toEqual({ key: "k", target: "createRevision", result: ">", value: 0 });
  });

  it("gives every op of a txn one revision, and later ops see earlier writes", () => {
    const store = new MvccStore<Obj>();
    store.put("/x/old", { n: 0 }); // 2
    const result = store.txn({
      success: [
        Op.put("/x/a", { n: 1 }),
        Op.put("/x/b", { n: 2 }),
        Op.delete("/x/old"),
        Op.range("/x/", { prefix: true }),
      ],
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.revision).toBe(3);
    expect(store.revision).toBe(3);
    expect(store.get("/x/a")?.modRevision).toBe(3);
    expect(store.get("/x/b")?.modRevision).toBe(3);
    const [, , del, range] = result.responses;
    expect(del?.type === "delete" && del.prevKvs.map((kv) => kv.key)).toEqual(["/x/old"]);
    expect(range?.type === "range" && keysOf(range.kvs)).toEqual(["/x/a", "/x/b"]);
  });

  it("deletes by prefix and returns the deleted kvs", () => {
    const store = new MvccStore<Obj>();
    for (const key of ["/d/2", "/d/1", "/e/1"]) store.put(key, { n: 0 });
    const result = store.delete("/d/", { prefix: true });
    expect(result.revision).toBe(5);
    expect(keysOf(result.prevKvs)).toEqual(["/d/1", "/d/2"]);
    expect(store.countKeys("/")).toBe(1);
  });

  it("rejects duplicate keys and bad range revisions before writing anything", () => {
    const store = new MvccStore<Obj>();
    store.put("a", { n: 1 });
    const dup = store.txn({ success: [Op.put("a", { n: 2 }), Op.put("a", { n: 3 })] });
    expect(dup).toEqual({ ok: false, error: MvccErrors.duplicateKey });
    const overlap = store.txn({ success: [Op.put("/p/a", { n: 2 }), Op.delete("/p/", { prefix: true })] });
    expect(overlap).toEqual({ ok: false, error: MvccErrors.duplicateKey });
    const future = store.txn({ success: [Op.put("b", { n: 2 }), Op.range("a", { revision: 99 })] });
    expect(future).toEqual({ ok: false, error: MvccErrors.futureRevision });
    expect(store.revision).toBe(2);
    expect(store.get("b")).toBeUndefined();
  });
});

describe("MvccStore watch", () => {
  it("replays history from a past revision in order, then delivers live events without gaps", () => {
    const store = new MvccStore<Obj>();
    store.put("/p/a", { n: 1 }); // 2
    store.put("/q/z", { n: 1 }); // 3
    store.put("/p/b", { n: 1 }); // 4
    store.delete("/p/a"); // 5

    const calls: string[][] = [];
    const result = store.watch("/p/", { prefix: true, startRevision: 3 }, (events) =>
      calls.push(describeEvents(events)),
    );
    expect(result.ok).toBe(true);
    expect(calls).toEqual([["PUT /p/b@4", "DELETE /p/a@5"]]);

    store.put("/q/y", { n: 1 }); // 6: not ours
    store.txn({ success: [Op.put("/p/c", { n: 1 }), Op.put("/p/d", { n: 1 })] }); // 7
    expect(calls.slice(1)).toEqual([["PUT /p/c@7", "PUT /p/d@7"]]);

    // Replay from revision 2 sees every revision of the prefix exactly once, in order.
    const revisions: number[] = [];
    store.watch("/p/", { prefix: true, startRevision: 2 }, (events) => {
      for (const e of events) revisions.push(e.kv.modRevision);
    });
    store.put("/p/e", { n: 1 }); // 8
    expect(revisions).toEqual([2, 4, 5, 7, 7, 8]);
  });

  it("without startRevision delivers only future events, one call per revision", () => {
    const store = new MvccStore<Obj>();
    store.put("k", { n: 1 });
    const calls: string[][] = [];
    store.watch("k", {}, (events) => calls.push(describeEvents(events)));
    expect(calls).toEqual([]);
    store.put("k", { n: 2 });
    store.delete("k");
    expect(calls).toEqual([["PUT k@3"], ["DELETE k@4"]]);
  });

  it("distinguishes exact-key and prefix watches", () => {
    const store = new MvccStore<Obj>();
    const exact: string[] = [];
    const prefix: string[] = [];
    store.watch("/a", {}, (events) => exact.push(...describeEvents(events)));
    store.watch("/a", { prefix: true }, (events) => prefix.push(...describeEvents(events)));
    store.put("/a", { n: 1 });
    store.put("/ab", { n: 1 });
    store.put("/b", { n: 1 });
    expect(exact).toEqual(["PUT /a@2"]);
    expect(prefix).toEqual(["PUT /a@2", "PUT /ab@3"]);
    expect(store.watcherCount).toBe(2);
  });

  it("includes prevKv only when asked, and DELETE events carry no value", () => {
    const store = new MvccStore<Obj>();
    store.put("k", { n: 1 });
    const withPrev: WatchEvent<Obj>[] = [];
    const withoutPrev: WatchEvent<Obj>[] = [];
    store.watch("k", { prevKv: true }, (events) => withPrev.push(...events));
    store.watch("k", {}, (events) => withoutPrev.push(...events));
    store.put("k", { n: 2 });
    store.delete("k");

    expect(withPrev.map((e) => e.prevKv?.value)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(withoutPrev.map((e) => e.prevKv)).toEqual([undefined, undefined]);
    expect(withoutPrev.every((e) => !("prevKv" in e))).toBe(true);
    expect(withPrev[1]?.kv).toEqual({ key: "k", createRevision: 0, modRevision: 4, version: 0 });
    expect(withPrev[1] !== undefined && "value" in withPrev[1].kv).toBe(false);
  });

  it("stops delivering after cancel", () => {
    const store = new MvccStore<Obj>();
    const seen: string[] = [];
    const result = store.watch("/p/", { prefix: true }, (events) => seen.push(...describeEvents(events)));
    if (!result.ok) throw new Error(result.error);
    store.put("/p/a", { n: 1 });
    result.watcher.cancel();
    result.watcher.cancel(); // idempotent
    store.put("/p/b", { n: 1 });
    expect(seen).toEqual(["PUT /p/a@2"]);
    expect(store.watcherCount).toBe(0);
  });

  it("keeps every watcher in order when a callback writes", () => {
    const store = new MvccStore<Obj>();
    const first: number[] = [];
    const second: number[] = [];
    store.watch("/p/", { prefix: true }, (events) => {
      for (const e of events) {
        first.push(e.kv.modRevision);
        // React to the create by writing again, like a controller would.
        if (e.type === "PUT" && e.kv.key === "/p/a") store.put("/p/reaction", { n: 0 });
      }
    });
    store.watch("/p/", { prefix: true }, (events) => second.push(...events.map((e) => e.kv.modRevision)));
    store.put("/p/a", { n: 1 });
    expect(first).toEqual([2, 3]);
    expect(second).toEqual([2, 3]);
  });

  it("does not double-deliver to a watcher created from inside a callback", () => {
    const store = new MvccStore<Obj>();
    const late: number[] = [];
    store.watch("/p/", { prefix: true }, (events) => {
      if (events.some((e) => e.kv.key === "/p/a")) {
        store.put("/p/b", { n: 0 }); // 3, queued behind revision 2
        store.watch("/p/", { prefix: true, startRevision: 2 }, (evs) =>
          late.push(...evs.map((e) => e.kv.modRevision)),
        );
      }
    });
    store.put("/p/a", { n: 1 }); // 2
    store.put("/p/c", { n: 1 }); // 4
    expect(late).toEqual([2, 3, 4]);
  });
});

describe("MvccStore compaction", () => {
  function history(): MvccStore<Obj> {
    const store = new MvccStore<Obj>();
    store.put("/p/a", { n: 1 }); // 2
    store.put("/p/b", { n: 1 }); // 3
    store.put("/p/a", { n: 2 }); // 4
    store.delete("/p/b"); // 5
    store.put("/p/c", { n: 1 }); // 6
    store.put("/p/a", { n: 3 }); // 7
    return store;
  }

  it("keeps reads at and after the compact revision, and errors below it", () => {
    const store = history();
    expect(store.compact(5)).toEqual({ ok: true, revision: 5 });
    expect(store.compactRevision).toBe(5);

    expect(store.range("/p/", { prefix: true, revision: 4 })).toEqual({
      ok: false,
      error: MvccErrors.compacted,
    });
    const at5 = okRange(store, "/p/", { prefix: true, revision: 5 });
    expect(at5.kvs.map((kv) => [kv.key, kv.value.n])).toEqual([["/p/a", 2]]);
    const at6 = okRange(store, "/p/", { prefix: true, revision: 6 });
    expect(keysOf(at6.kvs)).toEqual(["/p/a", "/p/c"]);
    const latest = okRange(store, "/p/", { prefix: true });
    expect(latest.kvs.map((kv) => [kv.key, kv.value.n, kv.version])).toEqual([
      ["/p/a", 3, 3],
      ["/p/c", 1, 1],
    ]);

    // The deleted key is gone for good and can be created afresh.
    store.put("/p/b", { n: 9 });
    expect(keysOf(okRange(store, "/p/", { prefix: true }).kvs)).toEqual(["/p/a", "/p/b", "/p/c"]);
    expect(store.get("/p/b")).toMatchObject({ createRevision: 8, version: 1 });
  });

  it("rejects watches from before the compact revision but replays from it", () => {
    const store = history();
    store.compact(5);
    expect(store.watch("/p/", { prefix: true, startRevision: 4 }, () => undefined)).toEqual({
      ok: false,
      error: MvccErrors.compacted,
    });
    const seen: string[] = [];
    const ok = store.watch("/p/", { prefix: true, startRevision: 5 }, (events) =>
      seen.push(...describeEvents(events)),
    );
    expect(ok.ok).toBe(true);
    expect(seen).toEqual(["DELETE /p/b@5", "PUT /p/c@6", "PUT /p/a@7"]);
  });

  it("rejects compacting backwards or into the future", () => {
    const store = history();
    expect(store.compact(8)).toEqual({ ok: false, error: MvccErrors.futureRevision });
    expect(store.compact(7).ok).toBe(true);
    expect(store.compact(7)).toEqual({ ok: false, error: MvccErrors.compacted });
    expect(store.compact(3)).toEqual({ ok: false, error: MvccErrors.compacted });
    expect(okRange(store, "/p/a").kvs[0]?.value).toEqual({ n: 3 });
  });
});

describe("MvccStore performance shape", () => {
  it("handles many keys and writes quickly", () => {
    const store = new MvccStore<Obj>();
    let events = 0;
    store.watch("/pods/", { prefix: true }, (evs) => (events += evs.length));
    for (let i = 0; i < 5_000; i++) store.put(`/nodes/n${i}`, { n: i });
    for (let i = 0; i < 10_000; i++) {
      for (let w = 0; w < 10; w++) store.put(`/pods/default/p${i}`, { n: w });
    }
    expect(store.revision).toBe(1 + 5_000 + 100_000);
    expect(events).toBe(100_000);
    expect(store.countKeys("/pods/")).toBe(10_000);
    expect(store.get("/pods/default/p42")?.version).toBe(10);
    store.compact(store.revision);
    expect(okRange(store, "/nodes/", { prefix: true, countOnly: true }).count).toBe(5_000);
  });
});
