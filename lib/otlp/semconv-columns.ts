// Which semantic-convention attributes become NormalizedSpan columns, current name first and
// deprecated names after it (FORMATS.md §4). The first name present with a usable value
// wins; the attribute that fed a column is removed from `attributes`, every other one stays
// (so nothing is lost when an old and a new name disagree).
//
// Some old names meant different things on the two sides of a call: `net.peer.name` was the
// server on a client span but the caller on a server span, and `net.host.*` was the server's
// own address on a server span. Server side = SERVER and CONSUMER spans.
import { SpanKind, type AttributeValue, type NormalizedSpan } from "@/lib/contracts/span";
import type { AttributeCollector } from "./attribute-collector";
import { rpcStatusName } from "./grpc-codes";

export type SpanColumns = Pick<
  NormalizedSpan,
  | "peerService" | "serverAddress" | "serverPort" | "clientAddress" | "networkPeerAddress"
  | "networkPeerPort" | "httpMethod" | "httpStatusCode" | "httpRoute" | "urlFull" | "rpcSystem"
  | "rpcMethod" | "rpcStatus" | "dbSystem" | "dbNamespace" | "dbOperation" | "dbStatement"
  | "messagingSystem" | "messagingDestination" | "messagingOperation" | "errorType"
>;

/** Span attribute keys that can become columns; a key's index is its id in the collector. */
export const SPAN_SOURCE_KEYS = [
  "service.peer.name", "peer.service",
  "server.address", "server.port", "net.peer.name", "net.peer.port", "net.sock.peer.name",
  "net.host.name", "net.host.port",
  "client.address", "http.client_ip", "net.peer.ip",
  "network.peer.address", "network.peer.port", "net.sock.peer.addr", "net.sock.peer.port",
  "http.request.method", "http.method", "http.response.status_code", "http.status_code",
  "http.route", "url.full", "http.url", "url.path", "http.target",
  "rpc.system.name", "rpc.system", "rpc.method", "rpc.service",
  "rpc.status_code", "rpc.response.status_code", "rpc.grpc.status_code",
  "db.system.name", "db.system", "db.namespace", "db.name", "db.operation.name", "db.operation",
  "db.query.text", "db.statement",
  "messaging.system", "messaging.destination.name", "messaging.destination",
  "messaging.operation.type", "messaging.operation",
  "error.type",
] as const;

type SpanKey = (typeof SPAN_SOURCE_KEYS)[number];
const id = (key: SpanKey): number => SPAN_SOURCE_KEYS.indexOf(key);
const ids = (...keys: SpanKey[]): readonly number[] => keys.map(id);

const PEER_SERVICE = ids("service.peer.name", "peer.service");
const SERVER_ADDRESS_CLIENT_SIDE = ids("server.address", "net.peer.name", "net.sock.peer.name");
const SERVER_ADDRESS_SERVER_SIDE = ids("server.address", "net.host.name");
const SERVER_PORT_CLIENT_SIDE = ids("server.port", "net.peer.port");
const SERVER_PORT_SERVER_SIDE = ids("server.port", "net.host.port");
const CLIENT_ADDRESS_SERVER_SIDE = ids("client.address", "http.client_ip", "net.peer.ip", "net.peer.name");
const CLIENT_ADDRESS_CLIENT_SIDE = ids("client.address");
const NETWORK_PEER_ADDRESS = ids("network.peer.address", "net.sock.peer.addr", "net.peer.ip");
const NETWORK_PEER_PORT = ids("network.peer.port", "net.sock.peer.port");
const HTTP_METHOD = ids("http.request.method", "http.method");
const HTTP_STATUS = ids("http.response.status_code", "http.status_code");
const HTTP_ROUTE = ids("http.route");
const URL = ids("url.full", "http.url", "url.path", "http.target");
const RPC_SYSTEM = ids("rpc.system.name", "rpc.system");
const RPC_METHOD = id("rpc.method");
const RPC_SERVICE = id("rpc.service");
const RPC_STATUS = ids("rpc.status_code", "rpc.response.status_code", "rpc.grpc.status_code");
const DB_SYSTEM = ids("db.system.name", "db.system");
const DB_NAMESPACE = ids("db.namespace", "db.name");
const DB_OPERATION = ids("db.operation.name", "db.operation");
const DB_STATEMENT = ids("db.query.text", "db.statement");
const MESSAGING_SYSTEM = ids("messaging.system");
const MESSAGING_DESTINATION = ids("messaging.destination.name", "messaging.destination");
const MESSAGING_OPERATION = ids("messaging.operation.type", "messaging.operation");
const ERROR_TYPE = ids("error.type");

type Convert<T> = (value: AttributeValue) => T | null;

/** Text columns take strings, and numbers or booleans as their text; "" counts as absent. */
export const asText: Convert<string> = (v) => {
  if (typeof v === "string") return v.length > 0 ? v : null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
};

/** Integer columns (ports, HTTP status) take integers and decimal strings, 0 … 2^31-1. */
export const asInt: Convert<number> = (v) => {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 0x7fffffff ? n : null;
};

const asRpcStatus: Convert<string> = (v) => rpcStatusName(v);

/** The first source present whose value converts; it is consumed. */
export function pick<T>(c: AttributeCollector, sources: readonly number[], convert: Convert<T>): T | null {
  for (let i = 0; i < sources.length; i++) {
    const value = c.source(sources[i]);
    if (value === undefined) continue;
    const converted = convert(value);
    if (converted !== null) {
      c.consume(sources[i]);
      return converted;
    }
  }
  return null;
}

/** `rpc.method` is fully qualified ("pkg.Service/Method") since v1.39; before, the service was apart. */
function rpcMethod(c: AttributeCollector): string | null {
  const method = asText(c.source(RPC_METHOD) ?? null);
  if (method === null) return null;
  c.consume(RPC_METHOD);
  if (method.includes("/")) return method;
  const service = asText(c.source(RPC_SERVICE) ?? null);
  if (service === null) return method;
  c.consume(RPC_SERVICE);
  return `${service}/${method}`;
}

/** Turns the span's column candidates into columns (call before collector.finish()). */
export function spanColumns(c: AttributeCollector, kind: number): SpanColumns {
  const serverSide = kind === SpanKind.SERVER || kind === SpanKind.CONSUMER;
  return {
    peerService: pick(c, PEER_SERVICE, asText),
    serverAddress: pick(c, serverSide ? SERVER_ADDRESS_SERVER_SIDE : SERVER_ADDRESS_CLIENT_SIDE, asText),
    serverPort: pick(c, serverSide ? SERVER_PORT_SERVER_SIDE : SERVER_PORT_CLIENT_SIDE, asInt),
    clientAddress: pick(c, serverSide ? CLIENT_ADDRESS_SERVER_SIDE : CLIENT_ADDRESS_CLIENT_SIDE, asText),
    networkPeerAddress: pick(c, NETWORK_PEER_ADDRESS, asText),
    networkPeerPort: pick(c, NETWORK_PEER_PORT, asInt),
    httpMethod: pick(c, HTTP_METHOD, asText),
    httpStatusCode: pick(c, HTTP_STATUS, asInt),
    httpRoute: pick(c, HTTP_ROUTE, asText),
    urlFull: pick(c, URL, asText),
    rpcSystem: pick(c, RPC_SYSTEM, asText),
    rpcMethod: rpcMethod(c),
    rpcStatus: pick(c, RPC_STATUS, asRpcStatus),
    dbSystem: pick(c, DB_SYSTEM, asText),
    dbNamespace: pick(c, DB_NAMESPACE, asText),
    dbOperation: pick(c, DB_OPERATION, asText),
    dbStatement: pick(c, DB_STATEMENT, asText),
    messagingSystem: pick(c, MESSAGING_SYSTEM, asText),
    messagingDestination: pick(c, MESSAGING_DESTINATION, asText),
    messagingOperation: pick(c, MESSAGING_OPERATION, asText),
    errorType: pick(c, ERROR_TYPE, asText),
  };
}
