// OTLP/HTTP response bodies, in the encoding of the request (opentelemetry-proto
// docs/specification.md, "OTLP/HTTP Response"):
//   - success: ExportTraceServiceResponse with partial_success unset (empty message);
//   - some spans rejected: partial_success { rejected_spans = 1 (int64), error_message = 2 };
//     still HTTP 200, and the client must not retry;
//   - failure: HTTP 4xx/5xx with a google.rpc.Status { code = 1 (int32), message = 2 }.
// In JSON, int64 is a decimal string ("rejectedSpans": "3") and int32 a number (proto3 JSON).
import type { DecodeResult } from "./decode-context";
import type { DecodeError } from "./decode-error";

export type OtlpEncoding = "protobuf" | "json";

export const OTLP_CONTENT_TYPE: Record<OtlpEncoding, string> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

/** google.rpc.Code values used in failure bodies (the spec says clients do not act on them). */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export interface OtlpHttpResponse {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** A bound on the message we send back; reasons are already aggregated and few. */
const MAX_MESSAGE = 1024;
const encoder = new TextEncoder();

/** The partial-success message: how many spans were rejected and why; "" when none were. */
export function rejectionMessage(result: Pick<DecodeResult, "rejected" | "rejectionReasons">): string {
  if (result.rejected === 0) return "";
  const why = result.rejectionReasons.length > 0 ? `: ${result.rejectionReasons.join("; ")}` : "";
  const message = `${result.rejected} span${result.rejected === 1 ? "" : "s"} rejected${why}`;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

/** ExportTraceServiceResponse bytes: empty on full success. */
export function encodeExportResponseProtobuf(rejected: number, errorMessage: string): Uint8Array {
  if (rejected === 0 && errorMessage === "") return new Uint8Array(0);
  const inner = new ProtoWriter();
  if (rejected !== 0) inner.varintField(1, rejected);
  if (errorMessage !== "") inner.stringField(2, errorMessage);
  const outer = new ProtoWriter();
  outer.bytesField(1, inner.finish());
  return outer.finish();
}

/** ExportTraceServiceResponse as OTLP/JSON: "{}" on full success. */
export function exportResponseJson(rejected: number, errorMessage: string): string {
  if (rejected === 0 && errorMessage === "") return "{}";
  const partialSuccess: Record<string, string> = {};
  if (rejected !== 0) partialSuccess.rejectedSpans = String(rejected);
  if (errorMessage !== "") partialSuccess.errorMessage = errorMessage;
  return JSON.stringify({ partialSuccess });
}

/** The 200 answer to an export request that could be decoded. */
export function buildExportResponse(
  result: Pick<DecodeResult, "rejected" | "rejectionReasons">,
  encoding: OtlpEncoding,
): OtlpHttpResponse {
  const message = rejectionMessage(result);
  const body =
    encoding === "protobuf"
      ? encodeExportResponseProtobuf(result.rejected, message)
      : encoder.encode(exportResponseJson(result.rejected, message));
  return { status: 200, contentType: OTLP_CONTENT_TYPE[encoding], body };
}

export function encodeStatusProtobuf(code: number, message: string): Uint8Array {
  const w = new ProtoWriter();
  if (code !== 0) w.varintField(1, code);
  if (message !== "") w.stringField(2, message);
  return w.finish();
}

export function statusJson(code: number, message: string): string {
  return JSON.stringify({ code, message });
}

/**
 * A failure answer: `status` 400 for data that can never succeed (a DecodeError), 429/503
 * when a retry may work, 413 for a body over the size limit. The body is a google.rpc.Status.
 */
export function buildErrorResponse(
  status: number,
  message: string,
  encoding: OtlpEncoding,
  code: number = rpcCodeForHttpStatus(status),
): OtlpHttpResponse {
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
  const body = encoding === "protobuf" ? encodeStatusProtobuf(code, text) : encoder.encode(statusJson(code, text));
  return { status, contentType: OTLP_CONTENT_TYPE[encoding], body };
}

/** A body the decoders could not read: 400, never retried by the client. */
export function decodeErrorResponse(error: DecodeError, encoding: OtlpEncoding): OtlpHttpResponse {
  return buildErrorResponse(400, `invalid OTLP ${encoding} trace request: ${error.message}`, encoding);
}

/** The gRPC code matching an HTTP failure status, as gRPC-HTTP gateways map them. */
export function rpcCodeForHttpStatus(status: number): number {
  if (status === 413 || status === 429) return RpcCode.RESOURCE_EXHAUSTED;
  if (status >= 500) return status === 500 ? RpcCode.INTERNAL : RpcCode.UNAVAILABLE;
  return RpcCode.INVALID_ARGUMENT;
}

/** Just enough protobuf writing for the two small messages above. */
class ProtoWriter {
  private readonly bytes: number[] = [];

  varintField(field: number, value: number): void {
    this.varint((field << 3) | 0);
    this.varint(value);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, encoder.encode(value));
  }

  bytesField(field: number, value: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    for (const b of value) this.bytes.push(b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  /** Non-negative integers up to 2^53: division, not bit operators, past 32 bits. */
  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }
}
