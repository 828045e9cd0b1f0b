// Trace search and the waterfall against the production build: traces seeded as OTLP/JSON in a
// cluster of the test's own, found through the search form, opened, inspected (exception event,
// attributes, resource) and followed through a span link. Web-first assertions only.
import { expect, test } from "@playwright/test";
import { createClusterToken, postTrace } from "./graph-seed";

const str = (v: string) => ({ stringValue: v });
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");
// A worker restarted after a failure runs beforeAll again: ids of its own keep the seed unique.
const RUN = hex(Math.floor(Math.random() * 0xffffffff), 8);
const CHECKOUT_TRACE = RUN + hex(0x7ace01, 24);
const LINKED_TRACE = RUN + hex(0x7ace02, 24);
const BIG_TRACE = RUN + hex(0x7ace03, 24);

function checkoutTrace(startMs: number) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  const resource = (service: string) => ({ attributes: [
    { key: "service.name", value: str(service) }, { key: "service.version", value: str("9.1.0") },
    { key: "k8s.namespace.name", value: str("tr-shop") }, { key: "k8s.pod.name", value: str(`${service}-6f7d-x1`) },
  ] });
  return {
    resourceSpans: [
      { resource: resource("tr-checkout"), scopeSpans: [{ spans: [
        { traceId: CHECKOUT_TRACE, spanId: hex(1, 16), name: "POST /checkout", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(120),
          attributes: [{ key: "http.request.method", value: str("POST") }, { key: "cart.items", value: { intValue: "3" } }] },
        { traceId: CHECKOUT_TRACE, spanId: hex(2, 16), parentSpanId: hex(1, 16), name: "POST", kind: 3, startTimeUnixNano: ns(10), endTimeUnixNano: ns(110) },
      ] }] },
      { resource: resource("tr-payments"), scopeSpans: [{ spans: [
        { traceId: CHECKOUT_TRACE, spanId: hex(3, 16), parentSpanId: hex(2, 16), name: "POST /charge", kind: 2, startTimeUnixNano: ns(15), endTimeUnixNano: ns(105),
          attributes: [{ key: "payment.provider", value: str("acme-pay") }],
          status: { code: 2, message: "card declined" },
          events: [{ name: "exception", timeUnixNano: ns(100), attributes: [
            { key: "exception.type", value: str("CardDeclinedError") }, { key: "exception.message", value: str("insufficient funds") },
            { key: "exception.stacktrace", value: str("CardDeclinedError: insufficient funds\n    at charge (/srv/pay.js:42:7)") },
          ] }],
          links: [{ traceId: LINKED_TRACE, spanId: hex(4, 16) }] },
      ] }] },
    ],
  };
}

function linkedTrace(startMs: number) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  return { resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: str("tr-fraud") }] }, scopeSpans: [{ spans: [
    { traceId: LINKED_TRACE, spanId: hex(4, 16), name: "score payment", kind: 5, startTimeUnixNano: ns(0), endTimeUnixNano: ns(30) },
  ] }] }] };
}

/** 5,001 spans: a root with 50 children, each with 99 grandchildren. */
function bigTrace(startMs: number) {
  const ns = (us: number) => String(BigInt(startMs) * 1_000_000n + BigInt(us) * 1000n);
  const spans = [{ traceId: BIG_TRACE, spanId: hex(0x10000, 16), name: "batch run", kind: 1, startTimeUnixNano: ns(0), endTimeUnixNano: ns(1_000_000) }];
  for (let c = 0; c < 50; c++) {
    const child = hex(0x20000 + c, 16);
    spans.push({ traceId: BIG_TRACE, spanId: child, parentSpanId: hex(0x10000, 16), name: `step ${c}`, kind: 1, startTimeUnixNano: ns(c * 20_000), endTimeUnixNano: ns(c * 20_000 + 19_000) } as never);
    for (let g = 0; g < 99; g++) {
      spans.push({ traceId: BIG_TRACE, spanId: hex(0x100000 + c * 1000 + g, 16), parentSpanId: child, name: `item ${c}.${g}`, kind: 1,
        startTimeUnixNano: ns(c * 20_000 + g * 150), endTimeUnixNano: ns(c * 20_000 + g * 150 + 140) } as never);
    }
  }
  return { resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: str("tr-batch") }] }, scopeSpans: [{ spans }] }] };
}

test.beforeAll(async ({ request }) => {
  const token = await createClusterToken(request, `traces-e2e-${RUN}`);
  await postTrace(request, token, linkedTrace(Date.now() - 9_000));
  await postTrace(request, token, checkoutTrace(Date.now() - 6_000));
  await postTrace(request, token, bigTrace(Date.now() - 3_000));
});

test("search by service and errors only, open the waterfall, read the exception, follow the link", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "Traces" }).click();
  await expect(page).toHaveURL(/\/traces$/);

  const form = page.getByRole("search", { name: "trace search" });
  await form.getByLabel("Service").fill("tr-payments");
  await form.getByLabel("Errors only").check();
  await form.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/service=tr-payments/);
  await expect(page).toHaveURL(/errors=1/);
  const results = page.getByRole("table", { name: "traces" });
  const row = results.getByRole("row").filter({ hasText: "POST /checkout" });
  await expect(row).toHaveCount(1);
  await expect(results.getByRole("row")).toHaveCount(2); // the header and the one trace
  await expect(row).toContainText("tr-checkout");
  await expect(row).toContainText("tr-payments");
  await page.screenshot({ path: "test-results/trace-search.png", fullPage: true });

  // A copied search link reproduces the results.
  await page.reload();
  await expect(page.getByRole("table", { name: "traces" }).getByRole("row").filter({ hasText: "POST /checkout" })).toHaveCount(1);
  await expect(page.getByRole("search").getByLabel("Service")).toHaveValue("tr-payments");

  await row.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/traces/${CHECKOUT_TRACE}$`));
  await expect(page.getByTestId("trace-summary")).toContainText("3 spans · 2 services");
  const tree = page.getByRole("tree", { name: "spans" });
  await expect(tree.getByRole("treeitem")).toHaveCount(3);

  // Keyboard: into the tree, down to the failing span, open its detail.
  await tree.focus();
  await page.keyboard.press("End");
  await expect(tree.getByRole("treeitem", { selected: true })).toContainText("POST /charge");
  await page.keyboard.press("Enter");
  const detail = page.getByRole("complementary", { name: "span detail" });
  await expect(detail.getByRole("heading", { name: "POST /charge" })).toBeVisible();
  await expect(detail.getByText("CardDeclinedError", { exact: true })).toBeVisible();
  await expect(detail.getByText("insufficient funds", { exact: false }).first()).toBeVisible();
  await expect(detail.locator(".stacktrace")).toContainText("/srv/pay.js:42:7");
  await expect(detail.getByRole("table", { name: "Attributes" }).getByRole("row", { name: /payment.provider/ })).toContainText("acme-pay");
  await expect(detail.getByRole("table", { name: "Resource" }).getByRole("row", { name: /k8s.pod.name/ })).toContainText("tr-payments-6f7d-x1");
  await expect(detail.getByRole("table", { name: "Resource" }).getByRole("row", { name: /service.version/ })).toContainText("9.1.0");
  await expect(detail).toContainText("card declined");
  await page.screenshot({ path: "test-results/trace-waterfall.png", fullPage: true });

  // ← on a leaf steps to its parent; collapsing the root hides the rest.
  await tree.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowLeft");
  await expect(tree.getByRole("treeitem")).toHaveCount(1);
  await page.keyboard.press("ArrowRight");
  await expect(tree.getByRole("treeitem")).toHaveCount(3);

  await tree.getByRole("treeitem").filter({ hasText: "POST /charge" }).click();
  await detail.getByRole("link", { name: `trace ${LINKED_TRACE}` }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${LINKED_TRACE}$`));
  await expect(page.getByRole("tree", { name: "spans" }).getByRole("treeitem")).toContainText("score payment");
});

test("a 5,000-span trace draws only the rows in view and stays navigable", async ({ page }) => {
  await page.goto(`/traces/${BIG_TRACE}`);
  await expect(page.getByTestId("trace-summary")).toContainText("5001 spans");
  const tree = page.getByRole("tree", { name: "spans" });
  await expect(tree.getByRole("treeitem").first()).toContainText("batch run");
  expect(await tree.getByRole("treeitem").count()).toBeLessThan(120);
  await tree.focus();
  await page.keyboard.press("End");
  await expect(tree.getByRole("treeitem", { selected: true })).toContainText("item 49.98");
  await page.getByRole("button", { name: "Collapse all" }).click();
  await expect(tree.getByRole("treeitem")).toHaveCount(1);
  await page.screenshot({ path: "test-results/trace-big.png" });
});

test("an unknown trace and a malformed id say so", async ({ page }) => {
  await page.goto(`/traces/${"0".repeat(31)}9`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("No spans of this trace are stored");
  await page.goto("/traces/not-a-trace");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("trace id");
});
