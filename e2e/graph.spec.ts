// The live graph against the production build: seeded through the public ingest APIs, driven
// through the canvas test hook (node/edge counts and selection in data-testid="graph-state",
// positions from window.__strataGraph) and checked with web-first assertions only.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { callTrace, createClusterToken, manyServicesTrace, postNetworkMinute, postTrace } from "./graph-seed";

const WEB = "service:shop-web";
const CART = "service:shop-cart";
const PAY = "service:shop-pay";
const WEB_CART = `${WEB}->${CART}:http`;
const CART_PAY = `${CART}->${PAY}:http`;
const PROBE = "service:shop-probe";
const LEGACY = "service:shop-legacy";
const WEB_LEGACY = `${WEB}->${LEGACY}:http`;
const SHOP_GROUP = "group:namespace:shop";
// operationId("shop-cart", "GET /items"): the id is length-prefixed
const CART_ITEMS_OP = "operation:9:shop-cart/GET /items";

let token = "";
let firstTraceId = "";

test.beforeAll(async ({ request }) => {
  token = await createClusterToken(request, "graph-e2e");
  const t = callTrace(0xe2e001, "shop-web", "shop-cart", Date.now() - 4_000, { error: true });
  firstTraceId = t.traceId;
  await postTrace(request, token, t.body);
  await postNetworkMinute(request, token, "shop-web-deploy", "shop-cart-deploy");
  // A probe in another namespace, and a dependency that existed an hour ago only (baseline).
  await postTrace(request, token, callTrace(0xe2e010, "shop-probe", "shop-web", Date.now() - 3_000).body);
  await postTrace(request, token, callTrace(0xe2e011, "shop-web", "shop-legacy", Date.now() - 62 * 60_000).body);
});

/** A screenshot of a main view: a file under test-results/ and an attachment of the test. */
async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const path = `test-results/${name}.png`;
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

const graphState = (page: Page) => page.getByTestId("graph-state");
const dataOf = (page: Page, id: string) => page.evaluate((i) => window.__strataGraph?.dataOf(i) ?? null, id);
const drawnIds = (page: Page) => page.evaluate(() => [...(window.__strataGraph?.nodeIds() ?? []), ...(window.__strataGraph?.edgeIds() ?? [])]);

async function hookPosition(page: Page, kind: "nodePosition" | "edgePosition" | "modelPosition", id: string) {
  await expect.poll(() => page.evaluate(([k, i]) => window.__strataGraph?.[k as "nodePosition"](i) ?? null, [kind, id] as const)).not.toBeNull();
  return (await page.evaluate(([k, i]) => window.__strataGraph![k as "nodePosition"](i), [kind, id] as const))!;
}

async function graphReady(page: Page, mustHave: string[]) {
  await expect(graphState(page)).toHaveAttribute("data-ready", "true");
  await expect(graphState(page)).not.toHaveAttribute("data-layouts", "0");
  for (const id of mustHave) {
    await expect.poll(() => page.evaluate(() => [...(window.__strataGraph?.nodeIds() ?? []), ...(window.__strataGraph?.edgeIds() ?? [])])).toContain(id);
  }
}

test("the graph loads, a node opens the service panel with its numbers, and the link reproduces the view", async ({ page, context }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB, CART, WEB_CART]);
  await expect(page.getByRole("img", { name: /service graph: \d+ nodes/ })).toBeVisible();
  await page.screenshot({ path: "test-results/graph.png" });

  const at = await hookPosition(page, "nodePosition", CART);
  await page.mouse.click(at.x, at.y);
  await expect(graphState(page)).toHaveAttribute("data-selected", CART);
  const panel = page.getByRole("complementary", { name: "service shop-cart" });
  await expect(panel.getByRole("heading", { name: "shop-cart" })).toBeVisible();
  await expect(panel.getByTestId("service-calls")).toHaveText("1");
  await expect(panel.getByTestId("service-errors")).toHaveText("1");
  await expect(panel.getByRole("row").filter({ hasText: "GET /items" })).toHaveCount(1);
  await expect(panel.getByRole("button", { name: "shop-web" })).toBeVisible(); // the caller
  await expect(panel.getByRole("list", { name: "versions" })).toContainText("1.4.2"); // the version (also on instances and deploy markers)
  await expect(panel.getByRole("list", { name: "latest traces" }).getByRole("link", { name: "shop-web GET /" })).toHaveCount(1);
  await page.screenshot({ path: "test-results/service-panel.png" });
  await expect(page).toHaveURL(/sel=service%3Ashop-cart/);
  await expect(page).toHaveURL(/panel=service/);

  // A copied link opens the same view in a fresh tab.
  const copy = await context.newPage();
  await copy.goto(page.url());
  await graphReady(copy, [CART]);
  await expect(graphState(copy)).toHaveAttribute("data-selected", CART);
  await expect(copy.getByRole("complementary", { name: "service shop-cart" }).getByTestId("service-calls")).toHaveText("1");
  await expect(copy.getByRole("combobox", { name: "Refresh" })).toHaveValue("off");
  await copy.close();

  // Keyboard: the panel closes with its button.
  await panel.getByRole("button", { name: "Close panel" }).press("Enter");
  await expect(panel).toHaveCount(0);
  await expect(graphState(page)).toHaveAttribute("data-selected", "");
});

test("an edge opens the edge panel with latency and exemplars, and an exemplar opens the waterfall", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_CART]);
  const at = await hookPosition(page, "edgePosition", WEB_CART);
  await page.mouse.click(at.x, at.y);
  await expect(graphState(page)).toHaveAttribute("data-selected", WEB_CART);
  const panel = page.getByRole("complementary", { name: `edge ${WEB_CART}` });
  await expect(panel.getByRole("heading", { name: "shop-web → shop-cart" })).toBeVisible();
  await expect(panel.getByTestId("edge-calls")).toHaveText("1");
  await expect(panel.getByTestId("edge-errors")).toHaveText("1");
  await expect(panel.getByRole("img", { name: /latency histogram/ })).toBeVisible();
  await expect(panel.getByRole("list", { name: "status classes" })).toContainText("5xx: 1");
  await page.screenshot({ path: "test-results/edge-panel.png" });

  await panel.getByRole("link", { name: firstTraceId }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${firstTraceId}$`));
  const waterfall = page.getByRole("region", { name: "trace waterfall" });
  await expect(waterfall.getByRole("treeitem")).toHaveCount(3);
  await expect(waterfall.getByRole("treeitem").filter({ hasText: /shop-cart\s*GET \/items/ })).toBeVisible();
  await page.screenshot({ path: "test-results/trace.png" });
});

test("switching layer and time range is kept in the URL", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB]);
  await page.getByRole("combobox", { name: "Layer" }).selectOption("network");
  await expect(page).toHaveURL(/layer=network/);
  await graphReady(page, ["workload:shop-web-deploy", "workload:shop-cart-deploy"]);
  await expect(graphState(page)).toHaveAttribute("data-layouts", "2"); // no node survived: one new layout
  const at = await hookPosition(page, "edgePosition", "workload:shop-web-deploy->workload:shop-cart-deploy:flow");
  await page.mouse.click(at.x, at.y);
  await expect(page.getByRole("complementary").getByTestId("network-flows")).toHaveText("12");
  await page.screenshot({ path: "test-results/network.png" });

  await page.getByRole("combobox", { name: "Time range" }).selectOption("1h");
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByRole("combobox", { name: "Time range" })).toHaveValue("1h");
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Layer" })).toHaveValue("network");
  await expect(page.getByRole("combobox", { name: "Time range" })).toHaveValue("1h");
  await graphReady(page, ["workload:shop-web-deploy"]);

  // An absolute window: from/to in the URL, refresh paused and disabled.
  await page.getByRole("combobox", { name: "Time range" }).selectOption("custom");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  await expect(page).not.toHaveURL(/range=/);
  await expect(page.getByRole("combobox", { name: "Refresh" })).toBeDisabled();
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Time range" })).toHaveValue("custom");
  await graphReady(page, ["workload:shop-web-deploy->workload:shop-cart-deploy:flow"]);
});

test("a live refresh adds a new edge without moving existing nodes", async ({ page, request }) => {
  await page.goto("/?refresh=5s");
  await graphReady(page, [WEB, CART]);
  const edgesBefore = Number(await graphState(page).getAttribute("data-edges"));
  const layoutsBefore = await graphState(page).getAttribute("data-layouts");
  const ids = await page.evaluate(() => window.__strataGraph!.nodeIds());
  const before = await page.evaluate((all) => all.map((id) => window.__strataGraph!.modelPosition(id)), ids);

  await postTrace(request, token, callTrace(0xe2e002, "shop-cart", "shop-pay", Date.now() - 2_000).body);
  await graphReady(page, [PAY, CART_PAY]);
  // The new root span also brings its own user → shop-cart edge, so count at least one more.
  await expect.poll(async () => Number(await graphState(page).getAttribute("data-edges"))).toBeGreaterThan(edgesBefore);
  expect(await page.evaluate((all) => all.map((id) => window.__strataGraph!.modelPosition(id)), ids)).toEqual(before);
  await expect(graphState(page)).toHaveAttribute("data-layouts", layoutsBefore!);
  await page.screenshot({ path: "test-results/graph-live.png" });
});

test("keyboard: the edge table selects an edge, the panel closes with its button", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_CART]);
  const button = page.getByTestId("edge-table").getByRole("button", { name: "edge shop-web to shop-cart (http)" });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(graphState(page)).toHaveAttribute("data-selected", WEB_CART);
  const panel = page.getByRole("complementary", { name: `edge ${WEB_CART}` });
  await expect(panel.getByTestId("edge-calls")).toHaveText("1");
  await panel.getByRole("button", { name: "Close panel" }).focus();
  await page.keyboard.press("Enter");
  await expect(panel).toHaveCount(0);
});

test("the user owns the viewport after a zoom: a refresh with a new node keeps it, Fit takes it back", async ({ page, request }) => {
  await page.goto("/?refresh=5s");
  await graphReady(page, [CART]);
  const fitted = await page.evaluate(() => window.__strataGraph!.viewport());
  const at = await hookPosition(page, "nodePosition", CART);
  await page.mouse.move(at.x, at.y);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => page.evaluate(() => window.__strataGraph!.viewport().zoom)).not.toBe(fitted.zoom);
  const zoomed = await page.evaluate(() => window.__strataGraph!.viewport());

  await postTrace(request, token, callTrace(0xe2e003, "shop-pay", "shop-bank", Date.now() - 2_000).body);
  await graphReady(page, ["service:shop-bank"]);
  expect(await page.evaluate(() => window.__strataGraph!.viewport())).toEqual(zoomed);

  await page.getByRole("button", { name: "Fit" }).click();
  await expect.poll(() => page.evaluate(() => window.__strataGraph!.viewport())).not.toEqual(zoomed);
});

test("all four layers: application (operations in services), services, network, combined (flows beneath the service edge)", async ({ page }, testInfo) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_CART]);
  const layer = page.getByRole("combobox", { name: "Layer" });

  await layer.selectOption("application");
  await expect(page).toHaveURL(/layer=application/);
  await graphReady(page, [CART_ITEMS_OP, WEB_CART]);
  expect(await dataOf(page, CART_ITEMS_OP)).toMatchObject({ kind: "operation", parent: CART, health: "bad" });
  await snap(page, testInfo, "layer-application");

  await layer.selectOption("combined");
  await graphReady(page, [WEB_CART]);
  await expect.poll(async () => (await dataOf(page, WEB_CART))?.label).toMatch(/⇄ .*\/s · 12 flows · ⊘ 1 rejected · 2 retrans\./);
  expect(await dataOf(page, WEB_CART)).toMatchObject({ rejects: true });
  await expect(page.getByTestId("edge-table").locator(`[data-edge-id="${WEB_CART}"]`)).toContainText("12 flows");
  // Edge labels are drawn for the selected node's edges at any zoom.
  await page.getByTestId("edge-table").getByRole("button", { name: "shop-web", exact: true }).first().click();
  await expect.poll(async () => (await dataOf(page, WEB_CART))?.classes).toContain("neighbour");
  await snap(page, testInfo, "layer-combined");

  await layer.selectOption("network");
  await graphReady(page, ["workload:shop-web-deploy->workload:shop-cart-deploy:flow"]);
  await layer.selectOption("service");
  await graphReady(page, [WEB_CART]);
  expect(await drawnIds(page)).not.toContain(CART_ITEMS_OP);
});

test("grouping by namespace: compound groups that collapse into one node with merged edges, and expand on a click", async ({ page }, testInfo) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB, PROBE]);
  await page.getByRole("combobox", { name: "Group" }).selectOption("namespace");
  await expect(page).toHaveURL(/group=namespace/);
  await expect.poll(async () => (await dataOf(page, WEB))?.parent).toBe(SHOP_GROUP);
  expect(await dataOf(page, PROBE)).toMatchObject({ parent: "group:namespace:ops" });
  expect(await dataOf(page, SHOP_GROUP)).toMatchObject({ kind: "group", collapsed: false });
  await snap(page, testInfo, "grouped-expanded");

  await page.getByRole("button", { name: "Collapse all" }).click();
  await expect(page).toHaveURL(/collapsed=group%3Anamespace%3Ashop/);
  await expect.poll(() => drawnIds(page)).not.toContain(WEB);
  expect(await dataOf(page, SHOP_GROUP)).toMatchObject({ collapsed: true });
  // probe → web became ops → shop: one aggregated edge between the two groups.
  expect(await drawnIds(page)).toContain("group:namespace:ops->group:namespace:shop:grouped");
  await snap(page, testInfo, "grouped-collapsed");

  const at = await hookPosition(page, "nodePosition", SHOP_GROUP);
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => drawnIds(page)).toContain(WEB);
  await expect(page).not.toHaveURL(/collapsed=group%3Anamespace%3Ashop/);
});

test("filters: search dims the rest, only errors, hide a node (kept in the URL), namespace and cluster pickers", async ({ page }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB, CART, PROBE]);
  await page.getByRole("searchbox", { name: "Search" }).fill("cart");
  await expect(page).toHaveURL(/q=cart/);
  await expect.poll(async () => (await dataOf(page, CART))?.classes).toContain("match");
  expect((await dataOf(page, PROBE))?.classes).toContain("dimmed");
  await page.getByRole("searchbox", { name: "Search" }).fill("");

  await page.getByRole("checkbox", { name: "Only errors" }).check();
  await expect(page).toHaveURL(/errors=1/);
  await expect.poll(() => page.evaluate(() => window.__strataGraph!.edgeIds())).toEqual([WEB_CART]);
  await page.getByRole("checkbox", { name: "Only errors" }).uncheck();
  await graphReady(page, [PROBE]);

  await page.getByTestId("edge-table").getByRole("button", { name: "shop-probe", exact: true }).first().click();
  await page.getByRole("button", { name: "Hide selection" }).click();
  await expect(page).toHaveURL(/hide=service%3Ashop-probe/);
  await expect.poll(() => drawnIds(page)).not.toContain(PROBE);
  await page.reload();
  await graphReady(page, [WEB]);
  expect(await drawnIds(page)).not.toContain(PROBE);
  await page.getByRole("button", { name: "show shop-probe again" }).click();
  await graphReady(page, [PROBE]);
  // The one-click suggestion finds the probe by its name.
  await page.getByRole("button", { name: "Hide probes and scrapers (1)" }).click();
  await expect.poll(() => drawnIds(page)).not.toContain(PROBE);
  await page.getByRole("button", { name: "show shop-probe again" }).click();
  await graphReady(page, [PROBE]);

  const namespace = page.getByRole("combobox", { name: "Namespace" });
  await expect(namespace.locator("option")).toContainText(["All namespaces", "ops", "shop"]);
  await namespace.selectOption("ops");
  await expect(page).toHaveURL(/ns=ops/);
  await expect.poll(() => drawnIds(page)).not.toContain(WEB);
  expect(await drawnIds(page)).toContain(PROBE);
  await namespace.selectOption("");
  await page.getByRole("combobox", { name: "Cluster" }).selectOption("graph-e2e");
  await expect(page).toHaveURL(/cluster=graph-e2e/);
  await graphReady(page, [WEB, PROBE]);
});

test("focus on a node with N hops narrows the graph on the server", async ({ page }, testInfo) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [CART, PROBE]);
  await page.getByTestId("edge-table").getByRole("button", { name: "shop-cart", exact: true }).first().click();
  await page.getByRole("button", { name: "Focus on selection" }).click();
  await expect(page).toHaveURL(/focus=service%3Ashop-cart/);
  await expect.poll(() => drawnIds(page)).not.toContain(PROBE); // two hops away
  expect(await drawnIds(page)).toEqual(expect.arrayContaining([CART, WEB, WEB_CART]));
  expect((await dataOf(page, CART))?.classes).toContain("focus");
  await snap(page, testInfo, "focus");
  await page.getByRole("combobox", { name: "Hops" }).selectOption("2");
  await expect(page).toHaveURL(/hops=2/);
  await graphReady(page, [PROBE]);
  await page.getByRole("button", { name: "Clear focus" }).click();
  await expect(page).not.toHaveURL(/focus=/);
});

test("baseline compare: new and vanished edges drawn on the graph, in the legend and the edge table", async ({ page }, testInfo) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_CART]);
  await page.getByRole("combobox", { name: "Compare with" }).selectOption("1h");
  await expect(page).toHaveURL(/base=1h/);
  await expect.poll(async () => (await dataOf(page, WEB_CART))?.compare).toBe("new");
  expect((await dataOf(page, WEB_CART))?.label).toMatch(/★ new/);
  await graphReady(page, [WEB_LEGACY]);
  expect(await dataOf(page, WEB_LEGACY)).toMatchObject({ compare: "vanished" });
  await expect(page.getByTestId("compare-legend")).toBeVisible();
  const row = (id: string) => page.getByTestId("edge-table").locator(`[data-edge-id="${id}"]`).getByTestId("compare-cell");
  await expect(row(WEB_CART)).toHaveText("★ new");
  await expect(row(WEB_LEGACY)).toHaveText(/✕ gone \(was .*\/s\)/);
  await snap(page, testInfo, "baseline-compare", true);
});

test("the URL round trip reproduces a view with layer, grouping, filters, hidden node, baseline and selection", async ({ page, context }) => {
  await page.goto("/?refresh=off");
  await graphReady(page, [WEB_CART, PROBE]);
  await page.getByRole("combobox", { name: "Layer" }).selectOption("combined");
  await graphReady(page, [WEB_CART]);
  await page.getByRole("combobox", { name: "Group" }).selectOption("namespace");
  await page.getByRole("combobox", { name: "Compare with" }).selectOption("1d");
  await page.getByTestId("edge-table").getByRole("button", { name: "shop-probe", exact: true }).first().click();
  await page.getByRole("button", { name: "Hide selection" }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill("web");
  await page.getByTestId("edge-table").getByRole("button", { name: "edge shop-web to shop-cart (http)" }).click();
  await expect(graphState(page)).toHaveAttribute("data-selected", WEB_CART);

  const copy = await context.newPage();
  await copy.goto(page.url());
  await graphReady(copy, [WEB_CART]);
  await expect(copy.getByRole("combobox", { name: "Layer" })).toHaveValue("combined");
  await expect(copy.getByRole("combobox", { name: "Group" })).toHaveValue("namespace");
  await expect(copy.getByRole("combobox", { name: "Compare with" })).toHaveValue("1d");
  await expect(copy.getByRole("searchbox", { name: "Search" })).toHaveValue("web");
  await expect(copy.getByRole("button", { name: "show shop-probe again" })).toBeVisible();
  await expect(graphState(copy)).toHaveAttribute("data-selected", WEB_CART);
  await expect(copy.getByRole("complementary", { name: `edge ${WEB_CART}` })).toBeVisible();
  expect(await dataOf(copy, WEB)).toMatchObject({ parent: SHOP_GROUP });
  expect(await dataOf(copy, WEB_CART)).toMatchObject({ compare: "new" });
  expect(await drawnIds(copy)).not.toContain(PROBE);
  expect((await dataOf(copy, WEB))?.classes).toContain("match");
  await copy.close();
});

// Last: it adds a cluster of 310 services five hours back (outside every other test's window).
test("above the size budget the page asks for a grouping or a focus instead of drawing a hairball", async ({ page, request }, testInfo) => {
  const budgetToken = await createClusterToken(request, "budget-e2e");
  const at = Date.now() - 5 * 3_600_000;
  await postTrace(request, budgetToken, manyServicesTrace(310, 10, at));
  await page.goto(`/?cluster=budget-e2e&from=${at - 600_000}&to=${at + 600_000}`);
  const budget = page.getByTestId("size-budget");
  await expect(budget).toContainText("311 nodes");
  await expect(graphState(page)).toHaveAttribute("data-nodes", "0");
  await snap(page, testInfo, "size-budget");
  await budget.getByRole("button", { name: "Group by namespace (collapsed)" }).click();
  await expect(budget).toHaveCount(0);
  await expect(graphState(page)).toHaveAttribute("data-nodes", "11"); // ten namespaces and the user
  await expect(page).toHaveURL(/group=namespace/);
  await snap(page, testInfo, "size-budget-grouped");
});
