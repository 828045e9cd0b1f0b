import { describe, expect, it } from "vitest";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { DecodeError } from "./decode-error";
import { buildErrorResponse, buildExportResponse, decodeErrorResponse, rejectionMessage, RpcCode } from "./response";
import { ExportTraceServiceResponse, RpcStatus } from "./testing/otlp-proto-schema";

const text = (body: Uint8Array) => new TextDecoder().decode(body);
const partial = { rejected: 3, rejectionReasons: ["invalid span id (must be 8 bytes, not all zero): 2 spans", "end time before start time: 1 span"] };

describe("export responses", () => {
  it("full success: an empty message in both encodings", () => {
    const protobuf = buildExportResponse({ rejected: 0, rejectionReasons: [] }, "protobuf");
    expect(protobuf).toEqual({ status: 200, contentType: "application/x-protobuf", body: new Uint8Array(0) });
    const json = buildExportResponse({ rejected: 0, rejectionReasons: [] }, "json");
    expect(json.contentType).toBe("application/json");
    expect(JSON.parse(text(json.body))).toEqual({});
  });

  it("partial success in protobuf, read back by protobufjs and by the OpenTelemetry SDK", () => {
    const { status, body } = buildExportResponse(partial, "protobuf");
    expect(status).toBe(200);
    const message = "3 spans rejected: invalid span id (must be 8 bytes, not all zero): 2 spans; end time before start time: 1 span";
    const decoded = ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(body), { longs: String });
    expect(decoded).toEqual({ partialSuccess: { rejectedSpans: "3", errorMessage: message } });
    const sdk = ProtobufTraceSerializer.deserializeResponse(body);
    expect(Number(sdk.partialSuccess?.rejectedSpans)).toBe(3);
    expect(sdk.partialSuccess?.errorMessage).toBe(message);
  });

  it("partial success in JSON writes the int64 count as a string", () => {
    const { body } = buildExportResponse(partial, "json");
    expect(JSON.parse(text(body))).toEqual({ partialSuccess: { rejectedSpans: "3", errorMessage: rejectionMessage(partial) } });
  });

  it("encodes large counts as full varints", () => {
    const { body } = buildExportResponse({ rejected: 2 ** 40 + 1, rejectionReasons: [] }, "protobuf");
    const decoded = ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(body), { longs: String });
    expect(decoded.partialSuccess.rejectedSpans).toBe(String(2 ** 40 + 1));
  });

  it("keeps the message short", () => {
    const many = { rejected: 9, rejectionReasons: Array(5).fill("x".repeat(500)) };
    expect(rejectionMessage(many).length).toBeLessThanOrEqual(1024);
  });
});

describe("failure responses (google.rpc.Status)", () => {
  it("a DecodeError is a 400 INVALID_ARGUMENT in the request's encoding", () => {
    const error = new DecodeError("truncated", "message ends in the middle of a field", 17);
    const protobuf = decodeErrorResponse(error, "protobuf");
    expect(protobuf.status).toBe(400);
    expect(protobuf.contentType).toBe("application/x-protobuf");
    expect(RpcStatus.toObject(RpcStatus.decode(protobuf.body))).toEqual({
      code: RpcCode.INVALID_ARGUMENT,
      message: "invalid OTLP protobuf trace request: message ends in the middle of a field (at byte 17)",
    });
    const json = decodeErrorResponse(new DecodeError("invalid_json", "body is not JSON"), "json");
    expect(json.contentType).toBe("application/json");
    expect(JSON.parse(text(json.body))).toEqual({ code: 3, message: "invalid OTLP json trace request: body is not JSON" });
  });

  it("maps retryable and size failures to matching gRPC codes", () => {
    const code = (status: number) => RpcStatus.toObject(RpcStatus.decode(buildErrorResponse(status, "m", "protobuf").body)).code;
    expect(code(413)).toBe(RpcCode.RESOURCE_EXHAUSTED);
    expect(code(429)).toBe(RpcCode.RESOURCE_EXHAUSTED);
    expect(code(503)).toBe(RpcCode.UNAVAILABLE);
    expect(code(500)).toBe(RpcCode.INTERNAL);
    expect(code(415)).toBe(RpcCode.INVALID_ARGUMENT);
    expect(buildErrorResponse(503, "busy", "json").status).toBe(503);
  });
});
