// The normalised network flow: one row of the raw flow table, produced by the collector's
// flow-log parsers (AWS VPC Flow Logs, VPC Lattice access logs, Cilium Hubble, Azure) and
// consumed by the flow rollups and the COPY writer. Client-safe.
import { z } from "zod";

export const flowSourceKinds = ["aws-vpc-flow", "aws-lattice", "hubble", "azure-nsg", "azure-vnet"] as const;
export type FlowSourceKind = (typeof flowSourceKinds)[number];

/**
 * accept: the flow passed (VPC ACCEPT, Hubble FORWARDED, Lattice request forwarded)
 * reject: refused by policy (VPC REJECT, Hubble DROPPED with a policy reason, Lattice auth denial)
 * drop:   dropped for a non-policy reason (Hubble DROPPED with another reason)
 * error:  the source reports an error (Hubble ERROR, Lattice failure without a response)
 * other:  audit, trace, translated and similar observation-only verdicts
 */
export const flowVerdicts = ["accept", "reject", "drop", "error", "other"] as const;
export type FlowVerdict = (typeof flowVerdicts)[number];

export interface NormalizedFlow {
  sourceKind: FlowSourceKind;
  /** where it was observed: ENI id, Hubble node name, Lattice service ARN, NSG rule … */
  observer: string | null;
  srcAddr: string; // pkt-srcaddr where present, else srcaddr
  dstAddr: string;
  srcPort: number | null;
  dstPort: number | null;
  protocol: number | null; // IANA number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6
  bytes: number;
  packets: number;
  startMs: number; // epoch milliseconds
  endMs: number;
  verdict: FlowVerdict;
  reason: string | null; // reject / drop / failure reason, auth-denied reason
  tcpFlags: number | null; // OR-ed bitmask as in VPC Flow Logs (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32)
  direction: "ingress" | "egress" | null;
  /** Workload names where the source knows them (Hubble endpoints); the address map fills the rest. */
  srcWorkload: string | null;
  dstWorkload: string | null;
  srcNamespace: string | null;
  dstNamespace: string | null;
  l7Protocol: string | null; // "http", "dns", "HTTP/1.1", "HTTP/2" …
  l7Method: string | null;
  l7Path: string | null;
  l7Status: number | null; // HTTP status or DNS rcode
  l7LatencyUs: number | null;
  traceId: string | null; // W3C trace id when the source saw one (Hubble trace_context)
  vpcId: string | null;
  subnetId: string | null;
  accountId: string | null;
  region: string | null;
  /** everything else the source said, by its own field names */
  attributes: Record<string, string | number | boolean | null>;
}

const str = z.string().nullable();
const int = z.number().int().nullable();

export const normalizedFlowSchema = z.object({
  sourceKind: z.enum(flowSourceKinds),
  observer: str,
  srcAddr: z.string().min(1).max(64),
  dstAddr: z.string().min(1).max(64),
  srcPort: int,
  dstPort: int,
  protocol: int,
  bytes: z.number().int().nonnegative(),
  packets: z.number().int().nonnegative(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  verdict: z.enum(flowVerdicts),
  reason: str,
  tcpFlags: int,
  direction: z.enum(["ingress", "egress"]).nullable(),
  srcWorkload: str,
  dstWorkload: str,
  srcNamespace: str,
  dstNamespace: str,
  l7Protocol: str,
  l7Method: str,
  l7Path: str,
  l7Status: int,
  l7LatencyUs: int,
  traceId: str,
  vpcId: str,
  subnetId: str,
  accountId: str,
  region: str,
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
}) satisfies z.ZodType<NormalizedFlow>;

/** A line a parser could not use: counted and reported, never fatal. */
export interface FlowRejection {
  line: number;
  reason: string;
}
