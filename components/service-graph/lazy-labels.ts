// Labels are written into element data only where cytoscape draws them.
// Why: a metric-only refresh changes the label of nearly every element (rates move in the second
// decimal), and cytoscape treats any data() change as a restyle: it re-applies the stylesheet to
// the element, re-measures its label (measureText per line), re-routes the edge (and a node's
// connected edges) and redraws. Profiled on 300 nodes / 1,500 edges (bench:ui (c)), that was
// ~80 % of a refresh, for labels that are not drawn at the overview zoom (edge labels appear
// only from zoom 1; see label-visibility.ts) or lie outside the viewport.
// So the canvas keeps the latest label of every element here, the diff leaves out a label
// change of an element whose label is not drawn, and `flush` writes the latest label as soon as
// it would be drawn: on zoom and pan (once per frame), before hover, selection and a layout
// (node label sizes shape the layout), and for the test hook. An added node always carries its
// label (the layout and placement measure it); an added edge carries it only when edge labels
// are drawn at the current zoom: at the 300-node overview measuring 1,500 edge labels nobody sees
// (the first fit's bounding box does) was a sixth of the first render's script time.
import type { Core, SingularElementReturnValue } from "cytoscape";
import type { ElementDef } from "./elements";
import { LABEL_RULES } from "./graph-style";
import { boxesOverlap, labelDrawnAt } from "./label-visibility";

/** Labels partly inside the viewport are drawn too: elements this close (rendered px) count as inside. */
const VIEWPORT_MARGIN_PX = 160;

export class LazyLabels {
  /** id → the label the latest data says */
  private latest = new Map<string, string>();
  /** ids whose label in element data is older than `latest` */
  private stale = new Set<string>();
  private frame = 0;

  /** pixelRatio: the screen's device pixel ratio (cytoscape scales label textures by it). */
  constructor(
    private readonly cy: Core,
    private readonly pixelRatio: () => number = () => window.devicePixelRatio || 1,
  ) {}

  /** Remembers the labels of the element set about to be applied. */
  remember(next: readonly ElementDef[]): void {
    this.latest = new Map(next.map((e) => [e.data.id, e.data.label as string]));
    for (const id of this.stale) if (!this.latest.has(id)) this.stale.delete(id);
  }

  /** The label the latest data says (element data may hold an older one while it is not drawn). */
  label(id: string): string | undefined {
    return this.latest.get(id);
  }

  /** A label change of this element may wait: its label is not drawn now. Marks it stale. */
  defer = (id: string): boolean => {
    const ele = this.cy.$id(id);
    if (ele.empty() || this.isDrawn(ele)) return false;
    this.stale.add(id);
    return true;
  };

  /** The definition to add for a new edge: without its label (marked stale) when edge labels are not drawn at this zoom. */
  addedEdge(def: ElementDef): ElementDef {
    if (labelDrawnAt(LABEL_RULES.edgeFontPx, LABEL_RULES.edgeMinZoomedPx, this.cy.zoom(), this.pixelRatio())) return def;
    this.stale.add(def.data.id);
    return { ...def, data: { ...def.data, label: "" } };
  }

  /** The element's data now holds its latest label (written by the patch). */
  written(id: string): void {
    this.stale.delete(id);
  }

  /** Whether cytoscape would draw this element's label now: big enough at this zoom, and near the viewport. */
  isDrawn(ele: SingularElementReturnValue): boolean {
    const cy = this.cy;
    const fontPx = ele.numericStyle("font-size");
    const minPx = ele.numericStyle("min-zoomed-font-size");
    if (!labelDrawnAt(fontPx, minPx, cy.zoom(), this.pixelRatio())) return false;
    return boxesOverlap(cy.extent(), ele.boundingBox(), VIEWPORT_MARGIN_PX / cy.zoom());
  }

  /**
   * Writes the latest label of every stale element that is drawn now (or of every stale node:
   * before a layout, which measures them). Inside a batch, so the restyles happen once. Returns
   * how many were written.
   */
  flush(allNodes = false): number {
    if (this.stale.size === 0) return 0;
    const cy = this.cy;
    let written = 0;
    cy.batch(() => {
      for (const id of [...this.stale]) {
        const ele = cy.$id(id);
        if (ele.empty()) {
          this.stale.delete(id);
          continue;
        }
        if (!(allNodes && ele.isNode()) && !this.isDrawn(ele)) continue;
        ele.data("label", this.latest.get(id));
        this.stale.delete(id);
        written++;
      }
    });
    return written;
  }

  /** Writes the label of one element now (about to be hovered or selected). */
  flushOne(id: string): void {
    if (!this.stale.has(id)) return;
    this.cy.$id(id).data("label", this.latest.get(id));
    this.stale.delete(id);
  }

  /** Flushes once in the next animation frame, however often it is asked (zoom and pan fire per event). */
  flushSoon(): void {
    if (this.frame || this.stale.size === 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
  }
}
