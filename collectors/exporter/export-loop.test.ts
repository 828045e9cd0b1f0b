import { afterEach, describe, expect, it } from "vitest";
import type { IngestBatch } from "@/lib/contracts/ingest-batch";
import { ExportQueue, type QueuedBatchMeta } from "../queue/export-queue";
import { tempDir } from "../testing/agent-config";
import { startSink, type SinkScript } from "../testing/sink-server";
import { waitFor } from "../testing/wait-for";
import { backoffDelay, retryDelay } from "./backoff";
import { buildRawBatches, derivedBatchId } from "./batch-builder";
import { encodeBatch } from "./batch-encoding";
import { classifyResponse, parseRetryAfter } from "./classify-response";
import { ExportLoop, type ExportEvents } from "./export-loop";
import { IngestClient } from "./ingest-client";
import { ReplayPacer } from "./replay-pacer";
import { emptySpan } from "@/lib/pairing/testing/make-span";

describe("classifying answers of the ingest API", () => {
  it.each([
    [200, null, "delivered"],
    [400, null, "permanent"],
    [422, null, "permanent"],
    [401, null, "misconfigured"],
    [404, null, "misconfigured"],
    [413, null, "too_large"],
    [408, null, "retryable"],
    [429, "3", "retryable"],
    [500, null, "retryable"],
    [503, null, "retryable"],
  ])("HTTP %i → %s", (status, retryAfter, kind) => {
    expect(classifyResponse(status, "{}", retryAfter as string | null).kind).toBe(kind);
  });

  it("reads Retry-After as seconds or as an HTTP date, and knows a duplicate", () => {
    expect(classifyResponse(429, "{}", "7")).toMatchObject({ retryAfterMs: 7000 });
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(classifyResponse(200, JSON.stringify({ duplicate: true }), null)).toEqual({ kind: "delivered", duplicate: true });
  });

  it("backs off exponentially with jitter, capped, and honours Retry-After over the backoff", () => {
    const policy = { initialIntervalMs: 100, maxIntervalMs: 1000, maxElapsedMs: 0 };
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, () => 0.999)).toBe(150);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(800);
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(1000);
    expect(retryDelay(policy, 0, 2000, () => 0)).toBe(2000);
    expect(retryDelay(policy, 0, 2000, () => 0.999)).toBeLessThanOrEqual(2500);
  });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(script: SinkScript, batches: IngestBatch[], maxElapsedMs = 0) {
  const server = await startSink({ keep: true, script });
  const queue = ExportQueue.open(tempDir(), { maxBytes: 1 << 24 });
  const items = await Promise.all(
    batches.map(async (b) => ({
      meta: { epoch: 1, kind: "raw", batchId: b.batchId, spans: b.spans.length, flows: 0, rows: 0, encoding: "gzip" } as QueuedBatchMeta,
      payload: await encodeBatch(b, "gzip"),
    })),
  );
  queue.append("raw", items);
  queue.commit(1);
  const log = { exported: [] as string[], dropped: [] as string[], retried: [] as string[], misconfigured: 0 };
  const events: ExportEvents = {
    exported: (m) => log.exported.push(m.batchId),
    dropped: (m, reason) => log.dropped.push(reason),
    retried: (o) => log.retried.push(o.kind),
    misconfigured: () => log.misconfigured++,
  };
  const client = new IngestClient({ serverUrl: server.url, token: () => "strata_test", timeoutMs: 2000, userAgent: "test" });
  const loop = new ExportLoop(queue, "raw", client, { initialIntervalMs: 20, maxIntervalMs: 100, maxElapsedMs }, new ReplayPacer(1000, ["raw"]), events);
  loop.start();
  cleanups.push(async () => {
    loop.stop();
    await server.close();
  });
  return { server, queue, log };
}

const spansBatch = (n: number) => buildRawBatches(Array.from({ length: n }, () => emptySpan()), [], { name: "t", version: "0" }, Date.now(), 1000, 1000)[0];

describe("the export loop", () => {
  it("drops a batch the server refuses for good (400) and goes on; retries 503 and network errors", async () => {
    const [a, b, c] = [spansBatch(1), spansBatch(1), spansBatch(1)];
    const { server, log, queue } = await setup((batch, call) => {
      if (batch.batchId === a.batchId) return { status: 400 };
      if (call === 2) return { status: 503 };
      if (call === 3) return "reset";
      return { status: 200 };
    }, [a, b, c]);
    await waitFor(() => log.exported.length, (n) => n === 2, 5000, "two deliveries");
    expect(log.exported).toEqual([b.batchId, c.batchId]);
    expect(log.dropped).toEqual(["rejected_by_server_400"]);
    expect(log.retried).toEqual(["retryable", "retryable"]);
    expect(server.received.filter((x) => x.batchId === a.batchId)).toHaveLength(1); // never retried
    await waitFor(() => queue.bytes, (n) => n === 0, 2000, "acks");
  });

  it("splits a batch the server finds too large (413) into halves with derived ids", async () => {
    const big = spansBatch(10);
    const { server, log } = await setup((batch) => (batch.spans.length > 4 ? { status: 413 } : { status: 200 }), [big]);
    await waitFor(() => log.exported.length, (n) => n === 4, 5000, "the quarters");
    const delivered = server.received.filter((b) => b.spans.length <= 4);
    expect(delivered.map((b) => b.spans.length).sort()).toEqual([2, 3, 2, 3].sort());
    expect(delivered.reduce((n, b) => n + b.spans.length, 0)).toBe(10);
    expect(delivered[0].batchId).toBe(derivedBatchId(derivedBatchId(big.batchId, "a"), "a"));
  });

  it("retries a misconfigured agent (401) loudly, and gives up on a batch after the max elapsed time", async () => {
    const { log } = await setup(() => ({ status: 401 }), [spansBatch(1)]);
    await waitFor(() => log.misconfigured, (n) => n >= 1, 3000, "a loud 401");
    expect(log.dropped).toEqual([]);

    const expiring = await setup(() => ({ status: 503 }), [spansBatch(1)], 150);
    await waitFor(() => expiring.log.dropped, (d) => d.length === 1, 3000, "expiry");
    expect(expiring.log.dropped).toEqual(["retry_expired"]);
  });
});
