import { describe, expect, it } from "vitest";
import { decodeView, DEFAULT_VIEW, encodeView, graphScopeParams, windowParams, type ViewState } from "./view-state";

const decode = (qs: string) => decodeView(new URLSearchParams(qs));

describe("view state codec", () => {
  it("an empty URL is the default view, and the default view encodes to nothing", () => {
    expect(decode("")).toEqual(DEFAULT_VIEW);
    expect(encodeView(DEFAULT_VIEW)).toBe("");
  });

  it("round-trips a relative view with selection and panel", () => {
    const v: ViewState = { ...DEFAULT_VIEW, layer: "network", range: "1h", refresh: "5s", selected: "service:web->service:api:http", panel: "edge" };
    expect(decode(encodeView(v))).toEqual(v);
  });

  it("round-trips every graph option: grouping, collapsed groups, filters, hidden nodes, focus, baseline", () => {
    const v: ViewState = {
      ...DEFAULT_VIEW,
      layer: "application",
      grouping: "namespace",
      collapsed: ["group:namespace:shop", "group:namespace:a,b&c"],
      search: "cart & co",
      errorsOnly: true,
      hidden: ["service:probe", "operation:4:shop/GET /a,b"],
      cluster: "prod-eu",
      namespace: "shop",
      focus: "service:shop-cart",
      hops: 3,
      baseline: "1d",
      selected: "operation:4:shop/GET /a,b",
      panel: "service",
    };
    expect(decode(encodeView(v))).toEqual(v);
    const absolute: ViewState = { ...DEFAULT_VIEW, layer: "combined", baselineFrom: 1_000, baselineTo: 61_000 };
    expect(encodeView(absolute)).toBe("layer=combined&baseFrom=1000&baseTo=61000");
    expect(decode(encodeView(absolute))).toEqual(absolute);
  });

  it("drops collapsed groups without a grouping, hops without focus, and bad hops or baselines", () => {
    expect(decode("collapsed=group:namespace:a").collapsed).toEqual([]);
    expect(encodeView({ ...DEFAULT_VIEW, hops: 3 })).toBe("");
    expect(decode("focus=service:a&hops=9").hops).toBe(1);
    expect(decode("base=2h").baseline).toBeNull();
    expect(decode("baseFrom=9&baseTo=3").baselineFrom).toBeNull();
    expect(decode("hide=&hide=service:a&hide=service:a").hidden).toEqual(["service:a"]);
  });

  it("sends only the payload-shrinking filters to the API", () => {
    const v: ViewState = { ...DEFAULT_VIEW, search: "x", errorsOnly: true, hidden: ["a"], grouping: "cluster", namespace: "shop", focus: "service:a", hops: 2, baseline: "1h" };
    expect(graphScopeParams(v)).toEqual({ namespace: "shop", focus: "service:a", hops: "2", baseline: "1h" });
    expect(graphScopeParams({ ...DEFAULT_VIEW, baselineFrom: 5, baselineTo: 9, cluster: "c" })).toEqual({ cluster: "c", baselineFrom: "5", baselineTo: "9" });
  });

  it("round-trips the operation drilled into in a service panel, and drops it anywhere else", () => {
    const v: ViewState = { ...DEFAULT_VIEW, selected: "service:catalog", panel: "service", operation: { name: "GET /items?a=1&b", spanKind: 2 } };
    expect(encodeView(v)).toBe("sel=service%3Acatalog&panel=service&op=GET+%2Fitems%3Fa%3D1%26b");
    expect(decode(encodeView(v))).toEqual(v);
    const consumer: ViewState = { ...v, operation: { name: "orders process", spanKind: 5 } };
    expect(decode(encodeView(consumer))).toEqual(consumer);
    expect(decode("sel=service%3Aa&panel=edge&op=x").operation).toBeNull();
    expect(decode("sel=service%3Aa&panel=service&op=x&opKind=9").operation).toBeNull();
    expect(encodeView({ ...v, panel: "edge" })).not.toContain("op=");
  });

  it("round-trips an absolute window, which is never refreshed", () => {
    const v: ViewState = { ...DEFAULT_VIEW, range: null, from: 1_700_000_000_000, to: 1_700_000_600_000, refresh: "off" };
    const qs = encodeView(v);
    expect(qs).toBe("from=1700000000000&to=1700000600000");
    expect(decode(qs)).toEqual(v);
    expect(decode(`${qs}&refresh=5s`).refresh).toBe("off");
  });

  it("falls back field by field on bad input, never throws", () => {
    expect(decode("layer=physical&range=forever&refresh=1ms&panel=edge")).toEqual(DEFAULT_VIEW);
    expect(decode("from=10&to=5").from).toBeNull();
    expect(decode("from=abc&to=5&range=6h").range).toBe("6h");
    expect(decode("panel=service").panel).toBeNull(); // no panel without a selection
  });

  it("gives the API the window it needs", () => {
    expect(windowParams({ range: "6h", from: null, to: null })).toEqual({ range: "6h" });
    expect(windowParams({ range: null, from: 1, to: 2 })).toEqual({ from: "1", to: "2" });
  });
});
