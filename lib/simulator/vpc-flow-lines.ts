// AWS VPC Flow Logs, default version-2 format (FORMATS.md §1), for one closed minute:
//   version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
// Each ENI logs both directions of the connections it carries. A connection across VPCs shows
// on each side against the Lattice link-local range; a rejected one shows the client's SYNs
// accepted out of its ENI and REJECTed at the server's (security group inbound rule).
import type { Connection } from "./connections";
import { latticeAddress } from "./service-call";
import type { Instance, VpcName } from "./topology";

const LATTICE_CLIENT_SIDE = "169.254.171.1";

function record(i: Instance, src: string, dst: string, sport: number, dport: number, packets: number, bytes: number, startS: number, endS: number, action: "ACCEPT" | "REJECT"): string {
  return `2 ${i.vpc.accountId} ${i.eniId} ${src} ${dst} ${sport} ${dport} 6 ${packets} ${bytes} ${startS} ${endS} ${action} OK`;
}

/** Lines per VPC for the connections of one minute. */
export function vpcFlowLines(connections: Connection[]): Map<VpcName, string[]> {
  const out = new Map<VpcName, string[]>([["a", []], ["b", []]]);
  const push = (i: Instance, line: string) => out.get(i.vpc.name)!.push(line);
  for (const c of connections) {
    const call = c.first;
    const client = call.client;
    const startS = Math.floor(c.startMs / 1000);
    const endS = Math.max(startS, Math.floor(c.endMs / 1000));
    const both = (eniOwner: Instance, src: string, sport: number, dst: string, dport: number) => {
      push(eniOwner, record(eniOwner, src, dst, sport, dport, c.requestPackets, c.requestBytes, startS, endS, "ACCEPT"));
      push(eniOwner, record(eniOwner, dst, src, dport, sport, c.responsePackets, c.responseBytes, startS, endS, "ACCEPT"));
    };
    if (call.crossVpc && call.server) {
      both(client, client.podIp, c.clientPort, LATTICE_CLIENT_SIDE, 443);
      if (call.outcome === "auth-denied") continue; // Lattice answered itself: nothing reached the target VPC
      both(call.server, latticeAddress(call.server), c.clientPort, call.server.podIp, call.dstPort);
      continue;
    }
    if (c.rejected && call.server) {
      push(client, record(client, client.podIp, call.dstAddr, c.clientPort, call.dstPort, c.requestPackets, c.requestBytes, startS, endS, "ACCEPT"));
      push(call.server, record(call.server, client.podIp, call.dstAddr, c.clientPort, call.dstPort, c.requestPackets, c.requestBytes, startS, endS, "REJECT"));
      continue;
    }
    both(client, client.podIp, c.clientPort, call.dstAddr, call.dstPort);
    // the server's ENI logs the same conversation, unless both pods share the node's ENI
    if (call.server && call.server.eniId !== client.eniId) both(call.server, client.podIp, c.clientPort, call.dstAddr, call.dstPort);
  }
  return out;
}
