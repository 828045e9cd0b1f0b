import { describe, expect, it } from "vitest";
import { SpanKind, StatusCode } from "@/lib/contracts/span";
import { isErrorSpan } from "./is-error";
import { makeSpan } from "./testing/make-span";

describe("isErrorSpan as pairing relies on it", () => {
  const client = (f: Parameters<typeof makeSpan>[0]) => makeSpan({ kind: SpanKind.CLIENT, ...f });
  const server = (f: Parameters<typeof makeSpan>[0]) => makeSpan({ kind: SpanKind.SERVER, ...f });

  it("follows the span status first", () => {
    expect(isErrorSpan(makeSpan({ statusCode: StatusCode.ERROR }))).toBe(true);
    expect(isErrorSpan(client({ statusCode: StatusCode.OK, httpStatusCode: 500 }))).toBe(false);
  });

  it("applies the HTTP rule: client 4xx and 5xx, server 5xx only", () => {
    expect(isErrorSpan(client({ httpStatusCode: 404 }))).toBe(true);
    expect(isErrorSpan(client({ httpStatusCode: 399 }))).toBe(false);
    expect(isErrorSpan(server({ httpStatusCode: 404 }))).toBe(false);
    expect(isErrorSpan(server({ httpStatusCode: 500 }))).toBe(true);
    expect(isErrorSpan(makeSpan({ kind: SpanKind.INTERNAL, httpStatusCode: 404 }))).toBe(false);
  });

  it("applies the gRPC rule: client any code but OK, server six codes", () => {
    expect(isErrorSpan(client({ rpcStatus: "NOT_FOUND" }))).toBe(true);
    expect(isErrorSpan(client({ rpcStatus: "OK" }))).toBe(false);
    expect(isErrorSpan(server({ rpcStatus: "NOT_FOUND" }))).toBe(false);
    expect(isErrorSpan(server({ rpcStatus: "unavailable" }))).toBe(true);
    expect(isErrorSpan(server({ rpcStatus: "DEADLINE_EXCEEDED" }))).toBe(true);
    // gRPC over HTTP/2 records status 200 even when the call failed: the gRPC code decides.
    expect(isErrorSpan(client({ httpStatusCode: 200, rpcStatus: "UNAVAILABLE" }))).toBe(true);
  });

  it("honours the Zipkin/OpenTracing error tag", () => {
    expect(isErrorSpan(makeSpan({ attributes: { error: true } }))).toBe(true);
    expect(isErrorSpan(makeSpan({ attributes: { error: "true" } }))).toBe(true);
    expect(isErrorSpan(makeSpan({ attributes: { error: "false" } }))).toBe(false);
  });
});
