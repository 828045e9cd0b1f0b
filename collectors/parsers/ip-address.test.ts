import { describe, expect, it } from "vitest";
import { isIPv4, isIPv6, isIpAddress } from "./ip-address";

describe("isIPv4", () => {
  it.each(["0.0.0.0", "10.0.183.56", "255.255.255.255", "203.0.113.12"])("accepts %s", (s) => {
    expect(isIPv4(s)).toBe(true);
  });
  it.each(["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "1..2.3", "1.2.3.1000", "a.b.c.d", "-", "1.2.3.-4"])(
    "rejects %j",
    (s) => {
      expect(isIPv4(s)).toBe(false);
    },
  );
});

describe("isIPv6", () => {
  it.each([
    "::",
    "::1",
    "2a02:cf40::",
    "2001:db8:1234:a100:8d6e:3477:df66:f105",
    "fe80::1",
    "::ffff:10.0.0.1",
    "1:2:3:4:5:6:7:8",
    "1::8",
    "1:2:3:4:5:6:1.2.3.4",
  ])("accepts %s", (s) => {
    expect(isIPv6(s)).toBe(true);
  });
  it.each([
    "",
    ":",
    ":1",
    "1:",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::",
    "g::1",
    "1:2:3:4:5:6:7",
    "::1.2.3",
    "1:2:3:4:5:6:7:1.2.3.4",
    "10.0.0.1",
    "[::1]",
    "a".repeat(100),
  ])("rejects %j", (s) => {
    expect(isIPv6(s)).toBe(false);
  });
  it("takes either family", () => {
    expect(isIpAddress("10.1.2.3")).toBe(true);
    expect(isIpAddress("::1")).toBe(true);
    expect(isIpAddress("eni-123")).toBe(false);
  });
});
