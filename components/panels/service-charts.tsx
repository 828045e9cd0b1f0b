// A service's RED over the window: request rate, errors, and p50/p95/p99 latency per minute, with
// its version changes drawn as deploy markers on each chart.
import type { ServiceDetail } from "@/lib/contracts/service-detail";
import { formatMs, formatRate } from "@/components/service-graph/format";
import { TimeSeriesChart, type ChartMarker } from "./time-series-chart";

export function ServiceCharts({ d }: { d: ServiceDetail }) {
  const times = d.series.map((p) => p.minuteMs);
  const markers: ChartMarker[] = d.versions.map((v) => ({ atMs: v.atMs, label: `deploy ${v.version}${v.instance ? ` on ${v.instance}` : ""}` }));
  const common = { fromMs: d.fromMs, toMs: d.toMs, times, markers };
  return (
    <>
      <section>
        <h3>Requests per second</h3>
        <TimeSeriesChart {...common} label="requests per second" format={(v) => `${formatRate(v)}/s`}
          series={[{ name: "rate", color: "var(--accent)", values: d.series.map((p) => p.calls / 60) }]} />
      </section>
      <section>
        <h3>Errors per minute</h3>
        <TimeSeriesChart {...common} label="errors per minute" format={(v) => String(Math.round(v * 100) / 100)}
          series={[{ name: "errors", color: "var(--bad)", values: d.series.map((p) => p.errors) }]} />
      </section>
      <section>
        <h3>Latency</h3>
        <TimeSeriesChart {...common} label="latency p50, p95 and p99 per minute" format={formatMs}
          series={[
            { name: "p50", color: "var(--ok)", values: d.series.map((p) => p.p50Ms) },
            { name: "p95", color: "var(--accent)", values: d.series.map((p) => p.p95Ms) },
            { name: "p99", color: "var(--warn)", values: d.series.map((p) => p.p99Ms), dashed: true },
          ]} />
      </section>
    </>
  );
}
