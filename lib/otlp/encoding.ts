// Which OTLP encoding a request uses, from its Content-Type: the server's route and the
// collector's receiver both ask, and must answer alike.
import type { DecodeResult } from "./decode-context";
import { decodeJsonTraceRequest } from "./decode-json";
import { decodeProtobufTraceRequest } from "./decode-protobuf";
import type { DecodeOptions } from "./limits";
import type { OtlpEncoding } from "./response";

/** "protobuf" or "json"; null when the content type is neither OTLP encoding. */
export function otlpEncodingOf(contentType: string | null | undefined): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/** Decodes a trace export request in the encoding it was sent in (throws DecodeError). */
export function decodeTraceRequest(body: Uint8Array, encoding: OtlpEncoding, options: DecodeOptions): DecodeResult {
  return encoding === "protobuf" ? decodeProtobufTraceRequest(body, options) : decodeJsonTraceRequest(body, options);
}
