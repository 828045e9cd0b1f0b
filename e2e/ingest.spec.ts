// The production server end to end: a cluster is created through the admin API, OTLP/JSON
// traces are posted to /v1/traces as an SDK would, and the graph API and the landing page show
// the resulting edges.
import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "../playwright.config";

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

function traceRequest(startMs: number) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const resource = (service: string) => ({ attributes: [{ key: "service.name", value: { stringValue: service } }] });
  return {
    resourceSpans: [
      {
        resource: resource("web"),
        scopeSpans: [{ spans: [
          { traceId, spanId: "00f067aa0ba902b7", name: "GET /", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(50) },
          { traceId, spanId: "00f067aa0ba902b8", parentSpanId: "00f067aa0ba902b7", name: "GET", kind: 3, startTimeUnixNano: ns(5), endTimeUnixNano: ns(45),
            attributes: [{ key: "http.request.method", value: { stringValue: "GET" } }] },
        ] }],
      },
      {
        resource: resource("catalog"),
        scopeSpans: [{ spans: [
          { traceId, spanId: "00f067aa0ba902b9", parentSpanId: "00f067aa0ba902b8", name: "GET /items", kind: 2, startTimeUnixNano: ns(10), endTimeUnixNano: ns(40),
            attributes: [{ key: "http.request.method", value: { stringValue: "GET" } }, { key: "http.response.status_code", value: { intValue: "500" } }],
            status: { code: 2 } },
        ] }],
      },
    ],
  };
}

test("OTLP in, edges out: API and landing page", async ({ request, page }) => {
  const created = await request.post("/api/v1/clusters", { headers: admin, data: { name: "e2e" } });
  expect(created.status()).toBe(201);
  const { token } = await created.json();

  const unauthorised = await request.post("/v1/traces", { data: traceRequest(Date.now() - 3_000) });
  expect(unauthorised.status()).toBe(401);

  const sent = await request.post("/v1/traces", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    data: traceRequest(Date.now() - 3_000),
  });
  expect(sent.status()).toBe(200);

  const graph = await (await request.get("/api/v1/graph?range=15m")).json();
  const edge = graph.edges.find((e: { source: string; target: string }) => e.source === "service:web" && e.target === "service:catalog");
  expect(edge).toMatchObject({ kind: "http", calls: 1, errors: 1 });

  await page.goto("/");
  const table = page.getByTestId("edge-table");
  await expect(table).toBeVisible();
  const row = table.getByRole("row").filter({ hasText: "catalog" }).filter({ hasText: "web" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(2)).toHaveText("http");
  await page.screenshot({ path: "test-results/landing.png", fullPage: true });
});

test("the API answers bad input with a precise error", async ({ request }) => {
  const badRange = await request.get("/api/v1/graph?range=forever");
  expect(badRange.status()).toBe(400);
  expect((await badRange.json()).error.message).toMatch(/^range/);
  const noAdmin = await request.post("/api/v1/clusters", { data: { name: "x" } });
  expect(noAdmin.status()).toBe(401);
});
