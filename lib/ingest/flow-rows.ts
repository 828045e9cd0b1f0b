import "server-only";
// NormalizedFlow → one row of the raw `flows` table, in the column order of FLOW_COLUMNS.
import type { NormalizedFlow } from "@/lib/contracts/flow";
import { encodeCopyRows, type CopyValue } from "@/lib/db/copy-text";

export const FLOW_COLUMNS = [
  "cluster_id", "source_kind", "observer", "src_addr", "dst_addr", "src_port", "dst_port", "protocol",
  "bytes", "packets", "start_time", "end_time", "verdict", "reason", "tcp_flags", "direction",
  "src_workload", "dst_workload", "src_namespace", "dst_namespace",
  "l7_protocol", "l7_method", "l7_path", "l7_status", "l7_latency_us", "trace_id",
  "vpc_id", "subnet_id", "account_id", "region", "attributes",
] as const;

function flowRow(clusterId: number, f: NormalizedFlow): CopyValue[] {
  return [
    clusterId, f.sourceKind, f.observer, f.srcAddr, f.dstAddr, f.srcPort, f.dstPort, f.protocol,
    f.bytes, f.packets, new Date(f.startMs), new Date(f.endMs), f.verdict, f.reason, f.tcpFlags, f.direction,
    f.srcWorkload, f.dstWorkload, f.srcNamespace, f.dstNamespace,
    f.l7Protocol, f.l7Method, f.l7Path, f.l7Status, f.l7LatencyUs, f.traceId,
    f.vpcId, f.subnetId, f.accountId, f.region, f.attributes,
  ];
}

export function encodeFlowRows(clusterId: number, flows: readonly NormalizedFlow[]): string {
  return encodeCopyRows(flows.map((f) => flowRow(clusterId, f)));
}
