// Freshness (issue #2 §3): a span the server accepted is in the current minute's rollups as soon
// as the request is answered, because the rollup increments commit in the request's own
// transaction. That is stronger than "within a second" and, unlike a wall-clock bound, holds on a
// loaded machine: the reads below happen after the 200 with no wait and no retry. Node and operation rows never wait for pairing. An edge needs both of its spans:
// it is added by the request that brings the second one, or — when the partner never comes — by
// the pairing tick once the half-edge has waited STRATA_PAIRING_WAIT_MS (default 10 s): a virtual
// edge when the waiting span names its peer, else an "expired" count in data quality.
// On PostgreSQL and on PGlite, through the real route handler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import { serverPairing } from "@/lib/server/context";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const TRACE = "5b8efff798038103d269b633813fc60c";
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function span(id: string, parent: string | null, name: string, kind: number, startMs: number, durMs: number, attributes: object[] = []) {
  return {
    traceId: TRACE, spanId: id, ...(parent ? { parentSpanId: parent } : {}), name, kind,
    startTimeUnixNano: `${startMs}000000`, endTimeUnixNano: `${startMs + durMs}000000`, attributes,
  };
}

function request(service: string, spans: object[]) {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [str("service.name", service)] }, scopeSpans: [{ spans }] }] });
}

describe.each(databaseKinds)("rollup freshness on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  let token: string;
  let clusterId: number;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer(ingestRoutes);
    const created = await createCluster(t.db, `fresh-${Date.now()}`);
    token = created.token;
    clusterId = created.cluster.id;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  async function send(body: string) {
    const res = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
  }
  let minute = new Date(0); // the minute the spans of a test started in
  async function nodeCalls(service: string, operation: string): Promise<number> {
    const r = await t.db.query<{ calls: number }>(
      `SELECT calls FROM node_minutes WHERE cluster_id = $1 AND minute = $2 AND service = $3 AND operation = $4`,
      [clusterId, minute, service, operation],
    );
    return r.rows[0]?.calls ?? 0;
  }
  async function edgeCalls(client: string, server: string): Promise<number> {
    const r = await t.db.query<{ calls: number }>(
      `SELECT sum(calls)::int AS calls FROM edge_minutes WHERE cluster_id = $1 AND client = $2 AND server = $3`,
      [clusterId, client, server],
    );
    return r.rows[0]?.calls ?? 0;
  }

  it("shows accepted spans in the current minute at once, pairing or not, and the edge when its partner arrives", async () => {
    // Spans that started a moment ago: the minute the read model shows now.
    const now = Date.now() - 200;
    minute = new Date(Math.floor(now / 60_000) * 60_000);
    // The frontend's CLIENT call waits for the server span that arrives in a later request.
    await send(request("frontend", [
      span("1111111111111111", null, "GET /", 2, now, 50, [str("http.request.method", "GET"), str("http.route", "/")]),
      span("2222222222222222", "1111111111111111", "GET", 3, now + 5, 40, [str("http.request.method", "GET"), str("server.address", "cart")]),
    ]));
    expect(await nodeCalls("frontend", "GET /")).toBe(1);
    expect(await nodeCalls("frontend", "GET")).toBe(1); // the waiting client span is counted already
    expect(await edgeCalls("user", "frontend")).toBe(1); // a root server span's caller is known at once
    expect(await edgeCalls("frontend", "cart")).toBe(0); // the edge waits for its partner

    await send(request("cart", [
      span("3333333333333333", "2222222222222222", "GET /items", 2, now + 10, 30, [str("http.request.method", "GET"), str("http.route", "/items")]),
    ]));
    expect(await nodeCalls("cart", "GET /items")).toBe(1);
    expect(await edgeCalls("frontend", "cart")).toBe(1); // completed by the request that brought the partner
  });

  it("resolves a half-edge whose partner never comes at the pairing expiry, as a virtual edge", async () => {
    const now = Date.now() - 200;
    minute = new Date(Math.floor(now / 60_000) * 60_000);
    await send(request("frontend", [
      span("4444444444444444", "1111111111111111", "GET", 3, now, 20, [str("http.request.method", "GET"), str("server.address", "payments-api")]),
    ]));
    expect(await nodeCalls("frontend", "GET")).toBeGreaterThanOrEqual(1);
    expect(await edgeCalls("frontend", "payments-api")).toBe(0);
    const pairing = serverPairing(t.db);
    await pairing.tick(Date.now() + 1_000); // before the wait is over: still waiting
    expect(await edgeCalls("frontend", "payments-api")).toBe(0);
    await pairing.tick(Date.now() + pairing.waitMs + 1); // the 2 s tick after the wait is over
    const r = await t.db.query<{ connection_type: string; calls: number }>(
      `SELECT connection_type, calls::int FROM edge_minutes WHERE cluster_id = $1 AND client = 'frontend' AND server = 'payments-api'`,
      [clusterId],
    );
    expect(r.rows).toEqual([{ connection_type: "virtual", calls: 1 }]);
  });
});
