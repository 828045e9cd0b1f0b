// The bounded on-disk queue between the batcher and the sender: two segment logs, one for
// aggregate batches (small, precious: the read model) and one for raw batches (spans and flows,
// large, expendable). Keeping them apart lets the queue degrade raw data before aggregates by
// deleting whole raw records from the old end, without rewriting anything.
//
// Commit protocol: every record carries the epoch of the cut it belongs to. A cut appends its
// records, then writes the checkpoint (checkpoint.ts) that commits the epoch. Only committed
// records are sent; at recovery, records of an uncommitted epoch are cut off, because the intake
// they were made from is replayed and makes them again (sending them would count twice).
import path from "node:path";
import { comparePositions, SegmentLog, type LogEntry, type LogPosition } from "./segment-log";

export type QueueKind = "agg" | "raw";
export const QUEUE_KINDS: readonly QueueKind[] = ["agg", "raw"];

export interface QueuedBatchMeta {
  epoch: number;
  kind: QueueKind;
  batchId: string;
  spans: number;
  flows: number;
  /** aggregate rows (edge, node, network edge, pairing quality, addresses) */
  rows: number;
  encoding: "gzip" | "identity";
}

export interface QueueDrop {
  kind: QueueKind;
  spans: number;
  flows: number;
  rows: number;
  reason: "queue_full" | "queue_full_aggregates";
}

export interface ExportQueueOptions {
  maxBytes: number;
  onDrop?: (drop: QueueDrop) => void;
}

export class ExportQueue {
  readonly logs: Record<QueueKind, SegmentLog>;
  private committed = 0;
  private waiters: (() => void)[] = [];
  /** set when data had to be dropped to keep the bound; cleared below the low watermark */
  private overflowing = false;

  private constructor(dir: string, private readonly options: ExportQueueOptions) {
    // Segments of 1/16 of the bound: deletion is per segment, so disk use overshoots the bound
    // by at most one segment per log.
    const segmentBytes = Math.max(64 * 1024, Math.min(16 * 1024 * 1024, Math.floor(options.maxBytes / 16)));
    this.logs = {
      agg: SegmentLog.open(path.join(dir, "agg"), { segmentBytes }),
      raw: SegmentLog.open(path.join(dir, "raw"), { segmentBytes }),
    };
  }

  static open(dir: string, options: ExportQueueOptions): ExportQueue {
    return new ExportQueue(dir, options);
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** Unsent bytes in both logs. */
  get bytes(): number {
    return this.logs.agg.bytes + this.logs.raw.bytes;
  }

  get utilisation(): number {
    return this.bytes / this.options.maxBytes;
  }

  /**
   * No room for more input: receivers refuse with a retryable answer (backpressure). Full from
   * 90 % of the bound, and from the moment anything had to be dropped until the senders have
   * brought the queue back under half of it (hysteresis: no flapping at the edge).
   */
  get full(): boolean {
    const bytes = this.bytes;
    if (this.overflowing && bytes < this.options.maxBytes * 0.5) this.overflowing = false;
    return this.overflowing || bytes >= this.options.maxBytes * 0.9;
  }

  get committedEpoch(): number {
    return this.committed;
  }

  /** Cuts off every record of an epoch after `committedEpoch` (recovery only). */
  recover(committedEpoch: number): void {
    this.committed = committedEpoch;
    for (const kind of QUEUE_KINDS) {
      const log = this.logs[kind];
      for (const e of log.entries()) {
        if ((e.meta as unknown as QueuedBatchMeta).epoch > committedEpoch) {
          log.truncate(e.position);
          break;
        }
      }
    }
  }

  /** Appends batches (page cache); then keeps the bound by dropping the oldest raw data first. */
  append(kind: QueueKind, items: readonly { meta: QueuedBatchMeta; payload: Uint8Array }[]): void {
    if (items.length === 0) return;
    this.logs[kind].append(items.map((i) => ({ meta: i.meta as unknown as Record<string, unknown>, payload: i.payload })));
    this.enforceBound();
  }

  async sync(): Promise<void> {
    await Promise.all([this.logs.agg.sync(), this.logs.raw.sync()]);
  }

  /** Marks every record of epochs up to `epoch` sendable. */
  commit(epoch: number): void {
    this.committed = Math.max(this.committed, epoch);
    this.wake();
  }

  /** The committed record at or after `cursor`, with its payload; null when there is none yet. */
  next(kind: QueueKind, cursor: LogPosition): (Omit<LogEntry, "meta"> & { payload: Buffer; meta: QueuedBatchMeta }) | null {
    const entry = this.logs[kind].read(cursor);
    if (!entry) return null;
    const meta = entry.meta as unknown as QueuedBatchMeta;
    if (meta.epoch > this.committed) return null;
    return { position: entry.position, next: entry.next, size: entry.size, payload: entry.payload, meta };
  }

  start(kind: QueueKind): LogPosition {
    return this.logs[kind].start;
  }

  /** The record ending at `next` was delivered (or given up on): it will not be sent again. */
  ack(kind: QueueKind, next: LogPosition): void {
    if (comparePositions(next, this.logs[kind].start) > 0) this.logs[kind].ack(next);
    this.wake();
  }

  /** Resolves at the next commit or ack, or after `timeoutMs`. */
  changed(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }

  close(): void {
    this.wake();
    this.logs.agg.close();
    this.logs.raw.close();
  }

  /** Wakes every sender waiting in changed() (shutdown: they should look again now). */
  notify(): void {
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private enforceBound(): void {
    while (this.bytes > this.options.maxBytes) {
      const kind: QueueKind = this.logs.raw.bytes > 0 ? "raw" : "agg";
      const log = this.logs[kind];
      const oldest = log.readMeta(log.start);
      if (!oldest) return;
      // The newest aggregates are never dropped to make room for themselves.
      if (kind === "agg" && comparePositions(oldest.next, log.end) >= 0) return;
      log.ack(oldest.next);
      this.overflowing = true;
      const meta = oldest.meta as unknown as QueuedBatchMeta;
      this.options.onDrop?.({
        kind,
        spans: meta.spans,
        flows: meta.flows,
        rows: meta.rows,
        reason: kind === "raw" ? "queue_full" : "queue_full_aggregates",
      });
    }
  }
}
