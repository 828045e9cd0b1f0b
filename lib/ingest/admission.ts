import "server-only";
// The server is in control of load (DESIGN.md). Two budgets guard the ingest path:
//  - bytes in flight: request bodies being read, decoded and written at once, which bounds
//    memory however many agents push together;
//  - items per second: a token bucket over spans and flows, which bounds database work.
// A request over either budget is refused whole with 429 and a Retry-After, before any of it is
// stored; agents back off with jitter and keep the data in their disk queues.
import { AppError } from "@/lib/api/errors";

export interface AdmissionOptions {
  itemsPerSecond: number;
  maxInflightBytes: number;
  now?: () => number;
}

export class Admission {
  private tokens: number;
  private lastRefillMs: number;
  private inflightBytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: AdmissionOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.itemsPerSecond;
    this.lastRefillMs = this.now();
  }

  /** Reserves bytes for one request; call the returned release when the request is done. */
  reserveBytes(bytes: number): () => void {
    const want = Math.max(0, bytes);
    if (this.inflightBytes > 0 && this.inflightBytes + want > this.options.maxInflightBytes) {
      throw new AppError("rate_limited", "server is busy: too many bytes in flight", 1 + Math.floor(Math.random() * 2));
    }
    this.inflightBytes += want;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inflightBytes -= want;
    };
  }

  /**
   * Takes `count` items from the bucket or refuses. A batch larger than the whole bucket is let
   * through when the bucket is full (it could never fit otherwise), leaving the bucket in debt.
   */
  admitItems(count: number): void {
    this.refill();
    const capacity = this.options.itemsPerSecond;
    if (count <= this.tokens || this.tokens >= capacity) {
      this.tokens -= count;
      return;
    }
    const deficit = count - this.tokens;
    const seconds = Math.max(1, Math.ceil(deficit / capacity));
    throw new AppError("rate_limited", `ingest budget of ${capacity} items/s exceeded`, seconds);
  }

  get bytesInFlight(): number {
    return this.inflightBytes;
  }

  private refill() {
    const now = this.now();
    const elapsed = Math.max(0, now - this.lastRefillMs) / 1000;
    this.lastRefillMs = now;
    this.tokens = Math.min(this.options.itemsPerSecond, this.tokens + elapsed * this.options.itemsPerSecond);
  }
}
