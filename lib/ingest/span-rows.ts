import "server-only";
// NormalizedSpan → one row of the raw `spans` table, in the column order of SPAN_COLUMNS.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { encodeCopyRows, microsToTimestamp, type CopyValue } from "@/lib/db/copy-text";

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

export function encodeSpanRows(clusterId: number, spans: readonly NormalizedSpan[], isError: (s: NormalizedSpan) => boolean): string {
  return encodeCopyRows(spans.map((s) => spanRow(clusterId, s, isError(s))));
}
