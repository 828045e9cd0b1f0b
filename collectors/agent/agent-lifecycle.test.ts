// The agent's lifecycle and operations, against a sink that stands in for the server: health,
// readiness and metrics; idempotent shutdown; fail-fast start; stdin intake; backpressure from
// the memory limiter and from a full queue.
import net from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirLockedError } from "../queue/data-dir-lock";
import { testConfig } from "../testing/agent-config";
import { postTraces, traceRequest } from "../testing/otlp-traffic";
import { startSink, type Sink } from "../testing/sink-server";
import { waitFor } from "../testing/wait-for";
import { Agent } from "./agent";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ keep: true });
});
afterAll(() => sink?.close());

const quiet = { log: () => undefined };
const now = Date.now() - 5000;
const url = (agent: Agent, port = agent.otlpAddress!.port) => `http://127.0.0.1:${port}`;

describe("agent lifecycle and operations", () => {
  it("serves /healthz, /readyz and /metrics, and shuts down once however often it is asked", async () => {
    const agent = new Agent(testConfig(sink.url, "strata_t"), quiet);
    await agent.start();
    const ops = `http://127.0.0.1:${agent.opsAddress!.port}`;
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    expect((await postTraces(url(agent), traceRequest(0, 5, now))).status).toBe(200);
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toContain("strata_collector_received_spans_total 20");
    for (const name of ["refused_requests_total", "queue_bytes", "dropped_total", "exported_batches_total", "export_retries_total", "tail_lag_bytes"]) {
      expect(metrics).toContain(`# TYPE strata_collector_${name}`);
    }
    const port = agent.otlpAddress!.port;
    const first = agent.shutdown();
    const second = agent.shutdown();
    expect(second).toBe(first);
    await Promise.all([first, second, agent.shutdown()]);
    await expect(fetch(`${url(agent, port)}/v1/traces`, { method: "POST" })).rejects.toThrow();
    // The final cut shipped everything, the root spans' edges included.
    expect(sink.received.flatMap((b) => b.spans).filter((s) => s.service === "frontend")).toHaveLength(10);
  });

  it("fails fast on a data directory in use and on a taken port, releasing what it had started", async () => {
    const config = testConfig(sink.url, "strata_t");
    const first = new Agent(config, quiet);
    await first.start();
    await expect(new Agent(config, quiet).start()).rejects.toBeInstanceOf(DataDirLockedError);
    const port = first.otlpAddress!.port;
    await first.shutdown();

    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", r));
    const clash = new Agent({ ...config, otlp: { ...config.otlp, http: { ...config.otlp.http, listen: `127.0.0.1:${port}` } } }, quiet);
    await expect(clash.start()).rejects.toThrow(/EADDRINUSE/);
    blocker.close();
    // The failed start unwound: the lock is free again.
    const again = new Agent(config, quiet);
    await again.start();
    await again.shutdown();
  });

  it("reads flow-log lines from stdin through the journal into flows and network edges", async () => {
    const stdin = new PassThrough();
    const start = Math.floor(Date.now() / 1000) - 120;
    const agent = new Agent(testConfig(sink.url, "strata_t", { cluster: "stdin-test", sources: [{ stdin: true, format: "auto" }], cidrNames: [{ cidr: "10.9.0.0/16", name: "batch-jobs" }] }), {
      ...quiet,
      stdin,
    });
    await agent.start();
    const before = sink.totals.flows;
    for (let i = 0; i < 30; i++) stdin.write(`2 123456789010 eni-1 10.9.0.${i % 3} 10.0.2.9 ${40000 + i} 443 6 10 840 ${start} ${start + 60} ACCEPT OK\n`);
    stdin.write("garbage line\n");
    stdin.end();
    await agent.stdinDone();
    await agent.shutdown();
    expect(sink.totals.flows - before).toBe(30);
    const edges = sink.received.flatMap((b) => b.networkEdgeMinutes).filter((e) => e.srcWorkload === "batch-jobs");
    expect(edges.reduce((n, e) => n + e.flows, 0)).toBe(30);
    expect(agent.metrics.rejected.total()).toBe(1);
  });

  it("answers 503 and is not ready above the memory limit", async () => {
    const agent = new Agent(testConfig(sink.url, "strata_t", { memory: { softLimitMiB: 1, hardLimitMiB: 2 } }), quiet);
    await agent.start();
    const res = await postTraces(url(agent), traceRequest(0, 1, now));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await fetch(`http://127.0.0.1:${agent.opsAddress!.port}/readyz`)).status).toBe(503);
    expect(agent.metrics.refused.get({ reason: "memory_hard_limit", transport: "http" })).toBe(1);
    await agent.shutdown();
  });

  it("applies backpressure (429) when the queue is full while the server refuses, dropping raw data before aggregates", async () => {
    sink.script = () => ({ status: 503 });
    const agent = new Agent(testConfig(sink.url, "strata_t", { queue: { maxBytes: 8192 }, server: { url: sink.url, token: "t", compression: "none" } }), quiet);
    await agent.start();
    try {
      for (let i = 0; i < 4; i++) await postTraces(url(agent), traceRequest(i * 50, i * 50 + 50, now));
      await agent.cutNow();
      const refused = await waitFor(() => postTraces(url(agent), traceRequest(0, 1, now)).then((r) => r.status), (s) => s === 429, 5000, "a 429");
      expect(refused).toBe(429);
      expect(agent.queueBytes).toBeLessThanOrEqual(8192);
      expect(agent.metrics.dropped.get({ signal: "spans", reason: "queue_full" })).toBeGreaterThan(0);
      expect(agent.metrics.dropped.get({ signal: "aggregate_rows", reason: "queue_full_aggregates" })).toBe(0);
    } finally {
      sink.script = () => ({ status: 200 });
      await agent.shutdown(Date.now() + 3000);
    }
  });

  it("on shutdown with the server down, stops within its deadline and keeps what it could not send for the next start", async () => {
    sink.script = () => ({ status: 503 });
    const config = testConfig(sink.url, "strata_t", { shutdown: { deadline: 1000 } });
    const agent = new Agent(config, quiet);
    await agent.start();
    try {
      expect((await postTraces(url(agent), traceRequest(0, 5, now))).status).toBe(200);
      const askedAt = Date.now();
      await agent.shutdown(); // the final cut, then senders retrying until the deadline
      expect(Date.now() - askedAt).toBeLessThan(1000 + 2000);
      expect(agent.metrics.exported.total()).toBe(0);
    } finally {
      sink.script = () => ({ status: 200 });
    }
    // Same data directory, server back: what was persisted is sent, the final cut's edges included.
    const before = sink.received.length; // the sink keeps what it refused too
    const again = new Agent(config, quiet);
    await again.start();
    try {
      const delivered = await waitFor(
        () => sink.received.slice(before),
        (batches) => batches.flatMap((b) => b.spans).length === 20 && batches.some((b) => b.edgeMinutes.length > 0),
        15_000,
        "the persisted batches delivered after the restart",
      );
      expect(delivered.flatMap((b) => b.edgeMinutes).filter((e) => e.client === "frontend" && e.server === "checkout").reduce((n, e) => n + e.calls, 0)).toBe(5);
    } finally {
      await again.shutdown();
    }
  });
});
