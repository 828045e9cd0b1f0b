// Which kind of call an edge is. Tempo and the OTel connector only know "", messaging_system,
// database and virtual_node; Strata also tells http and grpc apart, because the graph colours
// and the drilldowns differ.
import type { ConnectionType } from "@/lib/contracts/rollup";
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";

type KindFields = Pick<NormalizedSpan, "kind">;
type HintFields = Pick<
  NormalizedSpan,
  "rpcSystem" | "httpMethod" | "dbSystem" | "dbNamespace" | "messagingSystem"
>;

export function isClientKind(kind: number): boolean {
  return kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER;
}

export function isServerKind(kind: number): boolean {
  return kind === SpanKind.SERVER || kind === SpanKind.CONSUMER;
}

/** UNSPECIFIED or INTERNAL: the span does not say which side of a call it is. */
export function isKindless(kind: number): boolean {
  return kind === SpanKind.UNSPECIFIED || kind === SpanKind.INTERNAL;
}

export function isMessagingKind(kind: number): boolean {
  return kind === SpanKind.PRODUCER || kind === SpanKind.CONSUMER;
}

/**
 * A client span is a database call when it names a database system or namespace
 * (Tempo `database_name_attributes`: db.namespace, db.name, db.system, db.system.name).
 */
export function isDatabaseSpan(span: Pick<NormalizedSpan, "dbSystem" | "dbNamespace">): boolean {
  return Boolean(span.dbSystem || span.dbNamespace);
}

/** What one span's own attributes say about the call, or null when they say nothing. */
export function connectionHint(span: HintFields): ConnectionType | null {
  if (span.rpcSystem && span.rpcSystem.toLowerCase() === "grpc") return "grpc";
  if (span.httpMethod) return "http";
  if (isDatabaseSpan(span)) return "database";
  if (span.messagingSystem) return "messaging";
  return null;
}

/**
 * Type of a paired edge: messaging when either side is a PRODUCER/CONSUMER span (both Tempo and
 * OTel do this); otherwise the client's own hint, then the server's, then "other".
 */
export function pairedConnectionType(
  client: KindFields & { hint: ConnectionType | null },
  server: KindFields & { hint: ConnectionType | null },
): ConnectionType {
  if (isMessagingKind(client.kind) || isMessagingKind(server.kind)) return "messaging";
  return client.hint ?? server.hint ?? "other";
}
