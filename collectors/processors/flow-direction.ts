// Which way a flow record points within its connection: does its source make the request
// (client → server) or answer it (server → client)? The network graph wants one edge per
// conversation, client workload → server workload:port, so answers are folded into the request's
// direction by the rollup (flow-rollup.ts). Without this, every answer record of a VPC
// conversation became an edge of its own, keyed by the client's ephemeral port.
//
// The evidence, strongest first:
// 1. The source says so: Hubble's is_reply / an L7 RESPONSE (the parser's attributes.isReply).
//    Only Hubble carries such a marker; the VPC, Lattice and Azure parsers leave it unset.
// 2. TCP handshake flags on the record (VPC tcp-flags are OR-ed over the record's window and
//    record FIN 1, SYN 2, RST 4 and SYN-ACK 18 only): SYN without ACK is sent by the initiator
//    only; SYN with ACK (18) by the responder only. A reset after loss (7 = SYN|FIN|RST) still
//    carries the client's SYN, so it stays client → server.
// 3. A listening address:port learned from (2) earlier: a SYN's destination and a SYN-ACK's
//    source are a server's listening socket. Records without handshake flags (a long-lived
//    connection's later windows, or flags not logged) are oriented towards the known listener.
// 4. The port numbers: a server listens on a low, fixed port, a client connects from an ephemeral
//    one (Linux 32768–60999, IANA/Windows 49152–65535: both ≥ 32768). So a record from a port
//    below 32768 to one at or above it, or from a privileged port (< 1024) to an unprivileged one,
//    is an answer. Otherwise the record is kept as logged: when both ports look alike nothing
//    decides, and a wrong swap would be worse than an extra edge.
// VPC flow-direction (ingress/egress) is NOT used as evidence: it is relative to the logging
// interface, so the request is egress on the client's ENI and ingress on the server's; the same
// holds for the answer the other way round. It says where a record was logged, not who asked.
import type { NormalizedFlow } from "@/lib/contracts/flow";

const TCP = 6;
const SYN = 2;
const ACK = 16;
const SYN_ACK = SYN | ACK;
const EPHEMERAL_FROM = 32768;
const PRIVILEGED_BELOW = 1024;

/**
 * Listening sockets (address:port) seen in handshakes, bounded: the oldest are forgotten first.
 * Shared across the rollup's per-cut instances, so what one cut learned orients the next.
 */
export class ListeningSockets {
  private readonly sockets = new Map<string, true>();

  constructor(private readonly max = 100_000) {}

  get size(): number {
    return this.sockets.size;
  }

  add(socket: string): void {
    if (this.sockets.has(socket)) return;
    this.sockets.set(socket, true);
    if (this.sockets.size > this.max) this.sockets.delete(this.sockets.keys().next().value as string);
  }

  has(socket: string): boolean {
    return this.sockets.has(socket);
  }
}

/** true when the record's source is the responder, so source and destination must be swapped. */
export function isAnswer(flow: NormalizedFlow, listeners: ListeningSockets | null): boolean {
  if (flow.attributes.isReply === true) return true;
  if (flow.sourceKind === "hubble") return false; // Hubble marks its replies: unmarked ones are requests
  if (flow.sourceKind !== "aws-vpc-flow") return false; // Lattice logs requests; Azure tuples: as logged
  const sport = flow.srcPort;
  const dport = flow.dstPort;
  if (sport === null || dport === null) return false; // ICMP and friends: no sockets to orient by
  // socket strings are built only when a listener is recorded or looked up (this runs per line)
  if (flow.protocol === TCP && flow.tcpFlags !== null) {
    const handshake = flow.tcpFlags & SYN_ACK;
    if (handshake === SYN) {
      listeners?.add(`${flow.dstAddr}:${dport}`);
      return false;
    }
    if (handshake === SYN_ACK) {
      listeners?.add(`${flow.srcAddr}:${sport}`);
      return true;
    }
  }
  if (listeners && listeners.size > 0) {
    const srcListens = listeners.has(`${flow.srcAddr}:${sport}`);
    const dstListens = listeners.has(`${flow.dstAddr}:${dport}`);
    if (srcListens !== dstListens) return srcListens;
  }
  if (sport < dport) {
    if (sport < EPHEMERAL_FROM && dport >= EPHEMERAL_FROM) return true;
    if (sport < PRIVILEGED_BELOW && dport >= PRIVILEGED_BELOW) return true;
  }
  return false;
}
