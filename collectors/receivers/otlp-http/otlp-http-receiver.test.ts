import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportTraceServiceResponse, jsonRequestToProtobuf, RpcStatus } from "@/lib/otlp/testing/otlp-proto-schema";
import { ACCEPTED, refusal, type ConsumeResult, type Consumer, type SpanIntake } from "../../pipeline/consumer";
import { postTraces, traceRequest } from "../../testing/otlp-traffic";
import { OtlpHttpReceiver } from "./otlp-http-receiver";

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
const receiver = new OtlpHttpReceiver({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024 }, capture, {
  accepted: () => undefined,
  refused: () => undefined,
  failed: (s) => failures.push(s),
});
let url = "";

beforeAll(async () => {
  const a = await receiver.start();
  url = `http://127.0.0.1:${a.port}`;
});
afterAll(() => receiver.stop());

const now = Date.now() - 1000;

describe("OTLP/HTTP receiver", () => {
  it("accepts JSON and gzip protobuf, answering an empty success in the request's encoding", async () => {
    const json = await postTraces(url, traceRequest(0, 2, now));
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({});
    const gz = zlib.gzipSync(jsonRequestToProtobuf(traceRequest(2, 4, now)));
    const pb = await postTraces(url, gz, { "content-type": "application/x-protobuf", "content-encoding": "gzip" });
    expect(pb.status).toBe(200);
    expect(pb.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await pb.arrayBuffer()).byteLength).toBe(0);
    expect(capture.batches.map((b) => [b.encoding, b.spans.length])).toEqual([
      ["json", 8],
      ["protobuf", 8],
    ]);
    // The journal gets the decompressed body: a replay decodes exactly what was acknowledged.
    expect(Buffer.from(capture.batches[1].body)).toEqual(Buffer.from(jsonRequestToProtobuf(traceRequest(2, 4, now))));
  });

  it("answers partial_success for invalid spans and keeps the valid ones", async () => {
    const body = traceRequest(0, 1, now) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    body.resourceSpans[0].scopeSpans[0].spans[0].traceId = "00000000000000000000000000000000";
    const before = capture.batches.length;
    const res = await postTraces(url, jsonRequestToProtobuf(body), { "content-type": "application/x-protobuf" });
    expect(res.status).toBe(200);
    const decoded = ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer())), { longs: Number }) as {
      partialSuccess: { rejectedSpans: number; errorMessage: string };
    };
    expect(decoded.partialSuccess.rejectedSpans).toBe(1);
    expect(decoded.partialSuccess.errorMessage).toMatch(/invalid trace id/);
    expect(capture.batches[before].spans).toHaveLength(3);
  });

  it("answers 400 with a google.rpc.Status for a body that cannot be decoded, and keeps serving", async () => {
    const bad = await postTraces(url, Buffer.from([0x0a, 0xff, 0xff, 0xff]), { "content-type": "application/x-protobuf" });
    expect(bad.status).toBe(400);
    const status = RpcStatus.toObject(RpcStatus.decode(new Uint8Array(await bad.arrayBuffer()))) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/invalid OTLP protobuf/);
    const badJson = await postTraces(url, "{not json");
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).message).toMatch(/invalid OTLP json/);
    expect((await postTraces(url, traceRequest(0, 1, now))).status).toBe(200);
  });

  it("answers 413 for a body over the limit, also when it is only that large after decompression", async () => {
    const big = await postTraces(url, "x".repeat(70 * 1024));
    expect(big.status).toBe(413);
    const bomb = zlib.gzipSync(Buffer.alloc(1024 * 1024, 0x20)); // 1 KiB of gzip, 1 MiB of spaces
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await postTraces(url, bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/after decompression/);
    expect((await postTraces(url, traceRequest(0, 1, now))).status).toBe(200);
  });

  it("answers 415 for unknown content types and encodings, 404 and 405 for wrong paths and methods", async () => {
    expect((await postTraces(url, "a,b", { "content-type": "text/csv" })).status).toBe(415);
    expect((await postTraces(url, traceRequest(0, 1, now), { "content-encoding": "br" })).status).toBe(415);
    expect((await fetch(`${url}/v1/metrics`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(404);
    expect((await fetch(`${url}/v1/traces`)).status).toBe(405);
    expect(failures).toEqual(expect.arrayContaining([413, 415, 404, 405, 400]));
  });

  it("refuses with 429/503 and Retry-After while the pipeline is full, before reading the body", async () => {
    const before = capture.batches.length;
    capture.verdict = refusal("queue_full", 429, 5000, "collector queue is full");
    const res = await postTraces(url, traceRequest(0, 1, now));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");
    capture.verdict = refusal("memory_soft_limit", 503, 1000, "over the soft memory limit");
    const soft = await postTraces(url, traceRequest(0, 1, now));
    expect(soft.status).toBe(503);
    expect(soft.headers.get("retry-after")).toBe("1");
    expect(capture.batches.length).toBe(before);
    capture.verdict = ACCEPTED;
    expect((await postTraces(url, traceRequest(0, 1, now))).status).toBe(200);
  });
});
