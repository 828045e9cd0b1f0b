// Raw rows (and network edge rows) into the contract's columns (lib/contracts/ingest-batch.ts),
// field by field with plain property reads: the generic columnsFromRows reads `row[field]` with a
// varying key, which V8 cannot specialise (measured: 1.7 µs a flow against about 0.3 here).
// GENERATED from SPAN_FIELDS, FLOW_FIELDS and NETWORK_EDGE_FIELDS in the field order of the row
// schemas; raw-columns.test.ts checks that the output equals columnsFromRows, so a field added to
// a schema and not here fails there.
import type { ColumnarRows } from "@/lib/contracts/ingest-batch";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { NetworkEdgeMinute } from "@/lib/contracts/rollup";
import type { NormalizedSpan } from "@/lib/contracts/span";

/** The columns with at least one non-null value (an all-null column is left out). */
function keepPresent(count: number, all: [string, unknown[]][]): ColumnarRows {
  const columns: Record<string, unknown[]> = {};
  for (const [field, values] of all) {
    for (let i = 0; i < count; i++) {
      if (values[i] !== null && values[i] !== undefined) {
        columns[field] = values;
        break;
      }
    }
  }
  return { count, columns };
}

export function spanColumns(rows: readonly NormalizedSpan[]): ColumnarRows {
  const n = rows.length;
  const c0 = new Array<unknown>(n);
  const c1 = new Array<unknown>(n);
  const c2 = new Array<unknown>(n);
  const c3 = new Array<unknown>(n);
  const c4 = new Array<unknown>(n);
  const c5 = new Array<unknown>(n);
  const c6 = new Array<unknown>(n);
  const c7 = new Array<unknown>(n);
  const c8 = new Array<unknown>(n);
  const c9 = new Array<unknown>(n);
  const c10 = new Array<unknown>(n);
  const c11 = new Array<unknown>(n);
  const c12 = new Array<unknown>(n);
  const c13 = new Array<unknown>(n);
  const c14 = new Array<unknown>(n);
  const c15 = new Array<unknown>(n);
  const c16 = new Array<unknown>(n);
  const c17 = new Array<unknown>(n);
  const c18 = new Array<unknown>(n);
  const c19 = new Array<unknown>(n);
  const c20 = new Array<unknown>(n);
  const c21 = new Array<unknown>(n);
  const c22 = new Array<unknown>(n);
  const c23 = new Array<unknown>(n);
  const c24 = new Array<unknown>(n);
  const c25 = new Array<unknown>(n);
  const c26 = new Array<unknown>(n);
  const c27 = new Array<unknown>(n);
  const c28 = new Array<unknown>(n);
  const c29 = new Array<unknown>(n);
  const c30 = new Array<unknown>(n);
  const c31 = new Array<unknown>(n);
  const c32 = new Array<unknown>(n);
  const c33 = new Array<unknown>(n);
  const c34 = new Array<unknown>(n);
  const c35 = new Array<unknown>(n);
  const c36 = new Array<unknown>(n);
  const c37 = new Array<unknown>(n);
  const c38 = new Array<unknown>(n);
  const c39 = new Array<unknown>(n);
  const c40 = new Array<unknown>(n);
  const c41 = new Array<unknown>(n);
  const c42 = new Array<unknown>(n);
  const c43 = new Array<unknown>(n);
  const c44 = new Array<unknown>(n);
  const c45 = new Array<unknown>(n);
  const c46 = new Array<unknown>(n);
  const c47 = new Array<unknown>(n);
  const c48 = new Array<unknown>(n);
  const c49 = new Array<unknown>(n);
  const c50 = new Array<unknown>(n);
  const c51 = new Array<unknown>(n);
  const c52 = new Array<unknown>(n);
  const c53 = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c0[i] = r.traceId;
    c1[i] = r.spanId;
    c2[i] = r.parentSpanId;
    c3[i] = r.traceState;
    c4[i] = r.flags;
    c5[i] = r.name;
    c6[i] = r.kind;
    c7[i] = r.startUs;
    c8[i] = r.durationUs;
    c9[i] = r.statusCode;
    c10[i] = r.statusMessage;
    c11[i] = r.service;
    c12[i] = r.serviceNamespace;
    c13[i] = r.serviceVersion;
    c14[i] = r.serviceInstanceId;
    c15[i] = r.environment;
    c16[i] = r.httpMethod;
    c17[i] = r.httpStatusCode;
    c18[i] = r.httpRoute;
    c19[i] = r.urlFull;
    c20[i] = r.rpcSystem;
    c21[i] = r.rpcMethod;
    c22[i] = r.rpcStatus;
    c23[i] = r.dbSystem;
    c24[i] = r.dbNamespace;
    c25[i] = r.dbOperation;
    c26[i] = r.dbStatement;
    c27[i] = r.messagingSystem;
    c28[i] = r.messagingDestination;
    c29[i] = r.messagingOperation;
    c30[i] = r.peerService;
    c31[i] = r.serverAddress;
    c32[i] = r.serverPort;
    c33[i] = r.clientAddress;
    c34[i] = r.networkPeerAddress;
    c35[i] = r.networkPeerPort;
    c36[i] = r.errorType;
    c37[i] = r.k8sCluster;
    c38[i] = r.k8sNamespace;
    c39[i] = r.k8sPodName;
    c40[i] = r.k8sPodIp;
    c41[i] = r.k8sNodeName;
    c42[i] = r.k8sWorkload;
    c43[i] = r.hostName;
    c44[i] = r.hostIp;
    c45[i] = r.cloudProvider;
    c46[i] = r.cloudRegion;
    c47[i] = r.cloudAvailabilityZone;
    c48[i] = r.cloudAccountId;
    c49[i] = r.attributes;
    c50[i] = r.resourceAttributes;
    c51[i] = r.events;
    c52[i] = r.links;
    c53[i] = r.truncated;
  }
  return keepPresent(n, [["traceId", c0], ["spanId", c1], ["parentSpanId", c2], ["traceState", c3], ["flags", c4], ["name", c5], ["kind", c6], ["startUs", c7], ["durationUs", c8], ["statusCode", c9], ["statusMessage", c10], ["service", c11], ["serviceNamespace", c12], ["serviceVersion", c13], ["serviceInstanceId", c14], ["environment", c15], ["httpMethod", c16], ["httpStatusCode", c17], ["httpRoute", c18], ["urlFull", c19], ["rpcSystem", c20], ["rpcMethod", c21], ["rpcStatus", c22], ["dbSystem", c23], ["dbNamespace", c24], ["dbOperation", c25], ["dbStatement", c26], ["messagingSystem", c27], ["messagingDestination", c28], ["messagingOperation", c29], ["peerService", c30], ["serverAddress", c31], ["serverPort", c32], ["clientAddress", c33], ["networkPeerAddress", c34], ["networkPeerPort", c35], ["errorType", c36], ["k8sCluster", c37], ["k8sNamespace", c38], ["k8sPodName", c39], ["k8sPodIp", c40], ["k8sNodeName", c41], ["k8sWorkload", c42], ["hostName", c43], ["hostIp", c44], ["cloudProvider", c45], ["cloudRegion", c46], ["cloudAvailabilityZone", c47], ["cloudAccountId", c48], ["attributes", c49], ["resourceAttributes", c50], ["events", c51], ["links", c52], ["truncated", c53]]);
}

export function flowColumns(rows: readonly NormalizedFlow[]): ColumnarRows {
  const n = rows.length;
  const c0 = new Array<unknown>(n);
  const c1 = new Array<unknown>(n);
  const c2 = new Array<unknown>(n);
  const c3 = new Array<unknown>(n);
  const c4 = new Array<unknown>(n);
  const c5 = new Array<unknown>(n);
  const c6 = new Array<unknown>(n);
  const c7 = new Array<unknown>(n);
  const c8 = new Array<unknown>(n);
  const c9 = new Array<unknown>(n);
  const c10 = new Array<unknown>(n);
  const c11 = new Array<unknown>(n);
  const c12 = new Array<unknown>(n);
  const c13 = new Array<unknown>(n);
  const c14 = new Array<unknown>(n);
  const c15 = new Array<unknown>(n);
  const c16 = new Array<unknown>(n);
  const c17 = new Array<unknown>(n);
  const c18 = new Array<unknown>(n);
  const c19 = new Array<unknown>(n);
  const c20 = new Array<unknown>(n);
  const c21 = new Array<unknown>(n);
  const c22 = new Array<unknown>(n);
  const c23 = new Array<unknown>(n);
  const c24 = new Array<unknown>(n);
  const c25 = new Array<unknown>(n);
  const c26 = new Array<unknown>(n);
  const c27 = new Array<unknown>(n);
  const c28 = new Array<unknown>(n);
  const c29 = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c0[i] = r.sourceKind;
    c1[i] = r.observer;
    c2[i] = r.srcAddr;
    c3[i] = r.dstAddr;
    c4[i] = r.srcPort;
    c5[i] = r.dstPort;
    c6[i] = r.protocol;
    c7[i] = r.bytes;
    c8[i] = r.packets;
    c9[i] = r.startMs;
    c10[i] = r.endMs;
    c11[i] = r.verdict;
    c12[i] = r.reason;
    c13[i] = r.tcpFlags;
    c14[i] = r.direction;
    c15[i] = r.srcWorkload;
    c16[i] = r.dstWorkload;
    c17[i] = r.srcNamespace;
    c18[i] = r.dstNamespace;
    c19[i] = r.l7Protocol;
    c20[i] = r.l7Method;
    c21[i] = r.l7Path;
    c22[i] = r.l7Status;
    c23[i] = r.l7LatencyUs;
    c24[i] = r.traceId;
    c25[i] = r.vpcId;
    c26[i] = r.subnetId;
    c27[i] = r.accountId;
    c28[i] = r.region;
    c29[i] = r.attributes;
  }
  return keepPresent(n, [["sourceKind", c0], ["observer", c1], ["srcAddr", c2], ["dstAddr", c3], ["srcPort", c4], ["dstPort", c5], ["protocol", c6], ["bytes", c7], ["packets", c8], ["startMs", c9], ["endMs", c10], ["verdict", c11], ["reason", c12], ["tcpFlags", c13], ["direction", c14], ["srcWorkload", c15], ["dstWorkload", c16], ["srcNamespace", c17], ["dstNamespace", c18], ["l7Protocol", c19], ["l7Method", c20], ["l7Path", c21], ["l7Status", c22], ["l7LatencyUs", c23], ["traceId", c24], ["vpcId", c25], ["subnetId", c26], ["accountId", c27], ["region", c28], ["attributes", c29]]);
}

/** Network edge rows (the flow rollup's aggregates) as columns: no field of theirs is ever null,
 *  so every column is present. Same field order as networkEdgeMinuteSchema. */
export function networkEdgeColumns(rows: readonly NetworkEdgeMinute[]): ColumnarRows {
  const n = rows.length;
  const c0 = new Array<number>(n);
  const c1 = new Array<string>(n);
  const c2 = new Array<string>(n);
  const c3 = new Array<number>(n);
  const c4 = new Array<number>(n);
  const c5 = new Array<number>(n);
  const c6 = new Array<number>(n);
  const c7 = new Array<number>(n);
  const c8 = new Array<number>(n);
  const c9 = new Array<number>(n);
  const c10 = new Array<number>(n);
  const c11 = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c0[i] = r.minuteMs;
    c1[i] = r.srcWorkload;
    c2[i] = r.dstWorkload;
    c3[i] = r.dstPort;
    c4[i] = r.protocol;
    c5[i] = r.flows;
    c6[i] = r.bytes;
    c7[i] = r.packets;
    c8[i] = r.rejects;
    c9[i] = r.drops;
    c10[i] = r.retransmits;
    c11[i] = r.l7Errors;
  }
  return {
    count: n,
    columns: { minuteMs: c0, srcWorkload: c1, dstWorkload: c2, dstPort: c3, protocol: c4, flows: c5, bytes: c6, packets: c7, rejects: c8, drops: c9, retransmits: c10, l7Errors: c11 },
  };
}
