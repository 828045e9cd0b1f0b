// The whole dashboard view lives in the URL, so a copied link reproduces it: layer, time window
// (relative range or absolute from/to), refresh interval, selected element and open panel.
// decode never throws: a hand-edited or stale link falls back field by field to the defaults.
import { graphLayers } from "@/lib/contracts/graph";

export const RANGES = ["5m", "15m", "1h", "6h", "24h"] as const;
export const REFRESH_INTERVALS = { off: 0, "5s": 5_000, "15s": 15_000, "1m": 60_000 } as const;
export type Refresh = keyof typeof REFRESH_INTERVALS;
export type Layer = (typeof graphLayers)[number];
export type Panel = "service" | "edge";

export interface ViewState {
  layer: Layer;
  /** relative range ending now; null when from/to is set */
  range: string | null;
  from: number | null;
  to: number | null;
  refresh: Refresh;
  /** id of the selected graph element */
  selected: string | null;
  panel: Panel | null;
}

export const DEFAULT_VIEW: ViewState = { layer: "service", range: "15m", from: null, to: null, refresh: "15s", selected: null, panel: null };

const epochMs = (v: string | null) => (v && /^\d{1,15}$/.test(v) ? Number(v) : null);

type Params = { get(name: string): string | null };

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
  const selected = params.get("sel") || null;
  const panelParam = params.get("panel");
  const panel = selected && (panelParam === "service" || panelParam === "edge") ? panelParam : null;
  return { layer, range, from: absolute ? from : null, to: absolute ? to : null, refresh, selected, panel };
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
  if (v.selected) p.set("sel", v.selected);
  if (v.selected && v.panel) p.set("panel", v.panel);
  return p.toString();
}

/** The window part of a view, as the API's query parameters. */
export function windowParams(v: Pick<ViewState, "range" | "from" | "to">): Record<string, string> {
  return v.from !== null && v.to !== null ? { from: String(v.from), to: String(v.to) } : { range: v.range ?? DEFAULT_VIEW.range! };
}
