// The one place that wires a span stream into rollups: every span is counted (NodeMinute),
// paired (EdgeMinute, PairingQualityMinute) and mined for addresses. The collector agent and the
// server's direct OTLP ingest both use this, so their numbers agree.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { NormalizedSpan } from "@/lib/contracts/span";
import { SpanPairer } from "@/lib/pairing/span-pairer";
import type { PairerOptions } from "@/lib/pairing/types";
import { AddressObservationTracker } from "./address-observations";
import { MinuteAggregator, type MinuteAggregatorOptions, type RollupRows } from "./minute-aggregator";
import { minuteOfMs } from "./minute";

export interface RollupBatch extends RollupRows {
  addresses: AddressObservation[];
}

export interface SpanRollupPipelineOptions {
  pairer: Partial<PairerOptions>;
  aggregator: Partial<MinuteAggregatorOptions>;
  /**
   * How late a span may arrive after its minute ends (SDK batch delay, exporter retries) before
   * the minute is shipped as closed. A late row is not lost: upserts merge it into the minute.
   */
  lateArrivalMs: number;
}

const DEFAULTS: SpanRollupPipelineOptions = { pairer: {}, aggregator: {}, lateArrivalMs: 10_000 };

export class SpanRollupPipeline {
  readonly pairer: SpanPairer;
  readonly aggregator: MinuteAggregator;
  readonly addresses = new AddressObservationTracker();
  private readonly lateArrivalMs: number;

  constructor(options: Partial<SpanRollupPipelineOptions> = {}) {
    const o = { ...DEFAULTS, ...options };
    this.pairer = new SpanPairer(o.pairer);
    this.aggregator = new MinuteAggregator(o.aggregator);
    this.lateArrivalMs = o.lateArrivalMs;
  }

  add(span: NormalizedSpan, nowMs: number): void {
    this.aggregator.addSpan(span);
    this.addresses.observe(span);
    this.aggregator.addPairing(this.pairer.add(span, nowMs));
  }

  /** Call on a timer (every 2 s, as Tempo and OTel do): resolves half-edges whose TTL passed. */
  tick(nowMs: number): void {
    this.aggregator.addPairing(this.pairer.expire(nowMs));
  }

  /** Resolves every waiting half-edge now: at shutdown or at the end of a batch import. */
  flush(): void {
    this.aggregator.addPairing(this.pairer.flush());
  }

  /**
   * Minutes nobody should add to any more at `nowMs`: a span may come lateArrivalMs late, and its
   * edge may be resolved a pairing TTL after that.
   */
  closedBefore(nowMs: number): number {
    return minuteOfMs(nowMs - this.lateArrivalMs - this.pairer.options.ttlMs);
  }

  /** Closed minutes only (the collector's shipping cadence). */
  drainClosed(nowMs: number): RollupBatch {
    return { ...this.aggregator.drainClosed(this.closedBefore(nowMs)), addresses: this.addresses.drain() };
  }

  /** Everything, open minute included (server side, where upserts merge; or after flush). */
  drain(): RollupBatch {
    return { ...this.aggregator.drain(), addresses: this.addresses.drain() };
  }
}
