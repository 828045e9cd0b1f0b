// Memory limiter, the first processor of every pipeline (as in the OTel Collector): it watches
// the process's resident memory and refuses input before the process is OOM-killed.
//   above the soft limit: receivers answer 503 + Retry-After (clients retry later), raw spans
//     are sampled; tailed files keep flowing (they wait safely on disk, but slowly they must);
//   above the hard limit: everything is refused, tailers pause, and a GC is forced when Node
//     runs with --expose-gc.
import type { ConsumeResult, Consumer } from "../pipeline/consumer";
import { refusal } from "../pipeline/consumer";

export type MemoryLevel = "ok" | "soft" | "hard";

export interface MemoryMonitorOptions {
  softLimitMiB: number;
  hardLimitMiB: number;
  checkIntervalMs: number;
  /** resident set size in bytes; injectable for tests */
  readRss?: () => number;
  onLevelChange?: (level: MemoryLevel, rssMiB: number) => void;
}

export class MemoryMonitor {
  private current: MemoryLevel = "ok";
  private timer: NodeJS.Timeout | null = null;
  private lastRssMiB = 0;

  constructor(private readonly options: MemoryMonitorOptions) {}

  get level(): MemoryLevel {
    return this.current;
  }

  get rssMiB(): number {
    return this.lastRssMiB;
  }

  start(): void {
    this.check();
    this.timer ??= setInterval(() => this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  check(): MemoryLevel {
    const rss = (this.options.readRss ?? process.memoryUsage.rss)();
    this.lastRssMiB = rss / (1024 * 1024);
    const level: MemoryLevel = this.lastRssMiB >= this.options.hardLimitMiB ? "hard" : this.lastRssMiB >= this.options.softLimitMiB ? "soft" : "ok";
    if (level === "hard") (globalThis as { gc?: () => void }).gc?.();
    if (level !== this.current) {
      this.current = level;
      this.options.onLevelChange?.(level, this.lastRssMiB);
    }
    return level;
  }
}

/** Refuses batches while memory is at or above `refuseAt`; passes them on otherwise. */
export class MemoryLimiter<B> implements Consumer<B> {
  constructor(
    private readonly monitor: MemoryMonitor,
    private readonly next: Consumer<B>,
    private readonly refuseAt: "soft" | "hard",
  ) {}

  admit(): ConsumeResult {
    const level = this.monitor.level;
    if (level === "hard") return refusal("memory_hard_limit", 503, 5000, "collector is over its hard memory limit");
    if (level === "soft" && this.refuseAt === "soft") return refusal("memory_soft_limit", 503, 1000, "collector is over its soft memory limit");
    return this.next.admit();
  }

  consume(batch: B): Promise<ConsumeResult> {
    const verdict = this.admit();
    return verdict.ok ? this.next.consume(batch) : Promise.resolve(verdict);
  }
}
