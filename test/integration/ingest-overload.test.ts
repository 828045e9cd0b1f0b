// The server is in control of load: above the admission budget a request is refused whole with
// 429 and Retry-After, and nothing of it is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import { createPgliteTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

// Read when the budget is first created. One span a second, and a first request of ten (let through
// because the bucket is full, leaving it nine in debt): the refusal below then holds for about ten
// seconds, however slowly a loaded machine runs the first request.
process.env.STRATA_INGEST_SPANS_PER_SECOND = "1";

function request(service: string, n: number, first: number) {
  const startNs = BigInt(Date.now() - 1_000) * 1_000_000n;
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: (first + i).toString(16).padStart(32, "0"),
    spanId: (first + i).toString(16).padStart(16, "0"),
    name: "op",
    kind: 2,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + 1_000_000n),
  }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] }, scopeSpans: [{ spans }] }] });
}

describe("ingest overload", () => {
  let t: TestDatabase;
  let server: RouteServer;
  let token: string;
  beforeAll(async () => {
    t = await createPgliteTestDatabase();
    installDatabase(t.db);
    server = await startRouteServer(ingestRoutes);
    token = (await createCluster(t.db, "overload")).token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it("refuses a request over the span budget whole, with 429 and Retry-After", async () => {
    const send = (body: string) =>
      fetch(`${server.url}/v1/traces`, { method: "POST", body, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
    expect((await send(request("svc", 10, 1))).status).toBe(200);
    const refused = await send(request("svc", 1, 100));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).message).toMatch(/budget/);
    const stored = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spans`);
    expect(stored.rows[0].n).toBe(10);
  });
});
