// The sender of one queue (aggregates or raw): queue → pace → send → retry, one batch in flight,
// in queue order. A batch leaves the queue (ack) only once the server took it, refused it for
// good, or it was split; a crash before the ack sends it again, which is safe because the server
// deduplicates by batch id (at-least-once delivery, exactly-once effect).
import type { ExportQueue, QueueKind, QueuedBatchMeta } from "../queue/export-queue";
import type { LogPosition } from "../queue/segment-log";
import { retryDelay, type BackoffPolicy } from "./backoff";
import { aggregateRowCount, splitBatch } from "./batch-builder";
import { decodeBatch, encodeBatch } from "./batch-encoding";
import type { SendOutcome } from "./classify-response";
import type { IngestClient } from "./ingest-client";
import type { ReplayPacer } from "./replay-pacer";

export interface ExportEvents {
  exported(meta: QueuedBatchMeta, duplicate: boolean): void;
  dropped(meta: Pick<QueuedBatchMeta, "kind" | "spans" | "flows" | "rows">, reason: string): void;
  retried(outcome: SendOutcome): void;
  /** loud: the server says this agent is misconfigured (token, URL) */
  misconfigured(message: string): void;
}

/** Misconfiguration (401/403/404) is retried at this pace: slow, but it heals once fixed. */
const MISCONFIGURED_RETRY_MS = 30_000;

type Delivery = "done" | "stopped";

export class ExportLoop {
  private running: Promise<void> | null = null;
  private stopping = false;
  /** once set, the loop exits when the queue is empty instead of waiting for more */
  private drainOnly = false;
  private readonly abort = new AbortController();
  private wakeSleep: (() => void) | null = null;

  constructor(
    private readonly queue: ExportQueue,
    private readonly kind: QueueKind,
    private readonly client: IngestClient,
    private readonly policy: BackoffPolicy,
    private readonly pacer: ReplayPacer,
    private readonly events: ExportEvents,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Sends what is queued until the queue is empty or the deadline passes; then stops. */
  async drain(deadlineMs: number): Promise<void> {
    this.drainOnly = true;
    this.start();
    this.queue.notify();
    const timer = setTimeout(() => this.stop(), Math.max(0, deadlineMs - Date.now()));
    try {
      await this.running;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops now: the batch in flight is abandoned (it stays queued and is sent next time). */
  stop(): void {
    this.stopping = true;
    this.abort.abort();
    this.wakeSleep?.();
    this.queue.notify();
  }

  private async run(): Promise<void> {
    let cursor: LogPosition = this.queue.start(this.kind);
    while (!this.stopping) {
      const entry = this.queue.next(this.kind, cursor);
      if (!entry) {
        this.pacer.caughtUp(this.kind);
        if (this.drainOnly) return;
        await this.queue.changed(1000);
        continue;
      }
      const wait = this.pacer.delay();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      const result = await this.deliver(entry.payload, entry.meta);
      if (result === "stopped") return;
      this.queue.ack(this.kind, entry.next);
      cursor = entry.next;
    }
  }

  private async deliver(payload: Uint8Array, meta: QueuedBatchMeta): Promise<Delivery> {
    const startedMs = Date.now();
    for (let attempt = 0; !this.stopping; attempt++) {
      const outcome = await this.client.send(payload, meta.encoding, this.abort.signal);
      if (this.stopping) return "stopped";
      switch (outcome.kind) {
        case "delivered":
          this.events.exported(meta, outcome.duplicate);
          return "done";
        case "permanent":
          this.events.dropped(meta, `rejected_by_server_${outcome.status}`);
          console.error(`[exporter] the server refused a ${meta.kind} batch for good (${outcome.status}): ${outcome.message}`);
          return "done";
        case "too_large":
          return this.deliverSplit(payload, meta);
        case "misconfigured":
          this.events.misconfigured(`${outcome.status}: ${outcome.message}`);
          this.events.retried(outcome);
          await this.sleep(Math.max(outcome.retryAfterMs ?? 0, MISCONFIGURED_RETRY_MS));
          continue;
        case "retryable": {
          this.pacer.enterBacklog();
          const delay = retryDelay(this.policy, attempt, outcome.retryAfterMs);
          if (this.policy.maxElapsedMs > 0 && Date.now() + delay - startedMs > this.policy.maxElapsedMs) {
            this.events.dropped(meta, "retry_expired");
            return "done";
          }
          this.events.retried(outcome);
          await this.sleep(delay);
          continue;
        }
      }
    }
    return "stopped";
  }

  /** 413: the halves are sent one after the other (ids derived from the parent's). */
  private async deliverSplit(payload: Uint8Array, meta: QueuedBatchMeta): Promise<Delivery> {
    const batch = await decodeBatch(payload, meta.encoding);
    const halves = splitBatch(batch);
    if (!halves) {
      this.events.dropped(meta, "too_large");
      return "done";
    }
    for (const half of halves) {
      const halfMeta: QueuedBatchMeta = {
        ...meta,
        batchId: half.batchId,
        spans: half.spans.length,
        flows: half.flows.length,
        rows: aggregateRowCount(half),
      };
      if ((await this.deliver(await encodeBatch(half, meta.encoding), halfMeta)) === "stopped") return "stopped";
    }
    return "done";
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleep = done;
    });
  }
}
