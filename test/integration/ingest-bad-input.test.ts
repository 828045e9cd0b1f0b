// Every bad-input rule of the ingest API, against the real handlers and database: a precise
// 4xx or a counted rejection, the valid rest kept, nothing reaching SQL unescaped, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createCluster, revokeToken, listClusters } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const MAX_BODY = 1024 * 1024;
process.env.STRATA_INGEST_MAX_BODY_BYTES = String(MAX_BODY); // read lazily by the handlers

const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");
let counter = 1;
function span(fields: Record<string, unknown> = {}) {
  const startNs = BigInt(Date.now() - 2_000) * 1_000_000n;
  const n = counter++;
  return {
    traceId: hex(n, 32),
    spanId: hex(n, 16),
    name: "GET /items",
    kind: 2,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + 3_000_000n),
    ...fields,
  };
}
const request = (service: string, spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: "t" }, spans }],
    },
  ],
});

describe.each(databaseKinds)("ingest bad input on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  let token: string;
  let clusterName: string;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer(ingestRoutes);
    clusterName = `bad-${Date.now()}`;
    token = (await createCluster(t.db, clusterName)).token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    });
  const count = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0].n;

  it("answers 401 without a token and with an unknown one, as a google.rpc.Status", async () => {
    const noToken = await fetch(`${server.url}/v1/traces`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 3, message: expect.stringContaining("bearer token") });
    const unknown = await post("/v1/traces", "{}", { authorization: "Bearer strata_unknown" });
    expect(unknown.status).toBe(401);
  });

  it("answers 415 for a content type that is not OTLP and for an unknown content-encoding", async () => {
    expect((await post("/v1/traces", "x", { "content-type": "text/plain" })).status).toBe(415);
    const br = await post("/v1/traces", "{}", { "content-encoding": "br" });
    expect(br.status).toBe(415);
    expect((await br.json()).message).toMatch(/content-encoding "br"/);
  });

  it("answers 400 for malformed protobuf, malformed JSON and corrupt gzip, and keeps serving", async () => {
    const pb = await post("/v1/traces", new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), { "content-type": "application/x-protobuf" });
    expect(pb.status).toBe(400);
    expect(pb.headers.get("content-type")).toBe("application/x-protobuf");
    const json = await post("/v1/traces", "{not json");
    expect(json.status).toBe(400);
    expect((await json.json()).message).toMatch(/JSON/i);
    const gz = await post("/v1/traces", new Uint8Array([0x1f, 0x8b, 1, 2, 3]), { "content-encoding": "gzip" });
    expect(gz.status).toBe(400);
    const ok = await post("/v1/traces", JSON.stringify(request("after-errors", [span()])));
    expect(ok.status).toBe(200);
  });

  it("answers 413 for an oversized body and stops a gzip bomb at the limit", async () => {
    const big = await post("/v1/traces", "x".repeat(MAX_BODY + 1));
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros, about 64 KiB gzipped
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const res = await post("/v1/traces", bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/after decompression/);
  });

  it("keeps the valid spans of a partly bad request and reports the rest as partial success", async () => {
    const good = span({ attributes: [{ key: "big", value: { stringValue: "v".repeat(1_000_000) } }] });
    const body = request("partly-bad", [
      good,
      span({ traceId: "zz" }),
      span({ spanId: "0000000000000000" }),
      span({ startTimeUnixNano: "1", endTimeUnixNano: "2" }), // 1970: absurd
    ]);
    const res = await post("/v1/traces", JSON.stringify(body));
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.partialSuccess.rejectedSpans).toBe("3");
    expect(answer.partialSuccess.errorMessage).toMatch(/trace id/);
    const rows = await t.db.query<{ span_id: string; truncated: boolean; big: string }>(
      `SELECT span_id, truncated, attributes->>'big' AS big FROM spans WHERE service = 'partly-bad'`,
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].span_id).toBe(good.spanId);
    expect(rows.rows[0].truncated).toBe(true);
    expect(rows.rows[0].big.length).toBeLessThan(5000);
    expect(rows.rows[0].big).toMatch(/truncated/);
    expect(await count(`SELECT COALESCE(SUM(spans_rejected), 0)::int AS n FROM data_quality_minutes`)).toBe(3);
  });

  it("stores a retried request once", async () => {
    const body = JSON.stringify(request("retried", [span(), span()]));
    expect((await post("/v1/traces", body)).status).toBe(200);
    expect((await post("/v1/traces", body)).status).toBe(200);
    expect(await count(`SELECT count(*)::int AS n FROM spans WHERE service = 'retried'`)).toBe(2);
    expect(await count(`SELECT SUM(calls)::int AS n FROM node_minutes WHERE service = 'retried' AND operation = ''`)).toBe(2);
  });

  it("stores hostile strings verbatim, never as SQL", async () => {
    const evil = `x'); DROP TABLE spans; -- <script>alert(1)</script>\\\t\n`;
    const res = await post("/v1/traces", JSON.stringify(request(evil, [span({ name: evil })])));
    expect(res.status).toBe(200);
    const r = await t.db.query<{ service: string; name: string }>(`SELECT service, name FROM spans WHERE name = $1`, [evil]);
    expect(r.rows).toEqual([{ service: evil, name: evil }]);
  });

  it("validates collector batches, names the bad field, and counts a retried batch once", async () => {
    const bad = await post("/api/v1/ingest/batches", JSON.stringify({ batchId: "not-a-uuid", agent: { name: "a", version: "1" }, sentAtMs: 1 }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^batchId/);

    const minuteMs = Math.floor(Date.now() / 60_000) * 60_000;
    const hist = { counts: new Array(93).fill(0), count: 0, sumUs: 0 };
    const batch = {
      batchId: randomUUID(),
      agent: { name: "test-agent", version: "0" },
      sentAtMs: Date.now(),
      networkEdgeMinutes: [{ minuteMs, srcWorkload: "a", dstWorkload: "b", dstPort: 443, protocol: 6, flows: 3, bytes: 100, packets: 4, rejects: 1, drops: 0, retransmits: 0, l7Errors: 0 }],
      edgeMinutes: [{ minuteMs, client: "a", server: "b", connectionType: "grpc", calls: 7, errors: 1, clientLatency: hist, serverLatency: hist, queueLatency: null, exemplars: [] }],
    };
    const gz = gzipSync(JSON.stringify(batch));
    const first = await post("/api/v1/ingest/batches", gz, { "content-encoding": "gzip" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ duplicate: false, stored: { edgeMinutes: 1, networkEdgeMinutes: 1 } });
    const again = await post("/api/v1/ingest/batches", gz, { "content-encoding": "gzip" });
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await count(`SELECT SUM(calls)::int AS n FROM edge_minutes WHERE client = 'a' AND server = 'b'`)).toBe(7);
    expect(await count(`SELECT SUM(flows)::int AS n FROM network_edge_minutes WHERE src_workload = 'a'`)).toBe(3);
  });

  it("adds up a batch's rows that share a key instead of failing it (the agent never sends them; a hand-made batch may)", async () => {
    const minuteMs = Math.floor(Date.now() / 60_000) * 60_000;
    const hist = (n: number) => ({ counts: [n, ...new Array(92).fill(0)], count: n, sumUs: n * 100 });
    const edge = { minuteMs, client: "dup-a", server: "dup-b", connectionType: "http", calls: 2, errors: 1, clientLatency: hist(2), serverLatency: hist(2), queueLatency: null, exemplars: [] };
    const node = { minuteMs, service: "dup-a", operation: null, spanKind: 2, calls: 3, errors: 0, duration: hist(3), statusClasses: { "2xx": 3 } };
    const network = { minuteMs, srcWorkload: "dup-a", dstWorkload: "dup-b", dstPort: 443, protocol: 6, flows: 1, bytes: 10, packets: 1, rejects: 0, drops: 0, retransmits: 0, l7Errors: 0 };
    const quality = { minuteMs, service: "dup-a", paired: 1, virtual: 0, expired: 2, dropped: 0 };
    const batch = {
      batchId: randomUUID(),
      agent: { name: "test-agent", version: "0" },
      sentAtMs: Date.now(),
      edgeMinutes: [edge, { ...edge, calls: 5, errors: 0 }],
      nodeMinutes: [node, { ...node, statusClasses: { "2xx": 1, "5xx": 2 } }],
      networkEdgeMinutes: [network, { ...network, flows: 4, bytes: 30 }],
      pairingQuality: [quality, quality],
    };
    const res = await post("/api/v1/ingest/batches", JSON.stringify(batch));
    expect(res.status).toBe(200);
    const one = async <R extends Record<string, unknown>>(sql: string) => (await t.db.query<R>(sql)).rows;
    expect(await one(`SELECT calls::int, errors::int, client_count::int AS c FROM edge_minutes WHERE client = 'dup-a'`)).toEqual([{ calls: 7, errors: 1, c: 4 }]);
    expect(await one(`SELECT calls::int, duration_count::int AS c, status_classes AS s FROM node_minutes WHERE service = 'dup-a'`)).toEqual([{ calls: 6, c: 6, s: { "2xx": 4, "5xx": 2 } }]);
    expect(await one(`SELECT flows::int, bytes::int FROM network_edge_minutes WHERE src_workload = 'dup-a'`)).toEqual([{ flows: 5, bytes: 40 }]);
    expect(await one(`SELECT spans_paired::int AS paired, spans_expired::int AS expired FROM data_quality_minutes WHERE service = 'dup-a'`)).toEqual([{ paired: 2, expired: 4 }]);
  });

  it("answers 401 on the next request after a token is revoked", async () => {
    const [cluster] = (await listClusters(t.db)).filter((c) => c.name === clusterName);
    await revokeToken(t.db, cluster.tokens[0].id);
    expect((await post("/v1/traces", JSON.stringify(request("late", [span()])))).status).toBe(401);
  });
});
