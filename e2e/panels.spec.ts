// The drilldown panels against the production build, on data seeded through the public ingest
// APIs (panels-seed.ts): a node and an edge opened by clicking the canvas show the seeded
// numbers; the network layer's panels show flows with their reasons; everything opens with
// Enter and closes with Escape; the theme toggle applies and is remembered. Screenshots of each
// panel are saved in test-results/.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PANELS, seedPanels } from "./panels-seed";

const API = `service:${PANELS.api}`;
const WEB_API = `service:${PANELS.web}->${API}:http`;
const NET_EDGE = `workload:${PANELS.webWorkload}->workload:${PANELS.apiWorkload}:flow`;
const NET_API = `workload:${PANELS.apiWorkload}`;

let traceIds: string[] = [];

/** The whole panel in the screenshot, not just its scrolled viewport. */
async function panelShot(panel: Locator, name: string) {
  await panel.evaluate((el) => ((el as HTMLElement).style.maxHeight = "none"));
  await panel.screenshot({ path: `test-results/${name}.png` });
  await panel.evaluate((el) => ((el as HTMLElement).style.maxHeight = ""));
}

test.beforeAll(async ({ request }) => {
  ({ traceIds } = await seedPanels(request));
});

const graphState = (page: Page) => page.getByTestId("graph-state");

async function graphReady(page: Page, mustHave: string[]) {
  await expect(graphState(page)).toHaveAttribute("data-ready", "true");
  for (const id of mustHave) {
    await expect.poll(() => page.evaluate(() => [...(window.__strataGraph?.nodeIds() ?? []), ...(window.__strataGraph?.edgeIds() ?? [])])).toContain(id);
  }
}

async function clickElement(page: Page, kind: "nodePosition" | "edgePosition", id: string) {
  await expect.poll(() => page.evaluate(([k, i]) => window.__strataGraph?.[k as "nodePosition"](i) ?? null, [kind, id] as const)).not.toBeNull();
  const at = (await page.evaluate(([k, i]) => window.__strataGraph![k as "nodePosition"](i), [kind, id] as const))!;
  await page.mouse.click(at.x, at.y);
}

test("a clicked node opens the service panel with its RED, operations, callers, instances and recent errors", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [API, WEB_API]);
  await clickElement(page, "nodePosition", API);
  const panel = page.getByRole("complementary", { name: `service ${PANELS.api}` });
  await expect(panel.getByRole("heading", { name: PANELS.api })).toBeFocused();
  await expect(panel.getByTestId("service-calls")).toHaveText(String(PANELS.calls));
  await expect(panel.getByTestId("service-errors")).toHaveText(String(PANELS.errors));
  await expect(panel.getByTestId("service-error-rate")).toHaveText("40%");
  for (const chart of ["requests per second", "errors per minute", "latency p50, p95 and p99 per minute"]) {
    await expect(panel.getByRole("group", { name: chart })).toBeVisible();
  }
  // The chart readout names the minute's values; the deploy of the seeded version is marked.
  await expect(panel.getByRole("group", { name: "errors per minute" })).toContainText(`errors ${PANELS.errors}`);
  await expect(panel.getByRole("group", { name: "requests per second" })).toContainText("▼ deploy");
  const ops = panel.getByRole("table", { name: "operations" });
  await expect(ops.getByRole("row").filter({ hasText: "GET /orders" })).toContainText(`${PANELS.calls}`);
  await ops.getByRole("button", { name: /calls/ }).click(); // sortable: flips to ascending
  await expect(ops.getByRole("columnheader", { name: /calls/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(panel.getByRole("table", { name: "callers" }).getByRole("row", { name: `${PANELS.web} calls ${PANELS.api} (http)` })).toBeVisible();
  await expect(panel.getByRole("table", { name: "instances" })).toContainText(PANELS.instance);
  await expect(panel.getByRole("list", { name: "versions" })).toContainText(PANELS.version);
  const errors = panel.getByRole("list", { name: "recent errors" });
  await expect(errors.getByRole("listitem")).toHaveCount(PANELS.errors);
  await expect(errors.getByRole("listitem").first()).toContainText(`${PANELS.exception.type}: ${PANELS.exception.message}`);
  await expect(errors.getByRole("link", { name: "GET /orders" }).first()).toHaveAttribute("href", new RegExp(`/traces/(${traceIds.join("|")})$`));
  await panelShot(panel, "panels-service");

  // Enter on a caller row drills into the edge; Escape closes it.
  await panel.getByRole("row", { name: `${PANELS.web} calls ${PANELS.api} (http)` }).focus();
  await page.keyboard.press("Enter");
  const edge = page.getByRole("complementary", { name: `edge ${WEB_API}` });
  await expect(edge.getByTestId("edge-calls")).toHaveText(String(PANELS.calls));
  await page.keyboard.press("Escape");
  await expect(edge).toHaveCount(0);
  await expect(page).not.toHaveURL(/sel=/);
});

test("an operation row drills into that operation: its RED over time and traces, kept in the URL", async ({ page }) => {
  await page.goto(`/?refresh=off&sel=${encodeURIComponent(API)}&panel=service`);
  const panel = page.getByRole("complementary", { name: `service ${PANELS.api}` });
  const row = panel.getByRole("table", { name: "operations" }).getByRole("row", { name: /^operation GET \/orders \(server\)/ });
  await row.focus();
  await page.keyboard.press("Enter");
  const op = panel.getByRole("region", { name: "operation GET /orders" });
  await expect(op.getByRole("heading", { name: "Operation GET /orders" })).toBeFocused();
  await expect(page).toHaveURL(/op=GET\+%2Forders/);
  // the operations table marks the row that is open, and only that one
  const table = panel.getByRole("table", { name: "operations" });
  await expect(row).toHaveAttribute("aria-current", "true");
  await expect(table.locator("tr[aria-current]")).toHaveCount(1);
  await expect(op.getByTestId("operation-calls")).toHaveText(String(PANELS.calls));
  await expect(op.getByTestId("operation-errors")).toHaveText(String(PANELS.errors));
  await expect(op.getByRole("group", { name: "GET /orders: errors per minute" })).toContainText(`errors ${PANELS.errors}`);
  await expect(op.getByRole("list", { name: "latest traces" }).getByRole("link")).not.toHaveCount(0);
  const search = op.getByRole("link", { name: "Search this operation's traces" });
  await expect(search).toHaveAttribute("href", new RegExp(`^/traces\\?service=${PANELS.api}&operation=GET\\+%2Forders`));
  await panelShot(panel, "panels-operation");

  // The link reproduces the drill; "All operations" goes back to the whole service.
  await page.reload();
  await expect(op.getByTestId("operation-calls")).toHaveText(String(PANELS.calls));
  await op.getByRole("button", { name: "All operations" }).click();
  await expect(op).toHaveCount(0);
  await expect(page).not.toHaveURL(/op=/);
  await expect(table.locator("tr[aria-current]")).toHaveCount(0);

  // The trace search opens narrowed to the service and the operation.
  await row.click();
  await op.getByRole("link", { name: "Search this operation's traces" }).click();
  await expect(page).toHaveURL(/\/traces\?service=pnl-api&operation=GET/);
  // Traces match by any span (Jaeger's rule): the root span is the caller's.
  await expect(page.getByRole("table", { name: "traces" })).toContainText(`${PANELS.web} GET /checkout`);
});

test("groups collapse and expand one by one from the keyboard, and each change is announced", async ({ page }) => {
  const GROUP = "group:namespace:pnl";
  await page.goto("/?refresh=off&group=namespace");
  await graphReady(page, [API]);
  await expect.poll(() => page.evaluate((id) => window.__strataGraph?.dataOf(id)?.parent ?? null, API)).toBe(GROUP);
  const groups = page.getByText(/^Groups \(/);
  await groups.focus();
  await page.keyboard.press("Enter"); // opens the disclosure
  const toggle = page.getByRole("list", { name: "namespace groups" }).getByRole("button", { name: "pnl" });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page).toHaveURL(/collapsed=group%3Anamespace%3Apnl/);
  await expect(page.getByTestId("group-announcement")).toHaveText("namespace pnl collapsed");
  await expect.poll(() => page.evaluate(() => window.__strataGraph?.nodeIds() ?? [])).not.toContain(API);
  await expect.poll(() => page.evaluate((id) => window.__strataGraph?.dataOf(id)?.collapsed ?? null, GROUP)).toBe(true);
  await page.screenshot({ path: "test-results/panels-group-collapsed.png" });
  await page.keyboard.press("Space");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("group-announcement")).toHaveText("namespace pnl expanded");
  await expect.poll(() => page.evaluate(() => window.__strataGraph?.nodeIds() ?? [])).toContain(API);
});

test("a clicked edge opens the edge panel: histogram with percentiles, status codes, calls over time, exemplars, network beneath", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_API]);
  await clickElement(page, "edgePosition", WEB_API);
  const panel = page.getByRole("complementary", { name: `edge ${WEB_API}` });
  await expect(panel.getByRole("heading", { name: `${PANELS.web} → ${PANELS.api}` })).toBeFocused();
  await expect(panel.getByTestId("edge-calls")).toHaveText(String(PANELS.calls));
  await expect(panel.getByTestId("edge-errors")).toHaveText(String(PANELS.errors));
  const histogram = panel.getByRole("group", { name: /latency histogram, client and server/ });
  await expect(histogram).toBeVisible();
  await expect(histogram.locator(".chart-quantile.server")).toHaveCount(3);
  await expect(histogram.locator(".chart-quantile.client")).toHaveCount(3);
  await histogram.focus();
  await page.keyboard.press("End");
  await expect(histogram.locator(".chart-readout")).toContainText(/client \d+, server \d+/);
  await expect(panel.getByRole("list", { name: "status classes" })).toContainText(`5xx: ${PANELS.errors}`);
  await expect(panel.getByRole("list", { name: "status classes" })).toContainText(`2xx: ${PANELS.calls - PANELS.errors}`);
  await expect(panel.getByRole("list", { name: "status codes" })).toContainText("503");
  await expect(panel.getByRole("group", { name: "calls and errors per minute" })).toContainText("calls");
  await expect(panel.getByRole("list", { name: "exemplar traces" }).getByRole("link").first()).toHaveAttribute("href", /\/traces\/[0-9a-f]{32}$/);
  await expect(panel.getByTestId("edge-network-flows")).toHaveText(String(PANELS.flows));
  await expect(panel.getByTestId("edge-network-rejects")).toHaveText(String(PANELS.rejects));
  await expect(panel.getByTestId("edge-network-retransmits")).toHaveText(String(PANELS.retransmits));
  await expect(panel.getByRole("table", { name: "top flows beneath" })).toContainText(PANELS.rejectReason);
  await panelShot(panel, "panels-edge");

  // The network edge beneath opens on the network layer.
  await panel.getByRole("button", { name: `${PANELS.webWorkload} → ${PANELS.apiWorkload}` }).click();
  await expect(page).toHaveURL(/layer=network/);
  await expect(page.getByRole("complementary", { name: `network edge ${NET_EDGE}` }).getByTestId("network-flows")).toHaveText(String(PANELS.flows));
});

test("the network layer: an edge shows flows with verdicts and reasons, a node its peers and talkers", async ({ page }) => {
  await page.goto("/?refresh=off&layer=network");
  await graphReady(page, [NET_EDGE]);
  await clickElement(page, "edgePosition", NET_EDGE);
  const panel = page.getByRole("complementary", { name: `network edge ${NET_EDGE}` });
  await expect(panel.getByTestId("network-flows")).toHaveText(String(PANELS.flows));
  await expect(panel.getByTestId("network-rejects")).toHaveText(String(PANELS.rejects));
  await expect(panel.getByTestId("network-retransmits")).toHaveText(String(PANELS.retransmits));
  await expect(panel.getByRole("group", { name: "bytes per minute" })).toBeVisible();
  await expect(panel.getByRole("list", { name: "verdicts and reasons" })).toContainText(`${PANELS.rejectReason}: ${PANELS.rejects} flows`);
  await expect(panel.getByRole("table", { name: "top talkers by rejects" })).toContainText(`${PANELS.webAddr} → ${PANELS.apiAddr}`);
  await expect(panel.getByRole("table", { name: "addresses and services" })).toContainText(PANELS.api);
  const flows = panel.getByRole("table", { name: "flows" });
  await expect(flows.getByRole("row")).toHaveCount(PANELS.flows + 1);
  await expect(flows.locator("tr[data-verdict=reject]")).toHaveCount(PANELS.rejects);
  await expect(flows.locator("tr[data-verdict=reject]").first()).toContainText(PANELS.rejectReason);
  await panel.getByRole("combobox", { name: "Verdict" }).selectOption("reject");
  await expect(flows.getByRole("row")).toHaveCount(PANELS.rejects + 1);
  await panelShot(panel, "panels-network-edge");

  await clickElement(page, "nodePosition", NET_API);
  const node = page.getByRole("complementary", { name: `network node ${NET_API}` });
  await expect(node.getByTestId("network-flows-in")).toHaveText(String(PANELS.flows));
  await expect(node.getByTestId("network-rejects-in")).toHaveText(String(PANELS.rejects));
  await expect(node.getByRole("table", { name: "top talkers by bytes" })).toContainText(PANELS.webAddr);
  await panelShot(node, "panels-network-node");
  // A peer row opens its network edge from the keyboard.
  await node.getByRole("row", { name: `from ${PANELS.webWorkload}: open the network edge` }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("complementary", { name: `network edge ${NET_EDGE}` })).toBeVisible();
});

test("keyboard: Enter on the edge table opens a panel with focus in it, Escape closes it and focus returns", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_API]);
  const button = page.getByTestId("edge-table").getByRole("button", { name: `edge ${PANELS.web} to ${PANELS.api} (http)` });
  await button.focus();
  await page.keyboard.press("Enter");
  const panel = page.getByRole("complementary", { name: `edge ${WEB_API}` });
  await expect(panel.getByTestId("edge-calls")).toHaveText(String(PANELS.calls));
  await expect(panel.getByRole("heading", { level: 2 })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(panel.getByRole("button", { name: "Close panel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(button).toBeFocused();
});

test("an unknown selection shows the panel's error, not an empty panel", async ({ page }) => {
  await page.goto(`/?refresh=off&sel=${encodeURIComponent("service:nobody-here")}&panel=service`);
  const panel = page.getByRole("complementary", { name: "service nobody-here" });
  await expect(panel.getByRole("alert")).toContainText('no service named "nobody-here"');
  await expect(panel.getByRole("button", { name: "Retry" })).toBeVisible();
});

test("the theme follows the system until chosen, applies at once and is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(`/?refresh=off&sel=${encodeURIComponent(WEB_API)}&panel=edge`);
  await expect(page.getByRole("complementary", { name: `edge ${WEB_API}` }).getByTestId("edge-calls")).toHaveText(String(PANELS.calls));
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("system");
  await expect.poll(bg).toBe("rgb(247, 248, 250)");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect.poll(bg).toBe("rgb(15, 17, 21)");
  await page.screenshot({ path: "test-results/panels-dark.png" });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");
  await expect.poll(bg).toBe("rgb(15, 17, 21)");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("system");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.+/);
  await expect.poll(bg).toBe("rgb(247, 248, 250)");
  await page.screenshot({ path: "test-results/panels-light.png" });
});
