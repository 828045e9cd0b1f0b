import { describe, expect, it } from "vitest";
import { decodeFlowCursor, encodeFlowCursor, tcpFlagNames } from "@/lib/contracts/flows";
import { parseNetworkEdgeRef, parseNetworkNodeRef } from "@/lib/contracts/network-detail";
import { endpointLabel, endpointOwner, protocolName } from "./network-format";

describe("network labels", () => {
  it("names protocols by IANA number", () => {
    expect(protocolName(6)).toBe("TCP");
    expect(protocolName(58)).toBe("ICMPv6");
    expect(protocolName(253)).toBe("proto 253");
    expect(protocolName(null)).toBe("–");
  });

  it("brackets IPv6 addresses before a port", () => {
    expect(endpointLabel("10.0.0.1", 443)).toBe("10.0.0.1:443");
    expect(endpointLabel("fd00::1", 443)).toBe("[fd00::1]:443");
    expect(endpointLabel("10.0.0.1", null)).toBe("10.0.0.1");
  });

  it("shows the workload and service only when they say more than the address", () => {
    expect(endpointOwner({ addr: "10.0.0.1", port: 1, workload: "10.0.0.1", service: null, namespace: null })).toBeNull();
    expect(endpointOwner({ addr: "10.0.0.1", port: 1, workload: "shop/cart", service: "cart", namespace: "shop" })).toBe("shop/cart (cart)");
    expect(endpointOwner({ addr: "10.0.0.1", port: 1, workload: "cart", service: "cart", namespace: null })).toBe("cart");
  });

  it("decodes the OR-ed TCP flags", () => {
    expect(tcpFlagNames(18)).toEqual(["SYN", "ACK"]);
    expect(tcpFlagNames(4)).toEqual(["RST"]);
    expect(tcpFlagNames(null)).toEqual([]);
  });
});

describe("network ids and cursors", () => {
  it("reads a network edge from its graph id or from src,dst", () => {
    expect(parseNetworkEdgeRef("workload:shop/web->workload:10.0.0.2:flow")).toEqual({ src: "shop/web", dst: "10.0.0.2" });
    expect(parseNetworkEdgeRef("shop/web,shop/cart")).toEqual({ src: "shop/web", dst: "shop/cart" });
    for (const bad of ["nonsense", "workload:->workload:b:flow", "a,", ",b", "a,b,c", "a\u0000,b", `${"x".repeat(513)},b`]) expect(parseNetworkEdgeRef(bad), bad).toBeNull();
  });

  it("reads a network node from its graph id or its name", () => {
    expect(parseNetworkNodeRef("workload:shop/web")).toBe("shop/web");
    expect(parseNetworkNodeRef("10.0.0.9")).toBe("10.0.0.9");
    expect(parseNetworkNodeRef("workload:")).toBeNull();
    expect(parseNetworkNodeRef("a\nb")).toBeNull();
  });

  it("round-trips a flow cursor and refuses anything else", () => {
    const c = { beforeUs: "1764200000123456", skip: 3 };
    expect(decodeFlowCursor(encodeFlowCursor(c))).toEqual(c);
    for (const bad of ["", "abc", "1_", "_1", "1_2_3", `${"9".repeat(18)}_1`]) expect(decodeFlowCursor(bad), bad).toBeNull();
  });
});
