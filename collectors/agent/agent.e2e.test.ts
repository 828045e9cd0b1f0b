// End to end, in process: OTLP over HTTP into the agent → the agent's disk queue → the REAL
// ingest route handler → a real PGlite database; then what the server's rollups say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonRequestToProtobuf } from "@/lib/otlp/testing/otlp-proto-schema";
import { testConfig } from "../testing/agent-config";
import { postTraces, spanCount, traceRequest } from "../testing/otlp-traffic";
import { rollupTotals, startTestServer, type TestServer } from "../testing/strata-test-server";
import { waitFor } from "../testing/wait-for";
import { Agent } from "./agent";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer("pglite");
});
afterAll(async () => server?.close());

async function startAgent(token: string, overrides: Record<string, unknown> = {}) {
  const agent = new Agent(testConfig(server.url, token, overrides), { log: () => undefined });
  await agent.start();
  const url = `http://127.0.0.1:${agent.otlpAddress!.port}`;
  return { agent, url };
}

describe("agent → real ingest handler on PGlite", () => {
  it("turns OTLP spans (JSON and protobuf, paired across requests) into the expected edges and node counts", async () => {
    const cluster = await server.createCluster("e2e-basic");
    const { agent, url } = await startAgent(cluster.token);
    try {
      const now = Date.now() - 5000;
      // Client halves in one request, server halves in the next: pairing spans requests.
      expect((await postTraces(url, traceRequest(0, 20, now, "clients"))).status).toBe(200);
      const protobuf = jsonRequestToProtobuf(traceRequest(0, 20, now, "servers"));
      expect((await postTraces(url, protobuf, { "content-type": "application/x-protobuf" })).status).toBe(200);

      // Raw rows and aggregates travel in separate queues: wait for both (under load either may be first).
      const totals = await waitFor(
        () => rollupTotals(server.db, cluster.id),
        (t) => t.spans === spanCount(0, 20) && t.edges["user -> frontend (virtual)"]?.calls === 20,
        15_000,
        "80 spans and the aggregates stored",
      );
      expect(totals.edges["frontend -> checkout (http)"]).toEqual({ calls: 20, errors: 2 });
      expect(totals.edges["checkout -> orders-db (database)"]).toEqual({ calls: 20, errors: 0 });
      expect(totals.edges["user -> frontend (virtual)"]).toEqual({ calls: 20, errors: 2 });
      expect(totals.nodes["checkout / POST /checkout / 2"]).toEqual({ calls: 20, errors: 2 });
      expect(agent.metrics.receivedSpans.total()).toBe(80);
    } finally {
      await agent.shutdown();
    }
  });

  // The case: the server down for a whole minute while spans keep coming, then back.
  // Retry settings as a fleet would have them (capped backoff, a maximum elapsed time well above
  // the outage); the queue bound well above what a minute of this traffic needs, so nothing is
  // refused or dropped, only delayed. Takes about 70 s: the only slow test of the file.
  it("loses nothing while the server is down for 60 s, and delivers everything once it is back", async () => {
    const OUTAGE_MS = 60_000;
    const REQUESTS = 12; // one every 5 s through the outage
    const cluster = await server.createCluster("e2e-outage");
    const retry = { initialInterval: 200, maxInterval: 4000, maxElapsed: 300_000 };
    const maxQueueBytes = 16 * 1024 * 1024;
    const { agent, url } = await startAgent(cluster.token, { retry, queue: { maxBytes: maxQueueBytes } });
    const firstRequest = server.requests.length;
    try {
      server.fault = { kind: "down" };
      const downAt = Date.now();
      let peakQueueBytes = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const res = await postTraces(url, traceRequest(i * 10, i * 10 + 10, Date.now() - 5000));
        expect(res.status).toBe(200); // the agent keeps taking spans: they wait on its disk
        await new Promise((r) => setTimeout(r, downAt + ((i + 1) * OUTAGE_MS) / REQUESTS - Date.now()));
        peakQueueBytes = Math.max(peakQueueBytes, agent.queueBytes);
      }
      expect(Date.now() - downAt).toBeGreaterThanOrEqual(OUTAGE_MS);
      expect((await rollupTotals(server.db, cluster.id)).spans).toBe(0);
      expect(agent.queueBytes).toBeGreaterThan(0);
      expect(peakQueueBytes).toBeLessThan(maxQueueBytes / 2); // far from the bound: no 429s, no drops, no sampling

      // Through the outage the senders retried with backoff up to its ceiling, never faster
      // than the first interval, and never gave up on a batch.
      const refused = server.requests.slice(firstRequest).filter((r) => r.status === 503);
      const gaps = retryGaps(refused);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(retry.initialInterval * 0.5);
      expect(Math.max(...gaps)).toBeGreaterThanOrEqual(retry.maxInterval * 0.5);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(retry.maxInterval + 3000); // capped (slack: the shared machine)

      server.fault = { kind: "none" };
      const backAt = Date.now();
      const spans = spanCount(0, REQUESTS * 10);
      const totals = await waitFor(
        () => rollupTotals(server.db, cluster.id),
        (t) => t.spans === spans && t.edges["frontend -> checkout (http)"]?.calls === REQUESTS * 10,
        30_000,
        "all spans and aggregates after recovery",
      );
      expect(totals.edges["frontend -> checkout (http)"]).toEqual({ calls: REQUESTS * 10, errors: REQUESTS });
      expect(totals.edges["checkout -> orders-db (database)"]).toEqual({ calls: REQUESTS * 10, errors: 0 });
      expect(totals.nodes["checkout / POST /checkout / 2"]).toEqual({ calls: REQUESTS * 10, errors: REQUESTS });
      // caught up within about one backoff ceiling of the server's return (plus the paced backlog)
      await waitFor(() => agent.queueBytes, (b) => b === 0, 30_000, "the queue to empty");
      expect(Date.now() - backAt).toBeLessThan(30_000);
      expect(agent.metrics.dropped.total()).toBe(0);
      expect(agent.metrics.refused.total()).toBe(0);
      expect(agent.metrics.sampledOut.total()).toBe(0);
      expect(agent.metrics.retries.get({ reason: "503" })).toBe(refused.length);
    } finally {
      server.fault = { kind: "none" };
      await agent.shutdown();
    }
  }, 150_000);

  it("backs off on 429 for as long as Retry-After says, and catches up without duplicates", async () => {
    const cluster = await server.createCluster("e2e-throttle");
    const { agent, url } = await startAgent(cluster.token);
    const firstRequest = server.requests.length;
    try {
      server.fault = { kind: "throttle", count: 3, retryAfterSeconds: 1 };
      const now = Date.now() - 5000;
      for (let i = 0; i < 3; i++) expect((await postTraces(url, traceRequest(i * 10, i * 10 + 10, now))).status).toBe(200);
      const totals = await waitFor(() => rollupTotals(server.db, cluster.id), (t) => t.spans === spanCount(0, 30) && t.edges["frontend -> checkout (http)"]?.calls === 30, 20_000, "catch-up");
      const requests = server.requests.slice(firstRequest);
      const throttled = requests.filter((r) => r.status === 429);
      expect(throttled).toHaveLength(3);
      // Each throttled batch was sent again, and not before Retry-After (1 s) had passed.
      for (const t of throttled) {
        const next = requests.find((r) => r.digest === t.digest && r.atMs > t.atMs);
        expect(next, "a throttled batch is sent again").toBeDefined();
        expect(next!.atMs - t.atMs).toBeGreaterThanOrEqual(1000);
      }
      // …and each batch was stored once: the counts are exact and no batch was sent after it was taken.
      expect(totals.edges["frontend -> checkout (http)"]).toEqual({ calls: 30, errors: 3 });
      expect(totals.nodes["checkout / POST /checkout / 2"]).toEqual({ calls: 30, errors: 3 });
      const accepted = requests.filter((r) => r.status === 200).map((r) => r.digest);
      expect(new Set(accepted).size).toBe(accepted.length);
      expect(agent.metrics.duplicates.total()).toBe(0);
      expect(agent.metrics.retries.get({ reason: "429" })).toBe(3);
      expect(agent.metrics.dropped.total()).toBe(0);
    } finally {
      server.fault = { kind: "none" };
      await agent.shutdown();
    }
  });
});

/** Milliseconds between successive attempts of the same batch (same body). */
function retryGaps(requests: { atMs: number; digest: string }[]): number[] {
  const last = new Map<string, number>();
  const gaps: number[] = [];
  for (const r of requests) {
    const prev = last.get(r.digest);
    if (prev !== undefined) gaps.push(r.atMs - prev);
    last.set(r.digest, r.atMs);
  }
  return gaps;
}
