// The two per-minute charts of a network panel: bytes, and flows against rejects, drops and
// retransmits (the loss signals).
import type { NetworkPoint } from "@/lib/contracts/network-detail";
import { formatBytes } from "@/components/service-graph/format";
import { TimeSeriesChart } from "./time-series-chart";

const count = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : String(Math.round(v * 100) / 100));

export function NetworkCharts({ series, fromMs, toMs }: { series: readonly NetworkPoint[]; fromMs: number; toMs: number }) {
  const times = series.map((p) => p.minuteMs);
  return (
    <>
      <section>
        <h3>Bytes per minute</h3>
        <TimeSeriesChart label="bytes per minute" fromMs={fromMs} toMs={toMs} times={times} format={formatBytes}
          series={[{ name: "bytes", color: "var(--accent)", values: series.map((p) => p.bytes) }]} />
      </section>
      <section>
        <h3>Flows and loss per minute</h3>
        <TimeSeriesChart label="flows, rejects, drops and retransmits per minute" fromMs={fromMs} toMs={toMs} times={times} format={count}
          series={[
            { name: "flows", color: "var(--accent)", values: series.map((p) => p.flows) },
            { name: "rejects", color: "var(--bad)", values: series.map((p) => p.rejects), dashed: true },
            { name: "drops", color: "var(--warn)", values: series.map((p) => p.drops), dashed: true },
            { name: "retransmits", color: "var(--server)", values: series.map((p) => p.retransmits), dashed: true },
          ]} />
      </section>
    </>
  );
}
