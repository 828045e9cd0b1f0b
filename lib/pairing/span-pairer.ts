// Pairs spans into service-graph edges: the servicegraph algorithm of Tempo's metrics-generator
// and the OTel Collector's servicegraph connector (FORMATS.md §5), plus what DESIGN.md asks on
// top: messaging through span links, every consumer of a pub/sub message, and the parent/child
// fallback when span kinds are missing. README.md beside this file explains rules and knobs.
//
// Pure and synchronous: the caller owns the clock (`nowMs`) and calls `expire` on a timer
// (Tempo and OTel tick every 2 s) and `flush` at shutdown or at the end of a batch import.
import { HEX16, HEX32, SpanKind, type NormalizedSpan } from "@/lib/contracts/span";
import { isClientKind, isDatabaseSpan, isKindless, isServerKind } from "./connection-type";
import { databaseEdge, fallbackEdge, pairedEdge, virtualEdge } from "./edge-builders";
import { edgeKey, spanSide, waitingSide, type PendingEdge, type SpanSide } from "./half-edge";
import { PendingStore } from "./pending-store";
import { SpanIndex } from "./span-index";
import {
  DEFAULT_PAIRER_OPTIONS,
  USER_NODE,
  type EdgeObservation,
  type EdgeOrigin,
  type PairerOptions,
  type PairingOutcome,
  type PairingOutcomeKind,
  type PairingResult,
} from "./types";
import { databaseServerName, serverSidePeerName } from "./virtual-node-naming";

/** What add() returns when a span emitted nothing (most first halves of a pair): no arrays to
 *  allocate per span. Frozen, because callers share it. */
const NOTHING: PairingResult = Object.freeze({ edges: Object.freeze([]) as unknown as EdgeObservation[], outcomes: Object.freeze([]) as unknown as PairingOutcome[] });

/** A batch consumer may link thousands of messages; beyond this many, links are ignored. */
export const MAX_LINKS_PER_SPAN = 128;

interface SpanRef {
  traceId: string;
  spanId: string;
}

export class SpanPairer {
  readonly options: PairerOptions;
  private readonly store: PendingStore;
  private readonly index: SpanIndex;
  private edges: EdgeObservation[] = [];
  private outcomes: PairingOutcome[] = [];

  constructor(options: Partial<PairerOptions> = {}) {
    this.options = { ...DEFAULT_PAIRER_OPTIONS, ...options };
    const { maxItems, ttlMs, maxIndexedSpans, maxWaitingChildren } = this.options;
    this.store = new PendingStore(maxItems, ttlMs);
    this.index = new SpanIndex(maxIndexedSpans, maxWaitingChildren, ttlMs);
  }

  /** Half-edges waiting for their partner. */
  get pendingCount(): number {
    return this.store.size;
  }

  add(span: NormalizedSpan, nowMs: number): PairingResult {
    const side = spanSide(span);
    this.index.remember(side, nowMs);
    if (isClientKind(span.kind)) this.addClient(span, side, nowMs);
    else if (isServerKind(span.kind)) this.addServer(span, side, nowMs);
    this.applyKindlessFallback(span, side, nowMs);
    return this.take();
  }

  /** Resolves half-edges whose time is up: virtual node, or counted as expired. */
  expire(nowMs: number): PairingResult {
    for (const pending of this.store.expire(nowMs)) this.resolveUnpaired(pending);
    this.index.expire(nowMs);
    return this.take();
  }

  /** Resolves everything still waiting, as if the TTL had passed (shutdown, end of an import). */
  flush(): PairingResult {
    for (const pending of this.store.drainAll()) this.resolveUnpaired(pending);
    this.index.clear();
    return this.take();
  }

  private addClient(span: NormalizedSpan, side: SpanSide, nowMs: number): void {
    const { traceId, spanId } = side;
    const dbName = isDatabaseSpan(span) ? databaseServerName(span) : null;
    if (dbName) {
      // Tempo completes a database edge at once. A server span filed under this call (a
      // database that reports its own spans) is consumed, as Tempo's upsert does (tempo#2523).
      const waiting = this.store.delete(traceId, spanId);
      if (waiting?.server) this.outcome(waiting.server, "paired");
      this.emit(databaseEdge(side, dbName), [side], "paired");
      return;
    }
    const pending = this.store.get(traceId, spanId);
    if (pending?.server) {
      this.store.delete(traceId, spanId);
      this.complete(side, pending.server, pending.viaLink ? "link" : "paired");
    } else if (pending) {
      pending.client = waitingSide(span, side); // a repeated span id: the last one wins (Tempo)
    } else if (!this.store.insert(spanId, { traceId, client: waitingSide(span, side), server: null, viaLink: false }, nowMs)) {
      this.outcome(side, "dropped");
    }
  }

  private addServer(span: NormalizedSpan, side: SpanSide, nowMs: number): void {
    // The common case, a span filed under its parent alone, without the targets list.
    if (span.parentSpanId && (span.kind !== SpanKind.CONSUMER || span.links.length === 0)) {
      this.fileServer(span, side, span.traceId, span.parentSpanId, false, nowMs);
      return;
    }
    const { targets, viaLink } = serverTargets(span);
    if (targets.length === 0) {
      // A root server span: no client span can have an empty id, so nothing will ever pair it.
      // Tempo waits for the TTL and then names the caller; naming it now gives the same edge.
      const peer = serverSidePeerName(span) ?? USER_NODE;
      this.emit(virtualEdge(side, "server", peer), [side], "virtual");
      return;
    }
    for (const target of targets) this.fileServer(span, side, target.traceId, target.spanId, viaLink, nowMs);
  }

  /** Files a SERVER/CONSUMER side under the span (traceId, spanId) it was called from. */
  private fileServer(span: NormalizedSpan, side: SpanSide, traceId: string, spanId: string, viaLink: boolean, nowMs: number): void {
    const pending = this.store.get(traceId, spanId);
    if (pending?.client) {
      this.store.delete(traceId, spanId);
      this.complete(pending.client, side, viaLink ? "link" : "paired");
      return;
    }
    if (pending) {
      pending.server = waitingSide(span, side);
      return;
    }
    const earlier = this.index.lookup(traceId, spanId);
    if (earlier && span.kind === SpanKind.CONSUMER && earlier.kind === SpanKind.PRODUCER) {
      // The producer was paired with another consumer already: pub/sub delivers one message to
      // every subscriber, and each delivery is a call. Tempo counts this one as expired.
      this.complete(earlier, side, "fanout", false);
      return;
    }
    if (earlier && !viaLink && isKindless(earlier.kind) && earlier.service !== side.service) {
      this.complete(earlier, side, "fallback");
      return;
    }
    const entry: PendingEdge = { traceId, client: null, server: waitingSide(span, side), viaLink };
    if (!this.store.insert(spanId, entry, nowMs)) this.outcome(side, "dropped");
  }

  /**
   * DESIGN's fallback: parent and child of different services pair when at least one of them has
   * no kind (UNSPECIFIED or INTERNAL). Pairs of kinds the core already handles are left alone.
   */
  private applyKindlessFallback(span: NormalizedSpan, side: SpanSide, nowMs: number): void {
    // This span is the parent of kind-less children that arrived before it.
    for (const child of this.index.takeWaitingChildren(side)) {
      if (child.service !== side.service) this.pairWithKindlessChild(side, child);
    }
    if (!isKindless(span.kind)) return;

    // This kind-less span is the parent of SERVER/CONSUMER spans already waiting in the store.
    const pending = this.store.get(side.traceId, side.spanId);
    if (pending?.server && !pending.client && pending.server.service !== side.service) {
      this.store.delete(side.traceId, side.spanId);
      this.complete(side, pending.server, "fallback");
    }

    // This kind-less span is the child of a parent seen earlier, or waits for it.
    if (!span.parentSpanId) return;
    const parent = this.index.lookup(side.traceId, span.parentSpanId);
    if (!parent) this.index.waitForParent(side, span.parentSpanId, nowMs);
    else if (parent.service !== side.service) this.pairWithKindlessChild(parent, side);
  }

  private pairWithKindlessChild(parent: SpanSide, child: SpanSide): void {
    if (!isClientKind(parent.kind)) {
      this.emit(fallbackEdge(parent, child), [parent, child], "paired");
      return;
    }
    // A CLIENT/PRODUCER parent completes its own waiting half-edge; if it has none any more it
    // was paired with a real server span or was a database call, and that edge stands.
    const pending = this.store.get(parent.traceId, parent.spanId);
    if (pending?.client && !pending.server) {
      this.store.delete(parent.traceId, parent.spanId);
      this.complete(pending.client, child, "fallback");
    }
  }

  private resolveUnpaired(pending: PendingEdge): void {
    const { client, server } = pending;
    if (client && !server) {
      if (client.peerName) this.emit(virtualEdge(client, "client", client.peerName), [client], "virtual");
      else this.outcome(client, "expired");
    } else if (server && !client) {
      // A server span with a parent whose client never came is expired (Tempo), except a
      // consumer filed under a link: its own attributes may name where the message came from.
      if (pending.viaLink && server.peerName) {
        this.emit(virtualEdge(server, "server", server.peerName), [server], "virtual");
      } else {
        this.outcome(server, "expired");
      }
    }
  }

  private complete(client: SpanSide, server: SpanSide, origin: EdgeOrigin, countClient = true): void {
    this.emit(pairedEdge(client, server, origin), countClient ? [client, server] : [server], "paired");
  }

  private emit(edge: EdgeObservation, sides: SpanSide[], outcome: PairingOutcomeKind): void {
    this.edges.push(edge);
    for (const s of sides) this.outcome(s, outcome);
  }

  private outcome(side: SpanSide, outcome: PairingOutcomeKind): void {
    this.outcomes.push({ service: side.service, startUs: side.startUs, outcome });
  }

  private take(): PairingResult {
    if (this.edges.length === 0 && this.outcomes.length === 0) return NOTHING;
    const result = { edges: this.edges, outcomes: this.outcomes };
    this.edges = [];
    this.outcomes = [];
    return result;
  }
}

/**
 * Where a SERVER/CONSUMER span is filed: under its parent (Tempo), or, for a consumer with span
 * links, under every linked producer span (one delivery per link). When a link points at the
 * parent itself, the parent alone is used so the delivery is not counted twice.
 */
function serverTargets(span: NormalizedSpan): { targets: SpanRef[]; viaLink: boolean } {
  const parent: SpanRef | null = span.parentSpanId ? { traceId: span.traceId, spanId: span.parentSpanId } : null;
  if (span.kind === SpanKind.CONSUMER && span.links.length > 0) {
    const linked = new Map<string, SpanRef>();
    for (const link of span.links.slice(0, MAX_LINKS_PER_SPAN)) {
      if (HEX32.test(link.traceId) && HEX16.test(link.spanId)) {
        linked.set(edgeKey(link.traceId, link.spanId), { traceId: link.traceId, spanId: link.spanId });
      }
    }
    if (parent && linked.has(edgeKey(parent.traceId, parent.spanId))) return { targets: [parent], viaLink: false };
    if (linked.size > 0) return { targets: [...linked.values()], viaLink: true };
  }
  return { targets: parent ? [parent] : [], viaLink: false };
}
