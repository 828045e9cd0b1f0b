// What the span pairer emits, and its knobs. Pure types: shared by the server and the collector.
import type { ConnectionType } from "@/lib/contracts/rollup";

/** How an edge was found; kept for tests, debugging and the data-quality view. */
export type EdgeOrigin =
  | "paired" // a CLIENT/PRODUCER span met its SERVER/CONSUMER span (Tempo/OTel core)
  | "database" // completed from a database client span alone (Tempo's database edge)
  | "link" // a CONSUMER span met the PRODUCER span its link points at
  | "fanout" // a second CONSUMER of a PRODUCER that was already paired (pub/sub)
  | "fallback" // parent and child of different services where span kinds are missing
  | "virtual"; // one side only; the other named from a peer attribute or "user"

/** One call between two services, found by pairing; the aggregator counts it into EdgeMinute. */
export interface EdgeObservation {
  client: string;
  server: string;
  connectionType: ConnectionType;
  clientDurationUs: number;
  serverDurationUs: number;
  /** true when either side is an error by lib/pairing/is-error rules */
  failed: boolean;
  traceId: string;
  /** start of the client span, else of the server span: picks the minute bucket */
  startUs: number;
  /** messaging edges only: consumer start − producer end, clamped at 0 (clock skew) */
  queueLatencyUs?: number;
  origin: EdgeOrigin;
}

export type PairingOutcomeKind = "paired" | "virtual" | "expired" | "dropped";

/**
 * The fate of one half-edge (one span on one side of a would-be edge), for the data-quality
 * figure (PairingQualityMinute). A span is normally one half-edge; a CONSUMER with N links is N.
 */
export interface PairingOutcome {
  service: string;
  /** start of the span the half-edge came from: picks the minute bucket */
  startUs: number;
  outcome: PairingOutcomeKind;
}

export interface PairingResult {
  edges: EdgeObservation[];
  outcomes: PairingOutcome[];
}

export interface PairerOptions {
  /** half-edges waiting for their partner; Tempo `max_items` default 10,000 (OTel: 1,000) */
  maxItems: number;
  /** how long a half-edge waits; Tempo `wait` default 10 s (OTel `store.ttl`: 2 s) */
  ttlMs: number;
  /**
   * span → service memory for the kind-less fallback and pub/sub fan-out. Oldest entries are
   * evicted when full (a cache: losing one only weakens the fallback, it never loses an edge
   * the Tempo core would have found).
   */
  maxIndexedSpans: number;
  /** kind-less spans waiting for their parent to arrive (FIFO-evicted when full) */
  maxWaitingChildren: number;
}

export const DEFAULT_PAIRER_OPTIONS: PairerOptions = {
  maxItems: 10_000,
  ttlMs: 10_000,
  maxIndexedSpans: 50_000,
  maxWaitingChildren: 20_000,
};

/** Name of the virtual client of a root server span with no peer attribute (Tempo, OTel). */
export const USER_NODE = "user";
