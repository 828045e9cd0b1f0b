"use client";
// Layer, time window (relative or absolute) and refresh interval, plus Fit and Re-layout; the
// compare picker comes in as children.
import { useState, type ReactNode } from "react";
import { RANGES, REFRESH_INTERVALS, type Layer, type Refresh, type ViewState } from "./view-state";
import { WindowForm } from "./window-form";

interface Props {
  view: ViewState;
  onChange(change: Partial<ViewState>): void;
  onFit(): void;
  onRelayout(): void;
  fetching: boolean;
  updatedAt: number;
  children?: ReactNode;
}

const LAYER_LABELS: Record<Layer, string> = {
  application: "Application (operations)",
  service: "Services",
  network: "Network",
  combined: "Services + network",
};

export function Toolbar({ view, onChange, onFit, onRelayout, fetching, updatedAt, children }: Props) {
  const absolute = view.from !== null && view.to !== null;
  const [custom, setCustom] = useState(absolute);

  return (
    <div className="toolbar" role="toolbar" aria-label="graph controls">
      <label>
        Layer{" "}
        <select
          value={view.layer}
          // Ids differ per layer: selection, focus, hidden nodes and collapsed groups do not carry over.
          onChange={(e) => onChange({ layer: e.target.value as Layer, selected: null, panel: null, focus: null, hidden: [], collapsed: [] })}
        >
          {(Object.keys(LAYER_LABELS) as Layer[]).map((l) => (
            <option key={l} value={l}>
              {LAYER_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time range{" "}
        <select
          value={custom ? "custom" : (view.range ?? "15m")}
          onChange={(e) => {
            if (e.target.value === "custom") setCustom(true);
            else {
              setCustom(false);
              onChange({ range: e.target.value, from: null, to: null });
            }
          }}
        >
          {RANGES.map((r) => (
            <option key={r} value={r}>
              Last {r}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {custom && (
        <WindowForm
          // The inputs have minute precision; the default end is the next minute so the current,
          // still-filling minute is inside the window.
          initialWindow={() => [view.from ?? Date.now() - 3_600_000, view.to ?? Date.now() + 60_000]}
          fromLabel="From"
          toLabel="To"
          submitLabel="Apply"
          onApply={(f, t) => onChange({ from: f, to: t, range: null, refresh: "off" })}
        />
      )}
      <label>
        Refresh{" "}
        <select value={view.refresh} disabled={absolute} onChange={(e) => onChange({ refresh: e.target.value as Refresh })}>
          {Object.keys(REFRESH_INTERVALS).map((r) => (
            <option key={r} value={r}>
              {r === "off" ? "Paused" : `Every ${r}`}
            </option>
          ))}
        </select>
      </label>
      {children}
      <button type="button" onClick={onFit}>
        Fit
      </button>
      <button type="button" onClick={onRelayout}>
        Re-layout
      </button>
      <span className="toolbar-status" aria-live="polite">
        {fetching ? "Updating…" : updatedAt ? `Updated ${new Date(updatedAt).toLocaleTimeString()}` : ""}
      </span>
    </div>
  );
}
