import { describe, expect, it } from "vitest";
import { ACCEPTED, type ConsumeResult, type Consumer } from "../pipeline/consumer";
import { MemoryLimiter, MemoryMonitor } from "./memory-limiter";

const MiB = 1024 * 1024;

class Counting implements Consumer<number> {
  n = 0;
  admit(): ConsumeResult {
    return ACCEPTED;
  }
  consume(): Promise<ConsumeResult> {
    this.n++;
    return Promise.resolve(ACCEPTED);
  }
}

describe("memory limiter", () => {
  it("refuses receivers above the soft limit, everything above the hard limit, and recovers", async () => {
    let rss = 100 * MiB;
    const levels: string[] = [];
    const monitor = new MemoryMonitor({ softLimitMiB: 200, hardLimitMiB: 250, checkIntervalMs: 1000, readRss: () => rss, onLevelChange: (l) => levels.push(l) });
    const otlp = new Counting();
    const files = new Counting();
    const receiverSide = new MemoryLimiter(monitor, otlp, "soft");
    const tailerSide = new MemoryLimiter(monitor, files, "hard");

    monitor.check();
    expect((await receiverSide.consume(1)).ok).toBe(true);
    rss = 220 * MiB;
    monitor.check();
    expect(await receiverSide.consume(1)).toMatchObject({ ok: false, status: 503, reason: "memory_soft_limit" });
    expect((await tailerSide.consume(1)).ok).toBe(true);
    rss = 260 * MiB;
    monitor.check();
    expect(tailerSide.admit()).toMatchObject({ ok: false, reason: "memory_hard_limit" });
    rss = 120 * MiB;
    monitor.check();
    expect((await receiverSide.consume(1)).ok).toBe(true);
    expect([otlp.n, files.n]).toEqual([2, 1]);
    expect(levels).toEqual(["soft", "hard", "ok"]);
  });
});
