"use client";
// The baseline of a compare: none, the same window 1 hour, 1 day or 7 days earlier, or an
// absolute window. The graph then marks new and vanished edges and latency/error deltas.
import { useState } from "react";
import { BASELINE_OFFSETS } from "@/lib/contracts/graph";
import type { BaselineOffset, ViewState } from "./view-state";
import { WindowForm } from "./window-form";

const OFFSET_LABELS: Record<BaselineOffset, string> = { "1h": "1 hour earlier", "1d": "1 day earlier", "7d": "7 days earlier" };

export function ComparePicker({ view, onChange }: { view: ViewState; onChange(change: Partial<ViewState>): void }) {
  const absolute = view.baselineFrom !== null && view.baselineTo !== null;
  const [custom, setCustom] = useState(absolute);
  const value = custom ? "custom" : (view.baseline ?? "");
  return (
    <span className="compare-picker">
      <label>
        Compare with{" "}
        <select
          value={value}
          onChange={(e) => {
            const v = e.target.value;
            if (v === "custom") return setCustom(true);
            setCustom(false);
            onChange({ baseline: (BASELINE_OFFSETS.find((b) => b === v) ?? null), baselineFrom: null, baselineTo: null });
          }}
        >
          <option value="">No baseline</option>
          {BASELINE_OFFSETS.map((b) => (
            <option key={b} value={b}>
              {OFFSET_LABELS[b]}
            </option>
          ))}
          <option value="custom">Custom window…</option>
        </select>
      </label>
      {custom && (
        <WindowForm
          initialWindow={() => [view.baselineFrom ?? Date.now() - 2 * 3_600_000, view.baselineTo ?? Date.now() - 3_600_000]}
          fromLabel="Baseline from"
          toLabel="Baseline to"
          submitLabel="Compare"
          onApply={(f, t) => onChange({ baseline: null, baselineFrom: f, baselineTo: t })}
        />
      )}
    </span>
  );
}
