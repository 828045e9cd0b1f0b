// RED over the window: request rate, errors, and p50/p95/p99 latency per minute, with the
// service's version changes drawn as deploy markers on each chart. Used for a whole service and
// for one of its operations (`subject` then names it in each chart's accessible label).
import type { RedPoint, ServiceDetail } from "@/lib/contracts/service-detail";
import { formatMs, formatRate } from "@/components/service-graph/format";
import { TimeSeriesChart, type ChartMarker } from "./time-series-chart";

interface Props {
  series: readonly RedPoint[];
  fromMs: number;
  toMs: number;
  versions: ServiceDetail["versions"];
  subject?: string;
}

export function ServiceCharts({ series, fromMs, toMs, versions, subject }: Props) {
  const times = series.map((p) => p.minuteMs);
  const markers: ChartMarker[] = versions.map((v) => ({ atMs: v.atMs, label: `deploy ${v.version}${v.instance ? ` on ${v.instance}` : ""}` }));
  const common = { fromMs, toMs, times, markers };
  const label = (what: string) => (subject ? `${subject}: ${what}` : what);
  return (
    <>
      <section>
        <h3>Requests per second</h3>
        <TimeSeriesChart {...common} label={label("requests per second")} format={(v) => `${formatRate(v)}/s`}
          series={[{ name: "rate", color: "var(--accent)", values: series.map((p) => p.calls / 60) }]} />
      </section>
      <section>
        <h3>Errors per minute</h3>
        <TimeSeriesChart {...common} label={label("errors per minute")} format={(v) => String(Math.round(v * 100) / 100)}
          series={[{ name: "errors", color: "var(--bad)", values: series.map((p) => p.errors) }]} />
      </section>
      <section>
        <h3>Latency</h3>
        <TimeSeriesChart {...common} label={label("latency p50, p95 and p99 per minute")} format={formatMs}
          series={[
            { name: "p50", color: "var(--ok)", values: series.map((p) => p.p50Ms) },
            { name: "p95", color: "var(--accent)", values: series.map((p) => p.p95Ms) },
            { name: "p99", color: "var(--warn)", values: series.map((p) => p.p99Ms), dashed: true },
          ]} />
      </section>
    </>
  );
}
