import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Graph } from "@/lib/contracts/graph";
import { EdgeTable, ROW_LIMIT, visibleEdges } from "./edge-table";

type Edge = Graph["edges"][number];

const edge = (i: number, rate: number) =>
  ({ id: `e${i}`, source: `s${i % 7}`, target: `s${(i + 1) % 7}`, kind: "http", ratePerSec: rate, calls: Math.round(rate * 60), errors: 0, errorRate: 0, latency: { p50Ms: 1, p95Ms: 2, p99Ms: 3 } }) as unknown as Edge;

describe("visibleEdges", () => {
  it("keeps every edge, in the graph's order, when they fit", () => {
    const edges = [edge(1, 1), edge(2, 5), edge(3, 3)];
    expect(visibleEdges(edges, 3)).toBe(edges);
    expect(visibleEdges(edges, null)).toBe(edges);
  });

  it("lists the busiest by req/s above the limit, ties by id, and keeps the edge objects", () => {
    const edges = [edge(1, 1), edge(2, 5), edge(4, 3), edge(3, 3)];
    const shown = visibleEdges(edges, 3);
    expect(shown.map((e) => e.id)).toEqual(["e2", "e3", "e4"]);
    expect(shown[0]).toBe(edges[1]);
  });

  it("orders by the req/s the table shows, so decimals it hides do not reorder rows on a refresh", () => {
    const edges = [edge(9, 20), edge(2, 2.0041), edge(1, 2.0012), edge(3, 0.5), edge(4, 0.4)];
    expect(visibleEdges(edges, 3).map((e) => e.id)).toEqual(["e9", "e1", "e2"]); // both show "2.00": by id
    const refreshed = [edge(9, 20), edge(2, 2.0009), edge(1, 2.0044), edge(3, 0.5), edge(4, 0.4)];
    expect(visibleEdges(refreshed, 3).map((e) => e.id)).toEqual(["e9", "e1", "e2"]);
    expect(visibleEdges([edge(1, 2.0044), edge(2, 2.01), edge(3, 0.1)], 2).map((e) => e.id)).toEqual(["e2", "e1"]);
  });
});

describe("EdgeTable", () => {
  const graph = (n: number) =>
    ({
      layer: "service",
      nodes: Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, name: `svc-${i}` })),
      edges: Array.from({ length: n }, (_, i) => edge(i, i)),
    }) as unknown as Graph;

  it("draws a row per edge with its numbers and buttons when the graph is small", () => {
    const html = renderToStaticMarkup(createElement(EdgeTable, { graph: graph(3), onSelect: () => {} }));
    expect(html.match(/data-edge-id=/g)).toHaveLength(3);
    expect(html).toContain('aria-label="edge svc-2 to svc-3 (http)"');
    expect(html).not.toContain("Show all");
  });

  it("above the limit draws only the busiest rows and offers them all", () => {
    const html = renderToStaticMarkup(createElement(EdgeTable, { graph: graph(ROW_LIMIT + 50), onSelect: () => {} }));
    expect(html.match(/data-edge-id=/g)).toHaveLength(ROW_LIMIT);
    expect(html).toContain(`data-edge-id="e${ROW_LIMIT + 49}"`); // the busiest
    expect(html).not.toContain('data-edge-id="e0"'); // the quietest
    expect(html).toContain(`Show all ${ROW_LIMIT + 50} edges`);
    expect(html).toContain(`${ROW_LIMIT + 50} edges (the ${ROW_LIMIT} busiest by req/s are listed)`);
  });
});
