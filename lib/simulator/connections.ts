// Groups a minute's planned calls into TCP connections, as the flow logs see them: one
// connection per (client pod, destination, port) per minute (HTTP keep-alive and gRPC channels
// reuse sockets; idle recycling opens a new one about once a minute). A rejected call never
// establishes its socket, so each is its own connection attempt.
import type { PlannedCall } from "./plan";
import { hashString } from "./random";

export interface Connection {
  calls: PlannedCall[];
  first: PlannedCall;
  clientPort: number;
  startMs: number;
  endMs: number;
  requestBytes: number;
  responseBytes: number;
  requestPackets: number;
  responsePackets: number;
  retransmits: number;
  rejected: boolean;
}

const MSS = 1448;

/** A deterministic ephemeral port (Linux range 32768–60999) for a connection. */
export function ephemeralPort(key: string): number {
  return 32768 + (hashString(key) % (60999 - 32768));
}

export function groupConnections(calls: PlannedCall[], minuteMs: number): Connection[] {
  const byKey = new Map<string, Connection>();
  calls.forEach((call, i) => {
    const rejected = call.outcome === "rejected";
    const key = `${call.client.podIp}|${call.dstAddr}|${call.dstPort}|${minuteMs}${rejected ? `|r${i}` : ""}`;
    let c = byKey.get(key);
    if (!c) {
      c = { calls: [], first: call, clientPort: ephemeralPort(key), startMs: call.startMs, endMs: call.endMs, requestBytes: 0, responseBytes: 0, requestPackets: 0, responsePackets: 0, retransmits: 0, rejected };
      byKey.set(key, c);
    }
    c.calls.push(call);
    c.startMs = Math.min(c.startMs, call.startMs);
    c.endMs = Math.max(c.endMs, call.endMs);
    if (rejected) {
      c.requestPackets += 3; // the SYN and its two retransmissions
      c.requestBytes += 3 * 60;
      return;
    }
    const lost = call.retransmits;
    c.retransmits += lost;
    c.requestPackets += Math.ceil(call.requestBytes / MSS) + 1 + lost;
    c.requestBytes += call.requestBytes + 52 + lost * Math.min(call.requestBytes, MSS);
    c.responsePackets += Math.ceil(call.responseBytes / MSS) + 1;
    c.responseBytes += call.responseBytes + 52;
  });
  // the handshake and teardown packets of each real connection
  for (const c of byKey.values()) {
    if (c.rejected) continue;
    c.requestPackets += 3;
    c.requestBytes += 3 * 52;
    c.responsePackets += 2;
    c.responseBytes += 2 * 52;
  }
  return [...byKey.values()];
}
