import { describe, expect, it } from "vitest";
import { decodeView, DEFAULT_VIEW, encodeView, windowParams, type ViewState } from "./view-state";

const decode = (qs: string) => decodeView(new URLSearchParams(qs));

describe("view state codec", () => {
  it("an empty URL is the default view, and the default view encodes to nothing", () => {
    expect(decode("")).toEqual(DEFAULT_VIEW);
    expect(encodeView(DEFAULT_VIEW)).toBe("");
  });

  it("round-trips a relative view with selection and panel", () => {
    const v: ViewState = { layer: "network", range: "1h", from: null, to: null, refresh: "5s", selected: "service:web->service:api:http", panel: "edge" };
    expect(decode(encodeView(v))).toEqual(v);
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
