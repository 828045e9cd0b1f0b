import { describe, expect, it } from "vitest";
import { SpanKind } from "@/lib/contracts/span";
import { spanSide } from "./half-edge";
import { SpanIndex } from "./span-index";
import { makeSpan } from "./testing/make-span";

describe("SpanIndex", () => {
  it("remembers spans for the TTL and forgets the oldest when full", () => {
    const index = new SpanIndex(2, 10, 1000);
    const [a, b, c] = [1, 2, 3].map(() => spanSide(makeSpan({ kind: SpanKind.INTERNAL })));
    index.remember(a, 0);
    index.remember(b, 0);
    index.remember(c, 500);
    expect(index.lookup(a.traceId, a.spanId)).toBeUndefined();
    expect(index.lookup(b.traceId, b.spanId)?.spanId).toBe(b.spanId);
    index.expire(1000);
    expect(index.lookup(b.traceId, b.spanId)).toBeUndefined();
    expect(index.lookup(c.traceId, c.spanId)).toBeDefined();
  });

  it("bounds the kind-less children waiting for a parent, evicting the oldest parents", () => {
    const index = new SpanIndex(10, 3, 1000);
    const child = () => spanSide(makeSpan({ kind: SpanKind.INTERNAL }));
    index.waitForParent(child(), "00000000000000a1", 0);
    index.waitForParent(child(), "00000000000000a1", 0);
    index.waitForParent(child(), "00000000000000a2", 0);
    index.waitForParent(child(), "00000000000000a3", 0); // evicts both children of a1
    expect(index.sizes.waitingChildren).toBe(2);
    expect(index.takeWaitingChildren({ traceId: child().traceId, spanId: "00000000000000a1" })).toEqual([]);
    expect(index.takeWaitingChildren({ traceId: child().traceId, spanId: "00000000000000a3" })).toHaveLength(1);
    expect(index.sizes.waitingChildren).toBe(1);
  });
});
