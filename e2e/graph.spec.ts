// The live graph against the production build: seeded through the public ingest APIs, driven
// through the canvas test hook (node/edge counts and selection in data-testid="graph-state",
// positions from window.__strataGraph) and checked with web-first assertions only.
import { expect, test, type Page } from "@playwright/test";
import { callTrace, createClusterToken, postNetworkMinute, postTrace } from "./graph-seed";

const WEB = "service:shop-web";
const CART = "service:shop-cart";
const PAY = "service:shop-pay";
const WEB_CART = `${WEB}->${CART}:http`;
const CART_PAY = `${CART}->${PAY}:http`;

let token = "";
let firstTraceId = "";

test.beforeAll(async ({ request }) => {
  token = await createClusterToken(request, "graph-e2e");
  const t = callTrace(0xe2e001, "shop-web", "shop-cart", Date.now() - 4_000, { error: true });
  firstTraceId = t.traceId;
  await postTrace(request, token, t.body);
  await postNetworkMinute(request, token, "shop-web-deploy", "shop-cart-deploy");
});

const graphState = (page: Page) => page.getByTestId("graph-state");

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
  await expect(panel.getByText("1.4.2")).toBeVisible(); // the version
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
