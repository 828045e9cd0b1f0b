// Trace search and trace fetch end to end on both databases: traces posted as OTLP/JSON through
// the real ingest handler into two clusters, then every filter, order and page of the search,
// the merged attributes and resource of a span, followable links, and bad input answered 4xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { traceSchema, traceSearchSchema, traceServicesSchema } from "@/lib/contracts/traces";
import { installDatabase } from "@/lib/db";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { readRoutes } from "@/lib/testing/read-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const str = (v: string) => ({ stringValue: v });
const traceId = (n: number) => n.toString(16).padStart(32, "0");
const spanId = (trace: number, n: number) => (trace * 16 + n).toString(16).padStart(16, "0");

/** A trace: a root in `service` lasting `durationMs`, optionally calling `callee` (which may fail). */
function trace(n: number, o: { service: string; callee?: string; startMs: number; durationMs: number; error?: boolean; linkTo?: number }) {
  const ns = (ms: number) => String(BigInt(Math.round((o.startMs + ms) * 1000)) * 1000n);
  const resource = (service: string) => ({
    attributes: [
      { key: "service.name", value: str(service) }, { key: "service.version", value: str("3.2.1") },
      { key: "k8s.namespace.name", value: str("shop") }, { key: "team", value: str("payments") },
    ],
  });
  const root = { traceId: traceId(n), spanId: spanId(n, 1), name: "GET /", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(o.durationMs),
    attributes: [{ key: "http.request.method", value: str("GET") }, { key: "feature.flag", value: str("new-cart") }],
    ...(o.linkTo !== undefined ? { links: [{ traceId: traceId(o.linkTo), spanId: spanId(o.linkTo, 1) }, { traceId: "f".repeat(32), spanId: "f".repeat(16) }] } : {}) };
  const resourceSpans = [{ resource: resource(o.service), scopeSpans: [{ spans: [root] }] }];
  if (o.callee) {
    resourceSpans.push({ resource: resource(o.callee), scopeSpans: [{ spans: [{
      traceId: traceId(n), spanId: spanId(n, 2), parentSpanId: spanId(n, 1), name: "charge", kind: 2,
      startTimeUnixNano: ns(1), endTimeUnixNano: ns(o.durationMs - 1), attributes: [],
      ...(o.error ? {
        status: { code: 2, message: "card declined" },
        events: [{ name: "exception", timeUnixNano: ns(2), attributes: [
          { key: "exception.type", value: str("CardError") }, { key: "exception.message", value: str("declined") },
          { key: "exception.stacktrace", value: str("CardError: declined\n  at charge (pay.js:12)") },
        ] }],
      } : {}),
    } as never] }] });
  }
  return { resourceSpans };
}

describe.each(databaseKinds)("trace search on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  const now = Date.now();
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer([...ingestRoutes.filter((r) => r.method === "POST"), ...readRoutes]);
    const east = await createCluster(t.db, "east");
    const west = await createCluster(t.db, "west");
    const post = async (token: string, body: unknown) => {
      const res = await fetch(`${server.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    };
    await post(east.token, trace(1, { service: "web", callee: "payments", startMs: now - 60_000, durationMs: 40, error: true }));
    await post(east.token, trace(2, { service: "web", callee: "payments", startMs: now - 50_000, durationMs: 300, linkTo: 1 }));
    await post(east.token, trace(3, { service: "web", startMs: now - 40_000, durationMs: 5 }));
    await post(west.token, trace(4, { service: "batch", startMs: now - 30_000, durationMs: 900 }));
    // Long outside the 15-minute window.
    await post(east.token, trace(5, { service: "web", startMs: now - 3 * 3_600_000, durationMs: 10 }));
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const search = async (qs: string) => {
    const res = await fetch(`${server.url}/api/v1/traces?${qs}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = traceSearchSchema.parse(await res.json());
    return { ...body, ids: body.traces.map((x) => Number.parseInt(x.traceId, 16)) };
  };

  it("finds the window's traces, newest first, with their summaries", async () => {
    const all = await search("range=15m");
    expect(all.ids).toEqual([4, 3, 2, 1]);
    expect(all.hasMore).toBe(false);
    expect(all.traces[3]).toMatchObject({ rootService: "web", rootOperation: "GET /", spanCount: 2, errorCount: 1, services: ["payments", "web"] });
    expect((await search("range=6h")).ids).toEqual([4, 3, 2, 1, 5]);
    expect((await search(`from=${now - 4 * 3_600_000}&to=${now - 2 * 3_600_000}`)).ids).toEqual([5]);
  });

  it("filters by service, operation, duration, errors and cluster", async () => {
    expect((await search("range=15m&service=payments")).ids).toEqual([2, 1]);
    expect((await search("range=15m&service=payments&operation=charge&errorsOnly=true")).ids).toEqual([1]);
    expect((await search("range=15m&service=web&operation=charge")).ids).toEqual([]);
    expect((await search("range=15m&errorsOnly=1")).ids).toEqual([1]);
    expect((await search("range=15m&minDurationMs=100")).ids).toEqual([4, 2]);
    // Durations apply to single spans: trace 2's spans last 300 and 298 ms, so none matches.
    expect((await search("range=15m&maxDurationMs=50")).ids).toEqual([3, 1]);
    expect((await search("range=15m&minDurationMs=30&maxDurationMs=50")).ids).toEqual([1]);
    expect((await search("range=15m&cluster=west")).ids).toEqual([4]);
    expect((await search("range=15m&cluster=west&service=web")).ids).toEqual([]);
  });

  it("sorts by start or by the longest matching span, and pages", async () => {
    expect((await search("range=15m&sort=oldest")).ids).toEqual([1, 2, 3, 4]);
    expect((await search("range=15m&sort=longest")).ids).toEqual([4, 2, 1, 3]);
    expect((await search("range=15m&sort=shortest")).ids).toEqual([3, 1, 2, 4]);
    const first = await search("range=15m&limit=3");
    expect([first.ids, first.hasMore, first.offset]).toEqual([[4, 3, 2], true, 0]);
    const second = await search("range=15m&limit=3&offset=3");
    expect([second.ids, second.hasMore, second.offset]).toEqual([[1], false, 3]);
  });

  it("a trace: typed columns and the jsonb rest merged, the resource, exceptions, followable links", async () => {
    const res = await fetch(`${server.url}/api/v1/traces/${traceId(2)}`);
    const body = traceSchema.parse(await res.json());
    expect(body.truncated).toBe(false);
    const root = body.spans.find((s) => s.parentSpanId === null)!;
    expect(root.attributes).toMatchObject({ "http.request.method": "GET", "feature.flag": "new-cart" });
    expect(root.resource).toMatchObject({ "service.name": "web", "service.version": "3.2.1", "k8s.namespace.name": "shop", team: "payments" });
    expect(root.links.map((l) => l.traceId)).toEqual([traceId(1), "f".repeat(32)]);
    expect(body.linkedTraceIds).toEqual([traceId(1)]);
    const failing = traceSchema.parse(await (await fetch(`${server.url}/api/v1/traces/${traceId(1)}`)).json()).spans.find((s) => s.isError)!;
    expect(failing.statusMessage).toBe("card declined");
    expect(failing.events[0]).toMatchObject({ name: "exception", attributes: { "exception.type": "CardError", "exception.stacktrace": expect.stringContaining("pay.js:12") } });
  });

  it("lists the window's services for the search form, per cluster, and refuses a bad window", async () => {
    const services = async (qs: string) => traceServicesSchema.parse(await (await fetch(`${server.url}/api/v1/traces/services?${qs}`)).json()).services;
    expect(await services("range=15m")).toEqual(["batch", "payments", "web"]);
    expect(await services("range=15m&cluster=west")).toEqual(["batch"]);
    expect((await fetch(`${server.url}/api/v1/traces/services?range=15m&from=1`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/traces/services?cluster=nowhere`)).status).toBe(404);
  });

  it.each([
    ["operation=charge", 400, /operation needs a service/],
    ["minDurationMs=50&maxDurationMs=10", 400, /minDurationMs/],
    ["minDurationMs=-1", 400, /minDurationMs/],
    ["maxDurationMs=abc", 400, /maxDurationMs/],
    ["sort=random", 400, /sort/],
    ["offset=10001", 400, /offset/],
    ["offset=-1", 400, /offset/],
    ["limit=0", 400, /limit/],
    ["limit=201", 400, /limit/],
    ["range=15m&from=1", 400, /range or from/],
    ["from=2000&to=1000", 400, /before/],
    ["range=1y", 400, /range/],
    ["errorsOnly=maybe", 400, /errorsOnly/],
    ["cluster=nowhere", 404, /nowhere/],
    ["service=' OR 1=1 --", 200, null],
  ] as const)("?%s → %i", async (qs, status, message) => {
    const res = await fetch(`${server.url}/api/v1/traces?${qs}`);
    expect(res.status).toBe(status);
    const body = await res.json();
    if (message) expect(body.error.message).toMatch(message);
    else expect(traceSearchSchema.parse(body).traces).toEqual([]);
  });
});
