// Health and size rules of the graph, and the one cytoscape stylesheet over them (STYLE.md 13).
// Every visual decision is a pure function of element data so it is unit-tested; the stylesheet
// only maps data fields and classes (hover, selected, dimmed, match, focus) to properties, with
// colours from the page theme (graph-theme.ts). Colour is never the only cue: health has a
// symbol in the label and a border style, compare status a word and a line style, rejects an
// arrow shape, async edges dashes, node kinds their own shapes.
import { formatBytes, formatMs, formatPercent, formatRate } from "./format";
import { DARK_THEME, type GraphTheme } from "./graph-theme";

export type Health = "idle" | "ok" | "warn" | "bad";

/** Error-rate thresholds: 1% is worth a look, 5% is an incident. p95 over 1 s is slow. */
export const HEALTH_THRESHOLDS = { warnErrorRate: 0.01, badErrorRate: 0.05, slowP95Ms: 1000 } as const;

export function healthOf(m: { calls: number; errorRate: number; p95Ms: number | null }): Health {
  if (m.calls === 0) return "idle";
  if (m.errorRate >= HEALTH_THRESHOLDS.badErrorRate) return "bad";
  if (m.errorRate >= HEALTH_THRESHOLDS.warnErrorRate) return "warn";
  if (m.p95Ms !== null && m.p95Ms > HEALTH_THRESHOLDS.slowP95Ms) return "warn";
  return "ok";
}

/** The non-colour cue: a symbol in the label, so health reads without colour vision. */
export const HEALTH_MARKS: Record<Health, string> = { idle: "", ok: "", warn: "▲ ", bad: "✖ " };

/**
 * Edge width grows with the log of the rate: 1 px idle, about 8 px at 1000 req/s, capped at 10.
 * In half-pixel steps: a finer width is not seen, and every change of it restyles and re-routes
 * the edge on a refresh (with 0.1 px steps a few per cent of the edges changed on every poll).
 */
export function edgeWidth(ratePerSec: number): number {
  if (!(ratePerSec > 0)) return 1;
  return Math.round(exactEdgeWidth(ratePerSec) * 2) / 2;
}

const exactEdgeWidth = (ratePerSec: number) => Math.min(10, 1.5 + 2.2 * Math.log10(1 + ratePerSec));

/**
 * The width an edge drawn `drawn` px wide keeps on a refresh: the same, while its exact width is
 * less than one step (0.5 px) away; otherwise `edgeWidth`. Why: a rate that sits on a rounding
 * boundary crosses it back and forth as the window slides, and any width change makes cytoscape
 * redraw the whole canvas (bench:ui (c): ~20 of 1,500 edges crossed on every poll; the redraw
 * was most of the refresh's cost). An edge's width is at most 0.5 px off its fresh value; idle
 * (1 px) and active (≥ 1.5 px) never merge.
 */
export function settledEdgeWidth(ratePerSec: number, drawn: number | undefined): number {
  const fresh = edgeWidth(ratePerSec);
  if (drawn === undefined || !(ratePerSec > 0) || drawn === 1) return fresh;
  return Math.abs(exactEdgeWidth(ratePerSec) - drawn) < 0.5 ? drawn : fresh;
}

export function edgeLabel(e: { ratePerSec: number; errorRate: number; p95Ms: number | null; bytesPerSec?: number }, health: Health): string {
  if (e.bytesPerSec !== undefined) return `${HEALTH_MARKS[health]}${formatBytes(e.bytesPerSec)}/s · ${formatRate(e.ratePerSec)} flows/s`;
  return `${HEALTH_MARKS[health]}${formatRate(e.ratePerSec)} req/s · ${formatPercent(e.errorRate)} · p95 ${formatMs(e.p95Ms)}`;
}

/** The line under a service edge in the combined layer: what the network beneath carried. */
export function networkLine(n: { bytesPerSec: number; flows: number; rejects: number; retransmits: number }): string {
  const parts = [`⇄ ${formatBytes(n.bytesPerSec)}/s`, `${n.flows} flows`];
  if (n.rejects > 0) parts.push(`⊘ ${n.rejects} rejected`);
  if (n.retransmits > 0) parts.push(`${n.retransmits} retrans.`);
  return parts.join(" · ");
}

/** Messaging edges are asynchronous: drawn dashed. */
export const isAsyncKind = (kind: string) => kind === "messaging";

export const NODE_SHAPES: Record<string, string> = {
  service: "round-rectangle",
  operation: "round-rectangle",
  database: "barrel",
  queue: "tag",
  external: "diamond",
  user: "ellipse",
  workload: "hexagon",
};

/** Node sizes per kind: services largest, operations small (they sit inside their service). */
const NODE_SIZES: Record<string, { width: number; height: number }> = {
  service: { width: 48, height: 34 },
  operation: { width: 28, height: 18 },
  database: { width: 38, height: 40 },
  queue: { width: 44, height: 30 },
  external: { width: 40, height: 40 },
  user: { width: 34, height: 34 },
  workload: { width: 44, height: 38 },
};

/**
 * Labels stay legible at any zoom or disappear, so a 300-node overview is not a pile of
 * overlapping text. cytoscape compares font size × zoom rounded UP to a power of two with the
 * minimum (label-visibility.ts), so: node labels (13 px, minimum 7) show from zoom 0.5, at 6.5
 * rendered px and more (a minimum of 6 let them through down to zoom 0.25, at 3.3 px: specks);
 * edge labels (10 px, minimum 12) from zoom 1, and always on hover and selection.
 */
export const LABEL_RULES = { nodeFontPx: 13, nodeMinZoomedPx: 7, edgeFontPx: 10, edgeMinZoomedPx: 12 } as const;

export function graphStylesheet(theme: GraphTheme = DARK_THEME) {
  const health = (h: Health) => ({ idle: theme.idle, ok: theme.ok, warn: theme.warn, bad: theme.bad })[h];
  return [
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        "background-color": theme.panel,
        "border-width": 2,
        "border-color": theme.idle,
        label: "data(label)",
        color: theme.fg,
        "font-size": LABEL_RULES.nodeFontPx,
        "min-zoomed-font-size": LABEL_RULES.nodeMinZoomedPx,
        "text-valign": "bottom",
        "text-margin-y": 5,
        "text-wrap": "wrap",
        "text-max-width": "160px",
        "text-outline-color": theme.bg,
        "text-outline-width": 2,
        ...NODE_SIZES.service,
      },
    },
    ...Object.entries(NODE_SHAPES).map(([kind, shape]) => ({ selector: `node[kind = '${kind}']`, style: { shape, ...NODE_SIZES[kind] } })),
    ...(["ok", "warn", "bad"] as const).map((h) => ({ selector: `node[health = '${h}']`, style: { "border-color": health(h) } })),
    { selector: "node[health = 'bad']", style: { "border-width": 4, "border-style": "double" } },
    { selector: "node[health = 'warn']", style: { "border-style": "dashed", "border-width": 3 } },
    { selector: "node[kind = 'user']", style: { "background-color": theme.line } },
    { selector: "node[kind = 'operation']", style: { "font-size": 10, "text-valign": "center", "text-halign": "right", "text-margin-x": 4, "text-margin-y": 0 } },
    // Compound nodes: services holding operations, groups holding services.
    {
      selector: ":parent",
      style: {
        shape: "round-rectangle",
        "background-opacity": 0.35,
        "text-valign": "top",
        "text-halign": "center",
        "text-margin-y": -4,
        padding: "14px",
        "font-weight": "bold",
      },
    },
    { selector: "node[kind = 'group']", style: { "border-color": theme.muted, "border-width": 1, "background-color": theme.bg, "font-size": 13, color: theme.muted } },
    { selector: "node[kind = 'group'][groupBy = 'namespace']", style: { "border-style": "dashed" } },
    {
      // A collapsed group is one node standing for many: a distinct shape and a thick border.
      selector: "node[kind = 'group'][?collapsed]",
      style: { shape: "cut-rectangle", width: 76, height: 48, "border-width": 3, "border-style": "solid", "background-opacity": 1, "background-color": theme.panel, color: theme.fg, "font-size": LABEL_RULES.nodeFontPx, "text-valign": "bottom", "text-margin-y": 5 },
    },
    ...(["ok", "warn", "bad"] as const).map((h) => ({ selector: `node[kind = 'group'][?collapsed][health = '${h}']`, style: { "border-color": health(h) } })),
    // The health cue that is not colour, again for collapsed groups (the rule above reset it).
    { selector: "node[kind = 'group'][?collapsed][health = 'warn']", style: { "border-style": "dashed" } },
    { selector: "node[kind = 'group'][?collapsed][health = 'bad']", style: { "border-style": "double", "border-width": 5 } },
    { selector: "node[compare = 'new']", style: { "underlay-color": theme.accent, "underlay-opacity": 0.25, "underlay-padding": 6 } },
    { selector: "node[compare = 'vanished']", style: { opacity: 0.55, "border-style": "dotted" } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": theme.idle,
        "target-arrow-color": theme.idle,
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.9,
        "curve-style": "bezier",
        label: "data(label)",
        "font-size": LABEL_RULES.edgeFontPx,
        "min-zoomed-font-size": LABEL_RULES.edgeMinZoomedPx,
        "text-wrap": "wrap",
        color: theme.fg,
        "text-background-color": theme.bg,
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
        // Horizontal labels stay readable on short and steep edges.
        "text-rotation": "none",
      },
    },
    ...(["ok", "warn", "bad"] as const).map((h) => ({ selector: `edge[health = '${h}']`, style: { "line-color": health(h), "target-arrow-color": health(h) } })),
    { selector: "edge[?async]", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
    { selector: "edge[kind = 'flow']", style: { "line-style": "dashed", "line-dash-pattern": [2, 3] } },
    // Rejected flows beneath an edge: a bar across its middle, besides the ⊘ in the label.
    { selector: "edge[?rejects]", style: { "mid-target-arrow-shape": "tee", "mid-target-arrow-color": theme.bad, "mid-target-arrow-fill": "filled" } },
    { selector: "edge[compare = 'new']", style: { "underlay-color": theme.accent, "underlay-opacity": 0.3, "underlay-padding": 4, "source-arrow-shape": "circle", "source-arrow-color": theme.accent } },
    { selector: "edge[compare = 'vanished']", style: { "line-style": "dotted", opacity: 0.6, "target-arrow-shape": "none", "mid-target-arrow-shape": "square" } },
    { selector: "edge[trend = 'worse']", style: { "source-arrow-shape": "triangle-backcurve", "source-arrow-color": theme.bad } },
    { selector: "edge[trend = 'better']", style: { "source-arrow-shape": "triangle-backcurve", "source-arrow-color": theme.ok } },
    // Interaction classes last, so they win.
    { selector: ".dimmed", style: { opacity: 0.15 } },
    { selector: "node.match", style: { "underlay-color": theme.accent, "underlay-opacity": 0.45, "underlay-padding": 8 } },
    { selector: "node.focus", style: { "border-width": 5, "border-color": theme.accent } },
    { selector: ".hover", style: { "overlay-color": theme.accent, "overlay-opacity": 0.12 } },
    { selector: "edge.hover, edge.selected, edge.neighbour", style: { "min-zoomed-font-size": 0, "font-size": 11, "z-index": 10 } },
    { selector: "node.selected", style: { "border-color": theme.accent, "border-width": 4 } },
    { selector: "edge.selected", style: { "line-color": theme.accent, "target-arrow-color": theme.accent } },
  ];
}
