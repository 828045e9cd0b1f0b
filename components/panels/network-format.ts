// Labels for network numbers in the panels: IANA protocol names, address:port, verdict words.
import type { FlowRecord } from "@/lib/contracts/flows";

const PROTOCOLS: Record<number, string> = { 1: "ICMP", 6: "TCP", 17: "UDP", 47: "GRE", 50: "ESP", 58: "ICMPv6", 132: "SCTP" };

export function protocolName(p: number | null): string {
  if (p === null) return "–";
  return PROTOCOLS[p] ?? `proto ${p}`;
}

export function endpointLabel(addr: string, port: number | null): string {
  const host = addr.includes(":") ? `[${addr}]` : addr; // IPv6 in brackets, as in URLs
  return port === null ? host : `${host}:${port}`;
}

/** The side's name when it says more than the address: "shop/cart (cart)". */
export function endpointOwner(e: FlowRecord["src"]): string | null {
  const parts: string[] = [];
  if (e.workload !== e.addr) parts.push(e.workload);
  if (e.service && e.service !== e.workload) parts.push(`(${e.service})`);
  return parts.length ? parts.join(" ") : null;
}
