// The browser half of bench:ui, in headless Debian Chromium through Playwright: first render of
// the seeded graph, and the main-thread cost of a refresh that only changes numbers. Main-thread
// time is Chromium's own TaskDuration counter (CDP Performance.getMetrics): every task the
// renderer's main thread ran (script, style, layout, paint) between two readings, idle excluded.
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
}

/** Resolves after two animation frames: whatever was patched has been painted. */
const painted = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

const hookNumber = (page: Page, attribute: string) =>
  page.getByTestId("graph-state").getAttribute(attribute).then((v) => Number(v ?? 0));

/** Navigation → the graph hook reports `nodes` nodes laid out → painted. */
export async function firstRender(browser: Browser, url: string, nodes: number): Promise<{ ms: number; mainThreadMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const started = performance.now();
  await page.goto(url);
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="graph-state"]');
      return el?.getAttribute("data-ready") === "true" && Number(el.getAttribute("data-nodes")) >= n && Number(el.getAttribute("data-layouts")) >= 1;
    },
    nodes,
    { polling: "raf", timeout: 120_000 },
  );
  await painted(page);
  const ms = performance.now() - started;
  const mainThreadMs = await taskMs(cdp);
  await page.close();
  return { ms, mainThreadMs };
}

/** Baseline for first render: an app page of the same build with no graph (the trace search, empty). */
export async function emptyPageRender(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const started = performance.now();
  await page.goto(url);
  await page.getByText("No traces match").waitFor({ timeout: 60_000 });
  await painted(page);
  const ms = performance.now() - started;
  await page.close();
  return ms;
}

export interface RefreshCosts {
  /** main-thread ms of refreshes that brought new numbers (patched into the graph) */
  patched: number[];
  /** main-thread ms of refreshes whose answer was unchanged (fetched and parsed, nothing to patch) */
  unchanged: number[];
  moved: boolean;
}

/**
 * Opens the live graph at refresh=5s and, for each round, reads the main-thread counter, waits for
 * the next poll's response and its effect (a patch when `change` put new numbers in the database,
 * else a quiet half second), waits for paint, and reads the counter again.
 */
export async function refreshCosts(browser: Browser, url: string, nodes: number, rounds: number, change: () => Promise<void>): Promise<RefreshCosts> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(url);
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="graph-state"]')?.getAttribute("data-nodes")) >= n, nodes, { timeout: 120_000 });
  await painted(page);
  const someNode = await page.evaluate(() => window.__strataGraph!.nodeIds()[0]);
  const before = await page.evaluate((id) => window.__strataGraph!.modelPosition(id), someNode);
  const costs: RefreshCosts = { patched: [], unchanged: [], moved: false };
  const isGraph = (r: { url(): string }) => new URL(r.url()).pathname === "/api/v1/graph";
  for (let round = 0; round < rounds * 2; round++) {
    const withChange = round % 2 === 0;
    // Let the previous poll settle, then start from a quiet main thread.
    await page.waitForResponse(isGraph, { timeout: 30_000 });
    await page.waitForTimeout(700);
    if (withChange) await change();
    const patches = await hookNumber(page, "data-patches");
    const t0 = await taskMs(cdp);
    await page.waitForResponse(isGraph, { timeout: 30_000 });
    if (withChange) await page.waitForFunction((p) => Number(document.querySelector('[data-testid="graph-state"]')?.getAttribute("data-patches")) > p, patches, { timeout: 30_000 });
    else await page.waitForTimeout(500);
    await painted(page);
    const spent = (await taskMs(cdp)) - t0;
    (withChange ? costs.patched : costs.unchanged).push(spent);
  }
  const after = await page.evaluate((id) => window.__strataGraph!.modelPosition(id), someNode);
  costs.moved = before!.x !== after!.x || before!.y !== after!.y;
  await page.close();
  return costs;
}
