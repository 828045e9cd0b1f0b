// The canvas's test hook (STYLE.md 21): a canvas has no DOM to query, so end-to-end tests read
// counts and selection from a visually-hidden element and element positions from
// window.__strataGraph (viewport coordinates, to click at; model coordinates, to prove a node
// did not move).
import type { Core } from "cytoscape";

export interface GraphHookState {
  nodes: number;
  edges: number;
  selected: string | null;
  layouts: number;
  patches: number;
}

export interface StrataGraphHook {
  /** centre of a node in viewport (CSS pixel) coordinates, as page.mouse.click wants; null when absent */
  nodePosition(id: string): { x: number; y: number } | null;
  /** midpoint of an edge in viewport coordinates */
  edgePosition(id: string): { x: number; y: number } | null;
  /** layout coordinates, independent of pan and zoom */
  modelPosition(id: string): { x: number; y: number } | null;
  nodeIds(): string[];
  edgeIds(): string[];
  /** an element's data (compare status, kind, parent, label …) and classes; null when absent */
  dataOf(id: string): (Record<string, unknown> & { classes: string[] }) | null;
  /** current zoom and pan, to check who owns the viewport */
  viewport(): { zoom: number; pan: { x: number; y: number } };
}

declare global {
  interface Window {
    __strataGraph?: StrataGraphHook;
  }
}

/** latestLabel: the label the latest data says (element data holds an older one while it is not drawn, lazy-labels.ts). */
export function installTestHook(cy: Core, container: HTMLElement, latestLabel: (id: string) => string | undefined): () => void {
  const toPage = (p: { x: number; y: number }) => {
    const rect = container.getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y };
  };
  window.__strataGraph = {
    nodePosition: (id) => {
      const n = cy.$id(id);
      return n.nonempty() && n.isNode() ? toPage(n.renderedPosition()) : null;
    },
    edgePosition: (id) => {
      const e = cy.$id(id);
      return e.nonempty() && e.isEdge() ? toPage(e.renderedMidpoint()) : null;
    },
    modelPosition: (id) => {
      const n = cy.$id(id);
      return n.nonempty() && n.isNode() ? { ...n.position() } : null;
    },
    nodeIds: () => cy.nodes().map((n) => n.id()),
    edgeIds: () => cy.edges().map((e) => e.id()),
    dataOf: (id) => {
      const el = cy.$id(id);
      return el.nonempty() ? { ...(el.data() as Record<string, unknown>), label: latestLabel(id) ?? el.data("label"), classes: el.classes() as unknown as string[] } : null;
    },
    viewport: () => ({ zoom: cy.zoom(), pan: { ...cy.pan() } }),
  };
  return () => {
    delete window.__strataGraph;
  };
}
