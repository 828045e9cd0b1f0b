// End to end: five minutes of backfill through the real OpenTelemetry exporter into the real
// /v1/traces route handler on PGlite, with a fault replayed in the past. The rollups must show
// the topology's edges and the fault's errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import { serverPairing } from "@/lib/server/context";
import { createPgliteTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";
import { startSimulator } from "./simulator";

describe("simulator → Strata /v1/traces on PGlite", () => {
  let t: TestDatabase;
  let server: RouteServer;
  let token: string;
  beforeAll(async () => {
    t = await createPgliteTestDatabase();
    installDatabase(t.db);
    server = await startRouteServer(ingestRoutes);
    token = (await createCluster(t.db, `sim-${Date.now()}`)).token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it("backfills edges of every kind and shows an injected operation error", async () => {
    const now = Date.now();
    const faultStart = Math.floor(now / 60_000) * 60_000 - 3 * 60_000; // whole minutes, so rollup minutes are all in or all out
    const sim = startSimulator({
      endpoint: `${server.url}/v1/traces`,
      token,
      seed: 7,
      ratePerSecond: 2,
      backfillMs: 5 * 60_000,
      live: false,
      flowDir: null,
      faults: [{ name: "operation-error", target: "accounts:GET /accounts/{id}", startMs: faultStart, durationMs: 2 * 60_000 }],
    });
    await sim.ready;
    await sim.stop();
    await serverPairing(t.db).flush();
    const stats = sim.stats();
    expect(stats.failedExports).toBe(0);
    expect(stats.spansExported).toBeGreaterThan(5000);

    const edges = await t.db.query<{ client: string; server: string; connection_type: string; calls: string; errors: string }>(
      `SELECT client, server, connection_type, sum(calls)::text AS calls, sum(errors)::text AS errors FROM edge_minutes GROUP BY 1, 2, 3`,
    );
    const edge = (client: string, srv: string) => edges.rows.find((r) => r.client === client && r.server === srv);
    expect(edge("api-gateway", "payments")?.connection_type).toBe("http");
    expect(edge("api-gateway", "auth")?.connection_type).toBe("grpc");
    expect(edge("payments", "postgres")?.connection_type).toBe("database");
    expect(edge("accounts", "redis")?.connection_type).toBe("database");
    expect(edge("payments", "ledger-writer")?.connection_type).toBe("messaging");
    expect(edge("payments", "notifications")?.connection_type).toBe("messaging");
    expect(edge("payments", "fraud-check")?.connection_type).toBe("http"); // across VPCs via Lattice
    expect(edge("user", "api-gateway")).toBeDefined();
    expect(Number(edge("payments", "ledger-writer")!.calls)).toBeGreaterThan(50);

    // the faulty operation's errors: about half of its calls while the fault ran, near none outside
    const inside = await t.db.query<{ calls: string; errors: string }>(
      `SELECT sum(calls)::text AS calls, sum(errors)::text AS errors FROM node_minutes
       WHERE service = 'accounts' AND operation = 'GET /accounts/{id}' AND minute >= $1 AND minute < $2`,
      [new Date(faultStart), new Date(faultStart + 2 * 60_000)],
    );
    const outside = await t.db.query<{ calls: string; errors: string }>(
      `SELECT sum(calls)::text AS calls, sum(errors)::text AS errors FROM node_minutes
       WHERE service = 'accounts' AND operation = 'GET /accounts/{id}' AND minute < $1`,
      [new Date(faultStart)],
    );
    const ratio = (r: { calls: string; errors: string }) => Number(r.errors) / Number(r.calls);
    expect(Number(inside.rows[0].calls)).toBeGreaterThan(20);
    expect(ratio(inside.rows[0])).toBeGreaterThan(0.3);
    expect(ratio(outside.rows[0])).toBeLessThan(0.1);
  }, 60_000);
});
