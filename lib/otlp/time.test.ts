import { describe, expect, it } from "vitest";
import { checkSpanTimes, EARLIEST_PLAUSIBLE_US, nanosHalvesToMicros, nanosJsonToMicros, plausibleWindow } from "./time";

const halves = (ns: bigint) => [Number(ns & 0xffffffffn), Number(ns >> 32n)] as const;

describe("nanoseconds to microseconds", () => {
  it("is exact for fixed64 halves, checked against BigInt over random timestamps", () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      // any instant between 1970 and 2200, to the nanosecond
      const ns = BigInt(Math.floor(random() * 7.3e9)) * 1_000_000_000n + BigInt(Math.floor(random() * 1e9));
      const [lo, hi] = halves(ns);
      expect(nanosHalvesToMicros(lo, hi)).toBe(Number(ns / 1000n));
    }
    expect(nanosHalvesToMicros(...halves(1544712660000000999n))).toBe(1544712660000000);
    expect(nanosHalvesToMicros(0, 0)).toBe(0);
  });

  it("is exact for JSON decimal strings and floors numbers", () => {
    expect(nanosJsonToMicros("1544712660123456789")).toBe(1544712660123456);
    expect(nanosJsonToMicros("999")).toBe(0);
    expect(nanosJsonToMicros("0")).toBe(0);
    expect(nanosJsonToMicros(1544712660123456)).toBe(1544712660123);
  });

  it("gives NaN for anything that is not a non-negative integer", () => {
    for (const bad of ["", "-5", "12a", "1.5e18", "123456789012345678901", -1, NaN, Infinity, null, true, {}]) {
      expect(nanosJsonToMicros(bad)).toBeNaN();
    }
  });
});

describe("checkSpanTimes", () => {
  const now = Date.UTC(2025, 5, 1);
  const window = plausibleWindow(now);
  const t = now * 1000;

  it("accepts a plausible span, including a zero-length one", () => {
    expect(checkSpanTimes(t, t + 5, window)).toBeNull();
    expect(checkSpanTimes(t, t, window)).toBeNull();
    expect(checkSpanTimes(EARLIEST_PLAUSIBLE_US, EARLIEST_PLAUSIBLE_US + 1, window)).toBeNull();
  });

  it("names what is wrong", () => {
    expect(checkSpanTimes(0, 10, window)).toMatch(/before 2000/);
    expect(checkSpanTimes(t, t - 1, window)).toMatch(/end time before start/);
    expect(checkSpanTimes(t + 86_400_000_001, t + 86_400_000_002, window)).toMatch(/start time more than 1 day in the future/);
    expect(checkSpanTimes(t, t + 86_400_000_001, window)).toMatch(/end time more than 1 day in the future/);
    expect(checkSpanTimes(NaN, t, window)).toMatch(/not a valid timestamp/);
  });
});
