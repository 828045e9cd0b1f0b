// Backpressure: refuses input while the disk queue or the intake journal has no room, with a
// retryable answer (429 + Retry-After). Refusing at the door keeps every buffer bounded; the
// senders (SDKs, OTel Collectors, the tailers) hold the data meanwhile.
import { ACCEPTED, refusal, type ConsumeResult, type Consumer } from "./consumer";

export interface Room {
  queueFull(): boolean;
  journalFull(): boolean;
  stopping(): boolean;
}

export class BackpressureGate<B> implements Consumer<B> {
  constructor(
    private readonly room: Room,
    private readonly next: Consumer<B> | null,
  ) {}

  admit(): ConsumeResult {
    if (this.room.stopping()) return refusal("shutting_down", 503, 5000, "collector is shutting down");
    if (this.room.queueFull()) return refusal("queue_full", 429, 5000, "collector queue is full (the server is behind)");
    if (this.room.journalFull()) return refusal("journal_full", 429, 1000, "collector intake journal is full");
    return this.next ? this.next.admit() : ACCEPTED;
  }

  consume(batch: B): Promise<ConsumeResult> {
    const verdict = this.admit();
    if (!verdict.ok || !this.next) return Promise.resolve(verdict);
    return this.next.consume(batch);
  }
}
