import { describe, expect, it } from "vitest";
import { encodeCopyRows, encodeCopyValue, microsToTimestamp } from "./copy-text";

describe("COPY text encoding", () => {
  it("escapes the characters that would end a field or a row", () => {
    expect(encodeCopyValue("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(encodeCopyValue(null)).toBe("\\N");
    expect(encodeCopyValue(undefined)).toBe("\\N");
    expect(encodeCopyValue(Number.NaN)).toBe("\\N");
    expect(encodeCopyValue(true)).toBe("t");
    expect(encodeCopyRows([["x", 1], [null, "y\tz"]])).toBe("x\t1\n\\N\ty\\tz\n");
  });

  it("writes JSON for objects, escapes it, and drops NUL characters jsonb refuses", () => {
    expect(encodeCopyValue({})).toBe("{}");
    expect(encodeCopyValue([])).toBe("[]");
    expect(encodeCopyValue({ a: "x\ty" })).toBe('{"a":"x\\\\ty"}');
    expect(encodeCopyValue({ ["k\u0000"]: "v\u0000" })).toBe('{"k\uFFFD":"v\uFFFD"}');
    const shared = { "telemetry.sdk.name": "opentelemetry" };
    expect(encodeCopyValue(shared)).toBe(encodeCopyValue(shared));
  });

  it("formats microsecond timestamps exactly, across second boundaries", () => {
    const base = Date.UTC(2026, 10, 26, 22, 0, 0) * 1000;
    expect(microsToTimestamp(base + 123_456)).toBe("2026-11-26T22:00:00.123456Z");
    expect(microsToTimestamp(base + 1_000_001)).toBe("2026-11-26T22:00:01.000001Z");
    expect(microsToTimestamp(base + 7)).toBe("2026-11-26T22:00:00.000007Z");
  });
});
