// The little the pairer keeps of a span while it waits: one side of a would-be edge.
// Copying these few fields instead of holding the span keeps the wait store small and lets
// the caller reuse or drop its span objects. No store key is kept here: the span index holds
// every side for one to two TTLs, and a key string per side (most of them never looked up
// under it: a server span is filed under its parent's key) was promoted garbage.
import type { ConnectionType } from "@/lib/contracts/rollup";
import type { NormalizedSpan, SpanKindNumber } from "@/lib/contracts/span";
import { connectionHint, isClientKind } from "./connection-type";
import { isErrorSpan } from "./is-error";
import { clientSidePeerName, nodeName, serverSidePeerName } from "./virtual-node-naming";

export const UNKNOWN_SERVICE = "unknown_service";

export interface SpanSide {
  traceId: string;
  spanId: string;
  service: string;
  kind: SpanKindNumber;
  startUs: number;
  durationUs: number;
  failed: boolean;
  hint: ConnectionType | null;
  /** set by waitingSide() when the side waits in the store: the name its peer gets if it never
   *  arrives (null until then, and when nothing names the peer) */
  peerName: string | null;
}

/** A side waiting in the store: its peerName has been worked out. */
export type WaitingSide = SpanSide;

/** An entry of the wait store: at least one side is set. */
export interface PendingEdge {
  /** the trace of the client span it is filed under (the store checks it: pending-store.ts) */
  traceId: string;
  client: WaitingSide | null;
  server: WaitingSide | null;
  /** the server side was filed under a link target instead of its parent */
  viaLink: boolean;
}

function finiteNonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export function spanSide(span: NormalizedSpan): SpanSide {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    service: nodeName(span.service, UNKNOWN_SERVICE),
    kind: span.kind,
    startUs: finiteNonNegative(span.startUs),
    durationUs: finiteNonNegative(span.durationUs),
    failed: isErrorSpan(span),
    hint: connectionHint(span),
    peerName: null,
  };
}

/**
 * The side of `span` made ready to wait. The side object itself is completed, not copied: it is
 * the same span either way, and a copy per waiting span was a measurable share of the pairer's
 * allocations (bench/collector/span-stages.ts).
 */
export function waitingSide(span: NormalizedSpan, side: SpanSide = spanSide(span)): WaitingSide {
  side.peerName = isClientKind(span.kind) ? clientSidePeerName(span) : serverSidePeerName(span);
  return side;
}

export function endUs(side: SpanSide): number {
  return side.startUs + side.durationUs;
}

/** Store key of an edge: the client span's id, which is the server span's parent id. */
export function edgeKey(traceId: string, spanId: string): string {
  return `${traceId}:${spanId}`;
}
