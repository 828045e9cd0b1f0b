// Decides when the senders are draining a backlog (after a retryable failure, or at start with
// batches left from before) and paces them then, so a server that just recovered gets a steady
// stream from each agent instead of its whole backlog at once. Shared by both queue senders.
import type { QueueKind } from "../queue/export-queue";
import { RateLimiter } from "./rate-limiter";

export class ReplayPacer {
  private backlog = false;
  private readonly caught = new Set<QueueKind>();
  private readonly limiter: RateLimiter;

  constructor(
    batchesPerSecond: number,
    private readonly kinds: readonly QueueKind[],
    private readonly onChange: (inBacklog: boolean) => void = () => undefined,
  ) {
    this.limiter = new RateLimiter(batchesPerSecond, Math.max(1, Math.ceil(batchesPerSecond / 4)));
  }

  get inBacklog(): boolean {
    return this.backlog;
  }

  enterBacklog(): void {
    this.caught.clear();
    if (this.backlog) return;
    this.backlog = true;
    this.onChange(true);
  }

  /** A sender found nothing left to send; the backlog ends when every sender has. */
  caughtUp(kind: QueueKind): void {
    if (!this.backlog) return;
    this.caught.add(kind);
    if (this.kinds.every((k) => this.caught.has(k))) {
      this.backlog = false;
      this.onChange(false);
    }
  }

  /** Milliseconds to wait before the next batch (0 outside a backlog). */
  delay(): number {
    return this.backlog ? this.limiter.take() : 0;
  }
}
