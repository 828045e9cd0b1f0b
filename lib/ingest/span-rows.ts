import "server-only";
// NormalizedSpan → rows of the raw `spans` table in COPY text, in the column order of
// SPAN_COLUMNS. `encodeSpanRows` writes straight into a Buffer (lib/db/copy-buffer.ts), the hot
// path of every ingest request; `spanRow` is the same row as values, kept as the reference the
// writer is tested against (span-rows.test.ts) and for code that wants a row as data.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { CopyBufferWriter } from "@/lib/db/copy-buffer";
import { microsToTimestamp, type CopyValue } from "@/lib/db/copy-text";

export const SPAN_COLUMNS = [
  "cluster_id", "trace_id", "span_id", "parent_span_id", "trace_state", "flags", "name", "kind",
  "start_time", "duration_us", "status_code", "status_message", "is_error",
  "service", "service_namespace", "service_version", "service_instance_id", "environment",
  "http_method", "http_status_code", "http_route", "url_full",
  "rpc_system", "rpc_method", "rpc_status",
  "db_system", "db_namespace", "db_operation", "db_statement",
  "messaging_system", "messaging_destination", "messaging_operation",
  "peer_service", "server_address", "server_port", "client_address", "network_peer_address", "network_peer_port",
  "error_type",
  "k8s_cluster", "k8s_namespace", "k8s_pod_name", "k8s_pod_ip", "k8s_node_name", "k8s_workload",
  "host_name", "host_ip", "cloud_provider", "cloud_region", "cloud_availability_zone", "cloud_account_id",
  "attributes", "resource_attributes", "events", "links", "truncated",
] as const;

export function spanRow(clusterId: number, s: NormalizedSpan, isError: boolean): CopyValue[] {
  return [
    clusterId, s.traceId, s.spanId, s.parentSpanId, s.traceState, s.flags, s.name, s.kind,
    microsToTimestamp(s.startUs), s.durationUs, s.statusCode, s.statusMessage, isError,
    s.service, s.serviceNamespace, s.serviceVersion, s.serviceInstanceId, s.environment,
    s.httpMethod, s.httpStatusCode, s.httpRoute, s.urlFull,
    s.rpcSystem, s.rpcMethod, s.rpcStatus,
    s.dbSystem, s.dbNamespace, s.dbOperation, s.dbStatement,
    s.messagingSystem, s.messagingDestination, s.messagingOperation,
    s.peerService, s.serverAddress, s.serverPort, s.clientAddress, s.networkPeerAddress, s.networkPeerPort,
    s.errorType,
    s.k8sCluster, s.k8sNamespace, s.k8sPodName, s.k8sPodIp, s.k8sNodeName, s.k8sWorkload,
    s.hostName, s.hostIp, s.cloudProvider, s.cloudRegion, s.cloudAvailabilityZone, s.cloudAccountId,
    s.attributes, s.resourceAttributes, s.events, s.links, s.truncated,
  ];
}

/** Spans a chunk of `encodeSpanRowChunks` holds: about 0.5 MB of COPY text, 2–4 ms of encoding. */
export const SPAN_ROWS_PER_CHUNK = 512;

/**
 * The same rows as `encodeSpanRows`, a chunk at a time, yielding to I/O between chunks: fed to
 * COPY, PostgreSQL loads each chunk while the next is encoded, and the socket keeps draining
 * instead of waiting behind one long synchronous encode (bench/README.md "Ingest").
 */
export async function* encodeSpanRowChunks(
  clusterId: number,
  spans: readonly NormalizedSpan[],
  isError: (s: NormalizedSpan) => boolean,
): AsyncGenerator<Buffer> {
  for (let i = 0; i < spans.length; i += SPAN_ROWS_PER_CHUNK) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    yield encodeSpanRows(clusterId, spans.slice(i, i + SPAN_ROWS_PER_CHUNK), isError);
  }
}

/** The spans as COPY text in one Buffer; about 1 KB a span. */
export function encodeSpanRows(clusterId: number, spans: readonly NormalizedSpan[], isError: (s: NormalizedSpan) => boolean): Buffer {
  const w = new CopyBufferWriter(Math.max(64 * 1024, spans.length * 1024));
  // Spans of one resource share its attributes object: its JSON is encoded once per call.
  const resources = new Map<object, Buffer>();
  const resourceJson = (attrs: object): Buffer => {
    let b = resources.get(attrs);
    if (!b) {
      const one = new CopyBufferWriter(1024);
      one.json(attrs);
      resources.set(attrs, (b = Buffer.from(one.finish())));
    }
    return b;
  };
  for (const s of spans) {
    w.number(clusterId); w.tab();
    w.text(s.traceId); w.tab();
    w.text(s.spanId); w.tab();
    w.text(s.parentSpanId); w.tab();
    w.text(s.traceState); w.tab();
    w.number(s.flags); w.tab();
    w.text(s.name); w.tab();
    w.number(s.kind); w.tab();
    w.timestampUs(s.startUs); w.tab();
    w.number(s.durationUs); w.tab();
    w.number(s.statusCode); w.tab();
    w.text(s.statusMessage); w.tab();
    w.bool(isError(s)); w.tab();
    w.text(s.service); w.tab();
    w.text(s.serviceNamespace); w.tab();
    w.text(s.serviceVersion); w.tab();
    w.text(s.serviceInstanceId); w.tab();
    w.text(s.environment); w.tab();
    w.text(s.httpMethod); w.tab();
    w.numberOrNull(s.httpStatusCode); w.tab();
    w.text(s.httpRoute); w.tab();
    w.text(s.urlFull); w.tab();
    w.text(s.rpcSystem); w.tab();
    w.text(s.rpcMethod); w.tab();
    w.text(s.rpcStatus); w.tab();
    w.text(s.dbSystem); w.tab();
    w.text(s.dbNamespace); w.tab();
    w.text(s.dbOperation); w.tab();
    w.text(s.dbStatement); w.tab();
    w.text(s.messagingSystem); w.tab();
    w.text(s.messagingDestination); w.tab();
    w.text(s.messagingOperation); w.tab();
    w.text(s.peerService); w.tab();
    w.text(s.serverAddress); w.tab();
    w.numberOrNull(s.serverPort); w.tab();
    w.text(s.clientAddress); w.tab();
    w.text(s.networkPeerAddress); w.tab();
    w.numberOrNull(s.networkPeerPort); w.tab();
    w.text(s.errorType); w.tab();
    w.text(s.k8sCluster); w.tab();
    w.text(s.k8sNamespace); w.tab();
    w.text(s.k8sPodName); w.tab();
    w.text(s.k8sPodIp); w.tab();
    w.text(s.k8sNodeName); w.tab();
    w.text(s.k8sWorkload); w.tab();
    w.text(s.hostName); w.tab();
    w.text(s.hostIp); w.tab();
    w.text(s.cloudProvider); w.tab();
    w.text(s.cloudRegion); w.tab();
    w.text(s.cloudAvailabilityZone); w.tab();
    w.text(s.cloudAccountId); w.tab();
    w.json(s.attributes); w.tab();
    w.bytes(resourceJson(s.resourceAttributes)); w.tab();
    w.json(s.events); w.tab();
    w.json(s.links); w.tab();
    w.bool(s.truncated);
    w.endRow();
  }
  return w.finish();
}
