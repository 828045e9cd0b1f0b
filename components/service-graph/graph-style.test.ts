import { describe, expect, it } from "vitest";
import { edgeLabel, edgeWidth, graphStylesheet, settledEdgeWidth, healthOf, HEALTH_THRESHOLDS, isAsyncKind, LABEL_RULES, networkLine } from "./graph-style";
import { DARK_THEME, readTheme } from "./graph-theme";

describe("healthOf", () => {
  it("is idle without calls, whatever the error rate", () => {
    expect(healthOf({ calls: 0, errorRate: 1, p95Ms: null })).toBe("idle");
  });
  it("grades error rate at the 1% and 5% thresholds", () => {
    expect(healthOf({ calls: 100, errorRate: 0.009, p95Ms: 10 })).toBe("ok");
    expect(healthOf({ calls: 100, errorRate: HEALTH_THRESHOLDS.warnErrorRate, p95Ms: 10 })).toBe("warn");
    expect(healthOf({ calls: 100, errorRate: HEALTH_THRESHOLDS.badErrorRate, p95Ms: 10 })).toBe("bad");
  });
  it("warns on a slow p95 even without errors", () => {
    expect(healthOf({ calls: 5, errorRate: 0, p95Ms: 1500 })).toBe("warn");
    expect(healthOf({ calls: 5, errorRate: 0, p95Ms: 999 })).toBe("ok");
  });
});

describe("edgeWidth", () => {
  it("is 1 when idle, grows with the log of the rate and is capped", () => {
    expect(edgeWidth(0)).toBe(1);
    expect(edgeWidth(Number.NaN)).toBe(1);
    expect(edgeWidth(1)).toBeLessThan(edgeWidth(10));
    expect(edgeWidth(10)).toBeLessThan(edgeWidth(1000));
    expect(edgeWidth(1e9)).toBe(10);
  });
  it("moves in half-pixel steps, so a small change of the rate does not restyle the edge", () => {
    for (const r of [0.01, 0.15, 1, 7, 120, 5000]) expect(edgeWidth(r) * 2).toBe(Math.round(edgeWidth(r) * 2));
    expect(edgeWidth(0.15)).toBe(edgeWidth(0.16));
    expect(edgeWidth(100)).toBe(edgeWidth(110));
  });
});

describe("settledEdgeWidth", () => {
  // The rate whose exact (unrounded) width is this many px, to sit either side of a rounding boundary.
  const rateFor = (exactPx: number) => Math.pow(10, (exactPx - 1.5) / 2.2) - 1;
  it("is edgeWidth for an element not drawn yet", () => {
    for (const r of [0, 0.2, 3, 700]) expect(settledEdgeWidth(r, undefined)).toBe(edgeWidth(r));
  });
  it("keeps the drawn width while the rate wobbles across a rounding boundary", () => {
    const below = rateFor(3.24);
    const above = rateFor(3.26);
    expect(edgeWidth(below)).toBe(3);
    expect(edgeWidth(above)).toBe(3.5);
    expect(settledEdgeWidth(above, 3)).toBe(3);
    expect(settledEdgeWidth(below, 3.5)).toBe(3.5);
  });
  it("follows the rate once it moved a whole step away from the drawn width", () => {
    expect(settledEdgeWidth(rateFor(3.51), 3)).toBe(3.5);
    expect(settledEdgeWidth(rateFor(4.4), 3)).toBe(4.5);
    expect(settledEdgeWidth(rateFor(2.49), 3)).toBe(2.5);
  });
  it("never merges idle and active: 1 px only at rate 0, at least 1.5 px above it", () => {
    expect(settledEdgeWidth(0, 2)).toBe(1);
    expect(settledEdgeWidth(0.0001, 1)).toBe(1.5);
    expect(settledEdgeWidth(Number.NaN, 1.5)).toBe(1);
  });
});

describe("edgeLabel", () => {
  it("shows req/s, error % and p95, with a symbol for unhealthy edges", () => {
    expect(edgeLabel({ ratePerSec: 12.34, errorRate: 0.1, p95Ms: 250 }, "bad")).toBe("✖ 12.3 req/s · 10% · p95 250 ms");
    expect(edgeLabel({ ratePerSec: 0.5, errorRate: 0, p95Ms: null }, "ok")).toBe("0.50 req/s · 0% · p95 –");
    expect(edgeLabel({ ratePerSec: 1, errorRate: 0.02, p95Ms: 5 }, "warn").startsWith("▲ ")).toBe(true);
  });
  it("shows throughput on network edges", () => {
    expect(edgeLabel({ ratePerSec: 2, errorRate: 0, p95Ms: null, bytesPerSec: 2048 }, "ok")).toBe("2.0 KB/s · 2.00 flows/s");
  });
});

describe("graphStylesheet", () => {
  it("dashes asynchronous edges and gives each node kind its own shape", () => {
    expect(isAsyncKind("messaging")).toBe(true);
    expect(isAsyncKind("http")).toBe(false);
    const sheet = graphStylesheet();
    expect(sheet.find((s) => s.selector === "edge[?async]")?.style).toMatchObject({ "line-style": "dashed" });
    expect(sheet.find((s) => s.selector === "node[kind = 'database']" && "shape" in s.style)?.style).toMatchObject({ shape: "barrel" });
    expect(sheet.find((s) => s.selector === "node.selected")).toBeDefined();
    expect(sheet.find((s) => s.selector === "node[kind = 'queue']" && "shape" in s.style)?.style).toMatchObject({ shape: "tag" });
  });

  it("takes every colour from the theme, so a light theme repaints the graph", () => {
    const light = readTheme((v) => ({ "--bg": "#ffffff", "--fg": "#111111", "--bad": "#c00000", "--accent": " #0055cc " })[v] ?? "");
    expect(light).toMatchObject({ bg: "#ffffff", fg: "#111111", bad: "#c00000", accent: "#0055cc", ok: DARK_THEME.ok });
    const sheet = graphStylesheet(light);
    const style = (selector: string) => sheet.filter((s) => s.selector === selector).reduce((a, s) => ({ ...a, ...s.style }), {} as Record<string, unknown>);
    expect(style("node")).toMatchObject({ color: "#111111", "text-outline-color": "#ffffff" });
    expect(style("edge[health = 'bad']")).toMatchObject({ "line-color": "#c00000" });
    expect(style("node.selected")).toMatchObject({ "border-color": "#0055cc" });
    expect(JSON.stringify(graphStylesheet(DARK_THEME))).not.toContain("#c00000");
  });

  it("hides edge labels until zoomed in, except on hover, selection and a selected node's edges", () => {
    const sheet = graphStylesheet();
    expect(sheet.find((s) => s.selector === "edge")?.style).toMatchObject({ "min-zoomed-font-size": LABEL_RULES.edgeMinZoomedPx, "font-size": LABEL_RULES.edgeFontPx });
    expect(LABEL_RULES.edgeMinZoomedPx / LABEL_RULES.edgeFontPx).toBeCloseTo(1.2);
    expect(sheet.find((s) => s.selector === "node")?.style).toMatchObject({ "min-zoomed-font-size": LABEL_RULES.nodeMinZoomedPx, "font-size": LABEL_RULES.nodeFontPx });
    expect(sheet.find((s) => s.selector === "edge.hover, edge.selected, edge.neighbour")?.style).toMatchObject({ "min-zoomed-font-size": 0 });
  });

  it("gives compare status, trend and rejects a non-colour cue", () => {
    const sheet = graphStylesheet();
    // All rules of a selector merged in order, as cytoscape applies them.
    const style = (selector: string) => sheet.filter((s) => s.selector === selector).reduce((a, s) => ({ ...a, ...s.style }), {} as Record<string, unknown>);
    expect(style("edge[compare = 'vanished']")).toMatchObject({ "line-style": "dotted" });
    expect(style("edge[compare = 'new']")).toMatchObject({ "source-arrow-shape": "circle" });
    expect(style("edge[trend = 'worse']")).toMatchObject({ "source-arrow-shape": "triangle-backcurve" });
    expect(style("edge[?rejects]")).toMatchObject({ "mid-target-arrow-shape": "tee" });
    expect(style("node[kind = 'group'][?collapsed]")).toMatchObject({ shape: "cut-rectangle", "border-style": "solid" });
    expect(style("node[kind = 'group'][?collapsed][health = 'bad']")).toMatchObject({ "border-style": "double" });
    expect(networkLine({ bytesPerSec: 100, flows: 3, rejects: 0, retransmits: 0 })).toBe("⇄ 100 B/s · 3 flows");
  });
});
