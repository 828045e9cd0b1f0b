// AWS VPC Flow Logs (FORMATS.md §1) for one closed minute, in a custom version-5 format as an EKS
// team would choose it: the default fields plus tcp-flags, the packet-level addresses (pods have
// secondary IPs on the node's ENI, so srcaddr/dstaddr show the node's primary address and
// pkt-srcaddr/pkt-dstaddr the pod's), flow-direction and traffic-path. Files start with the
// header line AWS writes at the top of each delivered log file.
// Each ENI logs both directions of the connections it carries, each direction its own record:
// egress and ingress relative to that ENI. tcp-flags are OR-ed over the record's window and AWS
// records only FIN 1, SYN 2, RST 4 and SYN-ACK 18, so a healthy connection shows SYN+FIN (3) one
// way and SYN-ACK+FIN (19) back; a connection reset after lost packets adds RST (4). A rejected
// connection shows the client's SYNs accepted out of its ENI and REJECTed at the server's
// (security group inbound rule), with no reply record. A connection across VPCs shows on each
// side against the Lattice link-local range.
import type { Connection } from "./connections";
import { latticeAddress } from "./service-call";
import type { Instance, VpcName } from "./topology";

export const VPC_FLOW_FIELDS = [
  "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes",
  "start", "end", "action", "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr",
  "pkt-dstaddr", "region", "az-id", "flow-direction", "traffic-path",
] as const;
/** The first line of every VPC flow log file. */
export const VPC_FLOW_HEADER = VPC_FLOW_FIELDS.join(" ");
/** A custom format's version is the highest version among its fields (flow-direction, traffic-path: 5). */
const VERSION = 5;

const LATTICE_CLIENT_SIDE = "169.254.171.1";
const FIN = 1, SYN = 2, RST = 4, SYN_ACK = 18;
/** traffic-path 1: through a resource in the same VPC (pod to pod, the NAT gateway, the Lattice endpoint) */
const SAME_VPC_PATH = 1;

interface Side {
  /** the ENI owner writing the record */
  eni: Instance;
  direction: "ingress" | "egress";
}

interface Packet {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  packets: number;
  bytes: number;
  flags: number;
  action: "ACCEPT" | "REJECT";
}

function record(side: Side, p: Packet, startS: number, endS: number, region: string): string {
  const i = side.eni;
  // The ENI's own end of the packet is a secondary address (the pod's): the record names the
  // ENI's primary address, and the pod's in pkt-*addr.
  const srcaddr = p.src === i.podIp ? i.nodeIp : p.src;
  const dstaddr = p.dst === i.podIp ? i.nodeIp : p.dst;
  const path = side.direction === "egress" ? String(SAME_VPC_PATH) : "-";
  return [
    VERSION, i.vpc.accountId, i.eniId, srcaddr, dstaddr, p.sport, p.dport, 6, p.packets, p.bytes,
    startS, endS, p.action, "OK", i.vpc.vpcId, i.subnetId, i.instanceId, p.flags, "IPv4", p.src,
    p.dst, region, i.azId, side.direction, path,
  ].join(" ");
}

/** Lines per VPC for the connections of one minute. */
export function vpcFlowLines(connections: Connection[], region: string): Map<VpcName, string[]> {
  const out = new Map<VpcName, string[]>([["a", []], ["b", []]]);
  for (const c of connections) {
    const call = c.first;
    const client = call.client;
    const startS = Math.floor(c.startMs / 1000);
    const endS = Math.max(startS, Math.floor(c.endMs / 1000));
    const emit = (side: Side, p: Packet) => out.get(side.eni.vpc.name)!.push(record(side, p, startS, endS, region));
    const reset = c.retransmits >= 2 ? RST : 0; // the client gave up on a stalled connection once
    /** both directions of a conversation as one ENI sees it: the client's ENI or the server's */
    const conversation = (eni: Instance, src: string, sport: number, dst: string, dport: number, clientSide: boolean) => {
      emit({ eni, direction: clientSide ? "egress" : "ingress" }, { src, dst, sport, dport, packets: c.requestPackets, bytes: c.requestBytes, flags: SYN | FIN | reset, action: "ACCEPT" });
      emit({ eni, direction: clientSide ? "ingress" : "egress" }, { src: dst, dst: src, sport: dport, dport: sport, packets: c.responsePackets, bytes: c.responseBytes, flags: SYN_ACK | FIN, action: "ACCEPT" });
    };
    if (call.crossVpc && call.server) {
      conversation(client, client.podIp, c.clientPort, LATTICE_CLIENT_SIDE, 443, true);
      if (call.outcome === "auth-denied") continue; // Lattice answered itself: nothing reached the target VPC
      conversation(call.server, latticeAddress(call.server), c.clientPort, call.server.podIp, call.dstPort, false);
      continue;
    }
    if (c.rejected && call.server) {
      const syn = { src: client.podIp, dst: call.dstAddr, sport: c.clientPort, dport: call.dstPort, packets: c.requestPackets, bytes: c.requestBytes, flags: SYN };
      emit({ eni: client, direction: "egress" }, { ...syn, action: "ACCEPT" });
      emit({ eni: call.server, direction: "ingress" }, { ...syn, action: "REJECT" });
      continue;
    }
    conversation(client, client.podIp, c.clientPort, call.dstAddr, call.dstPort, true);
    // the server's ENI logs the same conversation, unless both pods share the node's ENI
    if (call.server && call.server.eniId !== client.eniId) conversation(call.server, client.podIp, c.clientPort, call.dstAddr, call.dstPort, false);
  }
  return out;
}
