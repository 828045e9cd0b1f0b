// Start and stop as one stack: each component registers how to stop it right after it started,
// so shutdown is the reverse of start by construction (never a hand-kept list that drifts), a
// failed start unwinds exactly what had started, and a second shutdown is the same promise.
export type Stopper = (deadlineMs: number) => Promise<void> | void;

export class Lifecycle {
  private readonly stack: { name: string; stop: Stopper }[] = [];
  private unwinding: Promise<void> | null = null;

  defer(name: string, stop: Stopper): void {
    if (this.unwinding) throw new Error(`cannot start ${name}: shutting down`);
    this.stack.push({ name, stop });
  }

  get stopping(): boolean {
    return this.unwinding !== null;
  }

  /** Stops everything in reverse order; every step is told the absolute deadline. Idempotent. */
  unwind(deadlineMs: number): Promise<void> {
    this.unwinding ??= (async () => {
      for (let entry = this.stack.pop(); entry; entry = this.stack.pop()) {
        try {
          await entry.stop(deadlineMs);
        } catch (err) {
          console.error(`[collector] stopping ${entry.name} failed:`, err);
        }
      }
    })();
    return this.unwinding;
  }
}
