import { describe, expect, it } from "vitest";
import { SpanKind, StatusCode } from "@/lib/contracts/span";
import { isErrorSpan, type ErrorRuleFields } from "./error-rules";
import { decodeBoth, jsonRequest, jsonSpan, keyValues } from "./testing/requests";

const span = (fields: Partial<ErrorRuleFields>): ErrorRuleFields => ({
  kind: SpanKind.INTERNAL,
  statusCode: StatusCode.UNSET,
  httpStatusCode: null,
  rpcStatus: null,
  ...fields,
});
const client = (f: Partial<ErrorRuleFields>) => span({ kind: SpanKind.CLIENT, ...f });
const server = (f: Partial<ErrorRuleFields>) => span({ kind: SpanKind.SERVER, ...f });

describe("isErrorSpan", () => {
  it("follows an explicit span status first", () => {
    expect(isErrorSpan(span({ statusCode: StatusCode.ERROR }))).toBe(true);
    expect(isErrorSpan(client({ statusCode: StatusCode.OK, httpStatusCode: 500, rpcStatus: "INTERNAL" }))).toBe(false);
    expect(isErrorSpan(span({}))).toBe(false);
  });

  it("HTTP: client spans fail on 4xx and 5xx, server spans on 5xx only", () => {
    expect(isErrorSpan(client({ httpStatusCode: 404 }))).toBe(true);
    expect(isErrorSpan(client({ httpStatusCode: 399 }))).toBe(false);
    expect(isErrorSpan(span({ kind: SpanKind.PRODUCER, httpStatusCode: 429 }))).toBe(true);
    expect(isErrorSpan(server({ httpStatusCode: 404 }))).toBe(false);
    expect(isErrorSpan(server({ httpStatusCode: 500 }))).toBe(true);
    expect(isErrorSpan(span({ kind: SpanKind.INTERNAL, httpStatusCode: 404 }))).toBe(false);
    expect(isErrorSpan(span({ kind: SpanKind.UNSPECIFIED, httpStatusCode: 503 }))).toBe(true);
  });

  it("gRPC: client spans fail on any code but OK, server spans on six codes", () => {
    expect(isErrorSpan(client({ rpcStatus: "OK" }))).toBe(false);
    expect(isErrorSpan(client({ rpcStatus: "NOT_FOUND" }))).toBe(true);
    expect(isErrorSpan(client({ rpcStatus: "CANCELLED" }))).toBe(true);
    for (const code of ["UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "unavailable"]) {
      expect(isErrorSpan(server({ rpcStatus: code })), code).toBe(true);
    }
    for (const code of ["OK", "CANCELLED", "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNAUTHENTICATED"]) {
      expect(isErrorSpan(server({ rpcStatus: code })), code).toBe(false);
    }
  });

  it("checks the gRPC code even when the HTTP/2 status says 200", () => {
    expect(isErrorSpan(client({ httpStatusCode: 200, rpcStatus: "UNAVAILABLE" }))).toBe(true);
    expect(isErrorSpan(server({ httpStatusCode: 200, rpcStatus: "INTERNAL" }))).toBe(true);
  });

  it("honours the Zipkin/OpenTracing error tag", () => {
    expect(isErrorSpan(span({ attributes: { error: true } }))).toBe(true);
    expect(isErrorSpan(span({ attributes: { error: "true" } }))).toBe(true);
    expect(isErrorSpan(span({ attributes: { error: "false" } }))).toBe(false);
  });

  it("works on decoded spans, whichever attribute names they used", () => {
    const request = jsonRequest({ "service.name": "s" }, [
      jsonSpan({ kind: 3, attributes: keyValues({ "rpc.grpc.status_code": 4 }) }), // old int → DEADLINE_EXCEEDED
      jsonSpan({ kind: 2, attributes: keyValues({ "http.status_code": "503" }) }), // old name, as text
      jsonSpan({ kind: 2, attributes: keyValues({ "http.response.status_code": 404 }) }),
    ]);
    expect(decodeBoth(request).spans.map(isErrorSpan)).toEqual([true, true, false]);
  });
});
