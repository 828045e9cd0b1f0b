// OTLP trace decoding for the /v1/traces route and the collector's receiver: request bodies
// in, NormalizedSpan rows and OTLP-conformant responses out. Pure code, no I/O.
// See README.md beside this file for the decisions and measured figures.
export { decodeProtobufTraceRequest } from "./decode-protobuf";
export { decodeJsonTraceRequest } from "./decode-json";
export { DecodeError, type DecodeErrorCode } from "./decode-error";
export { Reject, type DecodeResult } from "./decode-context";
export { DEFAULT_LIMITS, type DecodeOptions } from "./limits";
export { UNKNOWN_SERVICE } from "./resource-columns";
export { isErrorSpan, type ErrorRuleFields } from "./error-rules";
export { decodeTraceRequest, otlpEncodingOf } from "./encoding";
export {
  OTLP_CONTENT_TYPE,
  RpcCode,
  buildErrorResponse,
  buildExportResponse,
  decodeErrorResponse,
  rejectionMessage,
  type OtlpEncoding,
  type OtlpHttpResponse,
} from "./response";
