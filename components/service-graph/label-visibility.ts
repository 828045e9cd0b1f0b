// When cytoscape draws a label, as pure functions (the canvas keeps invisible labels out of
// element data, lazy-labels.ts). Mirrors the canvas renderer of cytoscape 3.35
// (`eleTextBiggerThanMin`): the label is drawn when its font size times the texture scale reaches
// `min-zoomed-font-size`, the scale being zoom × device pixel ratio rounded UP to a power of two.
// So a 13 px label with a 6 px minimum is drawn from zoom 0.25 (at 3.3 px), not from 0.46, and a
// 10 px edge label with a 12 px minimum from just above zoom 1. Erring towards "drawn" is safe
// (a label written that nobody sees costs time); erring the other way would show a stale label.

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The texture scale cytoscape draws labels at: zoom × pixel ratio rounded up to a power of two
 * (rounding errors land on the larger scale: "drawn"). */
export function labelTextureScale(zoom: number, pixelRatio: number): number {
  return Math.pow(2, Math.ceil(Math.log2(zoom * pixelRatio) + 1e-9));
}

/** Whether cytoscape draws a label of this font size at this zoom (ignoring where it is). */
export function labelDrawnAt(fontPx: number, minZoomedFontPx: number, zoom: number, pixelRatio: number): boolean {
  if (minZoomedFontPx <= 0) return true;
  return fontPx * labelTextureScale(zoom, pixelRatio) >= minZoomedFontPx - 1e-9;
}

/** Whether two boxes overlap, the first grown by `margin` on every side. */
export function boxesOverlap(a: Box, b: Box, margin = 0): boolean {
  return a.x1 - margin <= b.x2 && b.x1 <= a.x2 + margin && a.y1 - margin <= b.y2 && b.y1 <= a.y2 + margin;
}
