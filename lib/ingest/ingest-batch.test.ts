// Both wire forms of a collector batch's raw rows (rows and columns, lib/contracts/ingest-batch.ts)
// through the real route handler into the real database: the same rows stored either way, and a
// bad column answered 400 naming it.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnsFromRows, FLOW_FIELDS, SPAN_FIELDS } from "@/lib/contracts/ingest-batch";
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

  it("answers 400 naming the column for an unknown field or a column of the wrong length", async () => {
    const { token } = await createCluster(t.db, `bad-cols-${Date.now()}`);
    const c = columnsFromRows(flows, FLOW_FIELDS);
    const unknown = await send(token, { flowColumns: { ...c, columns: { ...c.columns, "x'); DROP TABLE flows; --": [1, 2] } } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toMatch(/^flowColumns\.columns\.x'\); DROP TABLE flows; --: unknown field/);
    const short = await send(token, { flowColumns: { ...c, columns: { ...c.columns, bytes: [1] } } });
    expect(short.status).toBe(400);
    expect((await short.json()).error.message).toMatch(/^flowColumns\.columns\.bytes: has 1 values for 2 rows/);
  });
});
