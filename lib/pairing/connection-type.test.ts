import { describe, expect, it } from "vitest";
import { SpanKind } from "@/lib/contracts/span";
import { connectionHint, pairedConnectionType } from "./connection-type";
import { makeSpan } from "./testing/make-span";

describe("connection type", () => {
  it("reads a hint from one span's attributes", () => {
    expect(connectionHint(makeSpan({ rpcSystem: "gRPC", httpMethod: "POST" }))).toBe("grpc");
    expect(connectionHint(makeSpan({ rpcSystem: "aws-api", httpMethod: "POST" }))).toBe("http");
    expect(connectionHint(makeSpan({ dbSystem: "redis" }))).toBe("database");
    expect(connectionHint(makeSpan({ messagingSystem: "kafka" }))).toBe("messaging");
    expect(connectionHint(makeSpan({}))).toBeNull();
  });

  it("makes an edge messaging when either side is a producer or consumer", () => {
    const http = { hint: "http" as const };
    expect(pairedConnectionType({ kind: SpanKind.PRODUCER, ...http }, { kind: SpanKind.SERVER, hint: null })).toBe("messaging");
    expect(pairedConnectionType({ kind: SpanKind.CLIENT, hint: null }, { kind: SpanKind.CONSUMER, hint: null })).toBe("messaging");
    expect(pairedConnectionType({ kind: SpanKind.CLIENT, hint: null }, { kind: SpanKind.SERVER, ...http })).toBe("http");
    expect(pairedConnectionType({ kind: SpanKind.CLIENT, hint: null }, { kind: SpanKind.SERVER, hint: null })).toBe("other");
  });
});
