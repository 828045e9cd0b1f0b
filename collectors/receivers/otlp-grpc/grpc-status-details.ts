// The `grpc-status-details-bin` trailer of a refusal: a google.rpc.Status whose details hold a
// google.rpc.RetryInfo. OTLP/gRPC clients retry RESOURCE_EXHAUSTED only when RetryInfo is
// present (opentelemetry-proto specification.md, "Failures"), and wait its retry_delay.
//   Status    { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
//   Any       { string type_url = 1; bytes value = 2; }
//   RetryInfo { google.protobuf.Duration retry_delay = 1; }
//   Duration  { int64 seconds = 1; int32 nanos = 2; }
export const RETRY_INFO_TYPE_URL = "type.googleapis.com/google.rpc.RetryInfo";

export function encodeStatusWithRetryInfo(code: number, message: string, retryAfterMs: number): Buffer {
  const ms = Math.max(0, Math.round(retryAfterMs));
  const duration = concat([varintField(1, Math.floor(ms / 1000)), varintField(2, (ms % 1000) * 1_000_000)]);
  const retryInfo = lengthField(1, duration);
  const any = concat([lengthField(1, Buffer.from(RETRY_INFO_TYPE_URL)), lengthField(2, retryInfo)]);
  return concat([varintField(1, code), lengthField(2, Buffer.from(message)), lengthField(3, any)]);
}

function concat(parts: Buffer[]): Buffer {
  return Buffer.concat(parts.filter((p) => p.length > 0));
}

/** proto3 leaves zero scalars out. */
function varintField(field: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.concat([varint(field << 3), varint(value)]);
}

function lengthField(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}
