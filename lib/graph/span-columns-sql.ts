import "server-only";
// SQL that turns the raw spans row back into the attribute maps a user expects to read: the
// semantic-convention attributes that ingest lifted into typed columns (lib/otlp/semconv-columns.ts)
// under their current names, merged with the jsonb rest; and the same for the resource.
// Null columns are left out (jsonb_strip_nulls), so an attribute shows only when the span had it.

const SPAN_ATTRIBUTE_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["http.request.method", "http_method"], ["http.response.status_code", "http_status_code"],
  ["http.route", "http_route"], ["url.full", "url_full"],
  ["rpc.system.name", "rpc_system"], ["rpc.method", "rpc_method"], ["rpc.response.status_code", "rpc_status"],
  ["db.system.name", "db_system"], ["db.namespace", "db_namespace"], ["db.operation.name", "db_operation"],
  ["db.query.text", "db_statement"],
  ["messaging.system", "messaging_system"], ["messaging.destination.name", "messaging_destination"],
  ["messaging.operation.type", "messaging_operation"],
  ["service.peer.name", "peer_service"], ["server.address", "server_address"], ["server.port", "server_port"],
  ["client.address", "client_address"], ["network.peer.address", "network_peer_address"],
  ["network.peer.port", "network_peer_port"], ["error.type", "error_type"],
];

const RESOURCE_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["service.name", "service"], ["service.namespace", "service_namespace"], ["service.version", "service_version"],
  ["service.instance.id", "service_instance_id"], ["deployment.environment.name", "environment"],
  ["k8s.cluster.name", "k8s_cluster"], ["k8s.namespace.name", "k8s_namespace"], ["k8s.pod.name", "k8s_pod_name"],
  ["k8s.pod.ip", "k8s_pod_ip"], ["k8s.node.name", "k8s_node_name"], ["k8s.workload.name", "k8s_workload"],
  ["host.name", "host_name"], ["host.ip", "host_ip"], ["cloud.provider", "cloud_provider"],
  ["cloud.region", "cloud_region"], ["cloud.availability_zone", "cloud_availability_zone"],
  ["cloud.account.id", "cloud_account_id"],
];

// jsonb_build_object takes at most 100 arguments; both lists stay well under 50 pairs.
const built = (pairs: ReadonlyArray<readonly [string, string]>) =>
  `jsonb_strip_nulls(jsonb_build_object(${pairs.map(([key, column]) => `'${key}', "${column}"`).join(", ")}))`;

/** The jsonb rest first, so a typed column wins when both hold the same key. */
export const SPAN_ATTRIBUTES_SQL = `(attributes || ${built(SPAN_ATTRIBUTE_COLUMNS)})`;
export const SPAN_RESOURCE_SQL = `(resource_attributes || ${built(RESOURCE_COLUMNS)})`;
