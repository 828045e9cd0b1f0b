import { describe, expect, it } from "vitest";
import { SpanKind } from "@/lib/contracts/span";
import { makeSpan } from "./testing/make-span";
import { clientSidePeerName, databaseServerName, nodeName, serverSidePeerName } from "./virtual-node-naming";

describe("databaseServerName", () => {
  const base = { dbSystem: "postgresql", dbNamespace: "orders" };
  it("prefers peer.service, then server.address, then network peer, then db namespace, then system", () => {
    expect(databaseServerName(makeSpan({ ...base, peerService: "pg-main", serverAddress: "db.local" }))).toBe("pg-main");
    expect(databaseServerName(makeSpan({ ...base, serverAddress: "db.local", networkPeerAddress: "10.0.0.1" }))).toBe("db.local");
    expect(databaseServerName(makeSpan({ ...base, networkPeerAddress: "10.0.0.1", networkPeerPort: 5432 }))).toBe("10.0.0.1:5432");
    expect(databaseServerName(makeSpan({ ...base, networkPeerAddress: "10.0.0.1" }))).toBe("10.0.0.1");
    expect(databaseServerName(makeSpan(base))).toBe("orders");
    expect(databaseServerName(makeSpan({ dbSystem: "redis" }))).toBe("redis");
  });
  it("brackets an IPv6 peer and skips blank values", () => {
    expect(databaseServerName(makeSpan({ networkPeerAddress: "fd00::7", networkPeerPort: 6379 }))).toBe("[fd00::7]:6379");
    expect(databaseServerName(makeSpan({ peerService: "  ", dbSystem: "mysql" }))).toBe("mysql");
    expect(databaseServerName(makeSpan({}))).toBeNull();
  });
});

describe("peer names of virtual nodes", () => {
  it("names a client span's server from peer.service, then server.address", () => {
    expect(clientSidePeerName(makeSpan({ kind: SpanKind.CLIENT, peerService: "payments", serverAddress: "1.2.3.4" }))).toBe("payments");
    expect(clientSidePeerName(makeSpan({ kind: SpanKind.CLIENT, serverAddress: "api.stripe.com" }))).toBe("api.stripe.com");
    expect(clientSidePeerName(makeSpan({ kind: SpanKind.CLIENT }))).toBeNull();
  });
  it("names a producer's server after the queue, then the messaging system", () => {
    const producer = { kind: SpanKind.PRODUCER, serverAddress: "broker-1", messagingSystem: "kafka" } as const;
    expect(clientSidePeerName(makeSpan({ ...producer, messagingDestination: "orders" }))).toBe("orders");
    expect(clientSidePeerName(makeSpan(producer))).toBe("kafka");
  });
  it("names a server span's caller from peer attributes but never from client.address", () => {
    expect(serverSidePeerName(makeSpan({ kind: SpanKind.SERVER, peerService: "mobile-app" }))).toBe("mobile-app");
    expect(serverSidePeerName(makeSpan({ kind: SpanKind.SERVER, clientAddress: "203.0.113.9" }))).toBeNull();
    expect(serverSidePeerName(makeSpan({ kind: SpanKind.CONSUMER, messagingSystem: "rabbitmq" }))).toBe("rabbitmq");
  });
  it("cuts names to the 512 characters of the contract", () => {
    expect(nodeName("x".repeat(600), "fallback")).toHaveLength(512);
    expect(nodeName("", "fallback")).toBe("fallback");
  });
});
