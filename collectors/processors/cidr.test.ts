import { describe, expect, it } from "vitest";
import { CidrNames, parseCidr, parseIp } from "./cidr";

describe("CIDR names", () => {
  it("parses IPv4 and IPv6 addresses and blocks, refusing malformed ones", () => {
    expect(parseIp("10.0.0.1")).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseIp("::ffff:10.0.0.1")?.value).toBe(0xffff0a000001n);
    expect(parseIp("fd00::1")?.family).toBe(6);
    for (const bad of ["10.0.0", "10.0.0.256", "1::2::3", "fd00::g", ""]) expect(parseIp(bad)).toBeNull();
    expect(parseCidr("10.1.2.3/16")).toEqual({ family: 4, network: 0x0a010000n, prefix: 16 });
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("fd00::/8")?.prefix).toBe(8);
  });

  it("names an address by its most specific block", () => {
    const names = new CidrNames([
      { cidr: "10.0.0.0/8", name: "corp" },
      { cidr: "10.1.0.0/16", name: "vpc-main" },
      { cidr: "10.1.5.0/24", name: "db-subnet" },
      { cidr: "fd00:1::/32", name: "v6-pods" },
    ]);
    expect(names.lookup("10.1.5.9")).toBe("db-subnet");
    expect(names.lookup("10.1.6.9")).toBe("vpc-main");
    expect(names.lookup("10.200.0.1")).toBe("corp");
    expect(names.lookup("192.168.0.1")).toBeNull();
    expect(names.lookup("fd00:1:0:0::5")).toBe("v6-pods");
    expect(names.lookup("not-an-ip")).toBeNull();
  });
});
