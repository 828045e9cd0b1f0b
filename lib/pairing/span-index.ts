// A short, bounded memory of recent spans per trace (span id → service, kind, times), and of
// kind-less spans whose parent has not arrived yet. It serves what the Tempo core cannot do:
// pairing parent and child of different services when span kinds are missing (DESIGN, FORMATS
// §5.3; SigNoz and Jaeger pair this way), and pairing every consumer of a pub/sub message.
// Both forget after the pairing TTL (spans: after one to two TTLs, generational-memory.ts) and
// drop their oldest entries when full.
import { GenerationalMemory } from "./generational-memory";
import { edgeKey, type SpanSide } from "./half-edge";
import { WaitStore } from "./wait-store";

const NONE: readonly SpanSide[] = [];

export class SpanIndex {
  private readonly spans: GenerationalMemory<SpanSide>;
  private readonly waiting: WaitStore<SpanSide[]>;
  private waitingChildren = 0;

  constructor(
    maxSpans: number,
    private readonly maxWaitingChildren: number,
    ttlMs: number,
  ) {
    this.spans = new GenerationalMemory(maxSpans, ttlMs);
    // Keys are parents; the child count is bounded separately below.
    this.waiting = new WaitStore(Math.max(1, maxWaitingChildren), ttlMs);
  }

  // Spans are filed under their span id alone (no key string to build and hash per span); the
  // trace id is checked on the way out. Two live spans with the same id in different traces
  // keep only the later one: a missed fallback, never a wrong pair.
  remember(side: SpanSide, nowMs: number): void {
    this.spans.set(side.spanId, side, nowMs);
  }

  lookup(traceId: string, spanId: string): SpanSide | undefined {
    const side = this.spans.get(spanId);
    return side !== undefined && side.traceId === traceId ? side : undefined;
  }

  /** Keeps a kind-less child until its parent arrives or the TTL passes. */
  waitForParent(child: SpanSide, parentSpanId: string, nowMs: number): void {
    if (this.maxWaitingChildren <= 0) return;
    while (this.waitingChildren >= this.maxWaitingChildren) {
      const evicted = this.waiting.evictOldest();
      if (!evicted) break;
      this.waitingChildren -= evicted[1].length;
    }
    const key = edgeKey(child.traceId, parentSpanId);
    const list = this.waiting.get(key);
    if (list) list.push(child);
    else this.waiting.insertEvicting(key, [child], nowMs);
    this.waitingChildren++;
  }

  /** Removes and returns the kind-less children that were waiting for this span. */
  takeWaitingChildren(side: Pick<SpanSide, "traceId" | "spanId">): readonly SpanSide[] {
    if (this.waitingChildren === 0) return NONE;
    const list = this.waiting.delete(edgeKey(side.traceId, side.spanId));
    if (!list) return NONE;
    this.waitingChildren -= list.length;
    return list;
  }

  expire(nowMs: number): void {
    this.spans.expire(nowMs);
    for (const [, list] of this.waiting.expire(nowMs)) this.waitingChildren -= list.length;
  }

  clear(): void {
    this.spans.clear();
    this.waiting.drainAll();
    this.waitingChildren = 0;
  }

  get sizes(): { spans: number; waitingChildren: number } {
    return { spans: this.spans.size, waitingChildren: this.waitingChildren };
  }
}
