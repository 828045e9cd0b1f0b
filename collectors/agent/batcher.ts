// Batching, the last processor: turns what the processors accumulated into IngestBatches and
// writes them to the disk queue, then commits them with a checkpoint.
//
// A cut (every batch.maxAge, and at shutdown) drains the aggregates (open minutes included:
// the server's upserts merge rows with the same key), takes the raw spans and flows, samples
// the raw spans under pressure, and — in one synchronous step — notes the journal position,
// the pairer's clock and the tail offsets those aggregates reflect. The batches are appended,
// fsynced, then the checkpoint commits the epoch. Raw data may also leave between cuts (a raw
// buffer filled up): it carries the next epoch and is sent only once that epoch commits.
// Writes happen in drain order, on one promise chain.
import path from "node:path";
import type { IngestBatch } from "@/lib/contracts/ingest-batch";
import { buildAggregateBatches, buildRawBatches, aggregateRowCount, type AgentIdentity } from "../exporter/batch-builder";
import { encodeBatchSync, type PayloadEncoding } from "../exporter/batch-encoding";
import type { AddressMap } from "../processors/address-map";
import type { FlowProcessor } from "../processors/flow-processor";
import type { SpanProcessor } from "../processors/span-processor";
import { sampleFlows, sampleSpans, type SamplingPolicy } from "../processors/tail-sampler";
import { writeFileAtomicSync } from "../queue/atomic-file";
import { writeCheckpoint, type Checkpoint, type TailOffset } from "../queue/checkpoint";
import type { ExportQueue, QueueKind, QueuedBatchMeta } from "../queue/export-queue";
import type { IntakeJournal } from "../queue/intake-journal";

export interface BatcherDeps {
  spans: SpanProcessor;
  flows: FlowProcessor;
  journal: IntakeJournal;
  queue: ExportQueue;
  addressMap: AddressMap;
  tails: () => TailOffset[];
  dataDir: string;
}

export interface BatcherOptions {
  agent: AgentIdentity;
  maxSpans: number;
  maxFlows: number;
  compression: PayloadEncoding;
  /** how far back the pairer may still hold a waiting span */
  pairingWaitMs: number;
  sampling: SamplingPolicy;
  /** healthy flows shipped as raw rows when not under pressure (1 = all) */
  healthyFlowsRatio: number;
  underPressure: () => boolean;
}

export interface BatcherEvents {
  queued(meta: QueuedBatchMeta): void;
  sampledOut(signal: "spans" | "flows", count: number): void;
  /** a write to the queue or the checkpoint failed: the agent must stop (fail-stop) */
  fatal(err: unknown): void;
}

const MAX_PENDING_WRITES = 8;

export function addressMapFile(dataDir: string): string {
  return path.join(dataDir, "address-map.json");
}

export class Batcher {
  /** the epoch being accumulated; committed epochs are below it */
  private epoch: number;
  private chain: Promise<void> = Promise.resolve();
  private sampledOut = 0;
  private failure: unknown = null;
  private lastAddressSnapshotMs = 0;
  /** writes scheduled and not finished: bounded, see `congested` */
  private pending = 0;

  constructor(
    private readonly deps: BatcherDeps,
    private readonly options: BatcherOptions,
    private readonly events: BatcherEvents,
    committedEpoch: number,
  ) {
    this.epoch = committedEpoch + 1;
  }

  /**
   * The disk is behind the processors (more than MAX_PENDING_WRITES batches of writes waiting):
   * intake is refused until it catches up, so encoded batches never pile up in memory.
   */
  get congested(): boolean {
    return this.pending > MAX_PENDING_WRITES;
  }

  /** Counts raw spans that will not be shipped (dropped from a full queue) into the next cut. */
  noteUnshippedSpans(n: number): void {
    this.sampledOut += n;
  }

  /** Ships the raw buffers now (they filled up); aggregates wait for the cut. */
  flushRaw(): void {
    const raw = this.rawBatches();
    if (raw.length > 0) void this.write(this.epoch, [], raw, null);
  }

  /** Drains everything into batches and commits them. Resolves once committed. */
  cut(final = false): Promise<void> {
    const { spans, flows, journal } = this.deps;
    const epoch = this.epoch++;
    const pairerClockMs = spans.pairerClockMs;
    // Records older than the pairing wait cannot hold a waiting span any more (2 s of margin).
    const rehydrateFrom = journal.firstAtOrAfter(pairerClockMs - this.options.pairingWaitMs - 2000);
    const checkpoint: Checkpoint = {
      version: 1,
      epoch,
      journal: journal.end,
      rehydrateFrom,
      pairerClockMs,
      tails: this.deps.tails(),
      writtenAtMs: Date.now(),
    };
    const s = spans.drainAggregates();
    const f = flows.drainAggregates();
    const raw = this.rawBatches();
    const aggregates = buildAggregateBatches(
      {
        edgeMinutes: s.edgeMinutes,
        nodeMinutes: s.nodeMinutes,
        pairingQuality: s.pairingQuality,
        // With the flows' own endpoints (Hubble pods), in the same batch as the rows they name.
        addresses: [...s.addresses, ...this.deps.addressMap.drainEndpointObservations()],
        networkEdgeMinutes: f.networkEdgeMinutes,
        stats: { spansSampledOut: this.sampledOut, spansRejected: s.spansRejected, flowLinesRejected: f.flowLinesRejected },
      },
      this.options.agent,
      Date.now(),
    );
    this.sampledOut = 0;
    // The address map is a cache that helps name flows right after a restart: saved every 30 s.
    const snapshot = final || Date.now() - this.lastAddressSnapshotMs >= 30_000;
    if (snapshot) this.lastAddressSnapshotMs = Date.now();
    return this.write(epoch, aggregates, raw, checkpoint, snapshot);
  }

  /** Resolves when every write scheduled so far is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  private rawBatches(): IngestBatch[] {
    const spans = this.deps.spans.takeRaw();
    const flows = this.deps.flows.takeRaw();
    if (spans.length === 0 && flows.length === 0) return [];
    let keptSpans = spans;
    let keptFlows = flows;
    const pressure = this.options.underPressure();
    if (pressure) {
      const s = sampleSpans(spans, this.options.sampling);
      keptSpans = s.kept;
      this.sampledOut += s.sampledOut;
      this.events.sampledOut("spans", s.sampledOut);
    }
    const flowRatio = pressure ? Math.min(this.options.sampling.keepRatio, this.options.healthyFlowsRatio) : this.options.healthyFlowsRatio;
    if (flows.length > 0 && flowRatio < 1) {
      const f = sampleFlows(flows, flowRatio);
      keptFlows = f.kept;
      this.events.sampledOut("flows", f.sampledOut);
    }
    return buildRawBatches(keptSpans, keptFlows, this.options.agent, Date.now(), this.options.maxSpans, this.options.maxFlows);
  }

  private write(epoch: number, aggregates: IngestBatch[], raw: IngestBatch[], checkpoint: Checkpoint | null, snapshot = false): Promise<void> {
    const { queue, journal, dataDir } = this.deps;
    const encoding = this.options.compression;
    const item = (kind: QueueKind, b: IngestBatch) => {
      const meta: QueuedBatchMeta = { epoch, kind, batchId: b.batchId, spans: b.spans.length, flows: b.flows.length, rows: aggregateRowCount(b), encoding };
      return { meta, payload: encodeBatchSync(b, encoding) };
    };
    // Encoded now, so the raw objects are freed now; the disk writes wait their turn.
    const aggItems = aggregates.map((b) => item("agg", b));
    const rawItems = raw.map((b) => item("raw", b));
    this.pending++;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        queue.append("raw", rawItems);
        queue.append("agg", aggItems);
        await queue.sync();
        for (const i of [...aggItems, ...rawItems]) this.events.queued(i.meta);
        if (checkpoint) {
          await writeCheckpoint(dataDir, checkpoint);
          queue.commit(epoch);
          journal.trim(checkpoint.rehydrateFrom);
          if (snapshot) writeFileAtomicSync(addressMapFile(dataDir), JSON.stringify(this.deps.addressMap.toJSON()));
        }
      } catch (err) {
        this.failure = err;
        this.events.fatal(err);
      } finally {
        this.pending--;
      }
    });
    return this.chain;
  }
}
