import { describe, expect, it } from "vitest";
import { LABEL_RULES } from "./graph-style";
import { boxesOverlap, labelDrawnAt, labelTextureScale } from "./label-visibility";

describe("labelTextureScale", () => {
  it("rounds zoom × pixel ratio up to a power of two, as cytoscape's label textures do", () => {
    expect(labelTextureScale(0.3, 1)).toBe(0.5);
    expect(labelTextureScale(0.5, 1)).toBe(1); // an exact power errs upwards: "drawn" is the safe side
    expect(labelTextureScale(1.1, 1)).toBe(2);
    expect(labelTextureScale(0.6, 2)).toBe(2);
  });
});

describe("labelDrawnAt", () => {
  const edge = (zoom: number, pixelRatio = 1) => labelDrawnAt(LABEL_RULES.edgeFontPx, LABEL_RULES.edgeMinZoomedPx, zoom, pixelRatio);
  it("hides edge labels at the overview zoom of a big graph and shows them once zoomed past 1", () => {
    expect(edge(0.3)).toBe(false);
    expect(edge(0.99)).toBe(false);
    expect(edge(1.05)).toBe(true);
    expect(edge(1.8)).toBe(true);
  });
  it("shows them at half that zoom on a high-density screen", () => {
    expect(edge(0.6, 2)).toBe(true);
    expect(edge(0.45, 2)).toBe(false);
  });
  it("always draws a label without a minimum size (hover, selection, a selected node's edges)", () => {
    expect(labelDrawnAt(11, 0, 0.1, 1)).toBe(true);
  });
});

describe("boxesOverlap", () => {
  const view = { x1: 0, y1: 0, x2: 100, y2: 100 };
  it("is true for touching or crossing boxes and false for distant ones, the margin widening the first", () => {
    expect(boxesOverlap(view, { x1: 50, y1: 50, x2: 60, y2: 60 })).toBe(true);
    expect(boxesOverlap(view, { x1: -20, y1: -20, x2: 0, y2: 0 })).toBe(true);
    expect(boxesOverlap(view, { x1: 150, y1: 0, x2: 160, y2: 10 })).toBe(false);
    expect(boxesOverlap(view, { x1: 150, y1: 0, x2: 160, y2: 10 }, 60)).toBe(true);
  });
});

describe("node labels", () => {
  const nodeLabel = (zoom: number) => labelDrawnAt(LABEL_RULES.nodeFontPx, LABEL_RULES.nodeMinZoomedPx, zoom, 1);
  it("are not drawn at the 300-node overview (zoom 0.3: 3.9 px) and are from zoom 0.5 on (6.5 px)", () => {
    expect(nodeLabel(0.3)).toBe(false);
    expect(nodeLabel(0.45)).toBe(false);
    expect(nodeLabel(0.55)).toBe(true);
    expect(nodeLabel(1)).toBe(true);
  });
});
