// When a span counts as failed, for pairing, rollups and the graph (FORMATS.md §4, from the
// semantic conventions docs/http/http-spans.md and docs/rpc/grpc.md). Pure, works on the
// NormalizedSpan columns, so the decoders' folding of old and new attribute names applies.
import { SpanKind, StatusCode, type Attributes, type NormalizedSpan } from "@/lib/contracts/span";

/** gRPC codes that make a SERVER span an error; a client span fails on any code but OK. */
const GRPC_SERVER_ERROR_CODES: ReadonlySet<string> = new Set([
  "UNKNOWN",
  "DEADLINE_EXCEEDED",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
]);

export type ErrorRuleFields = Pick<NormalizedSpan, "kind" | "statusCode" | "httpStatusCode" | "rpcStatus"> & {
  attributes?: Attributes;
};

/**
 * - Status ERROR is an error; status OK is not, whatever else the span says (the application
 *   set it explicitly, and the conventions let it override instrumentation).
 * - Status UNSET: the HTTP rule (client 4xx and 5xx, server 5xx) OR the gRPC rule (client any
 *   code but OK; server UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE,
 *   DATA_LOSS). Both are checked because gRPC instrumentations often also record the HTTP/2
 *   status, which is 200 even when the call failed.
 * - The Zipkin/OpenTracing tag `error=true` (spans converted from those formats).
 * CLIENT and PRODUCER spans get the client rules. Every other kind gets the lenient server
 * rules: a 404 seen from an unknown side should not paint the graph red.
 */
export function isErrorSpan(span: ErrorRuleFields): boolean {
  if (span.statusCode === StatusCode.ERROR) return true;
  if (span.statusCode === StatusCode.OK) return false;
  const clientSide = span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER;
  const http = span.httpStatusCode;
  if (typeof http === "number" && (clientSide ? http >= 400 : http >= 500)) return true;
  if (span.rpcStatus) {
    const code = span.rpcStatus.toUpperCase();
    if (clientSide ? code !== "OK" : GRPC_SERVER_ERROR_CODES.has(code)) return true;
  }
  const tag = span.attributes?.error;
  return tag === true || tag === "true";
}
