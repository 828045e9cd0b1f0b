// A bounded, time-limited memory in two generations: new entries go into the young map; when it
// holds half the capacity, or its oldest entry has waited the TTL, it becomes the old map and the
// previous old map is dropped whole. An entry is therefore kept for at least the TTL unless the
// memory fills up (then the oldest half goes first), and for at most about twice the TTL.
// The span index remembers EVERY span for the kind-less fallback; with a FIFO wait store each
// span cost a queue entry, a slot object and an eviction (get + delete) on a 50k-entry Map, the
// largest share of pairing time (bench/README.md). Here a span costs one Map.set.

export class GenerationalMemory<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private youngSinceMs = Infinity;
  private oldNewestMs = -Infinity;
  private youngNewestMs = -Infinity;
  private readonly perGeneration: number;

  constructor(
    maxItems: number,
    private readonly ttlMs: number,
  ) {
    this.perGeneration = Math.max(1, Math.floor(maxItems / 2));
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: string): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  set(key: string, value: V, nowMs: number): void {
    if (this.young.size >= this.perGeneration && !this.young.has(key)) this.rotate();
    if (this.young.size === 0) this.youngSinceMs = nowMs;
    this.young.set(key, value);
    if (nowMs > this.youngNewestMs) this.youngNewestMs = nowMs;
  }

  /** Forgets what has waited long enough: the old map once its newest entry is past the TTL. */
  expire(nowMs: number): void {
    if (this.young.size > 0 && this.youngSinceMs + this.ttlMs <= nowMs) this.rotate();
    if (this.old.size > 0 && this.oldNewestMs + this.ttlMs <= nowMs) {
      this.old = new Map();
      this.oldNewestMs = -Infinity;
    }
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.youngSinceMs = Infinity;
    this.youngNewestMs = this.oldNewestMs = -Infinity;
  }

  private rotate(): void {
    this.old = this.young;
    this.oldNewestMs = this.youngNewestMs;
    this.young = new Map();
    this.youngSinceMs = Infinity;
    this.youngNewestMs = -Infinity;
  }
}
