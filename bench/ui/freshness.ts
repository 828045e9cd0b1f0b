// Freshness: from handing a span tree for a new service pair to the collector until the new edge
// is on the graph page in Chromium at refresh=5s; baseline, in the same run, until the graph API
// first answers with the edge (polled every 100 ms), i.e. the ingest road without the browser.
import type { Browser } from "@playwright/test";
import { newPairTrace, sendToCollector, serviceEdgeId, startCollector } from "../../e2e/freshness-stack";

export interface FreshnessResult {
  pageSeconds: number[];
  apiSeconds: number[];
}

async function untilApiHas(serverUrl: string, cluster: string, edge: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const res = await fetch(`${serverUrl}/api/v1/graph?layer=service&range=5m&cluster=${encodeURIComponent(cluster)}`);
    const body = (await res.json()) as { edges?: Array<{ id: string }> };
    if (body.edges?.some((e) => e.id === edge)) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`edge ${edge} not in the API after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The trials' spans go to a cluster of their own and the page shows only that cluster: the
 * seeded system alone is at the graph page's 300-node budget, above which nothing is drawn.
 */
export async function measureFreshness(browser: Browser, serverUrl: string, cluster: { name: string; token: string }, trials: number, cutMs: number): Promise<FreshnessResult> {
  const collector = await startCollector(serverUrl, cluster.token, cutMs);
  const result: FreshnessResult = { pageSeconds: [], apiSeconds: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${serverUrl}/?range=5m&refresh=5s&cluster=${encodeURIComponent(cluster.name)}`);
    await page.getByTestId("graph-state").and(page.locator('[data-ready="true"]')).waitFor({ state: "attached", timeout: 120_000 });
    for (let i = 0; i < trials; i++) {
      const run = `${Date.now().toString(36)}${i}`;
      const [caller, callee] = [`fresh-web-${run}`, `fresh-api-${run}`];
      const edge = serviceEdgeId(caller, callee);
      // Trials start at a random point of the 5 s poll, as a real span would.
      await new Promise((r) => setTimeout(r, Math.random() * 5000));
      const started = performance.now();
      await sendToCollector(collector.otlpUrl, newPairTrace(caller, callee));
      const api = untilApiHas(serverUrl, cluster.name, edge, 60_000);
      await page.waitForFunction((id) => window.__strataGraph?.edgeIds().includes(id) ?? false, edge, { polling: 50, timeout: 60_000 });
      result.pageSeconds.push((performance.now() - started) / 1000);
      result.apiSeconds.push(await api);
    }
    await page.close();
  } finally {
    await collector.stop();
  }
  return result;
}
