// Health and size rules of the graph, and the one cytoscape stylesheet over them (STYLE.md 13).
// Every visual decision is a pure function of element data so it is unit-tested; the stylesheet
// only maps data fields and classes (hover, selected) to properties.
import { formatBytes, formatMs, formatPercent, formatRate } from "./format";

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

export const HEALTH_COLOURS: Record<Health, string> = { idle: "#5c6670", ok: "#3fb27f", warn: "#e0a526", bad: "#ff5c5c" };
/** The non-colour cue: a symbol in the label, so health reads without colour vision. */
export const HEALTH_MARKS: Record<Health, string> = { idle: "", ok: "", warn: "▲ ", bad: "✖ " };

/** Edge width grows with the log of the rate: 1 px idle, about 8 px at 1000 req/s, capped at 10. */
export function edgeWidth(ratePerSec: number): number {
  if (!(ratePerSec > 0)) return 1;
  return Math.min(10, Math.round((1.5 + 2.2 * Math.log10(1 + ratePerSec)) * 10) / 10);
}

export function edgeLabel(e: { ratePerSec: number; errorRate: number; p95Ms: number | null; bytesPerSec?: number }, health: Health): string {
  if (e.bytesPerSec !== undefined) return `${HEALTH_MARKS[health]}${formatBytes(e.bytesPerSec)}/s · ${formatRate(e.ratePerSec)} flows/s`;
  return `${HEALTH_MARKS[health]}${formatRate(e.ratePerSec)} req/s · ${formatPercent(e.errorRate)} · p95 ${formatMs(e.p95Ms)}`;
}

/** Messaging edges are asynchronous: drawn dashed. */
export const isAsyncKind = (kind: string) => kind === "messaging";

export const NODE_SHAPES: Record<string, string> = {
  service: "round-rectangle",
  database: "barrel",
  external: "diamond",
  user: "ellipse",
  workload: "hexagon",
};

export function graphStylesheet() {
  return [
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        "background-color": "#1c2330",
        "border-width": 2,
        "border-color": "data(colour)",
        label: "data(label)",
        color: "#e6e8eb",
        "font-size": 11,
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-wrap": "wrap",
        width: 44,
        height: 30,
      },
    },
    ...Object.entries(NODE_SHAPES).map(([kind, shape]) => ({ selector: `node[kind = '${kind}']`, style: { shape } })),
    { selector: "node[health = 'bad']", style: { "border-width": 4, "border-style": "double" } },
    { selector: "node[health = 'warn']", style: { "border-style": "dashed" } },
    { selector: "node[kind = 'database']", style: { "background-color": "#23304a", width: 34, height: 36 } },
    { selector: "node[kind = 'external']", style: { "background-color": "#2d2640", width: 36, height: 36 } },
    { selector: "node[kind = 'user']", style: { "background-color": "#1f3a33", width: 30, height: 30 } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": "data(colour)",
        "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
        label: "data(label)",
        "font-size": 9,
        color: "#c9d1d9",
        "text-background-color": "#0f1115",
        "text-background-opacity": 0.8,
        "text-background-padding": 2,
        // Horizontal labels stay readable on short and steep edges.
        "text-rotation": "none",
      },
    },
    { selector: "edge[?async]", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
    { selector: ".hover", style: { "overlay-color": "#5aa9ff", "overlay-opacity": 0.12 } },
    { selector: "node.selected", style: { "border-color": "#5aa9ff", "border-width": 4 } },
    { selector: "edge.selected", style: { "line-color": "#5aa9ff", "target-arrow-color": "#5aa9ff" } },
  ];
}
