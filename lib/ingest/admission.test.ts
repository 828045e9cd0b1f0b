import { describe, expect, it } from "vitest";
import { Admission } from "./admission";

describe("admission", () => {
  it("admits within the item budget, refuses above it with a Retry-After, and refills with time", () => {
    let now = 0;
    const a = new Admission({ itemsPerSecond: 100, maxInflightBytes: 1000, now: () => now });
    a.admitItems(60);
    expect(() => a.admitItems(60)).toThrow(expect.objectContaining({ code: "rate_limited", retryAfterSeconds: 1 }));
    now += 500; // +50 tokens
    a.admitItems(60);
  });

  it("lets one batch larger than the whole bucket through when the bucket is full, leaving it in debt", () => {
    let now = 0;
    const a = new Admission({ itemsPerSecond: 100, maxInflightBytes: 1000, now: () => now });
    a.admitItems(350);
    expect(() => a.admitItems(1)).toThrow(expect.objectContaining({ retryAfterSeconds: 3 }));
    now += 3_600;
    a.admitItems(1);
  });

  it("bounds bytes in flight and releases them once", () => {
    const a = new Admission({ itemsPerSecond: 100, maxInflightBytes: 1000 });
    const r1 = a.reserveBytes(800);
    expect(() => a.reserveBytes(300)).toThrow(expect.objectContaining({ code: "rate_limited" }));
    r1();
    r1(); // twice is harmless
    expect(a.bytesInFlight).toBe(0);
    a.reserveBytes(5000)(); // a single request larger than the budget still runs when alone
  });
});
