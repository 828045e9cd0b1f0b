// Semantic-convention attributes as the real instrumentations set them (FORMATS.md §4):
// HTTP (@opentelemetry/instrumentation-http / undici), gRPC, pg, ioredis, kafkajs.
import type { AttributeValue } from "./plan";

type Attrs = Record<string, AttributeValue>;

/** "/accounts/{id}" → "/accounts/7421": the concrete path of one request. */
export function concretePath(route: string, n: number): string {
  return route.replace(/\{[^}]+\}/g, () => String(n));
}

export function httpServer(method: string, route: string, path: string, status: number, clientAddress: string, port: number): Attrs {
  return {
    "http.request.method": method,
    "http.route": route,
    "url.path": path,
    "url.scheme": "http",
    "http.response.status_code": status,
    "server.port": port,
    "client.address": clientAddress,
    "network.peer.address": clientAddress,
    "network.protocol.version": "1.1",
    "user_agent.original": "node",
  };
}

/** status null: no response (timeout, connection refused) */
export function httpClient(method: string, url: string, host: string, port: number, peerAddress: string, status: number | null): Attrs {
  const a: Attrs = {
    "http.request.method": method,
    "url.full": url,
    "server.address": host,
    "server.port": port,
    "network.peer.address": peerAddress,
    "network.peer.port": port,
    "network.protocol.version": "1.1",
  };
  if (status !== null) a["http.response.status_code"] = status;
  return a;
}

export function grpcAttrs(rpcService: string, method: string, code: number, side: "client" | "server", host: string, port: number, peer: string): Attrs {
  const a: Attrs = {
    "rpc.system": "grpc",
    "rpc.service": rpcService,
    "rpc.method": method,
    "rpc.grpc.status_code": code,
  };
  if (side === "client") {
    a["server.address"] = host;
    a["server.port"] = port;
    a["network.peer.address"] = peer;
    a["network.peer.port"] = port;
  } else {
    a["server.port"] = port;
    a["client.address"] = peer;
    a["network.peer.address"] = peer;
  }
  return a;
}

export function dbAttrs(system: "postgresql" | "redis", host: string, port: number, peer: string, operation: string, query: string, namespace?: string, collection?: string): Attrs {
  const a: Attrs = {
    "db.system.name": system,
    "db.operation.name": operation,
    "db.query.text": query,
    "server.address": host,
    "server.port": port,
    "network.peer.address": peer,
    "network.peer.port": port,
  };
  if (namespace) a["db.namespace"] = namespace;
  if (collection) a["db.collection.name"] = collection;
  return a;
}

export function messagingAttrs(topic: string, side: "send" | "process", broker: string, port: number, partition: number, offset: number, group?: string): Attrs {
  const a: Attrs = {
    "messaging.system": "kafka",
    "messaging.destination.name": topic,
    "messaging.operation.type": side,
    "messaging.operation.name": side,
    "messaging.destination.partition.id": String(partition),
    "messaging.kafka.offset": offset,
    "server.address": broker,
    "server.port": port,
  };
  if (group) a["messaging.consumer.group.name"] = group;
  return a;
}

/** gRPC status codes used here (grpc/doc/statuscodes.md). */
export const GrpcCode = { OK: 0, DEADLINE_EXCEEDED: 4, PERMISSION_DENIED: 7, INTERNAL: 13, UNAVAILABLE: 14 } as const;
