"use client";
// An absolute time window typed as two local date-times: the time range's "Custom…" and the
// compare picker's "Custom window…" both use it. Applies only a window that ends after it starts.
import { useState } from "react";
import { fromLocalInput, toLocalInput } from "@/components/time/local-time";

interface Props {
  /** the window shown first, [from, to] in epoch ms; called once, when the form mounts */
  initialWindow(): [number, number];
  fromLabel: string;
  toLabel: string;
  submitLabel: string;
  onApply(fromMs: number, toMs: number): void;
}

export function WindowForm({ initialWindow, fromLabel, toLabel, submitLabel, onApply }: Props) {
  const [[from, to], setWindow] = useState(() => initialWindow().map(toLocalInput) as [string, string]);
  return (
    <form
      className="toolbar-custom"
      onSubmit={(e) => {
        e.preventDefault();
        const f = fromLocalInput(from);
        const t = fromLocalInput(to);
        if (f < t) onApply(f, t);
      }}
    >
      <label>
        {fromLabel} <input type="datetime-local" value={from} onChange={(e) => setWindow([e.target.value, to])} />
      </label>
      <label>
        {toLabel} <input type="datetime-local" value={to} onChange={(e) => setWindow([from, e.target.value])} />
      </label>
      <button type="submit">{submitLabel}</button>
    </form>
  );
}
