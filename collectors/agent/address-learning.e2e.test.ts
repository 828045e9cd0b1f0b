// The server's address map (address → workload → service, time-bounded) learns the same rows
// whichever road the spans took: through the agent, or straight from an SDK to the server's
// /v1/traces (both learn through lib/rollup's AddressObservationTracker). Through the agent it
// also learns the pods only Hubble names (no spans, no client naming their address), so the
// server's flow views can name them. On PostgreSQL and PGlite, real ingest routes.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/database";
import { databaseKinds } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";
import { tempDir, testConfig } from "../testing/agent-config";
import { hubbleFlowLine } from "../testing/flow-lines";
import { ORDERS_DB_IP, postTraces, traceRequest } from "../testing/otlp-traffic";
import { startTestServer, type TestServer } from "../testing/strata-test-server";
import { waitFor } from "../testing/wait-for";
import { Agent } from "./agent";

interface MapRow {
  address: string;
  service: string | null;
  workload: string | null;
  namespace: string | null;
}

async function addressRows(db: Database, clusterId: number): Promise<MapRow[]> {
  const r = await db.query<MapRow>(
    `SELECT address, service, workload, namespace FROM address_map WHERE cluster_id = $1 ORDER BY address, valid_from`,
    [clusterId],
  );
  return r.rows;
}

describe.each(databaseKinds.map((k) => k.kind))("the server's address map, by either road (%s)", (kind) => {
  let server: TestServer;
  let direct: RouteServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    direct = await startRouteServer(ingestRoutes); // the server's own /v1/traces, on the same database
  });
  afterAll(async () => {
    await direct?.close();
    await server?.close();
  });

  it("learns the same claims and database peers from the same spans, through the agent or straight to /v1/traces", async () => {
    const viaAgent = await server.createCluster(`addr-agent-${kind}`);
    const straight = await server.createCluster(`addr-direct-${kind}`);
    const now = Date.now() - 5000;

    const res = await postTraces(direct.url, traceRequest(0, 10, now), { authorization: `Bearer ${straight.token}` });
    expect(res.status).toBe(200);
    const directRows = await addressRows(server.db, straight.id);
    expect(directRows).toEqual([
      { address: "10.1.0.10", service: "frontend", workload: "frontend", namespace: "shop" },
      { address: "10.1.0.20", service: "checkout", workload: "checkout", namespace: "shop" },
      // the database sends no spans: its clients' spans name its address (network.peer.address)
      { address: ORDERS_DB_IP, service: "orders-db", workload: null, namespace: null },
    ]);

    const agent = new Agent(testConfig(server.url, viaAgent.token), { log: () => undefined });
    await agent.start();
    try {
      expect((await postTraces(`http://127.0.0.1:${agent.otlpAddress!.port}`, traceRequest(0, 10, now))).status).toBe(200);
      await agent.cutNow();
      const agentRows = await waitFor(() => addressRows(server.db, viaAgent.id), (rows) => rows.length >= 3, 15_000, "the agent's address rows");
      expect(agentRows).toEqual(directRows);
    } finally {
      await agent.shutdown();
    }
  });

  it("ships the pods only Hubble names, below what spans say about an address", async () => {
    const cluster = await server.createCluster(`addr-hubble-${kind}`);
    const flowDir = tempDir("strata-hubble-");
    const now = Date.now() - 5000;
    const checkout = { ip: "10.1.0.20", pod: "checkout-0", workload: "checkout-sts" };
    const kafka = { ip: "10.1.0.40", pod: "kafka-0", workload: "kafka" };
    const postgres = { ip: ORDERS_DB_IP, pod: "postgres-0", workload: "postgres-sts" };
    fs.writeFileSync(
      path.join(flowDir, "flows.jsonl"),
      [hubbleFlowLine(now, checkout, kafka, 9092), hubbleFlowLine(now + 10, checkout, postgres, 5432)].join("\n") + "\n",
    );
    const agent = new Agent(testConfig(server.url, cluster.token, { sources: [{ dir: flowDir, format: "hubble" }] }), { log: () => undefined });
    await agent.start();
    try {
      expect((await postTraces(`http://127.0.0.1:${agent.otlpAddress!.port}`, traceRequest(0, 10, now))).status).toBe(200);
      await agent.pollFilesNow();
      await agent.cutNow();
      const rows = await waitFor(() => addressRows(server.db, cluster.id), (r) => r.length >= 4, 15_000, "address rows of spans and Hubble endpoints");
      expect(rows).toEqual([
        { address: "10.1.0.10", service: "frontend", workload: "frontend", namespace: "shop" },
        // checkout's own spans claim its address: Hubble's name for the pod does not replace it
        { address: "10.1.0.20", service: "checkout", workload: "checkout", namespace: "shop" },
        // the database's clients name it: that peer outranks Hubble's endpoint
        { address: ORDERS_DB_IP, service: "orders-db", workload: null, namespace: null },
        // kafka is known only to Hubble: named as its workload, no service
        { address: "10.1.0.40", service: null, workload: "kafka", namespace: "shop" },
      ].sort((a, b) => (a.address < b.address ? -1 : 1)));
    } finally {
      await agent.shutdown();
      fs.rmSync(flowDir, { recursive: true, force: true });
    }
  });
});
