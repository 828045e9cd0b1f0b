// The OTLP/gRPC receiver through a real grpc-js client: answers, compression, limits, refusals.
// (agent/agent-grpc.e2e.test.ts drives it with the OpenTelemetry SDK's own gRPC exporter.)
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportTraceServiceResponse, jsonRequestToProtobuf, RpcStatus } from "@/lib/otlp/testing/otlp-proto-schema";
import { ACCEPTED, refusal, type ConsumeResult, type Consumer, type SpanIntake } from "../../pipeline/consumer";
import { traceRequest } from "../../testing/otlp-traffic";
import { RETRY_INFO_TYPE_URL } from "./grpc-status-details";
import { OtlpGrpcReceiver, TRACE_EXPORT_PATH } from "./otlp-grpc-receiver";

class Capture implements Consumer<SpanIntake> {
  batches: SpanIntake[] = [];
  verdict: ConsumeResult = ACCEPTED;
  admit(): ConsumeResult {
    return this.verdict;
  }
  consume(batch: SpanIntake): Promise<ConsumeResult> {
    this.batches.push(batch);
    return Promise.resolve(ACCEPTED);
  }
}

const capture = new Capture();
const failures: (number | string)[] = [];
const refusals: string[] = [];
const receiver = new OtlpGrpcReceiver({ host: "127.0.0.1", port: 0, maxMessageBytes: 64 * 1024 }, capture, {
  accepted: () => undefined,
  refused: (r) => refusals.push(r),
  failed: (s) => failures.push(s),
});
let plain: grpc.Client;
let gzip: grpc.Client;

beforeAll(async () => {
  const { port } = await receiver.start();
  plain = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  gzip = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.default_compression_algorithm": grpc.compressionAlgorithms.gzip });
});
afterAll(async () => {
  plain?.close();
  gzip?.close();
  await receiver.stop();
});

const now = Date.now() - 1000;

function exportCall(client: grpc.Client, body: Uint8Array): Promise<{ ok: true; response: Buffer } | { ok: false; error: grpc.ServiceError }> {
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      TRACE_EXPORT_PATH,
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      body,
      new grpc.Metadata(),
      { deadline: Date.now() + 5000 },
      (error, response) => resolve(error ? { ok: false, error } : { ok: true, response: response! }),
    ),
  );
}

async function expectError(client: grpc.Client, body: Uint8Array): Promise<grpc.ServiceError> {
  const result = await exportCall(client, body);
  if (result.ok) throw new Error("expected the call to fail");
  return result.error;
}

describe("OTLP/gRPC receiver", () => {
  it("accepts plain and gzip-compressed requests, answering an empty ExportTraceServiceResponse", async () => {
    const body = jsonRequestToProtobuf(traceRequest(0, 2, now));
    const first = await exportCall(plain, body);
    expect(first).toMatchObject({ ok: true });
    if (first.ok) expect(first.response.length).toBe(0);
    expect((await exportCall(gzip, jsonRequestToProtobuf(traceRequest(2, 4, now)))).ok).toBe(true);
    expect(capture.batches.map((b) => [b.encoding, b.spans.length])).toEqual([
      ["protobuf", 8],
      ["protobuf", 8],
    ]);
    // The journal gets the decompressed message: a replay decodes exactly what was acknowledged.
    expect(Buffer.from(capture.batches[1].body)).toEqual(Buffer.from(jsonRequestToProtobuf(traceRequest(2, 4, now))));
  });

  it("answers partial_success for invalid spans and keeps the valid ones", async () => {
    const body = traceRequest(0, 1, now) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    body.resourceSpans[0].scopeSpans[0].spans[0].traceId = "00000000000000000000000000000000";
    const before = capture.batches.length;
    const result = await exportCall(plain, jsonRequestToProtobuf(body));
    if (!result.ok) throw result.error;
    const decoded = ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(result.response), { longs: Number }) as {
      partialSuccess: { rejectedSpans: number; errorMessage: string };
    };
    expect(decoded.partialSuccess.rejectedSpans).toBe(1);
    expect(decoded.partialSuccess.errorMessage).toMatch(/invalid trace id/);
    expect(capture.batches[before].spans).toHaveLength(3);
  });

  it("answers INVALID_ARGUMENT with a message for a message that cannot be decoded, and keeps serving", async () => {
    const before = capture.batches.length;
    const error = await expectError(plain, Buffer.from([0x0a, 0xff, 0xff, 0xff]));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/invalid OTLP protobuf trace request/);
    expect(failures).toContain("INVALID_ARGUMENT");
    expect(capture.batches.length).toBe(before);
    expect((await exportCall(plain, jsonRequestToProtobuf(traceRequest(0, 1, now)))).ok).toBe(true);
  });

  it("answers RESOURCE_EXHAUSTED without RetryInfo for a message over the limit, also when only its decompressed size is", async () => {
    const before = capture.batches.length;
    const big = jsonRequestToProtobuf(traceRequest(0, 200, now));
    expect(big.length).toBeGreaterThan(64 * 1024);
    const error = await expectError(plain, big);
    expect(error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(error.metadata.get("grpc-status-details-bin")).toEqual([]);
    // Compressed, the same message is small on the wire; it is refused as it inflates.
    expect((await expectError(gzip, big)).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(capture.batches.length).toBe(before);
    expect((await exportCall(gzip, jsonRequestToProtobuf(traceRequest(0, 1, now)))).ok).toBe(true);
  });

  it("refuses with RESOURCE_EXHAUSTED or UNAVAILABLE carrying RetryInfo while the pipeline is full", async () => {
    const before = capture.batches.length;
    const body = jsonRequestToProtobuf(traceRequest(0, 1, now));
    capture.verdict = refusal("queue_full", 429, 5000, "collector queue is full");
    const full = await expectError(plain, body);
    expect(full.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(retryDelayMs(full)).toBe(5000);
    capture.verdict = refusal("memory_soft_limit", 503, 1500, "over the soft memory limit");
    const soft = await expectError(plain, body);
    expect(soft.code).toBe(grpc.status.UNAVAILABLE);
    expect(soft.details).toBe("over the soft memory limit");
    expect(retryDelayMs(soft)).toBe(1500);
    expect(refusals).toEqual(["queue_full", "memory_soft_limit"]);
    expect(capture.batches.length).toBe(before);
    capture.verdict = ACCEPTED;
    expect((await exportCall(plain, body)).ok).toBe(true);
  });
});

/** The retry_delay of the RetryInfo in the google.rpc.Status trailer, decoded by protobufjs. */
function retryDelayMs(error: grpc.ServiceError): number {
  const [details] = error.metadata.get("grpc-status-details-bin") as Buffer[];
  const status = RpcStatus.toObject(RpcStatus.decode(details)) as { code: number; message: string; details: { typeUrl: string; value: Uint8Array }[] };
  expect(status.code).toBe(error.code);
  expect(status.message).toBe(error.details);
  expect(status.details.map((d) => d.typeUrl)).toEqual([RETRY_INFO_TYPE_URL]);
  // RetryInfo { Duration retry_delay = 1 } and Duration { seconds = 1, nanos = 2 }: read by hand.
  const retryInfo = readFields(Buffer.from(status.details[0].value));
  const duration = readFields(retryInfo.get(1) as Buffer);
  return Number(duration.get(1) ?? 0) * 1000 + Number(duration.get(2) ?? 0) / 1e6;
}

function readFields(buf: Buffer): Map<number, number | Buffer> {
  const out = new Map<number, number | Buffer>();
  let i = 0;
  const varint = () => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = buf[i++];
      v += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return v;
    }
  };
  while (i < buf.length) {
    const key = varint();
    if ((key & 7) === 0) out.set(key >> 3, varint());
    else {
      const len = varint();
      out.set(key >> 3, buf.subarray(i, i + len));
      i += len;
    }
  }
  return out;
}
