// GET /api/v1/network/edges/{id} and /api/v1/network/nodes/{id} – the network layer's
// drilldowns: traffic per minute and per port from rollups (exact), and from the raw flows
// (bounded, newest first) verdicts with reasons, top talkers and the services the address map
// puts on the addresses. Client-safe.
import { z } from "zod";
import { flowVerdicts } from "./flow";
import { flowRecordSchema } from "./flows";
import { NO_CONTROL_CHARACTERS } from "./names";

export const networkTotalsSchema = z.object({
  flows: z.number(),
  bytes: z.number(),
  packets: z.number(),
  rejects: z.number(),
  drops: z.number(),
  retransmits: z.number(),
  l7Errors: z.number(),
  bytesPerSec: z.number(),
});
export type NetworkTotals = z.infer<typeof networkTotalsSchema>;

export const networkPointSchema = z.object({
  minuteMs: z.number(),
  flows: z.number(),
  bytes: z.number(),
  packets: z.number(),
  rejects: z.number(),
  drops: z.number(),
  retransmits: z.number(),
});
export type NetworkPoint = z.infer<typeof networkPointSchema>;

export const portTrafficSchema = z.object({
  port: z.number(),
  protocol: z.number(),
  flows: z.number(),
  bytes: z.number(),
  rejects: z.number(),
  drops: z.number(),
  retransmits: z.number(),
});

export const verdictCountSchema = z.object({
  verdict: z.enum(flowVerdicts),
  reason: z.string().nullable(),
  flows: z.number(),
  bytes: z.number(),
});
export type VerdictCount = z.infer<typeof verdictCountSchema>;

export const talkerSchema = z.object({
  srcAddr: z.string(),
  dstAddr: z.string(),
  srcWorkload: z.string(),
  dstWorkload: z.string(),
  flows: z.number(),
  bytes: z.number(),
  packets: z.number(),
  rejects: z.number(),
});
export type Talker = z.infer<typeof talkerSchema>;

export const mappedAddressSchema = z.object({
  addr: z.string(),
  workload: z.string(),
  service: z.string().nullable(),
  namespace: z.string().nullable(),
  flows: z.number(),
});
export type MappedAddress = z.infer<typeof mappedAddressSchema>;

/** What the raw flows say; `scanned` flows were read, `truncated` when the window held more. */
export const flowBreakdownSchema = z.object({
  scanned: z.number(),
  truncated: z.boolean(),
  verdicts: z.array(verdictCountSchema),
  topByBytes: z.array(talkerSchema),
  topByRejects: z.array(talkerSchema),
  addresses: z.array(mappedAddressSchema),
  recent: z.array(flowRecordSchema),
});
export type FlowBreakdown = z.infer<typeof flowBreakdownSchema>;

export const networkEdgeDetailSchema = z.object({
  id: z.string(),
  src: z.string(),
  dst: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  totals: networkTotalsSchema,
  series: z.array(networkPointSchema),
  ports: z.array(portTrafficSchema),
  flows: flowBreakdownSchema,
});
export type NetworkEdgeDetail = z.infer<typeof networkEdgeDetailSchema>;

export const networkPeerSchema = z.object({
  workload: z.string(),
  direction: z.enum(["in", "out"]),
  edgeId: z.string(),
  flows: z.number(),
  bytes: z.number(),
  rejects: z.number(),
  drops: z.number(),
  retransmits: z.number(),
});
export type NetworkPeer = z.infer<typeof networkPeerSchema>;

export const networkNodeDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  inbound: networkTotalsSchema,
  outbound: networkTotalsSchema,
  /** inbound and outbound added up per minute */
  series: z.array(networkPointSchema),
  peers: z.array(networkPeerSchema),
  flows: flowBreakdownSchema,
});
export type NetworkNodeDetail = z.infer<typeof networkNodeDetailSchema>;

const workloadName = z.string().min(1).max(512).regex(NO_CONTROL_CHARACTERS);

/** A network edge: its graph id ("workload:a->workload:b:flow") or "src,dst" (workload names, which may hold "/" but not ","). */
export function parseNetworkEdgeRef(ref: string): { src: string; dst: string } | null {
  const comma = ref.split(",");
  if (comma.length === 2 && comma.every((p) => workloadName.safeParse(p).success)) return { src: comma[0], dst: comma[1] };
  const m = /^workload:(.+)->workload:(.+):flow$/s.exec(ref);
  if (!m || !workloadName.safeParse(m[1]).success || !workloadName.safeParse(m[2]).success) return null;
  return { src: m[1], dst: m[2] };
}

/** A network node: its graph id ("workload:payments/api") or the bare workload name. */
export function parseNetworkNodeRef(ref: string): string | null {
  const name = ref.startsWith("workload:") ? ref.slice("workload:".length) : ref;
  return workloadName.safeParse(name).success ? name : null;
}
