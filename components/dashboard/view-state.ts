// The whole dashboard view lives in the URL, so a copied link reproduces it: layer, time window
// (relative range or absolute from/to), refresh interval, grouping and collapsed groups, filters
// (search, only errors, hidden nodes, cluster, namespace), focus and hops, baseline, selected
// element, open panel and the operation drilled into in a service panel. decode never throws: a hand-edited or stale link falls back field by
// field to the defaults. Lists (hidden nodes, collapsed groups) are repeated parameters, so ids
// may contain any character.
import { BASELINE_OFFSETS, graphLayers } from "@/lib/contracts/graph";

export const RANGES = ["5m", "15m", "1h", "6h", "24h"] as const;
export const REFRESH_INTERVALS = { off: 0, "5s": 5_000, "15s": 15_000, "1m": 60_000 } as const;
export const GROUPINGS = ["none", "cluster", "namespace"] as const;
export const MAX_HOPS = 5;
export type Refresh = keyof typeof REFRESH_INTERVALS;
export type Layer = (typeof graphLayers)[number];
export type Grouping = (typeof GROUPINGS)[number];
export type BaselineOffset = (typeof BASELINE_OFFSETS)[number];
export type Panel = "service" | "edge";

export interface ViewState {
  layer: Layer;
  /** relative range ending now; null when from/to is set */
  range: string | null;
  from: number | null;
  to: number | null;
  refresh: Refresh;
  grouping: Grouping;
  /** ids of collapsed group nodes ("group:namespace:shop") */
  collapsed: string[];
  search: string;
  errorsOnly: boolean;
  /** node ids hidden by the user */
  hidden: string[];
  cluster: string | null;
  namespace: string | null;
  /** node id the graph is narrowed around, with hops */
  focus: string | null;
  hops: number;
  /** compare with the window shifted back by an offset, or with an absolute window */
  baseline: BaselineOffset | null;
  baselineFrom: number | null;
  baselineTo: number | null;
  /** id of the selected graph element */
  selected: string | null;
  panel: Panel | null;
  /** service panel: the operation shown in detail (name and OTLP span kind), or null */
  operation: { name: string; spanKind: number } | null;
}

export const DEFAULT_VIEW: ViewState = {
  layer: "service", range: "15m", from: null, to: null, refresh: "15s",
  grouping: "none", collapsed: [], search: "", errorsOnly: false, hidden: [], cluster: null, namespace: null,
  focus: null, hops: 1, baseline: null, baselineFrom: null, baselineTo: null,
  selected: null, panel: null, operation: null,
};

const epochMs = (v: string | null) => (v && /^\d{1,15}$/.test(v) ? Number(v) : null);
const text = (v: string | null, max: number) => (v && v.length <= max ? v : null);

type Params = { get(name: string): string | null; getAll(name: string): string[] };

export function decodeView(params: Params): ViewState {
  const layer = graphLayers.find((l) => l === params.get("layer")) ?? DEFAULT_VIEW.layer;
  const from = epochMs(params.get("from"));
  const to = epochMs(params.get("to"));
  const absolute = from !== null && to !== null && from < to;
  const rangeParam = params.get("range");
  const range = absolute ? null : rangeParam && /^\d{1,4}[smhd]$/.test(rangeParam) ? rangeParam : DEFAULT_VIEW.range;
  const refreshParam = params.get("refresh");
  // Refreshing an absolute window would fetch the same past again: it is always paused.
  const refresh = absolute ? "off" : refreshParam && refreshParam in REFRESH_INTERVALS ? (refreshParam as Refresh) : DEFAULT_VIEW.refresh;
  const grouping = GROUPINGS.find((g) => g === params.get("group")) ?? DEFAULT_VIEW.grouping;
  const hopsParam = Number(params.get("hops"));
  const baseFrom = epochMs(params.get("baseFrom"));
  const baseTo = epochMs(params.get("baseTo"));
  const baseAbsolute = baseFrom !== null && baseTo !== null && baseFrom < baseTo;
  const selected = params.get("sel") || null;
  const panelParam = params.get("panel");
  const panel = selected && (panelParam === "service" || panelParam === "edge") ? panelParam : null;
  const opName = panel === "service" ? text(params.get("op"), 1000) : null;
  const opKind = Number(params.get("opKind") ?? 2);
  const list = (name: string) => [...new Set(params.getAll(name).filter((v) => v.length > 0 && v.length <= 2048))].slice(0, 200);
  return {
    layer,
    range,
    from: absolute ? from : null,
    to: absolute ? to : null,
    refresh,
    grouping,
    collapsed: grouping === "none" ? [] : list("collapsed"),
    search: text(params.get("q"), 200) ?? "",
    errorsOnly: params.get("errors") === "1",
    hidden: list("hide"),
    cluster: text(params.get("cluster"), 63),
    namespace: text(params.get("ns"), 253),
    focus: text(params.get("focus"), 2048),
    hops: Number.isInteger(hopsParam) && hopsParam >= 1 && hopsParam <= MAX_HOPS ? hopsParam : DEFAULT_VIEW.hops,
    baseline: baseAbsolute ? null : (BASELINE_OFFSETS.find((b) => b === params.get("base")) ?? null),
    baselineFrom: baseAbsolute ? baseFrom : null,
    baselineTo: baseAbsolute ? baseTo : null,
    selected,
    panel,
    operation: opName && Number.isInteger(opKind) && opKind >= 0 && opKind <= 5 ? { name: opName, spanKind: opKind } : null,
  };
}

/** Only what differs from the defaults is written, so links stay short. */
export function encodeView(v: ViewState): string {
  const p = new URLSearchParams();
  if (v.layer !== DEFAULT_VIEW.layer) p.set("layer", v.layer);
  if (v.from !== null && v.to !== null) {
    p.set("from", String(v.from));
    p.set("to", String(v.to));
  } else if (v.range && v.range !== DEFAULT_VIEW.range) p.set("range", v.range);
  if (v.refresh !== DEFAULT_VIEW.refresh && v.from === null) p.set("refresh", v.refresh);
  if (v.grouping !== "none") {
    p.set("group", v.grouping);
    for (const id of v.collapsed) p.append("collapsed", id);
  }
  if (v.search) p.set("q", v.search);
  if (v.errorsOnly) p.set("errors", "1");
  for (const id of v.hidden) p.append("hide", id);
  if (v.cluster) p.set("cluster", v.cluster);
  if (v.namespace) p.set("ns", v.namespace);
  if (v.focus) {
    p.set("focus", v.focus);
    if (v.hops !== DEFAULT_VIEW.hops) p.set("hops", String(v.hops));
  }
  if (v.baselineFrom !== null && v.baselineTo !== null) {
    p.set("baseFrom", String(v.baselineFrom));
    p.set("baseTo", String(v.baselineTo));
  } else if (v.baseline) p.set("base", v.baseline);
  if (v.selected) p.set("sel", v.selected);
  if (v.selected && v.panel) p.set("panel", v.panel);
  if (v.selected && v.panel === "service" && v.operation) {
    p.set("op", v.operation.name);
    if (v.operation.spanKind !== 2) p.set("opKind", String(v.operation.spanKind));
  }
  return p.toString();
}

/** The window part of a view, as the API's query parameters. */
export function windowParams(v: Pick<ViewState, "range" | "from" | "to">): Record<string, string> {
  return v.from !== null && v.to !== null ? { from: String(v.from), to: String(v.to) } : { range: v.range ?? DEFAULT_VIEW.range! };
}

export type GraphView = Pick<ViewState, "layer" | "range" | "from" | "to" | "cluster" | "namespace" | "focus" | "hops" | "baseline" | "baselineFrom" | "baselineTo">;

/**
 * What the graph API filters (besides layer and window): the parts of the view that shrink the
 * payload. Search, only-errors, hidden nodes and grouping are applied in the browser and are not
 * sent, so typing in the search box never refetches.
 */
export function graphScopeParams(v: GraphView): Record<string, string> {
  const p: Record<string, string> = {};
  if (v.cluster) p.cluster = v.cluster;
  if (v.namespace) p.namespace = v.namespace;
  if (v.focus) {
    p.focus = v.focus;
    p.hops = String(v.hops);
  }
  if (v.baselineFrom !== null && v.baselineTo !== null) {
    p.baselineFrom = String(v.baselineFrom);
    p.baselineTo = String(v.baselineTo);
  } else if (v.baseline) p.baseline = v.baseline;
  return p;
}
