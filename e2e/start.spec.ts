// `npm start` from an empty data folder brings up a living graph: the server on the embedded
// database, one collector, and the simulator sending through it. Runs scripts/start.mjs as a
// newcomer would (the production build already exists when the browser tests run).
import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const PORT = 3310;
const base = `http://127.0.0.1:${PORT}`;
let stack: ChildProcess;
let dataDir: string;

test.beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "strata-start-"));
  stack = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(PORT), STRATA_DATA_DIR: dataDir, DATABASE_URL: "", STRATA_ADMIN_TOKEN: "", STRATA_SIMULATOR_BACKFILL: "3m" },
    stdio: "ignore",
    detached: true, // its own process group, so the server, collector and simulator stop with it
  });
});

test.afterAll(async () => {
  if (stack?.pid) {
    const exited = new Promise((r) => stack.once("exit", r));
    process.kill(-stack.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (stack.exitCode === null) process.kill(-stack.pid, "SIGKILL");
  }
  // The embedded database may still be closing its files for a moment after the process exits.
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

test("npm start shows the simulated payments platform, live", async ({ page, request }) => {
  test.setTimeout(180_000);
  await expect
    .poll(
      async () => {
        const res = await request.get(`${base}/api/v1/graph?range=15m`).catch(() => null);
        if (!res?.ok()) return 0;
        const graph = (await res.json()) as { nodes: { kind: string }[] };
        return graph.nodes.filter((n) => n.kind === "service").length;
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .toBeGreaterThanOrEqual(12);

  // Flow logs reach the graph by another road (files tailed by the collector) and may land later.
  await expect
    .poll(async () => (await (await request.get(`${base}/api/v1/graph?range=15m&layer=network`)).json()).edges.length, {
      timeout: 60_000,
      intervals: [1000],
    })
    .toBeGreaterThan(0);

  await page.goto(base);
  const state = page.getByTestId("graph-state");
  await expect(state).toHaveAttribute("data-ready", "true");
  await expect.poll(async () => Number(await state.getAttribute("data-nodes"))).toBeGreaterThanOrEqual(12);

  // The demo panel injects a fault into the running simulator.
  const demo = page.getByRole("region", { name: "Demo: inject a fault" });
  await demo.getByLabel("Fault", { exact: true }).selectOption("slow-database");
  await demo.getByRole("button", { name: "Inject" }).click();
  await expect(demo.getByRole("list", { name: "active faults" })).toContainText("slow-database");
  await page.screenshot({ path: "test-results/npm-start.png", fullPage: true });
});
