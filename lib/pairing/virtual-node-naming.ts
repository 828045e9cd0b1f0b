// Names for the side of an edge that sent no span: the database of a database call, the
// external API of an unanswered client span, the caller of a root server span.
// Every name is trimmed and cut to the 512 characters the rollup contract allows.
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";

const MAX_NAME = 512;

function clean(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (v.length === 0) return null;
  return v.length > MAX_NAME ? v.slice(0, MAX_NAME) : v;
}

function firstOf(...values: Array<string | null | undefined>): string | null {
  for (const v of values) {
    const c = clean(v);
    if (c) return c;
  }
  return null;
}

/** "host:port"; an IPv6 literal is bracketed so the port stays readable ("[::1]:5432"). */
function hostPort(address: string | null, port: number | null): string | null {
  const host = clean(address);
  if (!host) return null;
  if (port === null || !Number.isFinite(port)) return host;
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

type DatabaseFields = Pick<
  NormalizedSpan,
  "peerService" | "serverAddress" | "networkPeerAddress" | "networkPeerPort" | "dbNamespace" | "dbSystem"
>;

/**
 * The server of a database edge, Tempo's order (servicegraphs.go upsertDatabaseRequest, and its
 * tests for trace-with-queue-database{,2..5}.json, trace-with-db-*.json):
 * peer.service → server.address → network.peer.address[:network.peer.port] → db.namespace/db.name
 * → db.system. The OTel connector uses only the db name attribute.
 */
export function databaseServerName(span: DatabaseFields): string | null {
  return firstOf(
    span.peerService,
    span.serverAddress,
    hostPort(span.networkPeerAddress, span.networkPeerPort),
    span.dbNamespace,
    span.dbSystem,
  );
}

type ClientPeerFields = Pick<
  NormalizedSpan,
  "kind" | "peerService" | "serverAddress" | "messagingDestination" | "messagingSystem" | "dbNamespace" | "dbSystem"
>;

/**
 * The virtual server of a client span whose server never reported. Tempo uses peer.service,
 * db.name, db.system; Strata also uses server.address (external APIs are what on-call engineers
 * need to see) and, for a producer, the queue or topic, then the messaging system.
 * Returns null when nothing names the peer: the half-edge is then counted as expired.
 */
export function clientSidePeerName(span: ClientPeerFields): string | null {
  if (span.kind === SpanKind.PRODUCER) {
    return firstOf(span.peerService, span.messagingDestination, span.messagingSystem, span.serverAddress);
  }
  return firstOf(span.peerService, span.serverAddress, span.dbNamespace, span.dbSystem);
}

type ServerPeerFields = Pick<
  NormalizedSpan,
  "kind" | "peerService" | "dbNamespace" | "dbSystem" | "messagingDestination" | "messagingSystem"
>;

/**
 * The virtual client of a server span with no caller span: Tempo's peer attributes of the server
 * span (peer.service, db.name, db.system); for a consumer also the queue, then the messaging
 * system (a message comes from a broker, not from a "user"). client.address is deliberately not
 * used: every HTTP server span carries it and it would make one node per caller IP.
 * Returns null when nothing names the peer (the caller decides between "user" and expired).
 */
export function serverSidePeerName(span: ServerPeerFields): string | null {
  if (span.kind === SpanKind.CONSUMER) {
    return firstOf(span.peerService, span.messagingDestination, span.messagingSystem, span.dbNamespace, span.dbSystem);
  }
  return firstOf(span.peerService, span.dbNamespace, span.dbSystem);
}

/** A service name made safe for the rollup contract (1..512 characters). */
export function nodeName(value: string | null | undefined, fallback: string): string {
  return clean(value) ?? fallback;
}
