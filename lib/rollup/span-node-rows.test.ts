import { describe, expect, it } from "vitest";
import { SpanKind } from "@/lib/contracts/span";
import { makeSpan } from "@/lib/pairing/testing/make-span";
import { hasOperationRow, isEntrySpan, operationName, statusClass } from "./span-node-rows";

describe("which rows a span counts in", () => {
  it("treats server, consumer, root and remote-parented kind-less spans as entry spans", () => {
    const child = { parentSpanId: "00000000000000ab" };
    expect(isEntrySpan(makeSpan({ ...child, kind: SpanKind.SERVER }))).toBe(true);
    expect(isEntrySpan(makeSpan({ ...child, kind: SpanKind.CONSUMER }))).toBe(true);
    expect(isEntrySpan(makeSpan({ kind: SpanKind.CLIENT, parentSpanId: null }))).toBe(true);
    expect(isEntrySpan(makeSpan({ ...child, kind: SpanKind.UNSPECIFIED, flags: 0x301 }))).toBe(true);
    expect(isEntrySpan(makeSpan({ ...child, kind: SpanKind.UNSPECIFIED, flags: 0x101 }))).toBe(false);
    expect(isEntrySpan(makeSpan({ ...child, kind: SpanKind.CLIENT }))).toBe(false);
    expect(isEntrySpan(makeSpan({ ...child, kind: SpanKind.INTERNAL }))).toBe(false);
  });

  it("gives operation rows to calls and entry spans, not to nested internal spans", () => {
    const child = { parentSpanId: "00000000000000ab" };
    expect(hasOperationRow(makeSpan({ ...child, kind: SpanKind.CLIENT }))).toBe(true);
    expect(hasOperationRow(makeSpan({ ...child, kind: SpanKind.UNSPECIFIED }))).toBe(true);
    expect(hasOperationRow(makeSpan({ ...child, kind: SpanKind.INTERNAL }))).toBe(false);
    expect(hasOperationRow(makeSpan({ kind: SpanKind.INTERNAL, parentSpanId: null }))).toBe(true);
  });
});

describe("operationName", () => {
  it("uses method and route, then the RPC method, then the span name", () => {
    expect(operationName(makeSpan({ httpMethod: "get", httpRoute: "/users/{id}", name: "GET" }))).toBe("GET /users/{id}");
    expect(operationName(makeSpan({ httpRoute: "/health", name: "x" }))).toBe("/health");
    expect(operationName(makeSpan({ rpcMethod: "shop.Cart/Add", name: "x" }))).toBe("shop.Cart/Add");
    expect(operationName(makeSpan({ name: "  " }))).toBe("(unnamed)");
  });
});

describe("statusClass", () => {
  it("classes HTTP, gRPC and other spans", () => {
    expect(statusClass(makeSpan({ httpStatusCode: 204 }), false)).toBe("2xx");
    expect(statusClass(makeSpan({ httpStatusCode: 503 }), true)).toBe("5xx");
    expect(statusClass(makeSpan({ httpStatusCode: 42 }), false)).toBe("ok");
    expect(statusClass(makeSpan({ rpcStatus: "unavailable" }), true)).toBe("grpc:UNAVAILABLE");
    expect(statusClass(makeSpan({}), true)).toBe("error");
    expect(statusClass(makeSpan({}), false)).toBe("ok");
  });
});
