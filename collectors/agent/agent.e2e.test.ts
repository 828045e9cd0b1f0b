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

  it("loses nothing while the server is down, and delivers everything once it is back", async () => {
    const cluster = await server.createCluster("e2e-outage");
    const { agent, url } = await startAgent(cluster.token);
    try {
      server.fault = { kind: "down" };
      const downAt = Date.now();
      const now = Date.now() - 5000;
      for (let i = 0; i < 5; i++) expect((await postTraces(url, traceRequest(i * 10, i * 10 + 10, now))).status).toBe(200);
      await agent.cutNow();
      await waitFor(() => server.calls.refused, (n) => n >= 3, 10_000, "the agent to retry against the down server");
      expect((await rollupTotals(server.db, cluster.id)).spans).toBe(0);
      expect(agent.queueBytes).toBeGreaterThan(0);
      // Down for 3 s, long enough for the backoff to reach its ceiling (400 ms here) and stay there.
      await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - downAt))));
      expect((await rollupTotals(server.db, cluster.id)).spans).toBe(0);

      server.fault = { kind: "none" };
      // Raw rows and aggregates travel in separate queues: wait for both to have arrived.
      const totals = await waitFor(
        () => rollupTotals(server.db, cluster.id),
        (t) => t.spans === spanCount(0, 50) && t.edges["frontend -> checkout (http)"]?.calls === 50,
        15_000,
        "all spans and aggregates after recovery",
      );
      expect(totals.edges["frontend -> checkout (http)"]).toEqual({ calls: 50, errors: 5 });
      expect(agent.metrics.retries.total()).toBeGreaterThan(0);
    } finally {
      server.fault = { kind: "none" };
      await agent.shutdown();
    }
  });

  it("backs off on 429 with Retry-After and catches up, without duplicates", async () => {
    const cluster = await server.createCluster("e2e-throttle");
    const { agent, url } = await startAgent(cluster.token);
    try {
      server.fault = { kind: "throttle", count: 3, retryAfterSeconds: 1 };
      const refusedBefore = server.calls.refused;
      const now = Date.now() - 5000;
      const started = Date.now();
      for (let i = 0; i < 3; i++) expect((await postTraces(url, traceRequest(i * 10, i * 10 + 10, now))).status).toBe(200);
      const totals = await waitFor(() => rollupTotals(server.db, cluster.id), (t) => t.spans === spanCount(0, 30) && t.edges["frontend -> checkout (http)"]?.calls === 30, 20_000, "catch-up");
      expect(server.calls.refused - refusedBefore).toBe(3);
      // Three refusals with "Retry-After: 1" cannot be caught up in under a second.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(totals.edges["frontend -> checkout (http)"]).toEqual({ calls: 30, errors: 3 });
      expect(agent.metrics.retries.get({ reason: "429" })).toBe(3);
    } finally {
      server.fault = { kind: "none" };
      await agent.shutdown();
    }
  });
});
