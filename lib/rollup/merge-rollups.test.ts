import { describe, expect, it } from "vitest";
import { bucketIndex, emptyHistogram, observe } from "@/lib/contracts/histogram";
import type { EdgeMinute, NodeMinute } from "@/lib/contracts/rollup";
import { mergeEdgeMinutes, mergeNodeMinutes, mergePairingQuality } from "./merge-rollups";

const id = (n: number) => n.toString(16).padStart(32, "0");

function edge(calls: number, durationUs: number, exemplars: string[], queueUs?: number): EdgeMinute {
  const h = emptyHistogram();
  for (let i = 0; i < calls; i++) observe(h, durationUs);
  const q = queueUs === undefined ? null : emptyHistogram();
  if (q) observe(q, queueUs!);
  return {
    minuteMs: 60_000,
    client: "a",
    server: "b",
    connectionType: "messaging",
    calls,
    errors: 1,
    clientLatency: h,
    serverLatency: structuredClone(h),
    queueLatency: q,
    exemplars,
  };
}

describe("mergeEdgeMinutes", () => {
  it("adds rows with the same key and leaves the inputs untouched", () => {
    const a = edge(2, 1000, [id(1), id(2), id(3)]);
    const b = edge(3, 50_000, [id(4), id(5), id(6)], 700);
    const before = structuredClone(a);
    const [m, ...rest] = mergeEdgeMinutes([a, b, { ...edge(1, 10, []), server: "c" }]);
    expect(rest).toHaveLength(1);
    expect(m.calls).toBe(5);
    expect(m.errors).toBe(2);
    expect(m.clientLatency.count).toBe(5);
    expect(m.clientLatency.sumUs).toBe(152_000);
    expect(m.clientLatency.counts[bucketIndex(1000)]).toBe(2);
    expect(m.clientLatency.counts[bucketIndex(50_000)]).toBe(3);
    expect(m.queueLatency?.count).toBe(1);
    expect(m.exemplars).toEqual([id(1), id(4), id(2), id(5), id(3)]);
    expect(a).toEqual(before);
  });
});

describe("mergeNodeMinutes and mergePairingQuality", () => {
  it("sums calls, histograms and status classes per key", () => {
    const row = (cls: Record<string, number>, operation: string | null): NodeMinute => {
      const h = emptyHistogram();
      observe(h, 2000);
      return { minuteMs: 0, service: "s", operation, spanKind: operation ? 2 : 0, calls: 1, errors: 0, duration: h, statusClasses: cls };
    };
    const merged = mergeNodeMinutes([row({ "2xx": 1 }, null), row({ "2xx": 2, "5xx": 1 }, null), row({ ok: 1 }, "GET /")]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ calls: 2, statusClasses: { "2xx": 3, "5xx": 1 } });
    expect(merged[0].duration.count).toBe(2);
    const q = mergePairingQuality([
      { minuteMs: 0, service: "s", paired: 1, virtual: 2, expired: 3, dropped: 4 },
      { minuteMs: 0, service: "s", paired: 10, virtual: 0, expired: 0, dropped: 1 },
    ]);
    expect(q).toEqual([{ minuteMs: 0, service: "s", paired: 11, virtual: 2, expired: 3, dropped: 5 }]);
  });
});
