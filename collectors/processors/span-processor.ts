// Spans in, aggregates and raw spans out: enrichment (cluster name), address learning for the
// flow side, then pairing and per-minute aggregation through lib/rollup's SpanRollupPipeline
// (the same code the server runs, so the numbers agree). Every span is aggregated here, before
// any sampling; the raw spans wait in a bounded buffer for the batcher, which samples them.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { SpanRollupPipeline, type RollupBatch } from "@/lib/rollup/span-rollup-pipeline";
import { ACCEPTED, type ConsumeResult, type Consumer, type SpanIntake } from "../pipeline/consumer";
import type { AddressMap } from "./address-map";

export interface SpanProcessorOptions {
  cluster: string;
  pairingWaitMs: number;
  pairingMaxItems: number;
  /** raw spans buffered before `onRawFull` asks the batcher to take them */
  maxRawSpans: number;
  addressMap: AddressMap;
  onRawFull: () => void;
}

export class SpanProcessor implements Consumer<SpanIntake> {
  private readonly pipeline: SpanRollupPipeline;
  private raw: NormalizedSpan[] = [];
  private rejected = 0;
  private clock = 0;

  constructor(private readonly options: SpanProcessorOptions) {
    this.pipeline = new SpanRollupPipeline({
      pairer: { ttlMs: options.pairingWaitMs, maxItems: options.pairingMaxItems },
      // Minutes are shipped whole at every cut (the server's upserts merge): no late window.
      lateArrivalMs: 0,
    });
  }

  /**
   * The time of the pairer's latest expiry: every expiry up to it has been emitted. Expiry runs
   * before each batch's spans are added (and on the timer), so replaying the same batches with
   * the same expiries rebuilds exactly the same waiting state after a crash.
   */
  get pairerClockMs(): number {
    return this.clock;
  }

  get rawCount(): number {
    return this.raw.length;
  }

  admit(): ConsumeResult {
    return ACCEPTED;
  }

  consume(batch: SpanIntake): Promise<ConsumeResult> {
    this.process(batch.spans, batch.receivedAtMs);
    this.rejected += batch.rejected;
    return Promise.resolve(ACCEPTED);
  }

  /** Replays spans of journal records already reflected in committed batches: only the pairer's
   *  waiting state and the address map are rebuilt; nothing is counted or emitted again. */
  rehydrate(spans: readonly NormalizedSpan[], atMs: number): void {
    this.pipeline.pairer.expire(atMs);
    this.advance(atMs);
    for (const span of spans) {
      this.enrich(span);
      this.options.addressMap.learn(span);
      this.pipeline.pairer.add(span, atMs);
    }
  }

  /** End of rehydration: expiries the crashed process had already shipped are re-done, silently. */
  finishRehydration(pairerClockMs: number): void {
    this.pipeline.pairer.expire(pairerClockMs);
    this.advance(pairerClockMs);
  }

  /** Resolves half-edges whose wait is over (call every second or two). */
  tick(nowMs: number): void {
    if (nowMs < this.clock) return; // never back in time: a replayed record carries an old clock
    this.pipeline.tick(nowMs);
    this.advance(nowMs);
  }

  /** Resolves every waiting half-edge now (graceful shutdown: nothing stays in memory). */
  flushPairing(): void {
    this.pipeline.flush();
  }

  /** Everything aggregated so far, open minutes included, and the rejection count. */
  drainAggregates(): RollupBatch & { spansRejected: number } {
    const rows = this.pipeline.drain();
    const spansRejected = this.rejected;
    this.rejected = 0;
    // The pipeline's addresses: resource claims, and the peers of database and messaging calls,
    // marked, so the server's map learns them without letting them override.
    return { ...rows, spansRejected };
  }

  takeRaw(max = Number.POSITIVE_INFINITY): NormalizedSpan[] {
    if (this.raw.length <= max) {
      const all = this.raw;
      this.raw = [];
      return all;
    }
    return this.raw.splice(0, max);
  }

  private process(spans: readonly NormalizedSpan[], atMs: number): void {
    this.tick(atMs);
    for (const span of spans) {
      this.enrich(span);
      this.options.addressMap.learn(span);
      this.pipeline.add(span, atMs);
      this.raw.push(span);
    }
    if (this.raw.length >= this.options.maxRawSpans) this.options.onRawFull();
  }

  private enrich(span: NormalizedSpan): void {
    span.k8sCluster ??= this.options.cluster;
  }

  private advance(atMs: number): void {
    if (atMs > this.clock) this.clock = atMs;
  }
}
