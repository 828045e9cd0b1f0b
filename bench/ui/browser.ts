// The browser half of bench:ui, in headless Debian Chromium through Playwright: first render of
// the seeded graph, and the main-thread cost of a refresh that only changes numbers. Main-thread
// time is Chromium's own TaskDuration counter (CDP Performance.getMetrics): every task the
// renderer's main thread ran (script, style, layout, paint) between two readings, idle excluded;
// it is wall time, so it grows when other processes take the cores. ThreadTime, the main
// thread's CPU time in the same reading, does not: on a shared machine it is the figure to compare.
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";
import { describeProfile, startProfile, stopProfile } from "./cpu-profile";

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** Main-thread time split as Chromium counts it: script, style recalculation, layout, and all tasks. */
export interface MainThread {
  task: number;
  script: number;
  style: number;
  layout: number;
  /** CPU time of the main thread (ThreadTime) */
  cpu: number;
}

async function mainThread(cdp: CDPSession): Promise<MainThread> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get("TaskDuration"), script: get("ScriptDuration"), style: get("RecalcStyleDuration"), layout: get("LayoutDuration"), cpu: get("ThreadTime") };
}

const minus = (a: MainThread, b: MainThread): MainThread => ({ task: a.task - b.task, script: a.script - b.script, style: a.style - b.style, layout: a.layout - b.layout, cpu: a.cpu - b.cpu });

async function taskMs(cdp: CDPSession): Promise<number> {
  return (await mainThread(cdp)).task;
}

export const describeMainThread = (m: MainThread) =>
  `${m.task.toFixed(0)} ms (script ${m.script.toFixed(0)}, style ${m.style.toFixed(0)}, layout ${m.layout.toFixed(0)}, rest incl. canvas paint ${(m.task - m.script - m.style - m.layout).toFixed(0)}; CPU ${m.cpu.toFixed(0)} ms)`;

/** Resolves after two animation frames: whatever was patched has been painted. */
const painted = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

const hookNumber = (page: Page, attribute: string) =>
  page.getByTestId("graph-state").getAttribute(attribute).then((v) => Number(v ?? 0));

/** Navigation → the graph hook reports `nodes` nodes laid out → painted. */
export interface FirstRender {
  /** navigation start → graph drawn */
  ms: number;
  /** navigation start → the HTML's first byte */
  firstByteMs: number;
  /** navigation start → the graph API's answer fully received by the browser */
  dataMs: number;
  /** main-thread busy time from the graph's answer received to the graph drawn */
  afterData: MainThread;
  /** main-thread busy time of the whole load */
  mainThread: MainThread;
}

/** profile: write a CPU profile of the whole load to profile.dir/profile.name.cpuprofile, summary in `profile.summary`. */
export async function firstRender(browser: Browser, url: string, nodes: number, profile?: { dir: string; name: string; summary?: string }): Promise<FirstRender> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  if (profile) await startProfile(cdp);
  const started = performance.now();
  // The graph is fetched by the page itself: note when its answer has arrived.
  let dataMs = NaN;
  let atData: Promise<MainThread> | null = null;
  const graphAnswer = page
    .waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/graph", { timeout: 120_000 })
    .then(async (r) => {
      await r.finished();
      dataMs = performance.now() - started;
      atData = mainThread(cdp);
    });
  await page.goto(url);
  await graphAnswer;
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
  const busy = await mainThread(cdp);
  if (profile) profile.summary = describeProfile(await stopProfile(cdp, profile.dir, profile.name));
  const afterData = minus(busy, await atData!);
  const firstByteMs = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart);
  await page.close();
  return { ms, firstByteMs, dataMs, afterData, mainThread: busy };
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

/** How long a poll's answer may take to be patched before the poll counts as one without the change (the 5 s poll interval is the bound). */
const POLL_SETTLE_MS = 4_000;

export interface RefreshCosts {
  /** main-thread ms from a poll's response to its patch painted, when the numbers changed */
  patched: number[];
  /** the split of the median patched refresh */
  patchedSplit: MainThread | null;
  /** the same span for a poll whose answer was unchanged (parse, nothing to patch), then two frames */
  unchanged: number[];
  /** main-thread CPU time of the same spans (ThreadTime), patched and unchanged */
  patchedCpu: number[];
  unchangedCpu: number[];
  /** "unchanged" polls left out because the answer did change (the window moved to a new minute) */
  unchangedChanged: number;
  /** polls after a change that brought no patch yet (left out; the next poll is measured) */
  changeLate: number;
  /** main-thread ms per second while nothing happens between polls (timers, status ticks) */
  idlePerSecond: number;
  moved: boolean;
  /** with a profile directory: the self-time summary of the profiled extra refreshes */
  profiles: string[];
}

/**
 * Opens the live graph at refresh=5s. Per round: `change` puts new numbers in the database (or
 * not), and the main-thread counter is read when the next poll's response reaches the browser
 * and again once its patch is painted (or, unchanged, two frames after the response was handled).
 */
export async function refreshCosts(
  browser: Browser,
  url: string,
  nodes: number,
  rounds: number,
  change: () => Promise<void>,
  profileDir?: string,
): Promise<RefreshCosts> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(url);
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="graph-state"]')?.getAttribute("data-nodes")) >= n, nodes, { timeout: 120_000 });
  await painted(page);
  const someNode = await page.evaluate(() => window.__strataGraph!.nodeIds()[0]);
  const before = await page.evaluate((id) => window.__strataGraph!.modelPosition(id), someNode);
  const costs: RefreshCosts = { patched: [], patchedSplit: null, unchanged: [], patchedCpu: [], unchangedCpu: [], unchangedChanged: 0, changeLate: 0, idlePerSecond: 0, moved: false, profiles: [] };
  const splits: MainThread[] = [];
  const isGraph = (r: { url(): string }) => new URL(r.url()).pathname === "/api/v1/graph";
  const idle: number[] = [];
  for (let round = 0; round < rounds * 2; round++) {
    const withChange = round % 2 === 0;
    // Let the previous poll settle; measure the quiet stretch before the next one.
    await page.waitForResponse(isGraph, { timeout: 120_000 });
    await page.waitForTimeout(1000);
    const q0 = await taskMs(cdp);
    await page.waitForTimeout(1000);
    idle.push((await taskMs(cdp)) - q0);
    if (withChange) await change();
    const patches = await hookNumber(page, "data-patches");
    let t0: MainThread;
    // One poll's cost, from its response to its patch painted. A poll that brings no patch (the
    // server had not seen the change yet) is skipped and counted, so a figure never spans polls.
    for (;;) {
      const response = page.waitForResponse(isGraph, { timeout: 120_000 });
      await (await response).finished();
      t0 = await mainThread(cdp);
      if (!withChange) break;
      const patched = await page
        .waitForFunction((p) => Number(document.querySelector('[data-testid="graph-state"]')?.getAttribute("data-patches")) > p, patches, { timeout: POLL_SETTLE_MS })
        .then(() => true, () => false);
      if (patched) break;
      costs.changeLate++;
    }
    await painted(page);
    const spent = minus(await mainThread(cdp), t0);
    // A 1 h window slides every minute: an answer meant to be unchanged may have new numbers.
    if (!withChange && (await hookNumber(page, "data-patches")) > patches) {
      costs.unchangedChanged++;
      continue;
    }
    (withChange ? costs.patched : costs.unchanged).push(spent.task);
    (withChange ? costs.patchedCpu : costs.unchangedCpu).push(spent.cpu);
    if (withChange) splits.push(spent);
  }
  // Profiled refreshes come after the measured ones: sampling slows the page down a little.
  for (let round = 0; profileDir && round < 2; round++) {
    await page.waitForResponse(isGraph, { timeout: 120_000 });
    await page.waitForTimeout(1000);
    await change();
    const patches = await hookNumber(page, "data-patches");
    const response = page.waitForResponse(isGraph, { timeout: 120_000 });
    await startProfile(cdp);
    await (await response).finished();
    await page.waitForFunction((p) => Number(document.querySelector('[data-testid="graph-state"]')?.getAttribute("data-patches")) > p, patches, { timeout: 120_000 });
    await painted(page);
    costs.profiles.push(describeProfile(await stopProfile(cdp, profileDir, `refresh-${round + 1}`)));
  }
  costs.idlePerSecond = percentileOf(idle, 0.5);
  costs.patchedSplit = [...splits].sort((a, b) => a.task - b.task)[Math.floor(splits.length / 2)] ?? null;
  const after = await page.evaluate((id) => window.__strataGraph!.modelPosition(id), someNode);
  costs.moved = before!.x !== after!.x || before!.y !== after!.y;
  await page.close();
  return costs;
}

function percentileOf(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
