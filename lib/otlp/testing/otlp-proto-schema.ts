// Test and benchmark support only: the OTLP trace messages (and google.rpc.Status) as a
// protobufjs schema, so tests can build real protobuf requests independently of our
// hand-written reader, and the benchmark can time protobufjs as the baseline.
// Transcribed from opentelemetry-proto (common/v1/common.proto, resource/v1/resource.proto,
// trace/v1/trace.proto, collector/trace/v1/trace_service.proto) and googleapis
// google/rpc/status.proto; field numbers and types as there.
import protobuf from "protobufjs";

const SCHEMA = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0;
    SPAN_KIND_INTERNAL = 1;
    SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3;
    SPAN_KIND_PRODUCER = 4;
    SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status {
  string message = 2;
  enum StatusCode {
    STATUS_CODE_UNSET = 0;
    STATUS_CODE_OK = 1;
    STATUS_CODE_ERROR = 2;
  }
  StatusCode code = 3;
}
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
message Any { string type_url = 1; bytes value = 2; }
message RpcStatus {
  int32 code = 1;
  string message = 2;
  repeated Any details = 3;
}
`;

const root = protobuf.parse(SCHEMA).root;

export const ExportTraceServiceRequest = root.lookupType("otlp.ExportTraceServiceRequest");
export const ExportTraceServiceResponse = root.lookupType("otlp.ExportTraceServiceResponse");
export const RpcStatus = root.lookupType("otlp.RpcStatus");

const HEX_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/;

/**
 * protobufjs reads a string in a bytes field as base64; OTLP/JSON ids are hex. Turn hex ids
 * into bytes (base64 ids, as in jsonpb, are left for protobufjs).
 */
function hexIdsToBytes(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => hexIdsToBytes(v));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hexIdsToBytes(v, k)]));
  }
  const isId = key === "traceId" || key === "spanId" || key === "parentSpanId";
  if (isId && typeof value === "string" && HEX_ID.test(value)) return Buffer.from(value, "hex");
  return value;
}

/** An OTLP/JSON (or jsonpb) request object as protobuf bytes, encoded by protobufjs. */
export function jsonRequestToProtobuf(json: unknown): Uint8Array {
  const message = ExportTraceServiceRequest.fromObject(hexIdsToBytes(json) as Record<string, unknown>);
  return ExportTraceServiceRequest.encode(message).finish();
}
