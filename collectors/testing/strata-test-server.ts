// Test-only: the REAL Strata ingest route handler (app/api/v1/ingest/batches) served over HTTP on
// a real database (PGlite or PostgreSQL), with a cluster and its token, a switch that makes it
// answer like a server that is down or over budget, and queries of what it stored. The collector
// may import server code only here, in tests (see collectors/README.md).
import { createHash } from "node:crypto";
import { POST as ingestBatches } from "@/app/api/v1/ingest/batches/route";
import { createCluster } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/database";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from "@/lib/testing/databases";

export type Fault =
  | { kind: "none" }
  /** every request answered 503 without Retry-After, as a load balancer with no healthy backend */
  | { kind: "down" }
  /** the next `count` requests answered 429 with Retry-After: `retryAfterSeconds` */
  | { kind: "throttle"; count: number; retryAfterSeconds: number };

export interface TestServer {
  url: string;
  db: Database;
  /** POSTs that reached the real handler, and all POSTs */
  calls: { handled: number; total: number; refused: number };
  /** every POST: when, the answer, and the SHA-256 of its body (a retried batch has the same one) */
  requests: { atMs: number; status: number; digest: string }[];
  fault: Fault;
  createCluster(name: string): Promise<{ id: number; token: string }>;
  close(): Promise<void>;
}

export async function startTestServer(kind: "pglite" | "postgres" = "pglite"): Promise<TestServer> {
  const database: TestDatabase = kind === "pglite" ? await createPgliteTestDatabase() : await createPostgresTestDatabase();
  installDatabase(database.db);
  let routes: RouteServer | null = null;
  const server: TestServer = {
    url: "",
    db: database.db,
    calls: { handled: 0, total: 0, refused: 0 },
    requests: [],
    fault: { kind: "none" },
    async createCluster(name) {
      const { cluster, token } = await createCluster(database.db, name);
      return { id: cluster.id, token };
    },
    async close() {
      await routes?.close();
      await database.drop();
    },
  };
  const answer = async (request: Request): Promise<Response> => {
    const fault = server.fault;
    if (fault.kind === "down") {
      server.calls.refused++;
      return new Response(JSON.stringify({ error: { code: "unavailable", message: "no backend" } }), { status: 503 });
    }
    if (fault.kind === "throttle" && fault.count > 0) {
      fault.count--;
      server.calls.refused++;
      return new Response(JSON.stringify({ error: { code: "rate_limited", message: "ingest budget exceeded" } }), {
        status: 429,
        headers: { "retry-after": String(fault.retryAfterSeconds) },
      });
    }
    server.calls.handled++;
    return ingestBatches(request);
  };
  routes = await startRouteServer([
    {
      method: "POST",
      path: "/api/v1/ingest/batches",
      handler: async (request) => {
        const atMs = Date.now();
        server.calls.total++;
        const digest = createHash("sha256").update(new Uint8Array(await request.clone().arrayBuffer())).digest("hex");
        const response = await answer(request);
        server.requests.push({ atMs, status: response.status, digest });
        return response;
      },
    },
  ]);
  server.url = routes.url;
  return server;
}

export interface RollupTotals {
  edges: Record<string, { calls: number; errors: number }>;
  nodes: Record<string, { calls: number; errors: number }>;
  networkEdges: Record<string, { flows: number; bytes: number; rejects: number }>;
  spans: number;
  flows: number;
}

/** What the server holds for a cluster, summed over minutes: comparable between runs. */
export async function rollupTotals(db: Database, clusterId: number): Promise<RollupTotals> {
  const edges = await db.query<{ k: string; calls: string; errors: string }>(
    `SELECT client || ' -> ' || server || ' (' || connection_type || ')' AS k, sum(calls)::text AS calls, sum(errors)::text AS errors
       FROM edge_minutes WHERE cluster_id = $1 GROUP BY 1 ORDER BY 1`,
    [clusterId],
  );
  const nodes = await db.query<{ k: string; calls: string; errors: string }>(
    `SELECT service || ' / ' || operation || ' / ' || span_kind AS k, sum(calls)::text AS calls, sum(errors)::text AS errors
       FROM node_minutes WHERE cluster_id = $1 GROUP BY 1 ORDER BY 1`,
    [clusterId],
  );
  const net = await db.query<{ k: string; flows: string; bytes: string; rejects: string }>(
    `SELECT src_workload || ' -> ' || dst_workload || ':' || dst_port || '/' || protocol AS k,
            sum(flows)::text AS flows, sum(bytes)::text AS bytes, sum(rejects)::text AS rejects
       FROM network_edge_minutes WHERE cluster_id = $1 GROUP BY 1 ORDER BY 1`,
    [clusterId],
  );
  return {
    edges: Object.fromEntries(edges.rows.map((r) => [r.k, { calls: Number(r.calls), errors: Number(r.errors) }])),
    nodes: Object.fromEntries(nodes.rows.map((r) => [r.k, { calls: Number(r.calls), errors: Number(r.errors) }])),
    networkEdges: Object.fromEntries(net.rows.map((r) => [r.k, { flows: Number(r.flows), bytes: Number(r.bytes), rejects: Number(r.rejects) }])),
    spans: await storedRows(db, "spans", clusterId),
    flows: await storedRows(db, "flows", clusterId),
  };
}

/** Raw rows the server holds for a cluster: what a test waits for before reading the rollups. */
export async function storedRows(db: Database, table: "spans" | "flows", clusterId: number): Promise<number> {
  // `table` is one of two fixed identifiers, never input
  const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE cluster_id = $1`, [clusterId]);
  return Number(r.rows[0].n);
}
