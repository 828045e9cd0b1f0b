// A token bucket for batches: while the agent drains a backlog after an outage, it sends at a
// bounded rate so a recovering server is not stampeded by every agent at once (DESIGN.md).
export class RateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, perSecond),
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.burst;
    this.lastMs = now();
  }

  /** Milliseconds to wait before one more batch may go; takes the token when 0. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastMs) / 1000) * this.perSecond);
    this.lastMs = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
