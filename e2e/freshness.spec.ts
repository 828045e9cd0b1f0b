// Freshness end to end: a span tree for a new service pair sent to a real collector agent (started
// as `npm start` starts it) appears as an edge on the graph page at the 5 s refresh setting. The
// figure itself (how many seconds) is measured by `npm run bench:ui`; this only proves the road.
import { expect, test } from "@playwright/test";
import { createClusterToken } from "./graph-seed";
import { newPairTrace, sendToCollector, serviceEdgeId, startCollector, type CollectorProcess } from "./freshness-stack";

let collector: CollectorProcess | null = null;
test.afterAll(async () => {
  await collector?.stop();
});

test("a span sent to the collector shows as a new edge on the live graph", async ({ page, baseURL }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const token = await createClusterToken(page.request, `fresh-${run}`);
  collector = await startCollector(baseURL!, token);
  const [caller, callee] = [`fresh-web-${run}`, `fresh-api-${run}`];

  await page.goto("/?range=5m&refresh=5s");
  await expect(page.getByTestId("graph-state")).toHaveAttribute("data-ready", "true");
  await sendToCollector(collector.otlpUrl, newPairTrace(caller, callee));
  await expect
    .poll(() => page.evaluate(() => window.__strataGraph?.edgeIds() ?? []), { timeout: 30_000, intervals: [250] })
    .toContain(serviceEdgeId(caller, callee));
  await page.screenshot({ path: "test-results/freshness.png" });
});
