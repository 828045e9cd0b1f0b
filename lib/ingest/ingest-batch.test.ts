// Both wire forms of a collector batch's raw rows (rows and columns, lib/contracts/ingest-batch.ts)
// through the real route handler into the real database: the same rows stored either way, and a
// bad column answered 400 naming it.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnsFromRows, FLOW_FIELDS, NETWORK_EDGE_FIELDS, SPAN_FIELDS } from "@/lib/contracts/ingest-batch";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import { createCluster } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import { decodeTraceRequest } from "@/lib/otlp";
import { jsonRequest, jsonSpan } from "@/lib/otlp/testing/requests";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const T0 = Date.now();
function testFlow(n: number, fields: Partial<NormalizedFlow> = {}): NormalizedFlow {
  return {
    sourceKind: "aws-vpc-flow", observer: "eni-1", srcAddr: `10.0.0.${n}`, dstAddr: "10.0.1.1", srcPort: 40_000 + n, dstPort: 443, protocol: 6,
    bytes: 100 * n, packets: n, startMs: T0 - 60_000, endMs: T0 - 30_000, verdict: n % 2 ? "accept" : "reject", reason: null, tcpFlags: 2,
    direction: null, srcWorkload: null, dstWorkload: null, srcNamespace: null, dstNamespace: null, l7Protocol: null, l7Method: null, l7Path: null,
    l7Status: null, l7LatencyUs: null, traceId: null, vpcId: null, subnetId: null, accountId: "123", region: null, attributes: { version: 2 },
    ...fields,
  };
}

describe.each(databaseKinds)("collector batches as rows and as columns on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer(ingestRoutes);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const startNs = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
  const t0 = Date.now() - 30_000;
  const spans = decodeTraceRequest(
    Buffer.from(JSON.stringify(jsonRequest({ "service.name": "checkout", "k8s.namespace.name": "shop" }, [
      jsonSpan({ traceId: "1".repeat(32), startTimeUnixNano: startNs(t0), endTimeUnixNano: startNs(t0 + 5), attributes: [{ key: "http.route", value: { stringValue: "/pay" } }] }),
      jsonSpan({ traceId: "2".repeat(32), startTimeUnixNano: startNs(t0 + 1), endTimeUnixNano: startNs(t0 + 9), status: { code: 2, message: "boom" } }),
    ]))),
    "json",
    { nowMs: Date.now() },
  ).spans;
  const flows = [testFlow(1), testFlow(2, { l7Status: 503, l7Protocol: "http" })];

  async function send(token: string, body: Record<string, unknown>): Promise<Response> {
    return fetch(`${server.url}/api/v1/ingest/batches`, {
      method: "POST",
      body: gzipSync(JSON.stringify({ batchId: randomUUID(), agent: { name: "t", version: "0" }, sentAtMs: Date.now(), ...body })),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-encoding": "gzip" },
    });
  }

  async function stored(clusterId: number) {
    const s = await t.db.query(`SELECT trace_id, span_id, name, service, status_code, duration_us FROM spans WHERE cluster_id = $1 ORDER BY trace_id`, [clusterId]);
    const f = await t.db.query(`SELECT src_addr, dst_port, bytes, verdict, l7_status FROM flows WHERE cluster_id = $1 ORDER BY src_addr`, [clusterId]);
    return { spans: s.rows, flows: f.rows };
  }

  it("stores the same spans and flows from either form", async () => {
    const rows = await createCluster(t.db, `rows-${Date.now()}`);
    const cols = await createCluster(t.db, `cols-${Date.now()}`);
    const a = await send(rows.token, { spans, flows });
    expect(a.status).toBe(200);
    expect(await a.json()).toMatchObject({ stored: { spans: 2, flows: 2 } });
    const b = await send(cols.token, { spanColumns: columnsFromRows(spans, SPAN_FIELDS), flowColumns: columnsFromRows(flows, FLOW_FIELDS) });
    expect(b.status).toBe(200);
    expect(await b.json()).toMatchObject({ stored: { spans: 2, flows: 2 } });
    const fromRows = await stored(rows.cluster.id);
    expect(fromRows.spans).toHaveLength(2);
    expect(fromRows.flows).toHaveLength(2);
    expect(await stored(cols.cluster.id)).toEqual(fromRows);
  });

  it("stores the same network edge rows from either form, and merges rows that come both ways", async () => {
    const minute = Math.floor(t0 / 60_000) * 60_000;
    const edge = (src: string, flowCount: number) => ({
      minuteMs: minute, srcWorkload: src, dstWorkload: "shop/db", dstPort: 5432, protocol: 6,
      flows: flowCount, bytes: 100 * flowCount, packets: 2 * flowCount, rejects: 1, drops: 0, retransmits: 2, l7Errors: 0,
    });
    const edges = [edge("10.0.0.1", 3), edge("shop/web", 5)];
    const rows = await createCluster(t.db, `net-rows-${Date.now()}`);
    const cols = await createCluster(t.db, `net-cols-${Date.now()}`);
    const a = await send(rows.token, { networkEdgeMinutes: edges });
    expect(await a.json()).toMatchObject({ stored: { networkEdgeMinutes: 2 } });
    const b = await send(cols.token, { networkEdgeColumns: columnsFromRows(edges, NETWORK_EDGE_FIELDS) });
    expect(b.status).toBe(200);
    expect(await b.json()).toMatchObject({ stored: { networkEdgeMinutes: 2 } });
    // both forms in one batch: both stored; a key already stored is added to, as across batches
    const c = await send(cols.token, { networkEdgeMinutes: [edge("shop/api", 1)], networkEdgeColumns: columnsFromRows([edge("shop/web", 2)], NETWORK_EDGE_FIELDS) });
    expect(await c.json()).toMatchObject({ stored: { networkEdgeMinutes: 2 } });
    const network = async (clusterId: number) =>
      (await t.db.query(`SELECT src_workload, dst_workload, dst_port, flows::int, bytes::int, packets::int, rejects::int, retransmits::int FROM network_edge_minutes WHERE cluster_id = $1 ORDER BY src_workload`, [clusterId])).rows;
    expect(await network(rows.cluster.id)).toEqual([
      { src_workload: "10.0.0.1", dst_workload: "shop/db", dst_port: 5432, flows: 3, bytes: 300, packets: 6, rejects: 1, retransmits: 2 },
      { src_workload: "shop/web", dst_workload: "shop/db", dst_port: 5432, flows: 5, bytes: 500, packets: 10, rejects: 1, retransmits: 2 },
    ]);
    expect(await network(cols.cluster.id)).toEqual([
      { src_workload: "10.0.0.1", dst_workload: "shop/db", dst_port: 5432, flows: 3, bytes: 300, packets: 6, rejects: 1, retransmits: 2 },
      { src_workload: "shop/api", dst_workload: "shop/db", dst_port: 5432, flows: 1, bytes: 100, packets: 2, rejects: 1, retransmits: 2 },
      { src_workload: "shop/web", dst_workload: "shop/db", dst_port: 5432, flows: 7, bytes: 700, packets: 14, rejects: 2, retransmits: 4 },
    ]);
  });

  it("answers 400 naming the column for an unknown field or a column of the wrong length", async () => {
    const { token } = await createCluster(t.db, `bad-cols-${Date.now()}`);
    const c = columnsFromRows(flows, FLOW_FIELDS);
    const unknown = await send(token, { flowColumns: { ...c, columns: { ...c.columns, "x'); DROP TABLE flows; --": [1, 2] } } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toMatch(/^flowColumns\.columns\.x'\); DROP TABLE flows; --: unknown field/);
    const short = await send(token, { flowColumns: { ...c, columns: { ...c.columns, bytes: [1] } } });
    expect(short.status).toBe(400);
    expect((await short.json()).error.message).toMatch(/^flowColumns\.columns\.bytes: has 1 values for 2 rows/);
    const edges = columnsFromRows([{ minuteMs: 0, srcWorkload: "a", dstWorkload: "b", dstPort: 1, protocol: 6, flows: 1, bytes: 1, packets: 1, rejects: 0, drops: 0, retransmits: 0, l7Errors: 0 }], NETWORK_EDGE_FIELDS);
    const badEdge = await send(token, { networkEdgeColumns: { ...edges, columns: { ...edges.columns, flows: [-1] } } });
    expect(badEdge.status).toBe(400);
    expect((await badEdge.json()).error.message).toMatch(/^networkEdgeMinutes\.0\.flows: /);
  });
});
