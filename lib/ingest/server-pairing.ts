import "server-only";
// Server-side pairing for spans that arrive straight from SDKs (no collector in between).
// One SpanPairer per cluster holds the halves waiting for their partner across requests.
// Each request aggregates into its OWN MinuteAggregator: what its spans completed is stored in
// its own transaction, so a request is counted whole or not at all even when requests for the
// same cluster run concurrently. Halves that expire (virtual nodes, expired counts) are
// aggregated by a background tick every 2 s and stored as a unit of their own.
// Addresses are learnt as the agent learns them (lib/rollup/address-observations.ts): resource
// claims, and the peers of database and messaging client spans, so the map is the same by
// either road.
// Known gap (as in Tempo and the OTel connector): with several server replicas, a trace whose
// spans reach different replicas pairs only by virtual nodes; put the collector in front.
import { randomUUID } from "node:crypto";
import type { NormalizedSpan } from "@/lib/contracts/span";
import type { Database } from "@/lib/db/database";
import { isErrorSpan } from "@/lib/otlp/error-rules";
import { SpanPairer } from "@/lib/pairing/span-pairer";
import { DEFAULT_PAIRER_OPTIONS, type PairerOptions } from "@/lib/pairing/types";
import { AddressObservationTracker } from "@/lib/rollup/address-observations";
import { MinuteAggregator } from "@/lib/rollup/minute-aggregator";
import { pairingQualityRows } from "./rollup-upsert";
import { storeUnit, type StoreOutcome, type StoreUnit } from "./store";

const TICK_MS = 2_000; // Tempo's and the OTel connector's expiry loop
const AGGREGATE_SLICE = 512; // spans between yields: 2–5 ms of pairing

export type SpanUnit = Omit<StoreUnit, "clusterId" | "batchId">;

function toUnit(spans: readonly NormalizedSpan[], aggregator: MinuteAggregator, addresses: AddressObservationTracker): SpanUnit {
  const rows = aggregator.drain();
  return {
    spans,
    isErrorSpan,
    flows: [],
    edgeMinutes: rows.edgeMinutes,
    nodeMinutes: rows.nodeMinutes,
    networkEdgeMinutes: [],
    dataQuality: pairingQualityRows(rows.pairingQuality),
    addresses: addresses.drain(),
  };
}

export class ServerPairing {
  private readonly pairers = new Map<number, SpanPairer>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: Partial<PairerOptions>,
  ) {}

  /** How long a half-edge waits for its partner before the tick resolves it. */
  get waitMs(): number {
    return this.options.ttlMs ?? DEFAULT_PAIRER_OPTIONS.ttlMs;
  }

  /** Pairs and aggregates one request's spans; the result is stored by the caller as one unit. */
  aggregate(clusterId: number, spans: readonly NormalizedSpan[], nowMs = Date.now()): SpanUnit {
    const pairer = this.pairerFor(clusterId);
    const aggregator = new MinuteAggregator();
    const addresses = new AddressObservationTracker();
    for (const span of spans) {
      aggregator.addSpan(span);
      addresses.observe(span);
      aggregator.addPairing(pairer.add(span, nowMs));
    }
    return toUnit(spans, aggregator, addresses);
  }

  /**
   * `aggregate`, yielding to I/O every AGGREGATE_SLICE spans: the same aggregator sees the same
   * spans in the same order, so the unit is the same, but a request's COPY keeps draining to
   * PostgreSQL while its spans are paired (without the yields the socket stalled behind 20–40 ms
   * of synchronous pairing and PostgreSQL waited for data; bench/README.md "Ingest").
   */
  async aggregateInSlices(clusterId: number, spans: readonly NormalizedSpan[], nowMs = Date.now()): Promise<SpanUnit> {
    const pairer = this.pairerFor(clusterId);
    const aggregator = new MinuteAggregator();
    const addresses = new AddressObservationTracker();
    for (let i = 0; i < spans.length; i++) {
      if (i > 0 && i % AGGREGATE_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const span = spans[i];
      aggregator.addSpan(span);
      addresses.observe(span);
      aggregator.addPairing(pairer.add(span, nowMs));
    }
    return toUnit(spans, aggregator, addresses);
  }

  /** Resolves halves whose wait is over and stores what they became. */
  async tick(nowMs = Date.now()): Promise<void> {
    for (const [clusterId, pairer] of this.pairers) {
      const aggregator = new MinuteAggregator();
      aggregator.addPairing(pairer.expire(nowMs));
      const unit = toUnit([], aggregator, new AddressObservationTracker());
      if (unit.edgeMinutes.length || unit.dataQuality.length) {
        await storeUnit(this.db, { clusterId, batchId: randomUUID(), ...unit });
      }
    }
  }

  /** Resolves every waiting half now (shutdown, tests). */
  async flush(): Promise<StoreOutcome[]> {
    const outcomes: StoreOutcome[] = [];
    for (const [clusterId, pairer] of this.pairers) {
      const aggregator = new MinuteAggregator();
      aggregator.addPairing(pairer.flush());
      const unit = toUnit([], aggregator, new AddressObservationTracker());
      outcomes.push(await storeUnit(this.db, { clusterId, batchId: randomUUID(), ...unit }));
    }
    return outcomes;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => console.error("[ingest] pairing tick failed:", err));
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private pairerFor(clusterId: number): SpanPairer {
    let p = this.pairers.get(clusterId);
    if (!p) this.pairers.set(clusterId, (p = new SpanPairer(this.options)));
    return p;
  }
}
