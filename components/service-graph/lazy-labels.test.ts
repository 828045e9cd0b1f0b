import cytoscape, { type StylesheetJson } from "cytoscape";
import { describe, expect, it } from "vitest";
import { testEdge, testGraph, testNode } from "@/lib/diagram/graph-fixtures";
import { toElements } from "./elements";
import { graphStylesheet } from "./graph-style";
import { LazyLabels } from "./lazy-labels";

// A headless cytoscape with the real stylesheet: which labels reach element data when.
function canvasAt(zoom: number) {
  const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet() as unknown as StylesheetJson });
  cy.zoom(zoom);
  const labels = new LazyLabels(cy, () => 1);
  const els = toElements(testGraph([testNode("web"), testNode("api")], [testEdge("service:web", "service:api")]));
  labels.remember(els);
  cy.add(els.filter((e) => e.group === "nodes"));
  cy.add(els.filter((e) => e.group === "edges").map((e) => labels.addedEdge(e)));
  return { cy, labels, edgeId: els.find((e) => e.group === "edges")!.data.id };
}

describe("LazyLabels", () => {
  it("adds an edge without its label at a zoom that does not draw edge labels, and keeps the latest label aside", () => {
    const { cy, labels, edgeId } = canvasAt(0.3);
    expect(cy.$id(edgeId).data("label")).toBe("");
    expect(labels.label(edgeId)).toMatch(/req\/s/);
    expect(cy.$id("service:web").data("label")).toMatch(/^web/); // nodes always carry theirs
  });

  it("adds an edge with its label where edge labels are drawn", () => {
    const { cy, labels, edgeId } = canvasAt(2);
    expect(cy.$id(edgeId).data("label")).toBe(labels.label(edgeId));
  });

  it("writes a waiting label on hover or selection (flushOne), and before a layout only node labels", () => {
    const { cy, labels, edgeId } = canvasAt(0.3);
    expect(labels.flush(true)).toBe(0); // the edge is stale but not drawn, and no node is stale
    expect(cy.$id(edgeId).data("label")).toBe("");
    labels.flushOne(edgeId);
    expect(cy.$id(edgeId).data("label")).toBe(labels.label(edgeId));
  });
});
