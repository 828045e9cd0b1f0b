// The one error type of lib/otlp: the request body cannot be read at all. The route handler
// maps it to HTTP 400 with a google.rpc.Status body (response.ts); the collector's receiver
// counts the whole request as dropped. Problems confined to one span never throw this: they
// become counted rejections and the rest of the request is kept.

export type DecodeErrorCode =
  | "truncated" // a field runs past the end of its message
  | "invalid_varint" // more than 10 bytes
  | "invalid_wire_type" // 6 or 7, a stray end-group, or a known field with the wrong type
  | "invalid_field_number" // field number 0
  | "too_deep" // groups nested past the limit
  | "not_a_trace_request" // well-formed protobuf, but nothing of an ExportTraceServiceRequest in it
  | "invalid_json" // JSON.parse failed
  | "wrong_shape"; // valid JSON that is not an ExportTraceServiceRequest

export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  /** byte offset in the body where the problem was seen (protobuf only) */
  readonly offset: number | null;

  constructor(code: DecodeErrorCode, message: string, offset: number | null = null) {
    super(offset === null ? message : `${message} (at byte ${offset})`);
    this.name = "DecodeError";
    this.code = code;
    this.offset = offset;
  }
}
