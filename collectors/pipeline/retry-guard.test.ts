import { describe, expect, it } from "vitest";
import { ACCEPTED, type ConsumeResult, type Consumer, type SpanIntake } from "./consumer";
import { recentRequest, RetryGuard } from "./retry-guard";

class Count implements Consumer<SpanIntake> {
  taken = 0;
  admit(): ConsumeResult {
    return ACCEPTED;
  }
  consume(): Promise<ConsumeResult> {
    this.taken++;
    return Promise.resolve(ACCEPTED);
  }
}

const intake = (text: string, encoding: SpanIntake["encoding"] = "protobuf"): SpanIntake => ({
  kind: "spans",
  encoding,
  body: Buffer.from(text),
  spans: [],
  rejected: 0,
  receivedAtMs: 0,
});

describe("retry guard", () => {
  it("answers the retries of the last journaled requests without taking them again, until its ttl", async () => {
    let now = 1_000_000;
    const next = new Count();
    const duplicates: number[] = [];
    const guard = new RetryGuard(next, (n) => duplicates.push(n), () => now);
    const armed = guard.arm(
      [
        recentRequest("protobuf", 0, Buffer.from("long before the crash")),
        recentRequest("protobuf", 50_000, Buffer.from("a")),
        recentRequest("json", 60_000, Buffer.from("b")),
      ],
      30_000,
      60_000,
    );
    expect(armed).toBe(2);
    expect(await guard.consume(intake("a"))).toEqual(ACCEPTED);
    await guard.consume(intake("a")); // its answer was lost too: still not taken
    await guard.consume(intake("b", "protobuf")); // other encoding: other request
    await guard.consume(intake("long before the crash"));
    expect(next.taken).toBe(2);
    expect(duplicates).toEqual([0, 0]);
    now += 60_001;
    await guard.consume(intake("a"));
    expect(next.taken).toBe(3);
    expect(guard.armed).toBe(0);
  });
});
