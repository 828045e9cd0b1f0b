// The half-edges waiting for their partner, filed under the span id of the client span (its own
// id, or the parent id of its server span) and checked against the trace id on the way out.
//
// Why not one store keyed by `${traceId}:${spanId}`: that key is a new 49-character string per
// lookup, built and hashed twice per pair. A span id is already a string, and the client's has
// just been hashed by the span index (V8 caches a string's hash), so filing under it costs no
// allocation. Span ids are random 64-bit numbers, but nothing forbids two live traces from
// sharing one: the second of them goes to an overflow store under the full key, so every
// half-edge is still found exactly; the overflow store is empty (one size check) in practice.
import { edgeKey, type PendingEdge } from "./half-edge";
import { WaitStore } from "./wait-store";

export class PendingStore {
  private readonly bySpanId: WaitStore<PendingEdge>;
  private readonly overflow: WaitStore<PendingEdge>;

  constructor(
    private readonly maxItems: number,
    ttlMs: number,
  ) {
    this.bySpanId = new WaitStore(maxItems, ttlMs);
    this.overflow = new WaitStore(maxItems, ttlMs);
  }

  get size(): number {
    return this.bySpanId.size + this.overflow.size;
  }

  get(traceId: string, spanId: string): PendingEdge | undefined {
    const pending = this.bySpanId.get(spanId);
    if (pending !== undefined && pending.traceId === traceId) return pending;
    return this.overflow.size > 0 ? this.overflow.get(edgeKey(traceId, spanId)) : undefined;
  }

  /** Files a new entry (there is none for this span yet); false when the store is full. */
  insert(spanId: string, entry: PendingEdge, nowMs: number): boolean {
    if (this.size >= this.maxItems) return false;
    if (this.bySpanId.get(spanId) === undefined) return this.bySpanId.insert(spanId, entry, nowMs);
    return this.overflow.insert(edgeKey(entry.traceId, spanId), entry, nowMs);
  }

  delete(traceId: string, spanId: string): PendingEdge | undefined {
    const pending = this.bySpanId.get(spanId);
    if (pending !== undefined && pending.traceId === traceId) return this.bySpanId.delete(spanId);
    return this.overflow.size > 0 ? this.overflow.delete(edgeKey(traceId, spanId)) : undefined;
  }

  /** Entries whose time is up at nowMs, oldest first within each store. */
  expire(nowMs: number): PendingEdge[] {
    return [...this.bySpanId.expire(nowMs), ...this.overflow.expire(nowMs)].map(([, pending]) => pending);
  }

  drainAll(): PendingEdge[] {
    return [...this.bySpanId.drainAll(), ...this.overflow.drainAll()].map(([, pending]) => pending);
  }
}
